/** The public directory: accepted sites' public fields, without signing in. */
import type { FastifyReply } from 'fastify';
import { and, arrayContains, asc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { SITE_PUBLIC_STATUSES, type Page, type PublicSite, type PublicSiteQuery, type SiteMapPoint } from '@shangmi/shared';
import { files, parks, siteFiles, sites } from '../../db/schema/index.js';
import { andAll, containsPattern } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { notFound } from '../../platform/errors.js';
import { sendStoredFile } from '../files/files.service.js';
import { mapPoints } from './dashboard.js';
import { IMAGE, type Row, profileOf } from './scope.js';

const publicWhere = (q: Omit<PublicSiteQuery, 'q'> & { q?: string }) =>
  andAll(
    inArray(sites.status, [...SITE_PUBLIC_STATUSES]),
    q.regionCode ? eq(sites.regionCode, q.regionCode) : undefined,
    q.kind ? eq(sites.kind, q.kind) : undefined,
    q.districtCode ? eq(sites.districtCode, q.districtCode) : undefined,
    q.parkId ? eq(sites.parkId, q.parkId) : undefined,
    q.service ? arrayContains(sites.services, [q.service]) : undefined,
    q.q ? or(ilike(sites.name, containsPattern(q.q)), ilike(sites.hostName, containsPattern(q.q)), ilike(sites.address, containsPattern(q.q))) : undefined,
  );

async function toPublic(ctx: Ctx, rows: { site: Row; parkName: string | null }[]): Promise<PublicSite[]> {
  const ids = rows.map((r) => r.site.id);
  const photos = ids.length
    ? await ctx.db
        .select({ siteId: siteFiles.siteId, fileId: siteFiles.fileId })
        .from(siteFiles)
        .where(and(inArray(siteFiles.siteId, ids), eq(siteFiles.purpose, 'photo'), isNull(siteFiles.removedAt)))
        .orderBy(asc(siteFiles.addedAt), asc(siteFiles.fileId))
    : [];
  return rows.map(({ site: s, parkName }) => ({ ...profileOf(s, parkName), photoIds: photos.filter((p) => p.siteId === s.id).map((p) => p.fileId) }));
}

export async function publicList(ctx: Ctx, q: PublicSiteQuery & { page: number; pageSize: number }): Promise<Page<PublicSite>> {
  const where = publicWhere(q);
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ site: sites, parkName: parks.name })
      .from(sites)
      .leftJoin(parks, eq(parks.id, sites.parkId))
      .where(where)
      .orderBy(sql`${sites.districtCode} asc nulls first`, asc(sites.kind), asc(sites.name), asc(sites.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, sites, where),
  ]);
  return { items: await toPublic(ctx, rows), ...total, page: q.page, pageSize: q.pageSize };
}

export async function publicGet(ctx: Ctx, id: number): Promise<PublicSite> {
  const rows = await ctx.db
    .select({ site: sites, parkName: parks.name })
    .from(sites)
    .leftJoin(parks, eq(parks.id, sites.parkId))
    .where(andAll(eq(sites.id, id), publicWhere({})));
  if (!rows.length) throw notFound();
  return (await toPublic(ctx, rows))[0];
}

export async function publicMap(ctx: Ctx, q: PublicSiteQuery): Promise<SiteMapPoint[]> {
  return mapPoints(ctx, publicWhere(q), 5000);
}

/** A photo of a site the directory shows (evidence is never public). */
export async function sendPublicPhoto(ctx: Ctx, reply: FastifyReply, siteId: number, fileId: number) {
  const [row] = await ctx.db
    .select({ file: files })
    .from(siteFiles)
    .innerJoin(files, eq(files.id, siteFiles.fileId))
    .innerJoin(sites, eq(sites.id, siteFiles.siteId))
    .where(
      and(
        eq(siteFiles.siteId, siteId),
        eq(siteFiles.fileId, fileId),
        eq(siteFiles.purpose, 'photo'),
        isNull(siteFiles.removedAt),
        inArray(sites.status, [...SITE_PUBLIC_STATUSES]),
      ),
    );
  if (!row || !IMAGE.test(row.file.mime)) throw notFound();
  return sendStoredFile(ctx, reply, row.file);
}
