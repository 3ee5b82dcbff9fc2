import { eq } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { sites } from '../db/schema/index.js';
import * as svc from '../modules/services/services.service.js';
import type { DemoWorld } from './demo-context.js';

/**
 * Consultations and a public help request for the tour (docs/services.md § Consultations), after seedDemoServices (its
 * site account demo_service_site and the law firm's demo_provider): the tour enterprise's question answered by the site,
 * consented to by both and published by the city to the public FAQ (/faq); another enterprise's question to the law firm
 * left unanswered past its day (overdue in the firm's list and inbox); a question addressed to no one waiting for the
 * district; a member of the public's request at /help, delivered by the site — its tracking code is printed, to rate it
 * at /help-status.
 */
export async function seedDemoConsultations(w: DemoWorld, o: { city: string; tour: string; others: string[] }): Promise<{ consultations: number; published: number; trackingCode: string | null }> {
  const site = await w.actor('demo_service_site');
  const law = await w.actor('demo_provider');
  const day = (ago: number) => shanghaiDate(w.daysAgo(ago));
  const q1 = await w.act(o.tour, 'services.ask', w.daysAgo(12), (ctx) =>
    svc.createConsultation(ctx, { category: 'employees', title: '保密协议与竞业限制如何区分', question: '所有员工都签了保密协议，是否还需要与研发骨干另签竞业限制协议？两者有何区别？（不含技术内容）', assigneeOrgId: site.orgId }),
  );
  await w.act('demo_service_site', 'services.answer', w.daysAgo(10), (ctx) =>
    svc.answerConsultation(ctx, q1.id, { text: '保密义务不以约定补偿为条件，离职后持续有效；竞业限制只适用于高级管理人员、高级技术人员和其他负有保密义务的人员，期限不超过二年，须按月支付经济补偿。研发骨干宜另签竞业限制协议。' }),
  );
  await w.act(o.tour, 'services.consent', w.daysAgo(9), (ctx) => svc.consentConsultation(ctx, q1.id, {}));
  await w.act('demo_service_site', 'services.consent', w.daysAgo(9), (ctx) => svc.consentConsultation(ctx, q1.id, {}));
  await w.act(o.city, 'services.publishFaq', w.daysAgo(8), (ctx) =>
    svc.publishConsultation(ctx, q1.id, {
      category: 'employees',
      question: '员工已签保密协议，是否还需要与研发骨干另签竞业限制协议？',
      answer: '保密义务不以补偿为条件，离职后持续有效；竞业限制只适用于高级管理人员、高级技术人员和其他负有保密义务的人员，期限不超过二年，并须按月支付经济补偿。研发骨干宜另签竞业限制协议。',
    }),
  );
  let n = 1;
  if (o.others[0]) {
    await w.act(o.others[0], 'services.ask', w.daysAgo(12), (ctx) =>
      svc.createConsultation(ctx, { category: 'contracts', title: '技术许可合同中的保密条款', question: '对外许可技术时，保密条款应约定哪些内容？许可期满后的保密义务如何约定？', assigneeOrgId: law.orgId }),
    );
    n++;
  }
  await w.act(o.tour, 'services.ask', w.daysAgo(1), (ctx) => svc.createConsultation(ctx, { category: 'evidence', title: '发现泄密后如何固定证据', question: '怀疑离职员工带走了图纸，应当如何固定证据？是否需要先做公证？' }));
  n++;

  // a member of the public asks at /help for the site's district; the site takes it up and delivers it
  const [s] = await w.database.db.select({ districtCode: sites.districtCode }).from(sites).where(eq(sites.orgId, site.orgId));
  let trackingCode: string | null = null;
  if (s?.districtCode) {
    const r = await w.act(null, 'services.publicRequest', w.daysAgo(6), (ctx) =>
      svc.publicRequest(ctx, { districtCode: s.districtCode!, publicName: '赵先生（个体工商户）', serviceKind: 'rights_assistance', title: '配方被前合伙人使用', need: '想了解如何维权（不含配方内容）', contactName: '赵先生', contactPhone: '13800000000' }),
    );
    trackingCode = r.trackingCode;
    if (r.assigneeName) {
      await w.act('demo_service_site', 'services.accept', w.daysAgo(5), (ctx) => svc.acceptRequest(ctx, r.id, {}));
      await w.act('demo_service_site', 'services.deliver', w.daysAgo(3), (ctx) =>
        svc.deliverRequest(ctx, r.id, { deliveredOn: day(3), hours: 1, people: 1, outcome: '电话指导维权路径，建议先固定证据', fileIds: [] }),
      );
    }
  }
  return { consultations: n, published: 1, trackingCode };
}
