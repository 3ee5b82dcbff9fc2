import type zh from '../zh-CN/referrals';

const en: typeof zh = {
  referrals: {
    title: 'Referrals (mediation, court-annexed mediation, arbitration, suit)',
    create: 'Refer',
    created: 'Referral recorded',
    none: 'No referrals yet',
    channel: 'Channel',
    referredTo: 'Body referred to',
    referredToHint: "e.g. a people's mediation committee, a court's mediation centre, the arbitration commission",
    referredOn: 'Referral date',
    documents: 'Documents sent',
    documentsHint: 'Type a document name and press Enter; several allowed',
    note: 'Note',
    outcome: 'Outcome',
    outcomeOn: 'Outcome date',
    outcomeSummary: 'Outcome summary',
    recordOutcome: 'Record outcome',
    outcomeSaved: 'Outcome recorded',
    pending: 'Awaiting answer',
    returned: 'Answered',
    settled: 'Settled',
    total: 'Referrals',
    byChannel: 'Referrals by channel',
  },
};
export default en;
