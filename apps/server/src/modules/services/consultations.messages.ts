/** What consultations and the public tracking of help requests tell their users, in Chinese and English. */
export const consultMsg = {
  onlyEnterprise: { zh: '只有企业账号可以提出咨询', en: 'Only an enterprise’s accounts can ask a question' },
  notASide: { zh: '只有提问企业或答复单位可以同意公开', en: 'Only the enterprise that asked or the organisation that answered can consent' },
  consentGiven: { zh: '本方已同意公开', en: 'Your side has already consented' },
  consentMissing: (asker: boolean, answerer: boolean) => ({
    zh: `须经双方同意方可公开：${[asker ? '提问企业' : '', answerer ? '答复单位' : ''].filter(Boolean).join('、')}尚未同意`,
    en: `Both sides must consent before publication: ${[asker ? 'the enterprise' : '', answerer ? 'the answering organisation' : ''].filter(Boolean).join(' and ')} has not`,
  }),
  nameInFaq: (name: string) => ({ zh: `须隐去名称：仍含“${name}”`, en: `names must be removed: still contains “${name}”` }),
  alreadyRated: { zh: '已评价过，每个求助只能评价一次', en: 'already rated: a request is rated once' },
  notDelivered: { zh: '服务办结后才能评价', en: 'can be rated only once the service is delivered' },
};
