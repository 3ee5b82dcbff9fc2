/**
 * Checking an import file: what rows are checked against (loaded once per import), each row's checks, duplicates inside
 * the file and against the registry. Writes nothing.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import {
  creditCodeMessage,
  normalizeCreditCode,
  suggestDistrictCode,
  type ImportColumnKey,
  type ImportMode,
  type Region,
} from '@shangmi/shared';
import { dictItems, enterprises, orgs } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { Progress } from '../../platform/http.js';
import { readStoredRows, type RawRow } from '../../platform/import-file.js';
import { common, type Msg } from '../../platform/messages.js';
import { type FileRow } from '../files/files.service.js';
import { findBureau } from '../orgs/orgs.service.js';
import { listRegions } from '../regions/regions.service.js';
import { visibleTo } from './enterprises.service.js';
import { msg } from './enterprises.messages.js';

export type EnterpriseRow = typeof enterprises.$inferSelect;

/** A row that passed every check, in the registry's values. `filled` lists the cells the row gave (upsert writes only those). */
export interface ValidRow {
  row: number;
  filled: Set<ImportColumnKey>;
  creditCode: string;
  name: string;
  legalRep: string | null;
  districtCode: string | null;
  parkId: number | null;
  industryCode: string | null;
  industrySection: string | null;
  size: string | null;
  kinds: string[];
  products: string | null;
  regAddress: string | null;
  opAddress: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  siteOrgId: number | null;
  siteOrgPath: string | null;
}

export interface RowError {
  row: number;
  column: ImportColumnKey | 'row';
  message: Msg;
}

// What rows are checked against, loaded once per import (a 100,000-row file makes no query per row)

export interface Lookup {
  region: Region;
  districts: Map<string, string>;
  parks: Map<string, number>;
  industry: Map<string, { code: string; section: string }>;
  sizes: Map<string, string>;
  kinds: Map<string, string>;
  sites: Map<string, { id: number; path: string }>;
  bureaus: Map<string, { id: number; path: string }>;
  cityBureau: { id: number; path: string };
  ownDistrict: string | null;
}

const key = (s: string) => s.replace(/\s+/g, '').toLowerCase();

async function loadLookup(ctx: Ctx, actor: Actor, regionCode: string | undefined): Promise<Lookup> {
  const regions = await listRegions(ctx);
  const region =
    regions.find((r) => r.code === (regionCode ?? actor.regionCode)) ?? (regions.length === 1 && !regionCode ? regions[0] : undefined);
  if (!region) throw fieldError('regionCode', msg.importChooseRegion);
  const districts = new Map<string, string>();
  for (const d of region.districts) {
    for (const name of [d.code, d.name, d.nameEn ?? '', d.name.replace(/[区县市]$/, '')]) if (name) districts.set(key(name), d.code);
  }
  const parks = new Map<string, number>();
  for (const p of region.parks) for (const name of [p.name, p.nameEn ?? '']) if (name) parks.set(key(name), p.id);

  const items = await ctx.db
    .select({ type: dictItems.typeCode, value: dictItems.value, zh: dictItems.labelZh, en: dictItems.labelEn, parent: dictItems.parentValue })
    .from(dictItems)
    .where(and(inArray(dictItems.typeCode, ['industry', 'enterprise_size', 'enterprise_kind']), eq(dictItems.enabled, true)));
  const parentOf = new Map(items.filter((i) => i.type === 'industry').map((i) => [i.value, i.parent]));
  const rootOf = (v: string) => {
    let cur = v;
    for (let i = 0; i < 10 && parentOf.get(cur); i++) cur = parentOf.get(cur)!;
    return cur;
  };
  const industry = new Map<string, { code: string; section: string }>();
  const sizes = new Map<string, string>();
  const kinds = new Map<string, string>();
  for (const i of items) {
    const names = [i.value, i.zh, i.en].map(key);
    if (i.type === 'industry') for (const n of names) industry.set(n, { code: i.value, section: rootOf(i.value) });
    else for (const n of names) (i.type === 'enterprise_size' ? sizes : kinds).set(n, i.value);
  }

  const siteRows = await ctx.db
    .select({ id: orgs.id, name: orgs.name, shortName: orgs.shortName, path: orgs.path })
    .from(orgs)
    .where(and(eq(orgs.kind, 'site'), eq(orgs.regionCode, region.code), eq(orgs.status, 'active')));
  const sites = new Map<string, { id: number; path: string }>();
  for (const s of siteRows) for (const n of [s.name, s.shortName ?? '']) if (n) sites.set(key(n), { id: s.id, path: s.path });

  const bureaus = new Map<string, { id: number; path: string }>();
  for (const d of region.districts) {
    const b = await findBureau(ctx, region.code, d.code);
    if (b) bureaus.set(d.code, { id: b.id, path: b.path });
  }
  const city = await findBureau(ctx, region.code, null);
  if (!city) throw new AppError('CONFLICT', { message: common.noBureau });
  const [own] = await ctx.db.select({ regionCode: orgs.regionCode, districtCode: orgs.districtCode }).from(orgs).where(eq(orgs.id, actor.orgId));
  return {
    region,
    districts,
    parks,
    industry,
    sizes,
    kinds,
    sites,
    bureaus,
    cityBureau: { id: city.id, path: city.path },
    ownDistrict: own?.regionCode === region.code ? (own.districtCode ?? null) : null,
  };
}

export const bureauFor = (l: Lookup, districtCode: string | null) => (districtCode ? (l.bureaus.get(districtCode) ?? l.cityBureau) : l.cityBureau);

// Row checks (no database: the duplicate check against the registry is one query per 1,000 codes, after)

const emailSchema = z.email();
const LIMITS: Partial<Record<ImportColumnKey, number>> = {
  name: 200,
  legalRep: 50,
  regAddress: 200,
  opAddress: 200,
  products: 1000,
  contactName: 50,
};

function checkRow(raw: RawRow, l: Lookup, actor: Actor, errors: RowError[]): ValidRow | null {
  const c = raw.cells;
  const before = errors.length;
  const err = (column: ImportColumnKey, message: Msg) => errors.push({ row: raw.row, column, message });
  const filled = new Set((Object.keys(c) as ImportColumnKey[]).filter((k) => c[k] !== ''));
  const orNull = (k: ImportColumnKey) => c[k] || null;

  if (!c.name) err('name', common.required);
  for (const [k, max] of Object.entries(LIMITS) as [ImportColumnKey, number][]) {
    if ([...c[k]].length > max) err(k, msg.tooLong(max));
  }
  let creditCode = '';
  if (!c.creditCode) err('creditCode', common.required);
  else if (c.creditCode.startsWith('#NUMBER:')) {
    err('creditCode', msg.codeLostDigits);
  } else {
    creditCode = normalizeCreditCode(c.creditCode.replace(/\s+/g, ''));
    const problem = creditCodeMessage(creditCode);
    if (problem) err('creditCode', problem);
  }

  let districtCode: string | null = null;
  if (c.district) {
    districtCode = l.districts.get(key(c.district)) ?? null;
    if (!districtCode) {
      err('district', msg.importNotDistrict(l.region.districts.map((d) => d.name)));
    }
  } else if (creditCode && !creditCodeMessage(creditCode)) {
    districtCode = suggestDistrictCode(creditCode, l.region.districts.map((d) => d.code)) ?? l.ownDistrict;
  } else districtCode = l.ownDistrict;

  let parkId: number | null = null;
  if (c.park) {
    parkId = l.parks.get(key(c.park)) ?? null;
    if (!parkId) err('park', common.notParkOfRegion);
  }
  let industryCode: string | null = null;
  let industrySection: string | null = null;
  if (c.industry) {
    // "39", "C39" (its section letter first, as many lists write it), "计算机、通信和其他电子设备制造业" or "C39 计算机…"
    const word = key(c.industry.split(/\s+/)[0]);
    const found = l.industry.get(key(c.industry)) ?? l.industry.get(word) ?? l.industry.get(word.replace(/^[a-t](?=\d{2,4}$)/, ''));
    if (found) [industryCode, industrySection] = [found.code, found.section];
    else err('industry', msg.notIndustry);
  }
  let size: string | null = null;
  if (c.size) {
    size = l.sizes.get(key(c.size)) ?? null;
    if (!size) err('size', msg.notSize);
  }
  const kinds: string[] = [];
  if (c.kinds) {
    const bad: string[] = [];
    for (const part of c.kinds.split(/[、,，;；|/\n]+/).map((s) => s.trim()).filter(Boolean)) {
      const v = l.kinds.get(key(part));
      if (v) {
        if (!kinds.includes(v)) kinds.push(v);
      } else bad.push(part);
    }
    if (bad.length) err('kinds', common.invalidValues(bad));
  }
  if (c.contactPhone && !/^[0-9+\- ]{5,20}$/.test(c.contactPhone)) err('contactPhone', msg.notPhone);
  if (c.contactEmail && !emailSchema.safeParse(c.contactEmail).success) err('contactEmail', msg.notEmail);
  let site: { id: number; path: string } | null = null;
  if (c.site) {
    site = l.sites.get(key(c.site)) ?? null;
    if (!site) err('site', msg.notSiteOfRegion);
  }
  if (errors.length > before) return null;
  return {
    row: raw.row,
    filled,
    creditCode,
    name: c.name,
    legalRep: orNull('legalRep'),
    districtCode,
    parkId,
    industryCode,
    industrySection,
    size,
    kinds,
    products: orNull('products'),
    regAddress: orNull('regAddress'),
    opAddress: orNull('opAddress'),
    contactName: orNull('contactName'),
    contactPhone: orNull('contactPhone'),
    contactEmail: orNull('contactEmail'),
    siteOrgId: site?.id ?? null,
    siteOrgPath: site?.path ?? null,
  };
}

export interface CheckResult {
  total: number;
  valid: ValidRow[];
  /** existing records by credit code (upsert) */
  existing: Map<string, EnterpriseRow>;
  errors: RowError[];
  errorRows: number;
  rows: RawRow[];
}

/** Reads and checks a whole file: every row, duplicates inside it, and against the registry. */
export async function checkFile(
  ctx: Ctx,
  file: FileRow,
  opts: { mode: ImportMode; regionCode?: string },
  progress: (p: Progress) => void,
): Promise<CheckResult & { lookup: Lookup }> {
  const actor = requireActor(ctx);
  const lookup = await loadLookup(ctx, actor, opts.regionCode);
  const rows = await readRows(ctx, file, progress);
  const errors: RowError[] = [];
  const candidates: ValidRow[] = [];
  const firstRowOf = new Map<string, number>();
  rows.forEach((r, i) => {
    const v = checkRow(r, lookup, actor, errors);
    if (v) {
      const seen = firstRowOf.get(v.creditCode);
      if (seen) errors.push({ row: r.row, column: 'creditCode', message: msg.repeatsRow(seen) });
      else {
        firstRowOf.set(v.creditCode, r.row);
        candidates.push(v);
      }
    } else if (r.cells.creditCode) firstRowOf.set(normalizeCreditCode(r.cells.creditCode), firstRowOf.get(normalizeCreditCode(r.cells.creditCode)) ?? r.row);
    if (i % 2000 === 0) progress({ phase: 'check', done: i, total: rows.length });
  });

  // against the registry, 1,000 codes per query
  const existing = new Map<string, EnterpriseRow>();
  for (let i = 0; i < candidates.length; i += 1000) {
    const codes = candidates.slice(i, i + 1000).map((v) => v.creditCode);
    const found = await ctx.db
      .select()
      .from(enterprises)
      .where(and(eq(enterprises.regionCode, lookup.region.code), inArray(enterprises.creditCode, codes)));
    for (const e of found) existing.set(e.creditCode, e);
  }
  const valid: ValidRow[] = [];
  const outside = (v: ValidRow) => {
    const bureau = bureauFor(lookup, v.districtCode);
    return !visibleTo(actor, { orgId: -1, orgPath: `${bureau.path}0/`, siteOrgId: v.siteOrgId, siteOrgPath: v.siteOrgPath });
  };
  const outsideError = (v: ValidRow) =>
    errors.push({ row: v.row, column: 'district', message: msg.importOutsideArea });
  for (const v of candidates) {
    const e = existing.get(v.creditCode);
    if (e && !v.filled.has('district')) v.districtCode = e.districtCode; // an update keeps the record's district unless the file gives one
    if (!e) {
      if (outside(v)) outsideError(v);
      else valid.push(v);
    } else if (opts.mode === 'insert') {
      errors.push({
        row: v.row,
        column: 'creditCode',
        message: msg.importRegistered(e.name),
      });
    } else if (!visibleTo(actor, e)) {
      errors.push({ row: v.row, column: 'creditCode', message: msg.importRegisteredElsewhere(e.name) });
    } else if (e.status === 'merged') {
      errors.push({ row: v.row, column: 'creditCode', message: msg.importMerged });
    } else if (v.filled.has('district') && outside(v)) outsideError(v);
    else valid.push(v);
  }
  progress({ phase: 'check', done: rows.length, total: rows.length });
  errors.sort((a, b) => a.row - b.row);
  const errorRows = new Set(errors.map((e) => e.row)).size;
  return { total: rows.length, valid, existing, errors, errorRows, rows, lookup };
}

/**
 * The rows of a file read lately, by its hash: the commit that follows a check (usually within minutes) does not read
 * the workbook again (10 s of a 100,000-row import). Two files at most, for 15 minutes; a miss (another node, a restart)
 * simply reads the file. The rows are checked again in any case: the registry may have changed.
 */
const recentlyRead = new Map<string, { rows: RawRow[]; at: number }>();
const READ_CACHE_MS = 15 * 60 * 1000;

async function readRows(ctx: Ctx, file: FileRow, progress: (p: Progress) => void): Promise<RawRow[]> {
  const now = Date.now();
  for (const [k, v] of recentlyRead) if (now - v.at > READ_CACHE_MS) recentlyRead.delete(k);
  const key = `${file.sha256}:${file.name}`;
  const hit = recentlyRead.get(key);
  if (hit) {
    progress({ phase: 'read', done: file.size, total: file.size });
    return hit.rows;
  }
  const rows = await readStoredRows(ctx, file, progress);
  recentlyRead.set(key, { rows, at: now });
  while (recentlyRead.size > 2) recentlyRead.delete(recentlyRead.keys().next().value!);
  return rows;
}
