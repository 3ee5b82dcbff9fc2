/** The listening module's user-facing texts, { zh, en }. */
const L = (zh: string, en: string) => ({ zh, en });

export const M = {
  staffOnly: L('企业用户不能进行此操作', 'Enterprise users cannot do this'),
  oneEnterprise: L('走访和访谈只针对一家企业', 'a visit or an interview concerns one enterprise'),
  notPlanned: L('只有计划中的走访、座谈或访谈可以修改、记录或取消', 'Only a planned visit, forum or interview can be changed, recorded or cancelled'),
  needNotAttendee: L('须为参加本次活动的企业', 'must be one of the enterprises met'),
  noRegion: L('您的账号不属于任何地区', 'Your account belongs to no region'),
  dueInPast: L('不能早于今天', 'cannot be before today'),
  assigneeKind: L('须为部门、区县局、站点或服务机构', 'must be a department, district bureau, site or provider'),
  notOpenForEdit: L('只有草稿状态的问卷可以修改', 'Only a draft survey can be changed'),
  notDraft: L('问卷已发放，不能再修改题目', 'The survey has been sent: its questions cannot change'),
  notOpen: L('问卷未在收集中（未发放或已结束），不能作答', 'The survey is not open (not sent yet or closed): it takes no answers'),
  alreadyClosed: L('问卷已结束', 'The survey is already closed'),
  noTargets: L('没有符合条件的企业', 'No enterprise matches these filters'),
  notTarget: L('本企业不在该问卷的发放范围内', 'The survey was not sent to your enterprise'),
  answered: L('已提交过答卷，每个账号只能提交一次', 'An answer was already sent: one answer per account'),
  tokenUsed: L('该链接已提交过答卷，每个链接只能提交一次', 'This link has already been used to answer: one answer per link'),
  tokenUnknown: L('问卷链接无效', 'The survey link is not valid'),
  unknownTemplate: L('没有这个问卷模板', 'There is no such template'),
  linkExists: L('该诉求已关联其他事项', 'The need is already linked to another record'),
  associationUnknown: L('没有这个协会或联盟，或不在您的管理范围内', 'No such association or alliance within your scope'),
  associationsBureauOnly: L('只有市、区县局可以登记协会和联盟', 'Only a city or district bureau registers associations and alliances'),
  notMember: L('不是本协会的现有会员', 'is not a current member of this association'),
  normUnknown: L('没有这份文件', 'There is no such document'),
  openOnly: L('只有未办结的诉求可以关联', 'Only a need that is not closed can be linked'),
};
