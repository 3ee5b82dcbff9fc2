import { shanghaiDate, type CaseDetail, type IntakeResult } from '@shangmi/shared';
import * as svc from '../modules/cases/cases.service.js';
import type { DemoWorld } from './demo-context.js';

/** Who handles what in the sample: a district officer (cases:handle + cases:approve) per district, the city, the police. */
export interface CaseCast {
  regionCode: string;
  /** district code → username of an officer of that district's bureau */
  officers: Record<string, string>;
  city: string;
  police: { username: string; orgId: number };
  /** the tour enterprise's account, for a rights holder's report */
  enterprise?: { username: string; receiptRef?: string };
}

const XQ = '640104';
const XX = '640105';
const JF = '640106';
const YN = '640121';
const HL = '640122';
const LW = '640181';

export interface DemoCasesResult {
  cases: number;
  statuses: Record<string, number>;
}

/**
 * A dozen complaints, reports and leads in Yinchuan's districts at the stages a tour should show, each written through
 * the cases service at its own past date (received days or weeks ago, then accepted, verified, filed …), so tracking
 * codes, sealed reporter identities, working-day clocks and timelines are the service's own. Summaries describe the
 * conduct, never the secret.
 */
export async function seedDemoCases(w: DemoWorld, cast: CaseCast): Promise<DemoCasesResult> {
  const out: CaseDetail[] = [];
  const at = (days: number, hour = 10) => w.daysAgo(days, hour);
  const officer = (d: string) => cast.officers[d] ?? cast.city;
  const region = cast.regionCode;
  const publicFiling = (days: number, input: Omit<Parameters<typeof svc.publicIntake>[1], 'regionCode'>) =>
    w.act(null, 'cases.intake', at(days, 9 + (days % 7)), (ctx) => svc.publicIntake(ctx, { ...input, regionCode: region }));
  const staffFiling = (user: string, days: number, input: Omit<Parameters<typeof svc.staffIntake>[1], 'regionCode' | 'receivedOn'>) =>
    w.act(user, 'cases.intake', at(days, 11), (ctx) => svc.staffIntake(ctx, { ...input, regionCode: region, receivedOn: shanghaiDate(at(days)) }));
  const step = (d: string, id: number, days: number, input: Parameters<typeof svc.applyAction>[2], hour = 15) =>
    w.act(officer(d), `cases.${input.action}`, at(days, hour), (ctx) => svc.applyAction(ctx, id, input));
  const clockOf = (c: CaseDetail, ruleKey: string) => {
    const k = c.clocks.find((x) => x.ruleKey === ruleKey && !x.closedOn);
    if (!k) throw new Error(`case ${c.id}: no open ${ruleKey} clock`);
    return k.id;
  };
  const idOf = (r: IntakeResult) => r.cases[0]!.id;
  // case and decision numbers carry the year (of the step, in Asia/Shanghai)
  const year = shanghaiDate(w.now).slice(0, 4);
  const named = (name: string, phone: string) => ({ name, phone });

  // 1. new in the queue: an anonymous report from the public form, yesterday
  await publicFiling(1, {
    tracks: ['report'],
    title: '前研发主管离职后在新公司使用原单位工艺',
    description: '举报人称：某食品公司原研发主管于上月离职，现任职于同区另一家企业，该企业近期推出的同类产品在外观、口味和包装规格上与原单位产品高度相似，疑似使用了原单位的生产工艺。举报人可提供离职时间和新产品上市时间等线索。',
    respondentName: '宁夏某某食品科技有限公司',
    respondentAddress: '银川市兴庆区丽景北街',
    anonymous: true,
  });

  // 2. new: a named complaint two days ago (the 7-working-day acceptance clock running)
  await publicFiling(2, {
    tracks: ['complaint'],
    title: '合作方超出约定范围使用我方提供的技术资料',
    description: '我公司与对方签订委托加工合同并约定保密条款，合同终止后对方仍使用我方提供的技术资料为第三方加工同类产品。请求市场监管部门组织调解，要求对方停止使用并返还资料。',
    respondentName: '银川某某精密机械制造有限公司',
    respondentAddress: '银川市金凤区宝湖中路',
    anonymous: false,
    reporter: named('马建国', '13909510001'),
  });

  // 3. near due: a complaint handed over from the 12315 hotline six days ago, not yet accepted
  await staffFiling(officer(XX), 6, {
    tracks: ['complaint'],
    source: 'transfer_12315',
    title: '前销售经理带走客户名单并联系老客户',
    description: '12315 转办：投诉人称其前销售经理离职后加入竞争对手，利用在职期间掌握的客户名单及报价信息逐一联系原客户，导致多家客户转单。投诉人要求调解并停止侵害。',
    respondentName: '宁夏某某商贸有限公司',
    respondentAddress: '银川市西夏区文昌南街',
    anonymous: false,
    reporter: named('李女士', '13895000002'),
  });

  // 4. accepted: mediation under way
  let c = await publicFiling(20, {
    tracks: ['complaint'],
    title: '供应商向其他客户泄露我方产品配比',
    description: '投诉人称其供应商在供货过程中知悉其产品配比，近期向其他客户推荐同样配比的原料组合。双方有保密协议，投诉人希望通过调解解决。',
    respondentName: '宁夏某某生物制品有限公司',
    respondentAddress: '银川市金凤区阅海湾中央商务区',
    anonymous: false,
    reporter: named('张振华', '13709510003'),
  });
  out.push(await step(JF, idOf(c), 17, { action: 'accept', reason: '投诉事项属于本局管辖，双方均同意调解，予以受理。' }));

  // 5. closed with a result: mediation ended in an agreement
  c = await publicFiling(41, {
    tracks: ['complaint'],
    title: '离职技术员将图纸带至新单位',
    description: '投诉人称其原技术员离职时未按规定交还设备图纸电子版，并在新单位使用。投诉人要求对方删除并出具承诺。',
    respondentName: '银川某某环保设备有限公司',
    respondentAddress: '银川市兴庆区掌政镇',
    anonymous: false,
    reporter: named('王立新', '18995100004'),
  });
  await step(XQ, idOf(c), 38, { action: 'accept', reason: '符合受理条件，予以受理并组织调解。' });
  out.push(await step(XQ, idOf(c), 12, { action: 'mediation_end', reason: '经调解双方达成协议：被投诉方删除相关图纸电子版并签署保密承诺书，投诉方撤回投诉。' }));

  // 6. verification under way, its clock running
  c = await publicFiling(13, {
    tracks: ['report'],
    title: '某企业网站发布与本企业内部资料相同的技术参数表',
    description: '举报人发现某企业网站发布的产品技术参数表与举报人内部技术文件格式、编号完全一致，怀疑通过不正当手段获取。已保存网页截图。',
    respondentName: '永宁某某新材料有限公司',
    respondentAddress: '银川市永宁县望远工业园区',
    anonymous: false,
    reporter: named('赵先生', '13519510005'),
  });
  out.push(await step(YN, idOf(c), 11, { action: 'verify', reason: '线索具体，启动核查，调取网页存档。' }));

  // 7. filed and under investigation: evidence and an interview logged, the 90-day decision clock running
  c = await publicFiling(34, {
    tracks: ['report'],
    title: '竞争对手以高薪挖走核心技术人员并使用其掌握的工艺',
    description: '举报人称三名核心技术人员先后离职并入职同一竞争对手，该竞争对手半年内推出与举报人相同工艺路线的产品。举报人与三人均签有保密协议和竞业限制协议。',
    respondentName: '宁夏某某光伏材料有限公司',
    respondentAddress: '银川市金凤区良田镇',
    anonymous: false,
    reporter: named('陈总', '13995110006'),
  });
  let id = idOf(c);
  await step(JF, id, 32, { action: 'verify', reason: '线索具体，启动核查。' });
  await step(JF, id, 24, { action: 'file', reason: '经核查，有证据初步证明存在侵犯商业秘密行为，经负责人批准立案。', caseNumber: `银金市监立〔${year}〕15号` });
  await step(JF, id, 22, { action: 'notify_reporter', reason: '已电话告知举报人立案决定。' }, 11);
  await step(JF, id, 20, { action: 'evidence', reason: '调取被举报人产品检测报告及人员入职材料。' });
  out.push(await step(JF, id, 14, { action: 'interview', reason: '对被举报人技术负责人进行询问并制作笔录。' }));

  // 8. paused: filed, then the decision clock stopped while an appraisal is done (the time does not count)
  c = await staffFiling(officer(HL), 46, {
    tracks: ['report'],
    source: 'letter',
    title: '来信举报：某企业使用他人配方生产同类产品',
    description: '举报人来信称，某企业生产的同类产品与其配方高度相似，该企业员工中有举报人原生产车间负责人。来信附有产品对比照片。',
    respondentName: '贺兰某某食品有限公司',
    respondentAddress: '银川市贺兰县暖泉工业园区',
    anonymous: false,
    reporter: named('周先生', '13709510007'),
  });
  id = idOf(c);
  await step(HL, id, 44, { action: 'verify', reason: '启动核查。' });
  let d = await step(HL, id, 35, { action: 'file', reason: '初步证据充分，经负责人批准立案。', caseNumber: `贺市监立〔${year}〕7号` });
  await step(HL, id, 33, { action: 'notify_reporter', reason: '已书面告知举报人立案决定。' }, 11);
  await step(HL, id, 28, { action: 'appraisal', reason: '委托司法鉴定机构就两种配方是否实质相同及是否为公众所知悉进行鉴定。' });
  out.push(
    await w.act(officer(HL), 'cases.pause', at(28, 16), (ctx) =>
      svc.pauseClock(ctx, id, clockOf(d, 'case.decision'), { reason: 'appraisal', note: '委托鉴定期间，鉴定时间不计入办案期限。', on: shanghaiDate(at(28)) }),
    ),
  );

  // 9. extended: verification of a complicated lead, extended by 15 working days with the head's approval
  c = await publicFiling(19, {
    tracks: ['report'],
    title: '多名员工集体离职后成立新公司经营相同业务',
    description: '举报人称其销售团队五人集体离职后成立新公司，使用原单位的客户资料和渠道价格体系开展相同业务。涉及人员较多、证据分散。',
    respondentName: '银川某某信息技术有限公司',
    respondentAddress: '银川市兴庆区北京东路',
    anonymous: true,
  });
  id = idOf(c);
  d = await step(XQ, id, 17, { action: 'verify', reason: '线索涉及人员多，启动核查。' });
  out.push(
    await w.act(officer(XQ), 'cases.extend', at(4, 10), (ctx) =>
      svc.extendClock(ctx, id, clockOf(d, 'report.verify'), { days: 15, reason: '涉及五名当事人、多家客户，需逐一调查核实，经负责人批准延长核查期限15个工作日。' }),
    ),
  );

  // 10. transferred to the police: loss over ¥300,000 (情节严重), approved, handed over and acknowledged; the police's
  // three-day decision clock runs; the city supervises the case
  c = await publicFiling(30, {
    tracks: ['report'],
    title: '内部人员窃取并出售核心工艺资料',
    description: '举报人称其内部人员通过拷贝方式获取核心工艺资料并出售给外地企业，举报人测算损失逾一百万元，已掌握转账记录线索。',
    respondentName: '灵武某某化工有限公司',
    respondentAddress: '银川市灵武市宁东镇',
    anonymous: false,
    reporter: named('孙经理', '13909510008'),
  });
  id = idOf(c);
  await step(LW, id, 28, { action: 'verify', reason: '启动核查。' });
  await step(LW, id, 20, { action: 'file', reason: '经负责人批准立案。', caseNumber: `灵市监立〔${year}〕4号` });
  await step(LW, id, 19, { action: 'notify_reporter', reason: '已电话告知举报人立案决定。' }, 11);
  d = await w.act(officer(LW), 'cases.transfer-propose', at(3, 9), (ctx) =>
    svc.proposePoliceTransfer(ctx, id, { policeOrgId: cast.police.orgId, reason: '涉案损失数额达到三十万元以上，涉嫌侵犯商业秘密罪，依法提请移送公安机关。', lossFen: 120_000_000 }),
  );
  const share = d.shares.find((s) => s.kind === 'transfer')!;
  await w.act(officer(LW), 'cases.transfer-approve', at(2, 10), (ctx) => svc.transferStep(ctx, id, share.id, { step: 'approve', reason: '同意移送。' }));
  await w.act(officer(LW), 'cases.transfer-handover', at(2, 15), (ctx) => svc.transferStep(ctx, id, share.id, { step: 'handover', reason: '案卷材料已移交市公安局经侦支队。' }));
  await w.act(cast.police.username, 'cases.transfer-acknowledge', at(1, 9), (ctx) => svc.transferStep(ctx, id, share.id, { step: 'acknowledge', reason: '已签收移送材料。' }));
  out.push(
    await w.act(cast.city, 'cases.supervise', at(1, 11), (ctx) =>
      svc.superviseCase(ctx, id, { dueOn: shanghaiDate(new Date(w.now.getTime() + 14 * 86_400_000)), requirement: '涉刑案件，请灵武市局与公安机关做好衔接，两周内报送进展。' }),
    ),
  );

  // 11. closed with a penalty: filed, notice of the proposed penalty, decision, paid, closed
  c = await staffFiling(officer(XX), 80, {
    tracks: ['report'],
    source: 'visit',
    title: '来访举报：前合作方使用我方客户名单开展业务',
    description: '举报人来访称，前合作方在合作终止后使用合作期间获得的客户名单及交易条件，以低价争夺客户。举报人提供了合作协议及客户流失情况说明。',
    respondentName: '宁夏某某物流有限公司',
    respondentAddress: '银川市西夏区宁朔南路',
    anonymous: false,
    reporter: named('刘先生', '13895100009'),
  });
  id = idOf(c);
  await step(XX, id, 78, { action: 'verify', reason: '启动核查。' });
  await step(XX, id, 70, { action: 'file', reason: '经负责人批准立案。', caseNumber: `西市监立〔${year}〕3号` });
  await step(XX, id, 68, { action: 'notify_reporter', reason: '已当面告知举报人立案决定。' }, 11);
  await step(XX, id, 45, { action: 'notice', reason: '拟作出罚款二十万元的行政处罚，告知当事人陈述、申辩和听证权利。' });
  await step(XX, id, 33, { action: 'decide', reason: '当事人未提出听证，依法作出行政处罚决定。', decisionKind: 'penalty', decisionNo: `西市监处罚〔${year}〕11号`, fineFen: 20_000_000 });
  await step(XX, id, 20, { action: 'execute', reason: '当事人已缴清罚款。' });
  out.push(await step(XX, id, 15, { action: 'close', reason: '处罚决定已执行完毕，予以结案。' }));

  // 12. overdue: a lead received more than fifteen working days ago (forty calendar days: overdue even across the
  // Spring Festival) that nobody has verified yet
  await publicFiling(40, {
    tracks: ['report'],
    title: '某公司员工疑似向外部泄露投标文件',
    description: '匿名举报称某公司员工在投标期间将本单位投标报价方案提供给其他投标人，导致本单位未中标。',
    respondentName: '宁夏某某建设工程有限公司',
    respondentAddress: '银川市金凤区正源北街',
    anonymous: true,
  });

  // 13. a rights holder's own report from the tour enterprise, today, pointing at its existence-proof receipt
  if (cast.enterprise) {
    const e = cast.enterprise;
    await w.act(e.username, 'cases.intake', w.now, (ctx) =>
      svc.rightholderReport(ctx, {
        title: '前员工涉嫌披露本企业工艺文件',
        respondentName: '宁夏某某科技发展有限公司',
        respondentAddress: '银川市金凤区万寿路',
        secretSummary: '本企业一项核心生产工艺的参数文件（技术信息），不为公众所知悉，已在平台存证。',
        measures: '与涉密人员签订保密协议和竞业限制协议；工艺文件加密存放、分级授权；离职时办理载体交接并签署离职保密承诺书。',
        infringementLeads: '前工艺工程师离职两个月后，被举报企业推出同类产品，其宣传资料中出现与本企业工艺文件相同的参数组合。可提供离职交接记录、保密协议及对方宣传资料。',
        receiptRefs: e.receiptRef ? [e.receiptRef] : [],
        lossFen: 45_000_000,
        contact: { name: '企业法务 杨女士', phone: '0951-5000010' },
      }),
    );
  }

  const statuses: Record<string, number> = {};
  const all = await w.read(cast.city, (ctx) => svc.listCases(ctx, { page: 1, pageSize: 100 } as never));
  for (const x of all.items) statuses[x.status] = (statuses[x.status] ?? 0) + 1;
  return { cases: all.total, statuses };
}
