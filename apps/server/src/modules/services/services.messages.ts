/** What the services module tells its users, in Chinese and English. */
export const msg = {
  notDeliverer: { zh: '须为本地区的站点或服务机构', en: 'must be a site or a service provider of this region' },
  providerInactive: { zh: '该服务机构已停用', en: 'this provider is inactive' },
  qualificationExpired: (kind: string, until: string) => ({
    zh: `该服务机构的资质“${kind}”已于 ${until} 过期，续期前不能分派`,
    en: `this provider's qualification “${kind}” expired on ${until}: it cannot be assigned until renewed`,
  }),
  notOffered: { zh: '该单位未提供此项服务', en: 'does not offer this service' },
  onlyEnterprise: { zh: '只有企业账号可以求助', en: 'Only an enterprise’s accounts can ask for help' },
  ownOrgOnly: { zh: '只能为本单位登记', en: 'can only be your own organisation' },
  notDelivererUser: { zh: '只有站点或服务机构的工作人员可以登记', en: 'Only the staff of a site or provider can record this' },
  sameAssignee: { zh: '已分派给该单位', en: 'is already the assignee' },
  deliveredInFuture: { zh: '不能晚于今天', en: 'cannot be later than today' },
  deliveredBeforeRequest: { zh: '不能早于求助提交日', en: 'cannot be earlier than the request' },
  purchaserBureau: { zh: '只有市、区县市场监管局可以作为购买主体', en: 'Only a city or district bureau can purchase services' },
  endBeforeStart: { zh: '不能早于开始日期', en: 'cannot be before the start date' },
  overBudget: (left: number) => ({ zh: `超出合同预算（尚可支付 ${(left / 100).toFixed(2)} 元）`, en: `exceeds the budget (${(left / 100).toFixed(2)} yuan left)` }),
  numberTaken: { zh: '合同编号已存在', en: 'is already used by another contract' },
  notSite: { zh: '不是站点', en: 'is not a site' },
  evaluationWeights: { zh: '各指标权重之和须为 100', en: 'the weights must add up to 100' },
};
