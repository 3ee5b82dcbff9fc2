/**
 * Validation shared by create, update, registration and the bulk import, the search vector, and the insert of a new
 * record with its organisation node.
 */
import { eq, ne, sql, type SQL } from 'drizzle-orm';
import { creditCodeDivision, creditCodeMessage, normalizeCreditCode, searchTokens, suggestDistrictCode, type Region } from '@shangmi/shared';
import { enterprises } from '../../db/schema/index.js';
import { andAll } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';
import { dictRoot, isDictValue } from '../dicts/dicts.service.js';
import { findOrgInScope, insertOrgNode, requireBureau } from '../orgs/orgs.service.js';
import { listRegions } from '../regions/regions.service.js';
import { type Row, visibleTo } from './scope.js';
import { msg } from './enterprises.messages.js';

export function checkCreditCode(code: string): string {
  const problem = creditCodeMessage(code);
  if (problem) throw fieldError('creditCode', problem);
  return normalizeCreditCode(code);
}

/** The record already holding a credit code in a region (and not `exceptId`). */
export async function holderOf(ctx: Ctx, regionCode: string, creditCode: string, exceptId?: number) {
  const [dup] = await ctx.db
    .select({ id: enterprises.id, name: enterprises.name, orgId: enterprises.orgId, orgPath: enterprises.orgPath, siteOrgId: enterprises.siteOrgId, siteOrgPath: enterprises.siteOrgPath })
    .from(enterprises)
    .where(andAll(eq(enterprises.regionCode, regionCode), eq(enterprises.creditCode, creditCode), exceptId ? ne(enterprises.id, exceptId) : undefined));
  return dup;
}

/**
 * Staff are told which record holds the code (id and name: the pair is public in the national registry), and whether
 * they may open it; a duplicate merge starts from here.
 */
export async function assertCreditCodeFree(ctx: Ctx, actor: Actor, regionCode: string, creditCode: string, exceptId?: number) {
  const dup = await holderOf(ctx, regionCode, creditCode, exceptId);
  if (!dup) return;
  throw new AppError('CONFLICT', {
    fields: [{ field: 'creditCode', message: msg.creditCodeTaken(dup.name) }],
    details: { existingId: dup.id, existingName: dup.name, existingInScope: visibleTo(actor, dup) },
  });
}

export async function regionOf(ctx: Ctx, regionCode: string): Promise<Region> {
  const region = (await listRegions(ctx)).find((r) => r.code === regionCode);
  if (!region) throw fieldError('regionCode', common.notExist);
  return region;
}

/**
 * The region of a new enterprise: as given; else the creator's; else the one its district or its credit code's
 * 行政区划 names (a district, the city itself, or the city of a county-level code); else the only region there is.
 */
export async function resolveRegion(ctx: Ctx, actor: Actor | null, input: { regionCode?: string; districtCode?: string | null; creditCode: string }): Promise<Region> {
  const regions = await listRegions(ctx);
  const pick = (code: string | null | undefined) => (code ? regions.find((r) => r.code === code) : undefined);
  if (input.regionCode) return regionOf(ctx, input.regionCode);
  const own = pick(actor?.regionCode);
  if (own) return own;
  const byDistrict = (code: string | null | undefined) => (code ? regions.find((r) => r.districts.some((d) => d.code === code)) : undefined);
  const division = creditCodeDivision(input.creditCode);
  const found = byDistrict(input.districtCode) ?? byDistrict(division) ?? pick(division) ?? pick(`${division.slice(0, 4)}00`);
  if (found) return found;
  if (regions.length === 1) return regions[0];
  throw fieldError('regionCode', common.chooseRegion);
}


export async function checkIndustry(ctx: Ctx, code: string | null): Promise<{ industryCode: string | null; industrySection: string | null }> {
  if (!code) return { industryCode: null, industrySection: null };
  if (!(await isDictValue(ctx, 'industry', code))) throw fieldError('industryCode', common.invalidValue);
  return { industryCode: code, industrySection: await dictRoot(ctx, 'industry', code) };
}

export async function checkSize(ctx: Ctx, size: string | null): Promise<string | null> {
  if (size && !(await isDictValue(ctx, 'enterprise_size', size))) throw fieldError('size', common.invalidValue);
  return size;
}

export async function checkKinds(ctx: Ctx, kinds: string[]): Promise<string[]> {
  const unique = [...new Set(kinds)];
  const bad: string[] = [];
  for (const k of unique) if (!(await isDictValue(ctx, 'enterprise_kind', k))) bad.push(k);
  if (bad.length) throw fieldError('kinds', common.invalidValues(bad));
  return unique;
}

/** The serving site: an organisation of kind `site` of the same region, within the actor's scope. */
export async function checkSite(ctx: Ctx, regionCode: string, siteOrgId: number | null): Promise<{ siteOrgId: number | null; siteOrgPath: string | null }> {
  if (!siteOrgId) return { siteOrgId: null, siteOrgPath: null };
  const o = await findOrgInScope(ctx, siteOrgId, 'siteOrgId');
  if (o.kind !== 'site' || o.regionCode !== regionCode) {
    throw fieldError('siteOrgId', msg.notSiteOfRegion);
  }
  return { siteOrgId: o.id, siteOrgPath: o.path };
}

/** The district of a new record: as given; else the credit code's; else the creator's own district. */
export async function defaultDistrict(ctx: Ctx, actor: Actor | null, region: Region, creditCode: string): Promise<string | null> {
  const suggested = suggestDistrictCode(creditCode, region.districts.map((d) => d.code));
  if (suggested || !actor) return suggested;
  const own = await findOrgInScope(ctx, actor.orgId);
  return own.regionCode === region.code && own.districtCode ? own.districtCode : null;
}

/** The tokens of the search vector: names and codes weigh more than addresses and products in the ranking. */
export function searchText(v: Pick<Row, 'name' | 'creditCode' | 'regAddress' | 'opAddress' | 'products'>): { strong: string; weak: string } {
  return { strong: searchTokens(v.name, v.creditCode).join(' '), weak: searchTokens(v.regAddress, v.opAddress, v.products).join(' ') };
}

export function searchVector(v: Pick<Row, 'name' | 'creditCode' | 'regAddress' | 'opAddress' | 'products'>): SQL {
  const { strong, weak } = searchText(v);
  return sql`setweight(to_tsvector('simple', ${strong}), 'A') || to_tsvector('simple', ${weak})`;
}

export const auditView = (e: Row) => ({
  creditCode: e.creditCode,
  name: e.name,
  regionCode: e.regionCode,
  districtCode: e.districtCode,
  parkId: e.parkId,
  industryCode: e.industryCode,
  size: e.size,
  kinds: e.kinds,
  legalRep: e.legalRep,
  regAddress: e.regAddress,
  opAddress: e.opAddress,
  products: e.products,
  contactName: e.contactName,
  contactPhone: e.contactPhone,
  contactEmail: e.contactEmail,
  siteOrgId: e.siteOrgId,
  status: e.status,
  mergedIntoId: e.mergedIntoId,
  source: e.source,
});

export const orgFieldsOf = (e: Pick<Row, 'name' | 'creditCode' | 'districtCode' | 'contactName' | 'contactPhone' | 'regAddress' | 'opAddress'>) => ({
  name: e.name,
  creditCode: e.creditCode,
  districtCode: e.districtCode,
  contactName: e.contactName,
  contactPhone: e.contactPhone,
  address: e.regAddress ?? e.opAddress,
});

type NewEnterprise = Omit<typeof enterprises.$inferInsert, 'id' | 'orgId' | 'orgPath' | 'search' | 'createdAt' | 'updatedAt'>;

/** The organisation node under the bureau, then the record pointing at it. */
export async function insertEnterprise(ctx: Ctx, values: NewEnterprise): Promise<Row> {
  const bureau = await requireBureau(ctx, values.regionCode, values.districtCode ?? null);
  const fields = { legalRep: null, regAddress: null, opAddress: null, contactName: null, contactPhone: null, ...values };
  const org = await insertOrgNode(ctx, bureau, { kind: 'enterprise', ...orgFieldsOf({ ...fields, districtCode: values.districtCode ?? null }) });
  const [row] = await ctx.db
    .insert(enterprises)
    .values({
      ...values,
      orgId: org.id,
      orgPath: org.path,
      search: searchVector({ products: null, ...fields }),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  return row;
}
