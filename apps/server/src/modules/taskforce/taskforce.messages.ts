/** What the taskforce module tells its users, in Chinese and English. */
export const M = {
  officeOnly: { zh: '只有专班办公室可以维护成员单位、记录会议和交办任务', en: 'Only the task-force office can keep member units, record meetings and assign tasks' },
  unitKind: { zh: '须为机关、协作部门或相关单位（不能是企业、站点或服务机构）', en: 'must be a bureau, partner agency or department (not an enterprise, site or provider)' },
  unitExists: { zh: '已是本地区的成员单位', en: 'is already a member unit of this region' },
  notMemberOrDistrict: { zh: '须为专班成员单位或区县市场监管局', en: 'must be a member unit of the task force or a district bureau' },
  dueInPast: { zh: '不能早于会议日期', en: 'cannot be before the meeting' },
  heldInFuture: { zh: '会议日期不能晚于今天', en: 'cannot be later than today' },
  notAttendee: { zh: '须为专班成员单位', en: 'must be member units of the task force' },
  assigneeOnly: { zh: '只有承办单位可以报送进展或提交办结', en: 'Only the assigned unit can report on this task' },
  notOpen: { zh: '任务已办结', en: 'the task is done' },
};
