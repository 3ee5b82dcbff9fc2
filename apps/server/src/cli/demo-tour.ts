import { and, asc, eq } from 'drizzle-orm';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { orgs } from '../db/schema/index.js';
import { forgetCounts } from '../platform/count-cache.js';
import { hashPassword } from '../platform/crypto.js';
import { pickPilotEnterprises, pickServedEnterprise, seedDemoAssessments } from './demo-assessments.js';
import { seedDemoCases } from './demo-cases.js';
import { seedDemoCredit } from './demo-credit.js';
import { seedDemoCultivation } from './demo-cultivation.js';
import * as credit from '../modules/credit/credit.service.js';
import { DemoWorld } from './demo-context.js';
import { seedDemoProofs } from './demo-proofs.js';
import { seedDemoOutreach } from './demo-outreach.js';
import { seedDemoProtection } from './demo-protection.js';
import { DEMO_ASSOCIATION, seedDemoListening } from './demo-listening.js';
import { seedDemoServices } from './demo-services.js';
import { seedDemoConsultations } from './demo-consult.js';
import { seedDemoSteering } from './demo-steering.js';
import { seedDemoTaskforce } from './demo-taskforce.js';
import { seedDemoAppraisal } from './demo-appraisal.js';
import { seedDemoSites } from './demo-sites.js';
import { seedDemoSystems } from './demo-systems.js';
import { BENCH_ACCOUNTS, BENCH_DISTRICT_CODE } from './seed-scale.js';

/** The tour enterprise's account, printed with the other tour accounts. */
export const DEMO_ENTERPRISE = 'demo_enterprise';

/** Officers of the districts other than the tour district (bench_district handles 金凤区), and the police contact. */
const DISTRICT_OFFICERS: Record<string, { username: string; displayName: string }> = {
  '640104': { username: 'demo_xingqing', displayName: '兴庆区 马志远' },
  '640105': { username: 'demo_xixia', displayName: '西夏区 杨慧' },
  '640121': { username: 'demo_yongning', displayName: '永宁县 丁浩' },
  '640122': { username: 'demo_helan', displayName: '贺兰县 何静' },
  '640181': { username: 'demo_lingwu', displayName: '灵武市 苏明' },
};

export interface TourResult {
  accounts: { username: string; role: string; org: string }[];
  lines: string[];
}

/**
 * The health checks, existence proofs and cases of the tour, in Yinchuan (the tour accounts' region), written through
 * each module's services as the accounts who would do each step (see DemoWorld). Runs after seed-scale.
 */
export async function seedTour(database: Database, config: Config, password: string): Promise<TourResult> {
  // the app is built (not started: no jobs run, nothing listens) for the modules' wiring: each step runs as in a request
  const app = await buildApp({ config, database, logger: false });
  try {
    return await tour(new DemoWorld(app.deps, await hashPassword(password)));
  } finally {
    await app.close();
  }
}

async function tour(w: DemoWorld): Promise<TourResult> {
  const database = w.database;
  const db = database.db;
  const city = await w.actor(BENCH_ACCOUNTS.city);
  const regionCode = city.regionCode;
  if (!regionCode) throw new Error('the city tour account has no region');
  const accounts: TourResult['accounts'] = [];
  const lines: string[] = [];

  // district officers and the police contact, so each step is taken by the office that takes it
  const officers: Record<string, string> = { [BENCH_DISTRICT_CODE]: BENCH_ACCOUNTS.district };
  const bureaus = await db.select().from(orgs).where(and(eq(orgs.kind, 'district_bureau'), eq(orgs.regionCode, regionCode))).orderBy(asc(orgs.id));
  for (const b of bureaus) {
    const o = b.districtCode ? DISTRICT_OFFICERS[b.districtCode] : undefined;
    if (!o || officers[b.districtCode!]) continue;
    await w.createUser({ username: o.username, displayName: o.displayName, orgId: b.id, role: 'district_staff' });
    officers[b.districtCode!] = o.username;
  }
  const [police] = await db.select().from(orgs).where(and(eq(orgs.kind, 'police'), eq(orgs.regionCode, regionCode))).orderBy(asc(orgs.id)).limit(1);
  if (!police) throw new Error(`no police organisation in region ${regionCode} (config/regions/${regionCode}.json partners)`);
  await w.createUser({ username: 'demo_police', displayName: '经侦支队 韩警官', orgId: police.id, role: 'partner_staff' });

  // the pilot enterprises: the tour enterprise first (金凤区), each with an administrator account
  const pilots = await pickPilotEnterprises(w, regionCode, BENCH_DISTRICT_CODE, 10);
  const tourEnterprise = pilots[0];
  let receiptRef: string | undefined;
  const creditParties: { name: string; creditCode: string; username?: string }[] = [];
  if (tourEnterprise) {
    await w.createUser({ username: DEMO_ENTERPRISE, displayName: '企业管理员 杨帆', orgId: tourEnterprise.orgId, role: 'enterprise_admin' });
    accounts.push({ username: DEMO_ENTERPRISE, role: 'enterprise_admin', org: tourEnterprise.name });
    const others = [];
    for (const [i, e] of pilots.slice(1).entries()) {
      const username = `demo_ent${String(i + 2).padStart(2, '0')}`;
      await w.createUser({ username, displayName: '企业管理员', orgId: e.orgId, role: 'enterprise_admin' });
      others.push({ username, enterprise: e });
      creditParties.push({ name: e.name, creditCode: e.creditCode, username });
    }
    const served = await pickServedEnterprise(w, regionCode, pilots.map((p) => p.id));
    let site: { username: string; enterprise: typeof tourEnterprise } | undefined;
    if (served?.siteOrgId) {
      await w.createUser({ username: 'demo_site', displayName: '工作站 白老师', orgId: served.siteOrgId, role: 'site_staff' });
      site = { username: 'demo_site', enterprise: served };
    }

    const proofs = await seedDemoProofs(w, DEMO_ENTERPRISE);
    const first = proofs.records[0];
    if (first) receiptRef = `存证 ${first.commitment.slice(0, 16)}`;
    lines.push(`存证 Existence proofs: ${proofs.records.length} deposits of ${tourEnterprise.name}, log size ${proofs.logSize}, signed; sample documents in ${proofs.folder}`);

    const pf = await seedDemoProtection(w, DEMO_ENTERPRISE, proofs.records, site && served?.siteOrgId ? { username: site.username, orgId: served.siteOrgId } : undefined);
    lines.push(`保护档案 Protection file of ${tourEnterprise.name}: ${pf.secrets} secrets linked to the deposits, ${pf.measures} measures, ${pf.people} people, ${pf.acknowledged} notices acknowledged through their links, ${pf.grants} grant viewed by the site`);

    {
      const sv = await seedDemoServices(w, { city: BENCH_ACCOUNTS.city, regionCode, tour: DEMO_ENTERPRISE, others: others.map((x) => x.username) });
      if (!sv.providers) lines.push('服务对接 Services: no working site in the region: skipped');
      else lines.push(`服务对接 Services: ${sv.providers} providers (one qualification about to expire; staff demo_provider, station staff demo_service_site), ${sv.requests} help requests (one delivered and rated, one under way, one awaiting acceptance), ${sv.ledger} ledger rows counted against the city's contract with the site`);
      const ss = await seedDemoSystems(w, { regionCode, officer: BENCH_ACCOUNTS.district, tour: DEMO_ENTERPRISE, enterpriseId: tourEnterprise.id });
      lines.push(`其他服务体系 Other service systems: the directory from config/service-systems, ${ss} referrals (the tour enterprise followed one, the district officer recorded one)`);
      if (sv.providers) {
        const zx = await seedDemoConsultations(w, { city: BENCH_ACCOUNTS.city, tour: DEMO_ENTERPRISE, others: others.map((x) => x.username) });
        lines.push(`咨询问答 Consultations: ${zx.consultations} (one answered and published to /faq, one overdue at the law firm, one waiting for the district); a public help request delivered by the site, to follow and rate at /help-status?code=${zx.trackingCode ?? '—'}`);
      }
    }

    const a = await seedDemoAssessments(w, { city: BENCH_ACCOUNTS.city, tour: { username: DEMO_ENTERPRISE, enterprise: tourEnterprise }, others, site });
    const self = a.submitted - (a.onsite ? 1 : 0);
    lines.push(`诊断体检 Health checks: a city campaign over ${others.length + 1} enterprises; ${self} self-checks submitted and shared with the bureau, 1 draft of the tour enterprise${a.onsite ? ', 1 on-site check by a protection site' : ''}`);

    const ls = await seedDemoListening(w, {
      officer: BENCH_ACCOUNTS.district,
      city: BENCH_ACCOUNTS.city,
      tour: { username: DEMO_ENTERPRISE, enterpriseId: tourEnterprise.id },
      others: others.map((x) => ({ username: x.username, enterpriseId: x.enterprise.id })),
      site: site && served?.siteOrgId ? { username: site.username, orgId: served.siteOrgId } : undefined,
    });
    lines.push(`倾听企业 Listening: ${ls.meetings} visits/forums (a visit recorded with ${ls.needs} needs, one assigned to the site and replied), a survey from the template with ${ls.answers} answers`);
    accounts.push({ username: DEMO_ASSOCIATION, role: 'association_staff', org: ls.association.name });
    lines.push(`行业协会 Association: ${ls.association.name} (account ${DEMO_ASSOCIATION}) with ${ls.association.members} members, its 自律公约 in two versions, a members' forum with a need, a member survey with ${ls.association.answers} answer (the tour enterprise's is in its inbox)`);
  } else {
    lines.push('没有银川的登记企业：跳过体检与存证 No Yinchuan registry enterprise: health checks and proofs skipped (run with --enterprises > 0)');
  }

  const c = await seedDemoCases(w, {
    regionCode,
    officers,
    city: BENCH_ACCOUNTS.city,
    police: { username: 'demo_police', orgId: police.id },
    enterprise: tourEnterprise ? { username: DEMO_ENTERPRISE, receiptRef } : undefined,
  });
  lines.push(`投诉举报 Cases: ${c.cases} in ${regionCode} (${Object.entries(c.statuses).map(([s, n]) => `${s} ${n}`).join(', ')})`);

  // a second 金凤区 officer: reviews what bench_district asks for (cultivation) and enters (credit) — never one's own
  const [jinfeng] = bureaus.filter((b) => b.districtCode === BENCH_DISTRICT_CODE);
  if (jinfeng) await w.createUser({ username: 'demo_jinfeng_review', displayName: '金凤区 周岚', orgId: jinfeng.id, role: 'district_staff' });
  // the cultivation list of 金凤区: bench_district asks, demo_jinfeng_review passes on, the city approves
  if (jinfeng) {
    const cu = await seedDemoCultivation(w, { requester: BENCH_ACCOUNTS.district, reviewer: 'demo_jinfeng_review', city: BENCH_ACCOUNTS.city, regionCode, districtCode: BENCH_DISTRICT_CODE, first: pilots.map((e) => e.id) });
    lines.push(`培育企业 Cultivation list: ${cu.entries} 金凤区 enterprises (${Object.entries(cu.byStage).map(([s, n]) => `${s} ${n}`).join(', ')}; requests waiting for the district and the city, one returned)`);
  }
  // credit: a second 金凤区 officer reviews and publishes what bench_district enters; the closed penalty case's story
  if (jinfeng && creditParties.length) {
    const [waiting] = await w.read(BENCH_ACCOUNTS.city, (ctx) => credit.pendingCases(ctx));
    // the tour's case closed with a penalty is 西夏区's (demo-cases.ts, case 11): its officer writes the summary
    const writer = officers['640105'];
    const cr = await seedDemoCredit(w, {
      officer: BENCH_ACCOUNTS.district,
      reviewer: 'demo_jinfeng_review',
      city: BENCH_ACCOUNTS.city,
      parties: creditParties,
      summaryCase: waiting && writer ? { caseId: waiting.caseId, writer } : undefined,
    });
    lines.push(`信用 Credit: ${cr.records} penalty records in 金凤区 (review, on view, revoked, listed), ${cr.listed} on the serious-violation list, ${cr.repairs} repair application; ${waiting ? '1 closed case still waiting for its record' : 'no case waiting'}`);
  }
  const st = await seedDemoSites(w, { regionCode, district: BENCH_ACCOUNTS.district, officers });
  lines.push(`基地站点 Sites: ${st.applying} stations applying for acceptance (one waits for bench_district's review, one for the city's accreditation; staff demo_applicant1, demo_applicant2)`);
  const out = await seedDemoOutreach(w, { district: BENCH_ACCOUNTS.district, city: BENCH_ACCOUNTS.city, enterprise: tourEnterprise ? DEMO_ENTERPRISE : undefined });
  lines.push(`宣传培训 Outreach: ${out.trainings} trainings in 金凤区 (one held, with a quiz${tourEnterprise ? ', attended and passed by the tour enterprise' : ''}, one open), ${out.events} events, ${out.articles} articles (3 on /portal, 1 awaiting review), ${out.experts} experts in the pool, model text visitor-notice 2.0`);
  lines.push(await seedDemoSteering(w, { officer: BENCH_ACCOUNTS.district, city: BENCH_ACCOUNTS.city }));
  const tf = await seedDemoTaskforce(w, { city: BENCH_ACCOUNTS.city, district: BENCH_ACCOUNTS.district, officers, regionCode });
  if (tf.tasks) accounts.push({ username: 'demo_taskforce', role: 'taskforce_office', org: '银川市市场监督管理局（专班办公室）' });
  if (tf.tasks) lines.push(`统筹推进 Steering: a joint meeting with 2 decisions and ${tf.tasks} tasks (金凤区's accepted, the police's overdue and urged, 兴庆区's open; account demo_taskforce); ${tf.lines} budget lines with spending (金凤区 37.5 % executed)`);
  const appraisal = await seedDemoAppraisal(w, { city: BENCH_ACCOUNTS.city, district: BENCH_ACCOUNTS.district, officers, regionCode });
  if (appraisal) lines.push(appraisal);
  forgetCounts();
  return { accounts, lines };
}
