/** Construction standards: versioned per region and kind, edited by the city or adopted from the shipped files (`config/standards/`). */
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import {
  SITE_KINDS,
  standardProblems,
  type SiteKind,
  type SiteStandard,
  type ShippedStandard,
  type StandardAdopt,
  type StandardCreate,
  type StandardFile,
  type StandardItem,
} from '@shangmi/shared';
import { siteStandards, users } from '../../db/schema/index.js';
import { andAll, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, conflict } from '../../platform/errors.js';
import { latestStandards, loadStandardFiles, shippedStandardRow } from '../../seed.js';
import { type StandardRow, regionOf } from './scope.js';
import { msg } from './sites.messages.js';

export function toStandard(r: StandardRow & { createdByName?: string | null }): SiteStandard {
  const items = r.items as StandardItem[];
  return {
    id: r.id,
    regionCode: r.regionCode,
    kind: r.kind,
    version: r.version,
    fileVersion: r.fileVersion,
    title: r.title,
    basis: r.basis,
    passScore: r.passScore,
    totalScore: items.reduce((a, it) => a + it.weight, 0),
    items: items.map((it) => ({ ...it, description: it.description ?? null, required: !!it.required })),
    source: r.source,
    createdByName: r.createdByName ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The current (highest) version of a kind's standard in a region. */
export async function currentStandard(ctx: Ctx, regionCode: string, kind: SiteKind): Promise<StandardRow | null> {
  const [row] = await ctx.db
    .select()
    .from(siteStandards)
    .where(and(eq(siteStandards.regionCode, regionCode), eq(siteStandards.kind, kind)))
    .orderBy(desc(siteStandards.version))
    .limit(1);
  return row ?? null;
}

const standardAuthor = alias(users, 'standard_author');

export async function listStandards(ctx: Ctx, q: { regionCode?: string; kind?: SiteKind; all?: 'true' | 'false' }): Promise<SiteStandard[]> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, q.regionCode);
  const rows = await ctx.db
    .select({ s: siteStandards, createdByName: standardAuthor.displayName })
    .from(siteStandards)
    .leftJoin(standardAuthor, eq(standardAuthor.id, siteStandards.createdBy))
    .where(andAll(eq(siteStandards.regionCode, region.code), q.kind ? eq(siteStandards.kind, q.kind) : undefined))
    .orderBy(asc(siteStandards.kind), desc(siteStandards.version));
  const out = rows.map((r) => toStandard({ ...r.s, createdByName: r.createdByName }));
  if (q.all === 'true') return out;
  return out.filter((s, i) => out.findIndex((x) => x.kind === s.kind) === i);
}

/** The newest shipped standard of each kind: the files change only with a release, so they are read once per process. */
let shippedCache: StandardFile[] | undefined;
const shippedStandards = () => (shippedCache ??= latestStandards(loadStandardFiles()));

/** Shipped standards newer than what the region took (its city had edited the kind since): offered to adopt. */
export async function shippedUpdates(ctx: Ctx, q: { regionCode?: string }): Promise<ShippedStandard[]> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, q.regionCode);
  const rows = await ctx.db
    .select({ kind: siteStandards.kind, taken: sql<number | null>`max(${siteStandards.fileVersion})` })
    .from(siteStandards)
    .where(eq(siteStandards.regionCode, region.code))
    .groupBy(siteStandards.kind);
  const taken = new Map(rows.map((r) => [r.kind, Number(r.taken ?? 0)]));
  return shippedStandards()
    .filter((st) => st.version > (taken.get(st.kind) ?? 0))
    .sort((a, b) => SITE_KINDS.indexOf(a.kind) - SITE_KINDS.indexOf(b.kind))
    .map((st) => ({
      kind: st.kind,
      fileVersion: st.version,
      title: st.title,
      passScore: st.passScore,
      itemCount: st.items.length,
      totalScore: st.items.reduce((a, it) => a + it.weight, 0),
    }));
}

/** The city administrator adopts the newer shipped standard of a kind as the region's next version. */
export async function adoptShipped(ctx: Ctx, input: StandardAdopt): Promise<SiteStandard> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, input.regionCode);
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`site-standard:${region.code}:${input.kind}`}))`);
  const offered = (await shippedUpdates(ctx, { regionCode: region.code })).find((s) => s.kind === input.kind);
  const st = offered && shippedStandards().find((f) => f.kind === input.kind);
  if (!st) throw conflict(msg.noNewerShipped);
  const current = await currentStandard(ctx, region.code, input.kind);
  const [row] = await ctx.db
    .insert(siteStandards)
    .values({ ...shippedStandardRow(st, region.code, (current?.version ?? 0) + 1), createdBy: actor.userId, createdAt: ctx.now })
    .returning();
  ctx.audit = { targetType: 'site_standard', targetId: row.id, before: current ? { version: current.version } : null, after: { version: row.version, fileVersion: st.version } };
  return toStandard(row);
}

export async function createStandard(ctx: Ctx, input: StandardCreate): Promise<SiteStandard> {
  const actor = requireActor(ctx);
  const region = await regionOf(ctx, actor, input.regionCode);
  const problems = standardProblems(input);
  if (problems.length) throw new AppError('VALIDATION', { fields: problems.map((p) => ({ field: p.field, message: { zh: p.zh, en: p.en } })) });
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`site-standard:${region.code}:${input.kind}`}))`);
  const current = await currentStandard(ctx, region.code, input.kind);
  const [row] = await ctx.db
    .insert(siteStandards)
    .values({
      regionCode: region.code,
      kind: input.kind,
      version: (current?.version ?? 0) + 1,
      title: input.title,
      basis: input.basis ?? null,
      passScore: input.passScore,
      items: input.items,
      source: 'edit',
      createdBy: actor.userId,
      createdAt: ctx.now,
    })
    .returning();
  ctx.audit = { targetType: 'site_standard', targetId: row.id, before: current ? { version: current.version } : null, after: { kind: row.kind, version: row.version, passScore: row.passScore, items: input.items.length } };
  return toStandard({ ...row, createdByName: actor.displayName });
}
