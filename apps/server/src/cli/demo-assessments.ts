import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { allRequirements, choicesOf, shanghaiDate, type Framework, type FrameworkRequirement } from '@shangmi/shared';
import { assessmentCampaigns, assessments, enterprises } from '../db/schema/index.js';
import type { Ctx } from '../platform/context.js';
import * as svc from '../modules/assessments/assessments.service.js';
import type { DemoWorld } from './demo-context.js';
import { prng } from './seed-scale.js';

type Enterprise = typeof enterprises.$inferSelect;
type Answers = Record<string, { value: unknown; note?: string }>;

const DAY = 86_400_000;

/** What an enterprise might name as its most important secret (the name, never the content) and how it guards it. */
const SECRET_NAMES = [
  '枸杞原浆低温浓缩工艺参数：仅工艺部三人知悉，纸质文件存保密柜，电子版加密存放',
  '葡萄酒调配比例及橡木桶陈酿方案：酿酒师单独保管，访问记录留痕',
  '单晶硅拉晶热场设计图纸：研发服务器分级授权，禁止外发',
  '重点客户名单及报价体系：CRM 系统按岗位授权，导出需审批',
  '羊绒分梳设备改进方案：车间分区管理，图纸编号登记',
  '乳制品菌种配方：实验室门禁，菌种台账双人管理',
  '清真食品调味料配比：配料间限制进入，配方分段保管',
  '数据中心运维脚本及调度算法源代码：代码库分级权限，操作日志保留一年',
];

/** The answer naming the enterprise's most important secret: from its own products when the registry has them. */
function secretNameOf(e: Enterprise, i: number): string {
  const product = e.products?.split(/[、,，;；\s]/).find(Boolean);
  return product ? `${product}核心工艺参数（技术信息）：仅技术负责人和两名工程师知悉，文件加密存放，借阅登记` : SECRET_NAMES[i % SECRET_NAMES.length]!;
}

/** A plausible self-check: each requirement answered around the enterprise's maturity (0–1), deterministically. */
function answersFor(f: Framework, maturity: number, rnd: () => number, secretName: string, asOf: Date, share = 1): Answers {
  const out: Answers = {};
  const reqs = allRequirements(f);
  const take = Math.round(reqs.length * share);
  for (const r of reqs.slice(0, take)) out[r.id] = { value: valueFor(f, r, maturity, rnd, secretName, asOf) };
  return out;
}

function valueFor(f: Framework, r: FrameworkRequirement, m: number, rnd: () => number, secretName: string, asOf: Date): unknown {
  const q = r.question;
  // a firm's level shows through, with some items better or worse than its average
  const level = Math.min(1, Math.max(0, m + (rnd() - 0.5) * 0.5));
  if (q.type === 'number') {
    if (r.id.includes('incident')) return level > 0.5 ? 0 : Math.floor(rnd() * 3);
    return level > 0.8 ? 100 : Math.round(level * 100);
  }
  if (q.type === 'date') {
    const ageDays = Math.round(30 + (1 - level) * 1200 * (0.6 + rnd() * 0.4));
    return shanghaiDate(new Date(asOf.getTime() - ageDays * DAY));
  }
  if (q.type === 'text') return level < 0.15 ? '尚未梳理' : secretName;
  const choices = choicesOf(f, q);
  const na = choices.find((c) => c.result === 'not_applicable');
  if (na && rnd() < 0.06) return q.type === 'multiple' ? [na.value] : na.value;
  const scored = choices.filter((c) => c.result !== 'not_applicable').sort((a, b) => b.score - a.score);
  if (q.type === 'multiple') {
    // several measures ticked: the better the firm, the more of the stronger ones
    const picked = scored.filter((_, i) => rnd() < level * (1 - i / (scored.length + 1)) + 0.1).map((c) => c.value);
    return picked.length ? picked : [scored[scored.length - 1]!.value];
  }
  const idx = Math.min(scored.length - 1, Math.max(0, Math.round((1 - level) * (scored.length - 1))));
  return scored[idx]!.value;
}

function profileFor(e: Enterprise, rnd: () => number): Record<string, unknown> {
  const employees = { large: 800, medium: 260, small: 60, micro: 12 }[e.size ?? 'small'] ?? 60;
  return {
    employees: Math.round(employees * (0.6 + rnd() * 0.8)),
    has_rd: rnd() < 0.8 ? 'yes' : 'no',
    partners: rnd() < 0.7 ? 'yes' : 'no',
    exports: rnd() < 0.25 ? 'yes' : 'no',
    it_systems: 'yes',
    premises: rnd() < 0.85 ? 'yes' : 'no',
  };
}

/**
 * Starts a check through the service. The row's created_at is the database clock's (the service sets every other time
 * from ctx.now), so a check started "weeks ago" is stamped with its step's time too, in the same transaction.
 */
async function start(ctx: Ctx, input: Parameters<typeof svc.createAssessment>[1]) {
  const a = await svc.createAssessment(ctx, input);
  await ctx.db.update(assessments).set({ createdAt: ctx.now }).where(eq(assessments.id, a.id));
  return a;
}

export interface DemoAssessmentsResult {
  campaignId: number;
  submitted: number;
  draftId: number;
  onsite: boolean;
}

/**
 * Health checks in Yinchuan: the city's campaign over a handful of pilot enterprises; most have taken their self-check
 * (varied answers, shared with the bureau), the tour enterprise has an older submitted one and a campaign check in draft
 * (so it can carry on), and a protection site ran one on-site check with the enterprise's recorded consent.
 * The tour enterprise and `others` (enterprise_admin accounts keyed by enterprise id) are made by the caller.
 */
export async function seedDemoAssessments(
  w: DemoWorld,
  p: { city: string; tour: { username: string; enterprise: Enterprise }; others: { username: string; enterprise: Enterprise }[]; site?: { username: string; enterprise: Enterprise } },
): Promise<DemoAssessmentsResult> {
  const rnd = prng(20260301);
  const framework = await w.read(p.city, async (ctx) => {
    const list = await svc.listFrameworks(ctx);
    const current = list.find((x) => x.current) ?? list[0];
    if (!current) throw new Error('no health-check framework loaded');
    return svc.frameworkById(ctx, current.id);
  });

  // the tour enterprise's first self-check, two months ago, before the campaign: its report has peers to compare with
  const tour = p.tour;
  const first = await w.act(tour.username, 'assessments.create', w.daysAgo(62, 9.5), (ctx) => start(ctx, { kind: 'self' }));
  await w.act(tour.username, 'assessments.answer', w.daysAgo(62, 11), (ctx) =>
    svc.saveAnswers(ctx, first.id, { profile: profileFor(tour.enterprise, rnd) as never, answers: answersFor(framework, 0.55, rnd, secretNameOf(tour.enterprise, 0), w.daysAgo(62)) as never }),
  );
  await w.act(tour.username, 'assessments.submit', w.daysAgo(61, 15), (ctx) => svc.submitAssessment(ctx, first.id));
  await w.act(tour.username, 'assessments.share', w.daysAgo(61, 15.2), (ctx) => svc.setShared(ctx, first.id, true));

  // the city's campaign, three weeks ago, with a deadline a month out
  const targets = [tour, ...p.others].map((x) => x.enterprise.id);
  const campaign = await w.act(p.city, 'assessments.campaign-create', w.daysAgo(21, 9), async (ctx) => {
    const c = await svc.createCampaign(ctx, {
      title: `${new Date(w.now.getTime() + 8 * 3_600_000).getUTCFullYear()}年度重点企业商业秘密保护诊断体检`,
      deadline: shanghaiDate(new Date(w.now.getTime() + 30 * DAY)),
      criteria: { enterpriseIds: targets },
    });
    await ctx.db.update(assessmentCampaigns).set({ createdAt: ctx.now }).where(eq(assessmentCampaigns.id, c.id));
    return c;
  });

  // the others answer over the following days, from weak to strong
  let submitted = 1;
  for (const [i, o] of p.others.entries()) {
    const maturity = 0.3 + (0.6 * i) / Math.max(1, p.others.length - 1) + (rnd() - 0.5) * 0.1;
    const startDay = 19 - i * 2;
    const a = await w.act(o.username, 'assessments.create', w.daysAgo(startDay, 9 + rnd() * 6), (ctx) => start(ctx, { kind: 'self', campaignId: campaign.id }));
    await w.act(o.username, 'assessments.answer', w.daysAgo(startDay - 1, 10 + rnd() * 6), (ctx) =>
      svc.saveAnswers(ctx, a.id, { profile: profileFor(o.enterprise, rnd) as never, answers: answersFor(framework, maturity, rnd, secretNameOf(o.enterprise, i + 1), w.daysAgo(startDay)) as never }),
    );
    await w.act(o.username, 'assessments.submit', w.daysAgo(startDay - 1, 16.5), (ctx) => svc.submitAssessment(ctx, a.id));
    await w.act(o.username, 'assessments.share', w.daysAgo(startDay - 1, 16.6), (ctx) => svc.setShared(ctx, a.id, true));
    submitted++;
  }

  // the tour enterprise started the campaign's check and answered about two thirds: it continues in the tour
  const draft = await w.act(tour.username, 'assessments.create', w.daysAgo(3, 14), (ctx) => start(ctx, { kind: 'self', campaignId: campaign.id }));
  await w.act(tour.username, 'assessments.answer', w.daysAgo(2, 10), (ctx) =>
    svc.saveAnswers(ctx, draft.id, { profile: profileFor(tour.enterprise, rnd) as never, answers: answersFor(framework, 0.7, rnd, secretNameOf(tour.enterprise, 0), w.daysAgo(2), 0.65) as never }),
  );

  // a protection site's on-site check, with the consent on record
  let onsite = false;
  if (p.site) {
    const s = p.site;
    const a = await w.act(s.username, 'assessments.create', w.daysAgo(9, 9.5), (ctx) =>
      start(ctx, { kind: 'onsite', enterpriseId: s.enterprise.id, consentBy: '刘经理（行政总监）', consentDate: shanghaiDate(w.daysAgo(10)), consentNote: '电话约定上门诊断，企业书面同意书已存档' }),
    );
    await w.act(s.username, 'assessments.answer', w.daysAgo(9, 16), (ctx) =>
      svc.saveAnswers(ctx, a.id, { profile: profileFor(s.enterprise, rnd) as never, answers: answersFor(framework, 0.45, rnd, secretNameOf(s.enterprise, 5), w.daysAgo(9)) as never }),
    );
    await w.act(s.username, 'assessments.submit', w.daysAgo(9, 17), (ctx) => svc.submitAssessment(ctx, a.id));
    onsite = true;
    submitted++;
  }
  return { campaignId: campaign.id, submitted, draftId: draft.id, onsite };
}

/**
 * The pilot enterprises of the sample: active Yinchuan registry enterprises, 金凤区 first (the tour district: ≥ 5 of
 * them make its regional group and the percentile visible), then others. The first is the tour enterprise.
 */
export async function pickPilotEnterprises(w: DemoWorld, regionCode: string, jinfeng: string, n: number): Promise<Enterprise[]> {
  const all = await w.database.db
    .select()
    .from(enterprises)
    .where(and(eq(enterprises.regionCode, regionCode), eq(enterprises.status, 'active')))
    .orderBy(asc(enterprises.id))
    .limit(400);
  // the tour enterprise makes things (its sample secrets are formulas and processes): a manufacturer when there is one
  const local = all.filter((e) => e.districtCode === jinfeng && !e.siteOrgId);
  const maker = local.find((e) => e.industrySection === 'C');
  const home = (maker ? [maker, ...local.filter((e) => e !== maker)] : local).slice(0, 7);
  const rest = all.filter((e) => !home.includes(e) && !e.siteOrgId);
  const byDistrict = new Map<string, Enterprise>();
  for (const e of rest) if (e.districtCode && !byDistrict.has(e.districtCode)) byDistrict.set(e.districtCode, e);
  const more = [...byDistrict.values(), ...rest.filter((e) => ![...byDistrict.values()].includes(e))];
  return [...home, ...more].slice(0, n);
}

/** An enterprise a protection site serves (for the on-site check), outside the pilot list. */
export async function pickServedEnterprise(w: DemoWorld, regionCode: string, skip: number[]): Promise<Enterprise | undefined> {
  const rows = await w.database.db
    .select()
    .from(enterprises)
    .where(and(eq(enterprises.regionCode, regionCode), eq(enterprises.status, 'active'), isNotNull(enterprises.siteOrgId)))
    .orderBy(asc(enterprises.id))
    .limit(50);
  return rows.find((e) => !skip.includes(e.id));
}
