import fs from 'node:fs';
import path from 'node:path';
import type { ProofRecord, SecretCreate } from '@shangmi/shared';
import { integrate } from '../modules/proofs/log.service.js';
import { loadLogKeys } from '../modules/proofs/node-crypto.js';
import * as svc from '../modules/protection/protection.service.js';
import type { DemoWorld } from './demo-context.js';

/** Three entries of the tour enterprise's register (made up here: described, never contained). */
const SECRETS: SecretCreate[] = [
  {
    code: 'SM-2026-001',
    name: '核心生产工艺参数',
    category: 'technical',
    subKind: 'process',
    level: 'core',
    department: '工艺部',
    custodianName: '赵工',
    summary: '主生产线各工序的温度、压力与时间参数（内容不在平台）',
    createdOn: '2023-05-10',
    carriers: [
      { kind: 'electronic', description: '工艺参数表', location: 'PLM 系统（工艺部权限）' },
      { kind: 'paper', description: '工艺卡纸质版', location: '档案室 A-3 保密柜' },
    ],
    value: { advantages: ['cost', 'reputation'], formation: 'own_rd', notPublic: ['not_published', 'not_observable'], developmentCostFen: 380_000_00, advantageYears: 5, note: '良品率高于行业平均' },
  },
  {
    code: 'SM-2026-002',
    name: '新产品配方（第三批试验结论）',
    category: 'technical',
    subKind: 'formula',
    level: 'important',
    department: '研发中心',
    custodianName: '钱博士',
    summary: '第三批配方试验的组分比例与结论（内容不在平台）',
    createdOn: '2025-11-20',
    carriers: [{ kind: 'electronic', description: '试验记录与结论', location: '研发服务器（加密目录）' }],
    value: { advantages: ['revenue'], formation: 'own_rd', notPublic: ['not_published'], developmentCostFen: 120_000_00, advantageYears: 3, note: null },
  },
  {
    code: 'SM-2026-003',
    name: '重点客户名单及框架协议条件',
    category: 'business',
    subKind: 'customer',
    level: 'important',
    department: '销售部',
    custodianName: '孙经理',
    summary: '长期客户的名称、交易习惯与框架协议条件（内容不在平台）',
    createdOn: '2024-01-05',
    carriers: [{ kind: 'database', description: 'CRM 客户库', location: 'CRM（按区域授权）' }],
    value: { advantages: ['revenue'], formation: 'accumulated', notPublic: ['not_published', 'not_available'], developmentCostFen: null, advantageYears: 3, note: null },
  },
];

const PEOPLE = [
  { name: '赵建国', kind: 'employee', department: '工艺部', position: '工艺主管', agreementSignedOn: '2023-03-01', nonCompeteFrom: null, nonCompeteTo: null },
  { name: '钱晓雯', kind: 'employee', department: '研发中心', position: '研发工程师', agreementSignedOn: '2024-07-15', nonCompeteFrom: null, nonCompeteTo: null },
  { name: '孙立', kind: 'employee', department: '销售部', position: '区域经理', agreementSignedOn: null, nonCompeteFrom: null, nonCompeteTo: null },
  { name: '李卫东', kind: 'employee', department: '工艺部', position: '技术员', agreementSignedOn: '2022-09-01', nonCompeteFrom: null, nonCompeteTo: null },
  { name: '示例精密加工厂', kind: 'supplier', department: null, position: null, agreementSignedOn: '2025-02-10', nonCompeteFrom: null, nonCompeteTo: null },
];

export interface DemoProtectionResult {
  secrets: number;
  measures: number;
  people: number;
  acknowledged: number;
  grants: number;
}

/**
 * The tour enterprise's protection file, written through the module's services as its administrator: the register
 * (linked to the demo's deposits), measures with evidence, people who know the secrets, two notices
 * acknowledged through their links (deposited in the proof log), a departure, and — when a site serves the enterprise —
 * a grant to it that the site has viewed once.
 */
export async function seedDemoProtection(w: DemoWorld, username: string, proofs: ProofRecord[], site?: { username: string; orgId: number }): Promise<DemoProtectionResult> {
  const catalog = await w.read(username, (ctx) => svc.measureCatalog(ctx));
  const known = new Set(catalog.items.map((i) => i.id));
  const secrets = [];
  for (const [i, s] of SECRETS.entries()) secrets.push(await w.act(username, 'protection.create', w.daysAgo(60 - i * 3), (ctx) => svc.createSecret(ctx, s)));
  const people = [];
  for (const [i, p] of PEOPLE.entries()) {
    people.push(await w.act(username, 'protection.person', w.daysAgo(55 - i), (ctx) => svc.createPerson(ctx, { ...p, organisation: p.kind === 'supplier' ? p.name : null, employeeNo: null, email: null, phone: null, note: null })));
  }
  const [core, formula, customers] = secrets;
  // the demo's deposits are the secrets' carriers: parameters and the line's design to the process, the trial records to the formula
  const links: [number | undefined, (number | undefined)[]][] = [
    [core?.id, [proofs[0]?.id, proofs[3]?.id]],
    [formula?.id, [proofs[1]?.id]],
    [customers?.id, [proofs[2]?.id]],
  ];
  for (const [secretId, ids] of links) {
    const proofIds = ids.filter((x): x is number => x !== undefined);
    if (secretId && proofIds.length) await w.act(username, 'protection.link', w.daysAgo(45), (ctx) => svc.linkProofs(ctx, secretId, proofIds));
  }
  const [zhao, qian, sun, li, supplier] = people;
  await w.act(username, 'protection.knowers', w.daysAgo(50), (ctx) => svc.changeKnowers(ctx, core!.id, { add: [zhao!.id, li!.id, supplier!.id] }));
  await w.act(username, 'protection.knowers', w.daysAgo(50), (ctx) => svc.changeKnowers(ctx, formula!.id, { add: [qian!.id] }));
  await w.act(username, 'protection.knowers', w.daysAgo(50), (ctx) => svc.changeKnowers(ctx, customers!.id, { add: [sun!.id] }));

  // measures: the marking and the NDA proven by deposits, storage and access recorded, one without evidence yet
  const proofOf = (i: number) => proofs[i]?.id;
  const plan: { secret: number; requirementId: string; days: number; proof?: number }[] = [
    { secret: core!.id, requirementId: 'carriers.marking', days: 40, proof: proofOf(0) },
    { secret: core!.id, requirementId: 'personnel.nda', days: 40, proof: proofOf(3) },
    { secret: core!.id, requirementId: 'carriers.storage', days: 38 },
    { secret: core!.id, requirementId: 'it.access_levels', days: 35, proof: proofOf(0) },
    { secret: formula!.id, requirementId: 'personnel.nda', days: 30, proof: proofOf(1) },
    { secret: formula!.id, requirementId: 'carriers.marking', days: 30 },
    { secret: customers!.id, requirementId: 'it.access_levels', days: 25, proof: proofOf(2) },
  ];
  let measures = 0;
  for (const m of plan.filter((x) => known.has(x.requirementId))) {
    const at = w.daysAgo(m.days);
    const evidence = m.proof ? { kind: 'proof' as const, proofId: m.proof } : { kind: 'none' as const };
    await w.act(username, 'protection.measure', at, (ctx) => svc.addMeasure(ctx, m.secret, { requirementId: m.requirementId, takenOn: at.toISOString().slice(0, 10), note: null, evidence }));
    measures++;
  }

  // notices: 赵建国 and 李卫东 for the core process, acknowledged through their links; 孙立's still waits
  const sent = await w.act(username, 'protection.notice', w.daysAgo(20), (ctx) => svc.sendNotices(ctx, { personIds: [zhao!.id, li!.id], secretIds: [core!.id], sendEmail: false }));
  await w.act(username, 'protection.notice', w.daysAgo(5), (ctx) => svc.sendNotices(ctx, { personIds: [sun!.id], secretIds: [customers!.id], sendEmail: false }));
  let acknowledged = 0;
  for (const [i, item] of sent.items.entries()) {
    const token = item.link.slice(item.link.lastIndexOf('/') + 1);
    const at = w.daysAgo(19 - i, 15);
    const notice = await w.act(null, 'protection.notice-open', at, (ctx) => svc.publicNotice(ctx, token));
    await w.act(null, 'protection.acknowledge', at, (ctx) => svc.acknowledge(ctx, token, { typedName: item.personName, textSha256: notice.textSha256 }));
    // beside the sample documents, so a visitor can check the acknowledgement's receipt with its document
    const doc = await w.read(username, (ctx) => svc.acknowledgementDocument(ctx, item.noticeId));
    fs.writeFileSync(path.join(w.deps.config.dataDir, 'demo-documents', doc.name), doc.bytes);
    acknowledged++;
  }
  const ackNotice = sent.items[0];
  if (ackNotice && known.has('training.notice')) {
    await w.act(username, 'protection.measure', w.daysAgo(18), (ctx) =>
      svc.addMeasure(ctx, core!.id, { requirementId: 'training.notice', takenOn: w.daysAgo(18).toISOString().slice(0, 10), note: null, evidence: { kind: 'record', recordKind: 'notice', recordId: ackNotice.noticeId } }),
    );
    measures++;
  }

  // 李卫东 left: his checklist is done but the exit undertaking
  const departed = w.daysAgo(10).toISOString().slice(0, 10);
  await w.act(username, 'protection.departure', w.daysAgo(10), (ctx) =>
    svc.upsertDeparture(ctx, li!.id, { departedOn: departed, items: { register: departed, return: departed, erase: departed, destroy: departed, undertaking: null }, note: '离职承诺书待本人签回' }),
  );

  let grants = 0;
  if (site) {
    const until = w.daysAgo(-30).toISOString().slice(0, 10);
    const g = await w.act(username, 'protection.grant', w.daysAgo(3), (ctx) => svc.createGrant(ctx, { granteeOrgId: site.orgId, granteeUserId: null, parts: ['register', 'measures'], purpose: '工作站上门辅导：核对清单与保密措施', validUntil: until }));
    await w.act(site.username, 'protection.view', w.daysAgo(2, 14), (ctx) => svc.viewGranted(ctx, g.id, 'measures'));
    grants++;
  }
  const origin = w.deps.config.logOrigin;
  await integrate(w.database, loadLogKeys(w.deps.config.dataDir, origin), origin);
  return { secrets: secrets.length, measures, people: people.length, acknowledged, grants };
}
