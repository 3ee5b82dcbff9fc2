import { and, asc, eq, ne } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { sites } from '../db/schema/index.js';
import * as svc from '../modules/services/services.service.js';
import type { DemoWorld } from './demo-context.js';

/**
 * Services for the tour (docs/services.md), through the services' functions as the people who would take each step: the
 * city registers a law firm and a forensic institution (one qualification about to expire), the site and the law firm
 * list what they offer, the city purchases 维权援助 and trainings from the site; the tour enterprise asks for 维权援助 and
 * rates what the site delivered, another enterprise's legal question is under way at the law firm, a third waits for
 * acceptance; the site records a training.
 */
export async function seedDemoServices(
  w: DemoWorld,
  o: { city: string; regionCode: string; tour: string; others: string[] },
): Promise<{ providers: number; requests: number; ledger: number }> {
  // a working (not revoked) site of the region, with an account of its own for the services tour
  const [station] = await w.database.db
    .select({ orgId: sites.orgId })
    .from(sites)
    .where(and(eq(sites.regionCode, o.regionCode), ne(sites.status, 'revoked')))
    .orderBy(asc(sites.id))
    .limit(1);
  if (!station) return { providers: 0, requests: 0, ledger: 0 };
  await w.createUser({ username: 'demo_service_site', displayName: '工作站 陈老师', orgId: station.orgId, role: 'site_staff' });
  o = { ...o, site: { username: 'demo_service_site', orgId: station.orgId } } as typeof o & { site: { username: string; orgId: number } };
  const site = (o as typeof o & { site: { username: string; orgId: number } }).site;
  const day = (ago: number) => shanghaiDate(w.daysAgo(ago));
  const year = Number(day(0).slice(0, 4));
  const law = await w.act(o.city, 'services.createProvider', w.daysAgo(40), (ctx) =>
    svc.createProvider(ctx, {
      name: '宁夏明理律师事务所',
      kind: 'law_firm',
      creditCode: null,
      districts: [],
      serviceKinds: ['legal_consulting', 'rights_assistance'],
      contactName: '李律师',
      contactPhone: '0951-6000001',
      intro: '商业秘密民事诉讼、刑事控告代理',
      qualifications: [{ kind: '律师事务所执业许可证', number: '31640000MD0001', validUntil: `${year + 2}-06-30` }],
    }),
  );
  await w.act(o.city, 'services.createProvider', w.daysAgo(40), (ctx) =>
    svc.createProvider(ctx, {
      name: '宁夏正衡司法鉴定所',
      kind: 'forensic',
      creditCode: null,
      districts: [],
      serviceKinds: ['appraisal'],
      contactName: '王主任',
      contactPhone: '0951-6000002',
      intro: '非公知性、同一性鉴定',
      qualifications: [{ kind: '司法鉴定许可证', number: '640000JD01', validUntil: day(-20) }],
    }),
  );
  await w.createUser({ username: 'demo_provider', displayName: '明理律所 李律师', orgId: law.orgId, role: 'provider_staff' });
  await w.act(site.username, 'services.createOffering', w.daysAgo(39), (ctx) =>
    svc.createOffering(ctx, { serviceKind: 'rights_assistance', title: '协助维权（公益）', description: '证据固定指引、维权路径建议、对接维权援助', free: true, audience: '辖区企业', responseDays: 2 }),
  );
  await w.act(site.username, 'services.createOffering', w.daysAgo(39), (ctx) => svc.createOffering(ctx, { serviceKind: 'field_guidance', title: '上门实地指导', free: true, responseDays: 3 }));
  await w.act('demo_provider', 'services.createOffering', w.daysAgo(39), (ctx) => svc.createOffering(ctx, { serviceKind: 'legal_consulting', title: '商业秘密法律咨询（公益）', free: true, responseDays: 2 }));
  await w.act(o.city, 'services.createContract', w.daysAgo(38), (ctx) =>
    svc.createContract(ctx, {
      number: `YC-SMFW-${year}-01`,
      title: '商业秘密维权援助与培训服务',
      providerOrgId: site.orgId,
      budgetFen: 8_000_000,
      startOn: `${year}-01-01`,
      endOn: `${year}-12-31`,
      quotas: [
        { serviceKind: 'rights_assistance', quota: 10 },
        { serviceKind: 'training', quota: 2 },
      ],
    }),
  );
  const ask = (who: string, ago: number, serviceKind: string, title: string, assigneeOrgId: number | null) =>
    w.act(who, 'services.createRequest', w.daysAgo(ago), (ctx) =>
      svc.createRequest(ctx, { serviceKind, title, need: '需要指导（需求描述，不含商业秘密内容）', contactName: '企业联系人', contactPhone: '13900000000', assigneeOrgId }),
    );
  const r1 = await ask(o.tour, 20, 'rights_assistance', '离职员工带走客户资料', site.orgId);
  await w.act(site.username, 'services.accept', w.daysAgo(19), (ctx) => svc.acceptRequest(ctx, r1.id, {}));
  await w.act(site.username, 'services.deliver', w.daysAgo(15), (ctx) =>
    svc.deliverRequest(ctx, r1.id, { deliveredOn: day(15), hours: 3, people: 2, outcome: '指导企业固定证据、出具维权路径建议书，对接律所', fileIds: [] }),
  );
  await w.act(o.tour, 'services.confirm', w.daysAgo(14), (ctx) => svc.confirmRequest(ctx, r1.id, { rating: 5, comment: '响应及时，建议实用' }));
  let requests = 1;
  if (o.others[0]) {
    const r2 = await ask(o.others[0], 6, 'legal_consulting', '竞业限制协议效力咨询', law.orgId);
    await w.act('demo_provider', 'services.accept', w.daysAgo(5), (ctx) => svc.acceptRequest(ctx, r2.id, {}));
    requests++;
  }
  if (o.others[1]) {
    await ask(o.others[1], 0, 'rights_assistance', '合作方泄露报价体系', site.orgId);
    requests++;
  }
  await w.act(site.username, 'services.addActivity', w.daysAgo(10), (ctx) =>
    svc.addActivity(ctx, { serviceKind: 'training', title: '商业秘密保护专题培训', occurredOn: day(10), hours: 2, people: 45, outcome: '园区 30 家企业参加' }),
  );
  return { providers: 2, requests, ledger: 2 };
}
