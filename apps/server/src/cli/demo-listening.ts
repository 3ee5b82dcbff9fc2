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
): Promise<{ meetings: number; needs: number; answers: number }> {
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
  return { meetings: forum ? 2 : 1, needs: recorded.needIds.length, answers: n };
}
