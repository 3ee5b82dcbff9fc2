import type zh from '../zh-CN/readiness';

const en: typeof zh = {
  readiness: {
    title: 'Cultivation criteria',
    ready: 'Ready for the “{stage}” stage',
    notReady: 'Not yet ready for the “{stage}” stage; see why below',
    endOfPath: 'At the end of the path (or withdrawn): no next stage',
    intention: 'Signed intention',
    noIntention: 'None',
    score: 'Latest health-check score',
    checkedOn: 'Checked on',
    gaps: 'Weak dimensions',
    basis: 'Basis (rules version {version}):',
    recordIntention: 'Record intention',
    signedOn: 'Signed on',
    signedOnHint: 'The day the enterprise signed its intention; clear it to take it back',
    note: 'Note',
    saved: 'Intention recorded',
    filter: 'Criteria',
    filterReady: 'Ready for the next stage',
    filterNotReady: 'Not yet ready',
  },
};
export default en;
