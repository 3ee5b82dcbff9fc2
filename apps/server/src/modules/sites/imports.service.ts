import { and, eq } from 'drizzle-orm';
import {
  IMPORT_ERRORS_SHOWN,
  SITE_IMPORT_COLUMNS,
  SITE_KIND_LABELS,
  SITE_KINDS,
  SITE_LEVEL_LABELS,
  SITE_LEVELS,
  SITE_PARENT_KINDS,
  pick,
  type Locale,
  type SiteCreate,
  type SiteImportColumnKey,
  type SiteImportJob,
  type SiteKind,
  type SiteLevel,
} from '@shangmi/shared';
import { files, siteImports, sites } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { conflict, fieldError, notFound } from '../../platform/errors.js';
import type { Progress } from '../../platform/http.js';
import { readStoredRows, rowErrorText, type RawRow } from '../../platform/import-file.js';
import { common, type Msg } from '../../platform/messages.js';
import { dictLabels } from '../dicts/dicts.service.js';
import { filesByIds, type FileRow } from '../files/files.service.js';
import { findBureau, findOrgInScope } from '../orgs/orgs.service.js';
import { listRegions } from '../regions/regions.service.js';
import { createSite, siteScope } from './sites.service.js';
import { msg } from './sites.messages.js';

interface RowError {
  row: number;
  column: SiteImportColumnKey | 'row';
  message: Msg;
}
/** A checked row, ready for createSite; its parent is an existing site's id or the name of a row above it. */
type ValidRow = { row: number; input: Omit<SiteCreate, 'parentSiteId'> & { parentSiteId?: number | null }; parentName: string | null };

const PHONE = /^[0-9+\- ]{5,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const norm = (s: string) => s.trim().toLowerCase();

const readRows = (ctx: Ctx, file: FileRow, progress: (p: Progress) => void) => readStoredRows(ctx, file, progress, SITE_IMPORT_COLUMNS);

/** Checks every row against the region, the dictionaries, the caller's area and the rows above it; writes nothing. */
async function checkRows(ctx: Ctx, rows: RawRow<SiteImportColumnKey>[], regionCode: string | undefined, progress: (p: Progress) => void) {
  const actor = requireActor(ctx);
  const regions = await listRegions(ctx);
  const region = regions.find((r) => r.code === (regionCode ?? actor.regionCode)) ?? (regions.length === 1 ? regions[0] : undefined);
  if (!region) throw fieldError('regionCode', common.chooseRegion);
  const labels = await dictLabels(ctx, ['site_host_kind', 'site_service']);
  const byLabel = (type: string) => {
    const m = new Map<string, string>();
    for (const [value, l] of labels.get(type) ?? []) for (const k of [value, l.zh, l.en]) m.set(norm(k), value);
    return m;
  };
  const hostKinds = byLabel('site_host_kind');
  const services = byLabel('site_service');
  const kinds = new Map<string, SiteKind>(SITE_KINDS.flatMap((k) => [[k, k], [norm(SITE_KIND_LABELS[k].zh), k], [norm(SITE_KIND_LABELS[k].en), k]] as [string, SiteKind][]));
  const levels = new Map<string, SiteLevel>(SITE_LEVELS.flatMap((k) => [[k, k], [norm(SITE_LEVEL_LABELS[k].zh), k], [norm(SITE_LEVEL_LABELS[k].en), k]] as [string, SiteLevel][]));
  const districts = new Map<string, string>(region.districts.flatMap((d) => [[d.code, d.code], [norm(d.name), d.code], ...(d.nameEn ? [[norm(d.nameEn), d.code]] : [])] as [string, string][]));
  const parks = new Map<string, number>(region.parks.flatMap((p) => [[norm(p.name), p.id], ...(p.nameEn ? [[norm(p.nameEn), p.id]] : [])] as [string, number][]));
  const existing = new Map(
    (
      await ctx.db
        .select({ id: sites.id, name: sites.name, kind: sites.kind, districtCode: sites.districtCode, status: sites.status, regionCode: sites.regionCode })
        .from(sites)
        .where(and(eq(sites.regionCode, region.code), siteScope(actor)))
    ).map((s) => [norm(s.name), s]),
  );
  // a district officer imports for their own district (the city bureau: any district, or none)
  const own = await findOrgInScope(ctx, actor.orgId);
  const bureauPaths = new Map<string | null, string>();
  for (const d of [null, ...region.districts.map((x) => x.code)]) {
    const b = await findBureau(ctx, region.code, d);
    if (b) bureauPaths.set(d, b.path);
  }
  const inArea = (districtCode: string | null) => {
    if (actor.scope === 'all') return true;
    const path = bureauPaths.get(districtCode);
    return actor.scope === 'org_and_below' && !!path && path.startsWith(actor.orgPath);
  };

  const errors: RowError[] = [];
  const valid: ValidRow[] = [];
  const inFile = new Map<string, { kind: SiteKind; districtCode: string | null; row: number }>();
  rows.forEach((r, i) => {
    const c = r.cells;
    const rowErrors: RowError[] = [];
    const err = (column: RowError['column'], message: Msg) => rowErrors.push({ row: r.row, column, message });
    const tooLong = (k: SiteImportColumnKey, max: number) => c[k].length > max && err(k, msg.tooLong(max));
    if (!c.name) err('name', msg.importNameRequired);
    tooLong('name', 100);
    for (const [k, max] of [['hostName', 100], ['address', 200], ['contactName', 50], ['hours', 200], ['intro', 2000]] as const) tooLong(k, max);
    const kind = kinds.get(norm(c.kind));
    if (!kind) err('kind', msg.importBadKind(c.kind));
    const level = c.level ? levels.get(norm(c.level)) : undefined;
    if (c.level && !level) err('level', msg.importBadLevel(c.level));
    const dupe = inFile.get(norm(c.name));
    if (c.name && dupe) err('name', msg.importRepeatsRow(dupe.row));
    if (c.name && existing.has(norm(c.name))) err('name', msg.importNameExists);

    let districtCode: string | null | undefined = c.district ? districts.get(norm(c.district)) : undefined;
    if (c.district && !districtCode) err('district', msg.importNotDistrict(c.district));
    let parentName: string | null = null;
    let parentSiteId: number | null = null;
    if (c.parent) {
      const fromFile = inFile.get(norm(c.parent));
      const old = existing.get(norm(c.parent));
      const parent = fromFile ?? (old ? { kind: old.kind, districtCode: old.districtCode, row: 0 } : undefined);
      if (!parent) err('parent', msg.importNoParent(c.parent));
      else if (kind && !SITE_PARENT_KINDS[kind].includes(parent.kind)) {
        err('parent', msg.importParentKind(kind, parent.kind));
      } else {
        if (districtCode !== undefined && districtCode !== parent.districtCode) err('district', msg.parentDistrict);
        districtCode = parent.districtCode;
        if (fromFile) parentName = c.parent;
        else parentSiteId = old!.id;
      }
    }
    if (districtCode === undefined) districtCode = own.regionCode === region.code ? own.districtCode : null;
    if (!inArea(districtCode)) err(c.district ? 'district' : 'row', msg.importOutsideArea);

    const parkId = c.park ? parks.get(norm(c.park)) : undefined;
    if (c.park && !parkId) err('park', msg.importNotPark(c.park));
    const hostKind = c.hostKind ? hostKinds.get(norm(c.hostKind)) : undefined;
    if (c.hostKind && !hostKind) err('hostKind', msg.importBadHostKind(c.hostKind));
    const serviceValues: string[] = [];
    for (const part of c.services.split(/[、,，;；\s]+/).filter(Boolean)) {
      const v = services.get(norm(part));
      if (v) serviceValues.push(v);
      else err('services', msg.importBadService(part));
    }
    const num = (k: 'lng' | 'lat', min: number, max: number) => {
      if (!c[k]) return null;
      const n = Number(c[k]);
      if (!Number.isFinite(n) || n < min || n > max) {
        err(k, msg.numberBetween(min, max));
        return null;
      }
      return n;
    };
    const lng = num('lng', 73, 136);
    const lat = num('lat', 3, 54);
    if (!!c.lng !== !!c.lat) err(c.lng ? 'lat' : 'lng', msg.lngLatTogether);
    if (c.contactPhone && !PHONE.test(c.contactPhone)) err('contactPhone', msg.notPhone);
    if (c.contactEmail && !EMAIL.test(c.contactEmail)) err('contactEmail', msg.notEmail);

    if (c.name && kind) inFile.set(norm(c.name), { kind, districtCode, row: r.row });
    if (rowErrors.length) errors.push(...rowErrors);
    else {
      valid.push({
        row: r.row,
        parentName,
        input: {
          regionCode: region.code,
          kind: kind!,
          name: c.name,
          ...(level ? { level } : {}),
          ...(parentSiteId || parentName ? {} : { districtCode }),
          parentSiteId,
          parkId: parkId ?? null,
          hostName: c.hostName || null,
          hostKind: hostKind ?? null,
          address: c.address || null,
          lng,
          lat,
          contactName: c.contactName || null,
          contactPhone: c.contactPhone || null,
          contactEmail: c.contactEmail || null,
          hours: c.hours || null,
          services: [...new Set(serviceValues)],
          intro: c.intro || null,
          status: 'planned',
        },
      });
    }
    progress({ phase: 'check', done: i + 1, total: rows.length });
  });
  // a row whose parent row failed cannot go in either
  const okNames = new Set(valid.map((v) => norm(v.input.name)));
  const orphans = valid.filter((v) => v.parentName && !okNames.has(norm(v.parentName)));
  for (const o of orphans) errors.push({ row: o.row, column: 'parent', message: msg.importParentRowFailed(o.parentName) });
  const kept = valid.filter((v) => !orphans.includes(v));
  errors.sort((a, b) => a.row - b.row);
  return { total: rows.length, valid: kept, errors, errorRows: new Set(errors.map((e) => e.row)).size };
}

type JobRow = typeof siteImports.$inferSelect;

function toJob(j: JobRow, fileName: string, locale: Locale): SiteImportJob {
  return {
    id: j.id,
    fileId: j.fileId,
    fileName,
    status: j.status,
    totalRows: j.totalRows,
    validRows: j.validRows,
    errorRows: j.errorRows,
    inserted: j.inserted,
    errors: (j.errors as RowError[]).map((e) => ({ row: e.row, column: e.column, message: pick(e.message, locale) })),
    createdAt: j.createdAt.toISOString(),
    committedAt: j.committedAt?.toISOString() ?? null,
  };
}

type Req = { ctx(): Ctx; mutate<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> };

/** Reads and checks an uploaded workbook, recording the check (its errors and the valid rows) as a job. */
export async function startImport(req: Req, input: { fileId: number; regionCode?: string }, progress: (p: Progress) => void): Promise<SiteImportJob> {
  const ctx = req.ctx();
  const actor = requireActor(ctx);
  const [file] = await filesByIds(ctx, [input.fileId]);
  if (!file || file.uploadedBy !== actor.userId) throw fieldError('fileId', common.notOwnUpload);
  const rows = await readRows(ctx, file, progress);
  const r = await checkRows(ctx, rows, input.regionCode, progress);
  return req.mutate(async (tx) => {
    const [job] = await tx.db
      .insert(siteImports)
      .values({
        fileId: file.id,
        status: 'checked',
        regionCode: input.regionCode ?? null,
        totalRows: r.total,
        validRows: r.valid.length,
        errorRows: r.errorRows,
        errors: r.errors.slice(0, IMPORT_ERRORS_SHOWN),
        rows: r.valid,
        createdBy: actor.userId,
        createdAt: tx.now,
      })
      .returning();
    tx.audit = { targetType: 'site_import', targetId: job.id, after: { file: file.name, sha256: file.sha256, totalRows: r.total, validRows: r.valid.length, errorRows: r.errorRows } };
    return toJob(job, file.name, ctx.locale);
  });
}

async function ownJob(ctx: Ctx, id: number) {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .select({ job: siteImports, fileName: files.name })
    .from(siteImports)
    .innerJoin(files, eq(files.id, siteImports.fileId))
    .where(and(eq(siteImports.id, id), eq(siteImports.createdBy, actor.userId)));
  if (!row) throw notFound();
  return row;
}

/** The rows with errors, for the error workbook: the file read and checked again (for the same region), with the reasons. */
export async function importErrors(ctx: Ctx, id: number): Promise<{ fileName: string; rows: { raw: RawRow<SiteImportColumnKey>; messages: string[] }[] }> {
  const { job, fileName } = await ownJob(ctx, id);
  const [file] = await filesByIds(ctx, [job.fileId]);
  if (!file) throw notFound();
  const raws = await readRows(ctx, file, () => undefined);
  const r = await checkRows(ctx, raws, job.regionCode ?? undefined, () => undefined);
  const byRow = new Map<number, string[]>();
  for (const e of r.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), rowErrorText(SITE_IMPORT_COLUMNS, e.column, e.message, ctx.locale)]);
  return { fileName, rows: raws.filter((raw) => byRow.has(raw.row)).map((raw) => ({ raw, messages: byRow.get(raw.row)! })) };
}

export async function getImport(ctx: Ctx, id: number): Promise<SiteImportJob> {
  const { job, fileName } = await ownJob(ctx, id);
  return toJob(job, fileName, ctx.locale);
}

/**
 * Writes the checked rows in one transaction, each through createSite (its checks run again: someone may have changed
 * the network since): one failure writes nothing. Parents named in the file are created first (they are rows above).
 */
export async function commitImport(req: Req, id: number, progress: (p: Progress) => void): Promise<SiteImportJob> {
  return req.mutate(async (ctx) => {
    const { job, fileName } = await ownJob(ctx, id);
    if (job.status === 'committed') throw conflict(msg.importCommitted);
    const rows = job.rows as ValidRow[];
    const created = new Map<string, number>();
    for (const [i, v] of rows.entries()) {
      const parentSiteId = v.parentName ? created.get(norm(v.parentName)) : v.input.parentSiteId;
      const site = await createSite(ctx, { ...v.input, parentSiteId: parentSiteId ?? null } as SiteCreate);
      created.set(norm(v.input.name), site.id);
      progress({ phase: 'write', done: i + 1, total: rows.length });
    }
    const [after] = await ctx.db
      .update(siteImports)
      .set({ status: 'committed', inserted: rows.length, committedAt: ctx.now })
      .where(eq(siteImports.id, id))
      .returning();
    ctx.audit = { targetType: 'site_import', targetId: id, after: { inserted: rows.length, siteIds: [...created.values()] } };
    return toJob(after, fileName, ctx.locale);
  });
}
