/** The protection network at scale (`--sites N`): N sites over the 46 pilot regions, stored the way the sites module stores them. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { rowsOf, textArrayLiteral } from '../../db/sql.js';
import { loadStandardFiles, seedReferenceData } from '../../seed.js';
import { BENCH_ACCOUNTS, dropSecondaryIndexes, pickWeighted, prng, reserveIds } from './common.js';
import { BUILDINGS, ENTERPRISE_DISTRICT_WEIGHTS, MAIL_DOMAINS, STREETS, ZIHAO_FIRST, ZIHAO_PLACES, ZIHAO_SECOND } from './enterprise-profiles.js';
import { FIRM_FORMS, FIRM_TRADES, personPicker } from './names.js';
import { AREA_CODES, PILOT_CITIES, YINCHUAN_CENTRE, pilotRegionConfigs } from './regions.js';

const SITE_SERVICES: [string, number][] = [
  ['consulting', 0.95], ['field_guidance', 0.6], ['checkup', 0.45], ['training', 0.55], ['rights_assistance', 0.4], ['coordination', 0.3], ['evidence', 0.2], ['publicity', 0.5],
];
const HOST_KINDS: [string, number][] = [
  ['park_committee', 12], ['association', 16], ['law_firm', 14], ['forensic', 3], ['ip_service', 12], ['alliance', 4], ['enterprise', 25], ['university', 5], ['government', 7], ['other', 2],
];
// no 申请验收 (applying): an application is its self-evaluation, evidence and workflow state, which only the real
// submission writes (a seeded one answered 409 when reviewed); the demo submits a few through the sites services
const SITE_STATUS_MIX: [SiteStatusValue, number][] = [
  ['planned', 5], ['building', 12], ['accredited', 24], ['operating', 52], ['suspended', 4], ['revoked', 3],
];
type SiteStatusValue = 'planned' | 'building' | 'applying' | 'accredited' | 'operating' | 'suspended' | 'revoked';
const SITE_HOURS = ['周一至周五 9:00-17:00', '周一至周五 8:30-12:00，14:30-18:00', '工作日 9:00-17:30', '周一至周六 9:00-17:00', '预约服务'];
const GENERIC_STREETS = ['人民路', '解放路', '建设路', '中山路', '新华路', '文化路', '和平路', '长江路', '黄河路', '科技路', '创业大道', '工业园路', '学府路', '金融街', '滨河大道', '高新大道'];
const ASSOCIATION_TRADES = ['电子商务', '软件和信息服务', '食品', '医药', '新材料', '装备制造', '文化创意', '农产品加工', '新能源', '葡萄酒', '枸杞', '物流'];
const SITE_PLAQUE: Record<'base' | 'station' | 'point', string> = { base: 'J', station: 'Z', point: 'D' };

/** Rows per INSERT … SELECT FROM unnest statement when seeding sites. */
const SITE_BATCH = 10_000;

interface GeneratedSite {
  id: number;
  orgId: number;
  orgParentId: number;
  orgPath: string;
  regionCode: string;
  districtCode: string | null;
  parkId: number | null;
  kind: 'base' | 'station' | 'point';
  level: 'city' | 'district';
  name: string;
  parentSiteId: number | null;
  hostName: string;
  hostKind: string;
  address: string;
  lng: number | null;
  lat: number | null;
  contactName: string;
  contactPhone: string;
  contactEmail: string | null;
  hours: string | null;
  services: string[];
  intro: string | null;
  status: SiteStatusValue;
  statusChangedAt: number;
  accreditedAt: number | null;
  plaqueNo: string | null;
  revokedAt: number | null;
  acceptance: 'district' | 'city' | 'returned' | 'approved' | null;
  submittedAt: number | null;
  createdAt: number;
}

/**
 * N protection sites over 46 pilot regions (Yinchuan plus the 45 of {@link pilotRegionConfigs}, seeded first with the
 * application's seedReferenceData: regions, districts, parks, city and district bureaus, partners, standards, targets).
 * Per region (sizes vary 0.5–1.5×): ~6 % bases (mostly city level, a few without a district, under the city bureau),
 * ~34 % stations (two thirds under a base), the rest points (under a station, a base or the district bureau) — each an
 * organisation of kind `site` under its parent site's organisation or its bureau (path `<parent path><id>/`), the
 * `sites` row with `org_path` copied, a child taking its parent's district. Statuses 规划 … 运行中 with most accredited
 * or operating (none 申请验收: see SITE_STATUS_MIX), accreditation dates over 2025–2026 with plaque numbers `<region>-<J|Z|D>-<year>-<nnn>` in
 * accreditation order, acceptance states, services from the dictionary, hosts, contacts and coordinates in the region;
 * the history as the module writes it (`created`, then the status steps). Acceptance records and evidence are not
 * generated (no benchmarked route reads them). One transaction, set-based, the sites table's secondary indexes rebuilt
 * at the end as for the enterprises.
 */
export async function seedSites(database: Database, n: number, seed: number, log: (line: string) => void, phase: (name: string) => void): Promise<number> {
  const db = database.db;
  await seedReferenceData(db, pilotRegionConfigs(), loadStandardFiles());
  phase('pilot regions');
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = on`); // see the users' transaction
    await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
    const rnd = prng((seed ^ 0x517e_5eed) >>> 0);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const regionRows = rowsOf<{ code: string; name: string }>(await tx.execute(sql`select code, name from regions order by code`));
    const districtRows = rowsOf<{ code: string; region_code: string; name: string }>(await tx.execute(sql`select code, region_code, name from districts order by sort, code`));
    const parkRows = rowsOf<{ id: number; region_code: string; district_code: string | null; name: string }>(await tx.execute(sql`select id, region_code, district_code, name from parks order by id`));
    const bureauRows = rowsOf<{ id: number; path: string; name: string; kind: string; region_code: string; district_code: string | null }>(
      await tx.execute(sql`select id, path, name, kind, region_code, district_code from orgs where kind in ('city_bureau', 'district_bureau') order by id`),
    );
    const [author] = rowsOf<{ id: number; display_name: string; org_id: number; org_name: string }>(
      await tx.execute(sql`select u.id, u.display_name, u.org_id, o.name as org_name from users u join orgs o on o.id = u.org_id where u.username = ${BENCH_ACCOUNTS.city}`),
    );
    const centres = new Map<string, [number, number]>([['640100', YINCHUAN_CENTRE], ...PILOT_CITIES.map((c) => [c[0], [c[3], c[4]]] as [string, [number, number]])]);
    const regionList = regionRows.filter((r) => centres.has(r.code) && bureauRows.some((b) => b.kind === 'city_bureau' && b.region_code === r.code));
    if (!regionList.length) throw new Error('no regions with a city bureau');
    const weights = regionList.map((r) => (r.code === '640100' ? 1 : 0.5 + rnd()));
    const wSum = weights.reduce((a, b) => a + b, 0);
    // whole numbers per region adding up to n
    const perRegion = weights.map((w) => Math.floor((n * w) / wSum));
    for (let k = 0, left = n - perRegion.reduce((a, b) => a + b, 0); left > 0; k = (k + 1) % perRegion.length, left--) perRegion[k]++;

    const rebuildIndexes = await dropSecondaryIndexes(tx, 'sites', log);

    const firstOrg = await reserveIds(tx, 'orgs', n);
    const firstSite = await reserveIds(tx, 'sites', n);
    const DAY = 86_400_000;
    const now = Date.now();
    const from2025 = Date.UTC(2024, 11, 31, 16); // 2025-01-01 00:00 in Asia/Shanghai
    const person = personPicker(rnd);
    const zihao = () => (rnd() < 0.15 ? pick(ZIHAO_PLACES) : `${pick(ZIHAO_FIRST)}${pick(ZIHAO_SECOND)}`);
    const landline = (regionCode: string) => {
      const area = AREA_CODES[regionCode] ?? '0951';
      return area.length === 3 ? `${area}-${2 + Math.floor(rnd() * 7)}${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}` : `${area}-${String(2_000_000 + Math.floor(rnd() * 7_999_999))}`;
    };
    const hostKindTotal = HOST_KINDS.reduce((s, h) => s + h[1], 0);
    const statusTotal = SITE_STATUS_MIX.reduce((s, h) => s + h[1], 0);

    const all: GeneratedSite[] = [];
    let next = 0;
    for (const [ri, region] of regionList.entries()) {
      const m = perRegion[ri];
      if (!m) continue;
      const cityShort = region.name.replace(/市$/, '');
      const city = bureauRows.find((b) => b.kind === 'city_bureau' && b.region_code === region.code)!;
      const ds = districtRows.filter((d) => d.region_code === region.code && bureauRows.some((b) => b.district_code === d.code));
      const bureauOf = new Map(bureauRows.filter((b) => b.kind === 'district_bureau').map((b) => [b.district_code!, b]));
      const dWeights = new Map(ds.map((d) => [d.code, ENTERPRISE_DISTRICT_WEIGHTS[d.code] ?? 0.6 + 0.8 * rnd()]));
      const dOffset = new Map(ds.map((d) => [d.code, [(rnd() - 0.5) * 0.3, (rnd() - 0.5) * 0.24] as const]));
      const dTotal = ds.reduce((s, d) => s + dWeights.get(d.code)!, 0);
      const parks = parkRows.filter((p) => p.region_code === region.code);
      const [clng, clat] = centres.get(region.code)!;
      const names = new Set<string>();
      const nBases = Math.max(1, Math.round(m * 0.06));
      const nStations = Math.min(m - nBases, Math.round(m * 0.34));
      const bases: GeneratedSite[] = [];
      const stations: GeneratedSite[] = [];
      const plaqueSeq = new Map<string, number>();
      const regionSites: GeneratedSite[] = [];
      for (let k = 0; k < m; k++) {
        const kind = k < nBases ? 'base' : k < nBases + nStations ? 'station' : 'point';
        // the parent: a base hangs under its bureau; a station under a base or its bureau; a point under a station, a base or its bureau
        const r = rnd();
        const parent =
          kind === 'station' && r < 0.65 ? pick(bases) : kind === 'point' && r < 0.55 && stations.length ? pick(stations) : kind === 'point' && r < 0.7 ? pick(bases) : null;
        const districtCode = parent ? parent.districtCode : kind === 'base' && rnd() < 0.04 ? null : pickWeighted(rnd, ds, (d) => dWeights.get(d.code)!, dTotal).code;
        const district = districtCode ? ds.find((d) => d.code === districtCode)! : null;
        const parentOrg = parent ? { id: parent.orgId, path: parent.orgPath } : districtCode ? bureauOf.get(districtCode)! : city;
        const localParks = parks.filter((p) => !p.district_code || p.district_code === districtCode);
        const park = localParks.length && rnd() < 0.15 ? pick(localParks) : null;
        const hostKind = pickWeighted(rnd, HOST_KINDS, (h) => h[1], hostKindTotal)[0];
        const place = district?.name ?? cityShort;
        const hostName = (() => {
          switch (hostKind) {
            case 'park_committee':
              return `${park?.name ?? pick(parks)?.name ?? `${cityShort}产业园`}管理委员会`;
            case 'association':
              return `${cityShort}${pick(ASSOCIATION_TRADES)}行业协会`;
            case 'law_firm':
              return `${cityShort}${zihao()}律师事务所`;
            case 'forensic':
              return `${cityShort}${zihao()}司法鉴定所`;
            case 'ip_service':
              return `${cityShort}${zihao()}知识产权代理有限公司`;
            case 'alliance':
              return `${cityShort}${pick(ASSOCIATION_TRADES)}商业秘密保护服务联盟`;
            case 'university':
              return `${cityShort}${pick(['理工', '职业技术', '科技', '师范', '工商'])}学院`;
            case 'government':
              return `${place}${pick(GENERIC_STREETS).replace(/路|大道|街$/, '')}街道办事处`;
            case 'enterprise':
              return `${cityShort}${zihao()}${pick(FIRM_TRADES)}${pick(FIRM_FORMS)}`;
            default:
              return `${place}${pick(['商会', '创业服务中心', '孵化器', '科技馆'])}`;
          }
        })();
        const core = hostName.replace(/(管理委员会|有限公司|股份有限公司|有限责任公司)$/, '');
        let name =
          kind === 'base'
            ? `${district ? `${cityShort}${district.name}` : region.name}${hostKind === 'park_committee' ? core : ''}商业秘密保护示范基地`
            : kind === 'station'
              ? `${core}商业秘密保护工作站`
              : `${core}商业秘密保护服务点`;
        for (let s = 2; names.has(name); s++) name = name.replace(/(（\d+）)?$/, `（${s}）`);
        names.add(name);
        const street = pick((districtCode && STREETS[districtCode]) || GENERIC_STREETS);
        const address = `${region.name}${district?.name ?? ''}${street}${1 + Math.floor(rnd() * 400)}号${rnd() < 0.4 ? `${pick(BUILDINGS)}${1 + Math.floor(rnd() * 20)}层` : ''}`;
        const [ox, oy] = districtCode ? dOffset.get(districtCode)! : [0, 0];
        const located = rnd() < 0.92;
        const contact = person();
        const services = SITE_SERVICES.filter(([, p]) => rnd() < p * (kind === 'base' ? 1.3 : kind === 'point' ? 0.8 : 1)).map(([v]) => v);
        if (!services.length) services.push('consulting');
        // status and its dates
        const status = pickWeighted(rnd, SITE_STATUS_MIX, (s) => s[1], statusTotal)[0];
        const everAccredited = status === 'accredited' || status === 'operating' || status === 'suspended' || (status === 'revoked' && rnd() < 0.5);
        let accreditedAt: number | null = null;
        let createdAt: number;
        let statusChangedAt: number;
        let submittedAt: number | null = null;
        let acceptance: GeneratedSite['acceptance'] = null;
        let revokedAt: number | null = null;
        if (everAccredited) {
          accreditedAt = from2025 + Math.floor(rnd() * (now - 7 * DAY - from2025));
          createdAt = accreditedAt - Math.floor((60 + rnd() * 240) * DAY);
          submittedAt = accreditedAt - Math.floor((7 + rnd() * 40) * DAY);
          acceptance = 'approved';
          statusChangedAt = status === 'accredited' ? accreditedAt : accreditedAt + Math.floor(rnd() * (now - accreditedAt));
          if (status === 'revoked') revokedAt = statusChangedAt;
        } else {
          createdAt = from2025 - 120 * DAY + Math.floor(rnd() * (now - from2025 + 100 * DAY));
          statusChangedAt = createdAt + Math.floor(rnd() * (now - createdAt));
          if (status === 'building' && rnd() < 0.1) {
            submittedAt = createdAt + Math.floor(rnd() * (statusChangedAt - createdAt));
            acceptance = 'returned';
          } else if (status === 'revoked') revokedAt = statusChangedAt;
        }
        const id = firstSite + next;
        const orgId = firstOrg + next;
        next++;
        const site: GeneratedSite = {
          id,
          orgId,
          orgParentId: parentOrg.id,
          orgPath: `${parentOrg.path}${orgId}/`,
          regionCode: region.code,
          districtCode,
          parkId: park?.id ?? null,
          kind,
          level: kind === 'base' ? (districtCode && rnd() < 0.15 ? 'district' : 'city') : 'district',
          name,
          parentSiteId: parent?.id ?? null,
          hostName,
          hostKind,
          address,
          lng: located ? Math.round((clng + ox + (rnd() - 0.5) * 0.1) * 1e6) / 1e6 : null,
          lat: located ? Math.round((clat + oy + (rnd() - 0.5) * 0.08) * 1e6) / 1e6 : null,
          contactName: contact.name,
          contactPhone: rnd() < 0.7 ? `1${pick([...'35789'])}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}` : landline(region.code),
          contactEmail: rnd() < 0.4 ? `${contact.pinyin}${Math.floor(rnd() * 1000)}@${pick(MAIL_DOMAINS)}` : null,
          hours: rnd() < 0.85 ? pick(SITE_HOURS) : null,
          services,
          intro:
            rnd() < 0.7
              ? `依托${hostName}设立，面向${park?.name ?? `${place}`}企业提供商业秘密保护${services.includes('checkup') ? '诊断体检、' : ''}咨询${services.includes('training') ? '、培训' : ''}${services.includes('rights_assistance') ? '和维权援助' : ''}服务。`
              : null,
          status,
          statusChangedAt,
          accreditedAt,
          plaqueNo: null,
          revokedAt,
          acceptance,
          submittedAt,
          createdAt,
        };
        if (kind === 'base') bases.push(site);
        if (kind === 'station') stations.push(site);
        regionSites.push(site);
      }
      // plaque numbers per region, kind and year, in accreditation order
      for (const s of regionSites.filter((x) => x.accreditedAt !== null).sort((a, b) => a.accreditedAt! - b.accreditedAt! || a.id - b.id)) {
        const year = new Date(s.accreditedAt! + 8 * 3_600_000).getUTCFullYear();
        const key = `${s.kind}:${year}`;
        const seq = (plaqueSeq.get(key) ?? 0) + 1;
        plaqueSeq.set(key, seq);
        s.plaqueNo = `${region.code}-${SITE_PLAQUE[s.kind]}-${year}-${String(seq).padStart(3, '0')}`;
      }
      all.push(...regionSites);
    }

    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    const p = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;
    const dbMs = { orgs: 0, sites: 0, events: 0 };
    for (let start = 0; start < all.length; start += SITE_BATCH) {
      const b = all.slice(start, start + SITE_BATCH);
      const col = <K extends keyof GeneratedSite>(k: K) => b.map((s) => s[k]);
      const t1 = performance.now();
      await tx.execute(sql`
        insert into orgs (id, parent_id, path, name, kind, region_code, district_code, contact_name, contact_phone, address, sort, status, created_at, updated_at)
        select id, parent_id, path, name, 'site', region_code, district_code, contact_name, contact_phone, address, 0, 'active', created_at, created_at
          from unnest(${p(col('orgId'), 'int')}, ${p(col('orgParentId'), 'int')}, ${p(col('orgPath'), 'text')}, ${p(col('name'), 'text')},
                      ${p(col('regionCode'), 'text')}, ${p(col('districtCode'), 'text')}, ${p(col('contactName'), 'text')},
                      ${p(col('contactPhone'), 'text')}, ${p(col('address'), 'text')}, ${p(b.map((s) => iso(s.createdAt)), 'timestamptz')})
            as t(id, parent_id, path, name, region_code, district_code, contact_name, contact_phone, address, created_at)`);
      const t2 = performance.now();
      await tx.execute(sql`
        insert into sites (id, org_id, org_path, region_code, district_code, park_id, kind, level, name, parent_site_id, host_name, host_kind,
                           address, lng, lat, contact_name, contact_phone, contact_email, hours, services, intro, status, status_changed_at,
                           accredited_at, plaque_no, revoked_at, acceptance, submitted_at, created_by, created_at, updated_at)
        select id, org_id, org_path, region_code, district_code, park_id, kind, level, name, parent_site_id, host_name, host_kind,
               address, lng, lat, contact_name, contact_phone, contact_email, hours, services::text[], intro, status, status_changed_at,
               accredited_at, plaque_no, revoked_at, acceptance, submitted_at, ${author?.id ?? null}::int, created_at, status_changed_at
          from unnest(${p(col('id'), 'int')}, ${p(col('orgId'), 'int')}, ${p(col('orgPath'), 'text')}, ${p(col('regionCode'), 'text')},
                      ${p(col('districtCode'), 'text')}, ${p(col('parkId'), 'int')}, ${p(col('kind'), 'text')}, ${p(col('level'), 'text')},
                      ${p(col('name'), 'text')}, ${p(col('parentSiteId'), 'int')}, ${p(col('hostName'), 'text')}, ${p(col('hostKind'), 'text')},
                      ${p(col('address'), 'text')}, ${p(col('lng'), 'float8')}, ${p(col('lat'), 'float8')}, ${p(col('contactName'), 'text')},
                      ${p(col('contactPhone'), 'text')}, ${p(col('contactEmail'), 'text')}, ${p(col('hours'), 'text')},
                      ${p(b.map((s) => textArrayLiteral(s.services)), 'text')}, ${p(col('intro'), 'text')}, ${p(col('status'), 'text')},
                      ${p(b.map((s) => iso(s.statusChangedAt)), 'timestamptz')}, ${p(b.map((s) => iso(s.accreditedAt)), 'timestamptz')},
                      ${p(col('plaqueNo'), 'text')}, ${p(b.map((s) => iso(s.revokedAt)), 'timestamptz')}, ${p(col('acceptance'), 'text')},
                      ${p(b.map((s) => iso(s.submittedAt)), 'timestamptz')}, ${p(b.map((s) => iso(s.createdAt)), 'timestamptz')})
            as t(id, org_id, org_path, region_code, district_code, park_id, kind, level, name, parent_site_id, host_name, host_kind,
                 address, lng, lat, contact_name, contact_phone, contact_email, hours, services, intro, status, status_changed_at,
                 accredited_at, plaque_no, revoked_at, acceptance, submitted_at, created_at)`);
      const t3 = performance.now();
      // the history: created (as 规划 or 建设中), then the steps to where the site is now
      const ev = { site: [] as number[], at: [] as string[], action: [] as string[], from: [] as (string | null)[], to: [] as (string | null)[], comment: [] as (string | null)[] };
      const add = (s: GeneratedSite, at: number, action: string, from: string | null, to: string | null, comment: string | null = null) => {
        ev.site.push(s.id);
        ev.at.push(new Date(at).toISOString());
        ev.action.push(action);
        ev.from.push(from);
        ev.to.push(to);
        ev.comment.push(comment);
      };
      for (const s of b) {
        const first = s.status === 'planned' ? 'planned' : 'building';
        add(s, s.createdAt, 'created', null, first);
        if (s.submittedAt !== null) add(s, s.submittedAt, 'submitted', 'building', 'applying');
        if (s.accreditedAt !== null) add(s, s.accreditedAt, 'city_approved', 'applying', 'accredited');
        if (s.acceptance === 'returned') add(s, s.statusChangedAt, 'district_returned', 'applying', 'building', '材料不全，请补充后重新申请');
        else if (s.status === 'operating' || s.status === 'suspended' || (s.status === 'revoked' && s.accreditedAt !== null)) {
          add(s, s.statusChangedAt, 'status_changed', 'accredited', s.status, s.status === 'operating' ? '正式对外服务' : s.status === 'suspended' ? '依托单位场地调整，暂停服务' : '依托单位注销');
        } else if (s.status === 'revoked') add(s, s.statusChangedAt, 'status_changed', first, 'revoked', '建设计划取消');
      }
      await tx.execute(sql`
        insert into site_events (site_id, at, user_id, user_name, org_id, org_name, action, from_status, to_status, comment)
        select site_id, at, ${author?.id ?? null}::int, ${author?.display_name ?? null}::text, ${author?.org_id ?? null}::int, ${author?.org_name ?? null}::text,
               action, from_status, to_status, comment
          from unnest(${p(ev.site, 'int')}, ${p(ev.at, 'timestamptz')}, ${p(ev.action, 'text')}, ${p(ev.from, 'text')}, ${p(ev.to, 'text')}, ${p(ev.comment, 'text')})
            as t(site_id, at, action, from_status, to_status, comment)`);
      dbMs.orgs += t2 - t1;
      dbMs.sites += t3 - t2;
      dbMs.events += performance.now() - t3;
      const done = start + b.length;
      if (done % 50_000 === 0 || done === all.length) {
        log(
          `  sites ${done.toLocaleString('en-US')} / ${all.length.toLocaleString('en-US')} (database so far: orgs ${(dbMs.orgs / 1000).toFixed(1)} s, ` +
            `sites ${(dbMs.sites / 1000).toFixed(1)} s, history ${(dbMs.events / 1000).toFixed(1)} s)`,
        );
      }
    }
    phase('sites');
    await rebuildIndexes();
    phase('site indexes');
  });
  return n;
}
