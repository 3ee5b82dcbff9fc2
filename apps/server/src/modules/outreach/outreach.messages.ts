/** The outreach module's user-facing texts, { zh, en }. */
const L = (zh: string, en: string) => ({ zh, en });

export const M = {
  placeOrLink: L('须填写地点或线上链接', 'give a place or an online link'),
  full: (capacity: number) => L(`名额已满（共 ${capacity} 人）`, `is full (capacity ${capacity})`),
  belowEnrolled: (n: number) => L(`不能少于已报名人数 ${n}`, `cannot be below the ${n} already enrolled`),
  notOpen: L('该培训已举办或已取消，不能报名', 'The training was held or cancelled: no more enrolments'),
  notForYou: L('该培训不面向您所在的单位类型', 'This training is not for your kind of organisation'),
  alreadyEnrolled: L('已报名', 'is already enrolled'),
  userOutOfScope: L('包含不存在或不在您管理范围内的人员', 'contains a person who does not exist or is outside your scope'),
  notEnrolled: L('您未报名该培训，请先报名', 'You are not enrolled in this training: enrol first'),
  notToday: (day: string) => L(`签到只能在培训当天（${day}）进行`, `Check-in is only on the day of the training (${day})`),
  alreadyCheckedIn: L('已签到，不能重复签到', 'Already checked in'),
  cancelled: L('该培训已取消', 'The training was cancelled'),
  badToken: L('签到码无效', 'is not a valid check-in code'),
  notCheckedIn: L('未签到，没有学时和证书', 'No check-in: no hours and no certificate'),
  notPlanned: L('只有计划中的活动可以修改或取消', 'Only a planned activity can be changed or cancelled'),
  endsBeforeStart: L('不能早于开始日期', 'cannot be before the start date'),
  resultNotYet: L('活动开始后才能登记成效', 'Results are recorded once the activity has started'),
  notImage: L('须为 PNG、JPEG、GIF 或 WebP 图片（按文件内容判断，不看扩展名）', 'must be PNG, JPEG, GIF or WebP images (judged by the content, not the name)'),
  tooLarge: (mb: number) => L(`单张图片不能超过 ${mb} MB`, `an image may not exceed ${mb} MB`),
  notEditable: L('文章已提交审核或已发布，不能修改', 'The article is under review or published: it cannot be edited'),
  emptyBody: L('正文经安全处理后为空', 'is empty once made safe'),
  publishAtPast: L('定时发布时间不能早于现在', 'cannot be in the past'),
  districtUnknown: L('不是本地区的区县', 'is not a district of this region'),
  bureauRegion: L('您的单位不属于任何地区', 'Your organisation belongs to no region'),
};
