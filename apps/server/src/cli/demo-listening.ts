import { shanghaiDate } from '@shangmi/shared';
import * as svc from '../modules/listening/listening.service.js';
import type { DemoWorld } from './demo-context.js';

/**
 * 倾听企业 for the tour (docs/listening.md), through the listening services as the people who would act: the 金凤区
 * officer visited the tour enterprise two weeks ago and recorded two needs; one was assigned to the serving site, which
 * replied (the enterprise has to confirm), the other waits to be assigned; a forum is planned for next week; the city's
 * 企业商业秘密保护需求调查 went to 金凤区's enterprises and the tour enterprise and two others answered.
 */
export async function seedDemoListening(
  w: DemoWorld,
  o: { officer: string; city: string; tour: { username: string; enterpriseId: number }; others: { username: string; enterpriseId: number }[]; site?: { username: string; orgId: number } },
): Promise<{ meetings: number; needs: number; answers: number; association: { name: string; members: number; norms: number; answers: number } }> {
  const day = (ago: number) => shanghaiDate(w.daysAgo(ago));
  const visit = await w.act(o.officer, 'listening.planMeeting', w.daysAgo(20), (ctx) =>
    svc.planMeeting(ctx, { kind: 'visit', enterpriseIds: [o.tour.enterpriseId], plannedOn: day(14), staff: ['金凤区 王磊'], purpose: '了解企业商业秘密保护制度建设情况和服务需求', agenda: null }),
  );
  const recorded = await w.act(o.officer, 'listening.recordMeeting', w.daysAgo(14, 15), (ctx) =>
    svc.recordMeeting(ctx, visit.id, {
      heldOn: day(14),
      notes: '企业已与研发人员签订保密协议，尚未建立秘密事项清单和涉密人员台账；负责人希望工作站上门培训。',
      peopleMet: [{ name: '杨帆', title: '企业管理员' }],
      situation: '研发投入较大，核心配方由两名工程师掌握。',
      photoFileIds: [],
      needs: [
        { kind: 'need', category: 'training', title: '希望工作站上门开展员工保密培训' },
        { kind: 'opinion', category: 'rights', title: '建议简化维权证据材料的提交流程' },
      ],
    }),
  );
  const [training] = recorded.needIds;
  const site = o.site;
  if (site && training) {
    // the serving site may lie outside the officer's district: then the need stays to assign (the refusal changed nothing)
    const assigned = await w
      .act(o.officer, 'listening.assignNeed', w.daysAgo(13), (ctx) => svc.assignNeed(ctx, training, { assigneeOrgId: site.orgId, dueOn: day(-5), comment: '请工作站联系企业安排培训' }))
      .then(() => true)
      .catch(() => false);
    if (assigned) await w.act(site.username, 'listening.replyNeed', w.daysAgo(3), (ctx) => svc.replyNeed(ctx, training, '已与企业约定本月下旬上门培训，培训材料已发送企业邮箱。'));
  }
  const others = o.others.slice(0, 3);
  let forum = false;
  if (others.length > 1) {
    forum = await w
      .act(o.officer, 'listening.planMeeting', w.daysAgo(2), (ctx) =>
      svc.planMeeting(ctx, { kind: 'forum', enterpriseIds: others.map((x) => x.enterpriseId), plannedOn: day(-7), staff: ['金凤区 王磊'], purpose: '季度企业座谈会：商业秘密保护需求与建议', agenda: '一、政策解读；二、企业发言；三、工作站介绍服务' }),
      )
      .then(() => true)
      .catch(() => false);
  }
  const survey = await w.act(o.city, 'listening.createSurvey', w.daysAgo(10), (ctx) => svc.createFromTemplate(ctx, 'protection-needs', null));
  await w.act(o.city, 'listening.distributeSurvey', w.daysAgo(10), (ctx) => svc.distributeSurvey(ctx, survey.id, { enterpriseIds: [o.tour.enterpriseId, ...o.others.map((x) => x.enterpriseId)] }));
  const answers = [
    { has_system: 'partial', awareness: 3, services: ['training', 'diagnosis'], infringed: 'no', satisfaction: { policy: 'good', station: 'good', enforcement: 'fair' }, suggestion: '希望多组织培训' },
    { has_system: 'no', why_not: ['unaware', 'no_staff'], awareness: 2, services: ['training', 'legal'], infringed: 'yes', infringement_detail: '前员工离职后带走客户名单，已向工作站咨询。' },
    { has_system: 'yes', awareness: 4, services: ['proof'], infringed: 'no' },
  ];
  let n = 0;
  for (const [i, who] of [o.tour, ...o.others].slice(0, answers.length).entries()) {
    await w.act(who.username, 'listening.answerSurvey', w.daysAgo(9 - i), (ctx) => svc.accountSubmit(ctx, survey.id, answers[i]!));
    n += 1;
  }
  const association = await seedDemoAssociation(w, o);
  return { meetings: forum ? 2 : 1, needs: recorded.needIds.length, answers: n, association };
}

/** The tour's association account, printed with the other tour accounts. */
export const DEMO_ASSOCIATION = 'demo_association';

/**
 * 行业协会 (issue 17 item 5): the 金凤区 officer registered 金凤区软件和信息服务业协会 two months ago; its own account
 * (demo_association) took the tour enterprise and up to three others in as members through the picker, published its
 * 商业秘密保护自律公约 and revised it (v2), held a members' forum with a need found, and sent a survey to its members —
 * one member answered, the tour enterprise still has the task in its inbox.
 */
async function seedDemoAssociation(w: DemoWorld, o: { officer: string; tour: { username: string; enterpriseId: number }; others: { username: string; enterpriseId: number }[] }) {
  const day = (ago: number) => shanghaiDate(w.daysAgo(ago));
  const a = await w.act(o.officer, 'listening.createAssociation', w.daysAgo(60), (ctx) =>
    svc.createAssociation(ctx, { name: '金凤区软件和信息服务业协会', kind: 'association', trade: '软件和信息服务', intro: '区内软件和信息服务企业自愿组成的行业组织，推动会员企业建立商业秘密保护制度、开展自律。', foundedOn: '2019-05-20', contactName: '刘秘书长', contactPhone: '0951-5012345' }),
  );
  await w.createUser({ username: DEMO_ASSOCIATION, displayName: '协会 刘秘书长', orgId: a.id, role: 'association_staff' });
  const members = [o.tour, ...o.others.slice(0, 3)];
  await w.act(DEMO_ASSOCIATION, 'listening.addMembers', w.daysAgo(58), (ctx) => svc.addMembers(ctx, a.id, { enterpriseIds: members.map((m) => m.enterpriseId), joinedOn: day(58) }));
  const v1 = await w.act(DEMO_ASSOCIATION, 'listening.addNorm', w.daysAgo(55), (ctx) =>
    svc.addNorm(ctx, a.id, {
      kind: 'convention',
      title: '金凤区软件和信息服务业商业秘密保护自律公约',
      body: '第一条 会员企业应当建立商业秘密保护制度，明确保密事项和涉密人员。\n第二条 会员企业不得以不正当手段获取、披露、使用其他会员企业的商业秘密。\n第三条 会员企业招用其他会员企业离职人员的，应当核实其保密义务。',
      effectiveOn: day(50),
      note: null,
    }),
  );
  await w.act(DEMO_ASSOCIATION, 'listening.addNorm', w.daysAgo(12), (ctx) =>
    svc.addNorm(ctx, a.id, {
      code: v1.code,
      kind: 'convention',
      title: '金凤区软件和信息服务业商业秘密保护自律公约',
      body: '第一条 会员企业应当建立商业秘密保护制度，明确保密事项和涉密人员，每年开展一次自查。\n第二条 会员企业不得以不正当手段获取、披露、使用其他会员企业的商业秘密。\n第三条 会员企业招用其他会员企业离职人员的，应当核实其保密义务。\n第四条 会员企业之间发生商业秘密纠纷的，可以申请协会调解。',
      effectiveOn: day(5),
      note: '增加年度自查和协会调解',
    }),
  );
  const forum = await w.act(DEMO_ASSOCIATION, 'listening.planMeeting', w.daysAgo(30), (ctx) =>
    svc.planMeeting(ctx, { kind: 'forum', enterpriseIds: members.map((m) => m.enterpriseId), plannedOn: day(21), staff: ['协会 刘秘书长'], purpose: '会员企业商业秘密保护经验交流会', agenda: '一、自律公约解读；二、会员企业交流；三、需求征集' }),
  );
  await w.act(DEMO_ASSOCIATION, 'listening.recordMeeting', w.daysAgo(21, 16), (ctx) =>
    svc.recordMeeting(ctx, forum.id, {
      heldOn: day(21),
      notes: '会员企业交流了离职人员保密管理的做法；多家企业希望协会提供统一的保密协议范本。',
      peopleMet: [],
      situation: null,
      photoFileIds: [],
      needs: [{ kind: 'need', category: 'legal', title: '希望协会提供统一的员工保密协议范本', enterpriseId: o.tour.enterpriseId }],
    }),
  );
  const survey = await w.act(DEMO_ASSOCIATION, 'listening.createSurvey', w.daysAgo(8), (ctx) => svc.createFromTemplate(ctx, 'protection-needs', '会员企业商业秘密保护需求调查'));
  await w.act(DEMO_ASSOCIATION, 'listening.distributeSurvey', w.daysAgo(8), (ctx) => svc.distributeSurvey(ctx, survey.id, {}));
  let answers = 0;
  const answering = o.others[0];
  if (answering) {
    await w.act(answering.username, 'listening.answerSurvey', w.daysAgo(6), (ctx) =>
      svc.accountSubmit(ctx, survey.id, { has_system: 'partial', awareness: 3, services: ['training', 'legal'], infringed: 'no', suggestion: '希望协会组织会员企业间的保密管理经验交流' }),
    );
    answers = 1;
  }
  return { name: '金凤区软件和信息服务业协会', members: members.length, norms: 2, answers };
}
