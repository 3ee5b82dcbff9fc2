import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { ALL_PERMISSIONS, BUILTIN_ROLES, ORG_KINDS, regionConfig, standardFile, type RegionConfig, type StandardFile } from '@shangmi/shared';
import { GBT4754_2017 } from '@shangmi/shared/data/industries';
import type { Db } from './db/client.js';
import { appMeta, appraisalSchemeVersions, assessmentFrameworks, dictItems, dictTypes, districts, orgs, parks, regions, roles, siteStandards, siteTargets, userRoles, users } from './db/schema/index.js';
import { loadSchemeFiles } from './modules/appraisal/files.js';
import { loadFrameworkFiles } from './modules/assessments/frameworks.js';
import { seedServiceSystems } from './modules/sites/systems-seed.js';
import { hashPassword } from './platform/crypto.js';

export const REGIONS_DIR = path.resolve(import.meta.dirname, '../../../config/regions');
export const STANDARDS_DIR = path.resolve(import.meta.dirname, '../../../config/standards');

const ORG_KIND_LABELS: Record<(typeof ORG_KINDS)[number], [string, string]> = {
  platform: ['平台运营单位', 'Platform operator'],
  city_bureau: ['市级市场监管局', 'City market regulation bureau'],
  district_bureau: ['县(市)区市场监管局', 'District market regulation bureau'],
  police: ['公安机关', 'Police'],
  procuratorate: ['检察院', 'Procuratorate'],
  court: ['法院', 'Court'],
  justice: ['司法局', 'Justice bureau'],
  site: ['保护基地/站/点', 'Protection site'],
  provider: ['第三方服务机构', 'Service provider'],
  enterprise: ['企业', 'Enterprise'],
  association: ['行业协会', 'Industry association'],
  department: ['信用协同部门', 'Credit partner department'],
  other: ['其他', 'Other'],
};

interface DictSeed {
  code: string;
  nameZh: string;
  nameEn: string;
  items: { value: string; labelZh: string; labelEn: string; parentValue?: string | null }[];
}

export const DICT_SEEDS: DictSeed[] = [
  {
    code: 'org_kind',
    nameZh: '机构类型',
    nameEn: 'Organisation kinds',
    items: ORG_KINDS.map((k) => ({ value: k, labelZh: ORG_KIND_LABELS[k][0], labelEn: ORG_KIND_LABELS[k][1] })),
  },
  {
    code: 'enterprise_kind',
    nameZh: '企业类型',
    nameEn: 'Enterprise kinds',
    items: [
      { value: 'knowledge_intensive', labelZh: '知识密集型', labelEn: 'Knowledge-intensive' },
      { value: 'technology_intensive', labelZh: '技术密集型', labelEn: 'Technology-intensive' },
      { value: 'innovative', labelZh: '创新型', labelEn: 'Innovative' },
      { value: 'time_honoured', labelZh: '老字号', labelEn: 'Time-honoured brand' },
      { value: 'high_tech', labelZh: '高新技术企业', labelEn: 'High-tech enterprise' },
      { value: 'specialised', labelZh: '专精特新', labelEn: 'Specialised and innovative SME' },
    ],
  },
  {
    code: 'enterprise_size',
    nameZh: '企业规模',
    nameEn: 'Enterprise sizes',
    items: [
      { value: 'large', labelZh: '大型', labelEn: 'Large' },
      { value: 'medium', labelZh: '中型', labelEn: 'Medium' },
      { value: 'small', labelZh: '小型', labelEn: 'Small' },
      { value: 'micro', labelZh: '微型', labelEn: 'Micro' },
    ],
  },
  {
    code: 'site_host_kind',
    nameZh: '站点依托单位类型',
    nameEn: 'Site host kinds',
    items: [
      { value: 'park_committee', labelZh: '园区管委会', labelEn: 'Park management committee' },
      { value: 'association', labelZh: '行业协会', labelEn: 'Industry association' },
      { value: 'law_firm', labelZh: '律师事务所', labelEn: 'Law firm' },
      { value: 'forensic', labelZh: '司法鉴定机构', labelEn: 'Forensic appraisal institution' },
      { value: 'ip_service', labelZh: '知识产权服务机构', labelEn: 'IP service agency' },
      { value: 'alliance', labelZh: '服务联盟', labelEn: 'Service alliance' },
      { value: 'enterprise', labelZh: '企业', labelEn: 'Enterprise' },
      { value: 'university', labelZh: '高校', labelEn: 'University' },
      { value: 'government', labelZh: '政府部门', labelEn: 'Government agency' },
      { value: 'other', labelZh: '其他', labelEn: 'Other' },
    ],
  },
  {
    // the service catalogue's kinds (issue 15): what sites and providers offer and enterprises ask for
    code: 'service_kind',
    nameZh: '服务类型',
    nameEn: 'Service kinds',
    items: [
      { value: 'consulting', labelZh: '咨询', labelEn: 'Consulting' },
      { value: 'checkup', labelZh: '诊断体检', labelEn: 'Health check' },
      { value: 'field_guidance', labelZh: '实地指导', labelEn: 'On-site guidance' },
      { value: 'training', labelZh: '培训', labelEn: 'Training' },
      { value: 'rights_assistance', labelZh: '维权援助', labelEn: 'Enforcement assistance' },
      { value: 'legal_consulting', labelZh: '法律咨询', labelEn: 'Legal advice' },
      { value: 'appraisal', labelZh: '鉴定', labelEn: 'Forensic appraisal' },
      { value: 'coordination', labelZh: '协同指导', labelEn: 'Coordinated guidance' },
      { value: 'publicity', labelZh: '宣传普及', labelEn: 'Publicity' },
    ],
  },
  {
    code: 'site_service',
    nameZh: '站点服务内容',
    nameEn: 'Site services',
    items: [
      { value: 'consulting', labelZh: '咨询', labelEn: 'Consulting' },
      { value: 'field_guidance', labelZh: '实地指导', labelEn: 'On-site guidance' },
      { value: 'checkup', labelZh: '诊断体检', labelEn: 'Health check' },
      { value: 'training', labelZh: '培训', labelEn: 'Training' },
      { value: 'rights_assistance', labelZh: '维权援助', labelEn: 'Enforcement assistance' },
      { value: 'coordination', labelZh: '协同指导', labelEn: 'Coordinated guidance' },
      { value: 'evidence', labelZh: '证据固定与存证', labelEn: 'Evidence preservation' },
      { value: 'publicity', labelZh: '宣传普及', labelEn: 'Publicity' },
    ],
  },
  {
    code: 'industry',
    nameZh: '国民经济行业分类（GB/T 4754-2017）',
    nameEn: 'Industries (GB/T 4754-2017)',
    items: GBT4754_2017.map((e) => ({ value: e.code, labelZh: e.nameZh, labelEn: e.nameEn, parentValue: e.parent })),
  },
];

export function loadRegionConfigs(dir = REGIONS_DIR): RegionConfig[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      // the same rules as a region added on the web (POST /api/regions): a broken file stops the start with its problem
      const parsed = regionConfig.safeParse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      if (!parsed.success) {
        throw new Error(`config/regions/${f}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      return parsed.data;
    });
}

/** The construction standards shipped in config/standards/, validated (a broken file stops the start with its problem). */
export function loadStandardFiles(dir = STANDARDS_DIR): StandardFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = standardFile.safeParse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      if (!parsed.success) {
        throw new Error(`config/standards/${f}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      return parsed.data;
    });
}

/** A shipped standard as a region's version `version`. */
export function shippedStandardRow(st: StandardFile, regionCode: string, version: number): typeof siteStandards.$inferInsert {
  return { regionCode, kind: st.kind, version, fileVersion: st.version, title: st.title, basis: st.basis ?? null, passScore: st.passScore, items: st.items, source: 'file' };
}

/** The newest shipped standard of each kind. */
export function latestStandards(standards: StandardFile[]): StandardFile[] {
  const byKind = new Map<string, StandardFile>();
  for (const st of standards) if ((byKind.get(st.kind)?.version ?? 0) < st.version) byKind.set(st.kind, st);
  return [...byKind.values()];
}

async function insertOrg(db: Db, parent: { id: number; path: string } | null, values: Omit<typeof orgs.$inferInsert, 'path' | 'parentId'>) {
  const [row] = await db
    .insert(orgs)
    .values({ ...values, parentId: parent?.id ?? null, path: '/' })
    .returning({ id: orgs.id });
  const p = `${parent?.path ?? '/'}${row.id}/`;
  await db.update(orgs).set({ path: p }).where(eq(orgs.id, row.id));
  return { id: row.id, path: p };
}

/**
 * Reference data, idempotent: dictionaries and built-in roles gain what is new without undoing an admin's edits;
 * a region's organisations are created once, when the region first appears.
 */
export async function seedReferenceData(db: Db, regionConfigs = loadRegionConfigs(), standards = loadStandardFiles(), frameworks = loadFrameworkFiles()): Promise<void> {
  await db.transaction(async (tx) => {
    // several nodes may start together: one seeds, the others wait and find nothing to do
    await tx.execute(sql`select pg_advisory_xact_lock(7310003)`);

    for (const d of DICT_SEEDS) {
      await tx
        .insert(dictTypes)
        .values({ code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, system: true })
        .onConflictDoNothing();
      await tx
        .insert(dictItems)
        .values(d.items.map((it, i) => ({ typeCode: d.code, ...it, parentValue: it.parentValue ?? null, sort: i, system: true })))
        .onConflictDoNothing();
    }

    // built-in roles: create missing ones; permissions that appeared since the last seed are added to the roles
    // whose definition lists them, so admins' own edits to older permissions stay as they were
    const [known] = await tx.select().from(appMeta).where(eq(appMeta.key, 'seeded_permissions'));
    const knownSet = new Set<string>((known?.value as string[] | undefined) ?? []);
    const fresh = ALL_PERMISSIONS.filter((p) => !knownSet.has(p));
    for (const r of BUILTIN_ROLES) {
      const [existing] = await tx.select().from(roles).where(eq(roles.code, r.code));
      if (!existing) {
        await tx.insert(roles).values({ ...r, builtin: true, permissions: r.permissions });
      } else if (fresh.length) {
        const add = r.permissions.filter((p) => fresh.includes(p) && !existing.permissions.includes(p));
        if (add.length) await tx.update(roles).set({ permissions: [...existing.permissions, ...add] }).where(eq(roles.id, existing.id));
      }
    }
    await tx
      .insert(appMeta)
      .values({ key: 'seeded_permissions', value: ALL_PERMISSIONS })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: ALL_PERMISSIONS, updatedAt: new Date() } });

    // health-check frameworks shipped as files: each code and version once (an upload never overwrites a shipped one)
    for (const f of frameworks) {
      await tx
        .insert(assessmentFrameworks)
        .values({ code: f.code, version: f.version, title: f.title.zh, data: f, source: 'file' })
        .onConflictDoNothing();
    }

    let [root] = await tx.select({ id: orgs.id, path: orgs.path }).from(orgs).where(and(eq(orgs.kind, 'platform'), isNull(orgs.parentId)));
    if (!root) root = await insertOrg(tx, null, { name: '商秘通平台', shortName: '平台', kind: 'platform' });

    for (const rc of regionConfigs) await seedRegion(tx, root, rc, standards);

    // appraisal schemes shipped as files: each region's and year's version 1, once (the city's later versions are rows)
    const codes = new Set(regionConfigs.map((r) => r.code));
    for (const s of loadSchemeFiles().filter((x) => codes.has(x.regionCode))) {
      await tx.insert(appraisalSchemeVersions).values({ regionCode: s.regionCode, year: s.year, version: 1, status: 'published', source: 'file', scheme: s, publishedAt: new Date() }).onConflictDoNothing();
    }
  });
}

/**
 * One region's reference data, idempotent (the start's seeding of config/regions and a region added on the web share it):
 * the region, its districts and parks, each kind's newest shipped construction standard, its targets, and — when the region
 * first appears — its city bureau, district bureaus and partner organisations.
 */
export async function seedRegion(tx: Db, root: { id: number; path: string }, rc: RegionConfig, standards: StandardFile[]): Promise<void> {
  const [existing] = await tx.select().from(regions).where(eq(regions.code, rc.code));
  if (!existing) await tx.insert(regions).values({ code: rc.code, name: rc.name, nameEn: rc.nameEn });
  await tx
    .insert(districts)
    .values(rc.districts.map((d, i) => ({ code: d.code, regionCode: rc.code, name: d.name, nameEn: d.nameEn, sort: i })))
    .onConflictDoNothing();
  if (rc.parks.length) {
    await tx
      .insert(parks)
      .values(rc.parks.map((p, i) => ({ regionCode: rc.code, districtCode: p.districtCode, name: p.name, nameEn: p.nameEn, sort: i })))
      .onConflictDoNothing();
  }
  // each kind's newest shipped standard becomes the region's next version — unless the city has edited that kind
  // since the last shipped one it took: then its own edit stays current and the newer file is offered to adopt
  for (const st of latestStandards(standards)) {
    const rows = await tx
      .select({ version: siteStandards.version, source: siteStandards.source, fileVersion: siteStandards.fileVersion })
      .from(siteStandards)
      .where(and(eq(siteStandards.regionCode, rc.code), eq(siteStandards.kind, st.kind)))
      .orderBy(desc(siteStandards.version));
    const taken = Math.max(0, ...rows.map((r) => r.fileVersion ?? 0));
    if (st.version <= taken || rows[0]?.source === 'edit') continue;
    await tx.insert(siteStandards).values(shippedStandardRow(st, rc.code, (rows[0]?.version ?? 0) + 1));
  }
  if (rc.siteTargets?.length) {
    const [has] = await tx.select({ id: siteTargets.id }).from(siteTargets).where(eq(siteTargets.regionCode, rc.code)).limit(1);
    if (!has) await tx.insert(siteTargets).values(rc.siteTargets.map((g) => ({ regionCode: rc.code, ...g, districtCode: null })));
  }
  // the directory of other service systems (issue 24 item 5): its config file, once, while the region has no entry
  await seedServiceSystems(tx, rc);
  if (existing) return;
  const city = await insertOrg(tx, root, { name: rc.cityBureau, kind: 'city_bureau', regionCode: rc.code });
  for (const [i, d] of rc.districts.entries()) {
    await insertOrg(tx, city, { name: d.bureau, kind: 'district_bureau', regionCode: rc.code, districtCode: d.code, sort: i });
  }
  for (const [i, p] of rc.partners.entries()) {
    await insertOrg(tx, city, { name: p.name, kind: p.kind, regionCode: rc.code, sort: 100 + i });
  }
}

export interface InitialAdmin {
  username: string;
  password: string;
  generated: boolean;
}

/** On an empty user table: the `admin` account, which must change its password at first login. */
export async function ensureInitialAdmin(db: Db, presetPassword?: string): Promise<InitialAdmin | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7310004)`);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
    if (n > 0) return null;
    const [root] = await tx.select().from(orgs).where(and(eq(orgs.kind, 'platform'), isNull(orgs.parentId)));
    const [role] = await tx.select().from(roles).where(inArray(roles.code, ['platform_admin']));
    const generated = !presetPassword;
    const password = presetPassword ?? generatePassword();
    const [u] = await tx
      .insert(users)
      .values({
        username: 'admin',
        displayName: '系统管理员',
        orgId: root.id,
        orgPath: root.path,
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
      })
      .returning({ id: users.id });
    await tx.insert(userRoles).values({ userId: u.id, roleId: role.id });
    return { username: 'admin', password, generated };
  });
}

/** 16 characters from four classes, without look-alikes (0/O, 1/l/I). */
export function generatePassword(length = 16): string {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!@#$%^&*-_=+'];
  const all = sets.join('');
  const chars = sets.map((s) => s[crypto.randomInt(s.length)]);
  while (chars.length < length) chars.push(all[crypto.randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** Where the first start (main.ts) and the demo write a generated initial password, for the operator's first login. */
export const initialPasswordFile = (dataDir: string) => path.join(dataDir, 'initial-admin-password.txt');

/**
 * Deletes the initial-password file once its user has set a password of their own: the old one opens nothing any more,
 * and a file of credentials should not outlive its use (issue 22 item 9). Another user's change leaves it alone.
 */
export function forgetInitialPassword(dataDir: string, username: string): boolean {
  const file = initialPasswordFile(dataDir);
  try {
    if (fs.readFileSync(file, 'utf8').split('\n')[0] !== username) return false;
    fs.rmSync(file);
    return true;
  } catch {
    return false; // no such file: nothing to forget
  }
}
