/**
 * The public credit page's answers (`/api/public/credit`, no sign-in): records on public view and the current serious
 * list, searched by a fragment of the name or the exact credit code, and 以案说法 from approved case summaries. Only the
 * published fields are selected (never the row): what the schema here does not name cannot leave, and the database is
 * not even asked for it. Searches read partial indexes over public rows only; totals are capped.
 */
import { and, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import {
  PENALTY_KIND_LABELS,
  fenToWan,
  isValidCreditCode,
  queryTokens,
  shanghaiDate,
  toTsQuery,
  type CreditPublicRecord,
  type CreditPublicSerious,
  type Page,
  type PenaltyKind,
} from '@shangmi/shared';
import { creditRecords, creditSerious, orgs } from '../../db/schema/index.js';
import { andAll, containsPattern } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { approvedSummaries } from '../cases/cases.service.js';

/** A public search counts at most this many matches (the page says "more than" beyond it). */
export const PUBLIC_COUNT_CAP = 1_000;

const r = creditRecords;
const publicColumns = {
  id: r.id,
  partyName: r.partyName,
  creditCode: r.creditCode,
  legalRep: r.legalRep,
  decisionNo: r.decisionNo,
  violationType: r.violationType,
  facts: r.facts,
  basis: r.basis,
  penaltyKinds: r.penaltyKinds,
  content: r.content,
  fineFen: r.fineFen,
  confiscationFen: r.confiscationFen,
  licenceInfo: r.licenceInfo,
  decidedOn: r.decidedOn,
  validUntil: r.validUntil,
  publishedOn: r.publishedOn,
  publicUntil: r.publicUntil,
  authorityName: r.authorityName,
  authorityCode: r.authorityCode,
  sourceName: r.sourceName,
  sourceCode: r.sourceCode,
  remark: r.remark,
};
type PublicRow = { [K in keyof typeof publicColumns]: (typeof publicColumns)[K]['_']['data'] | null };

const toPublic = (x: PublicRow): CreditPublicRecord => ({
  id: x.id!,
  partyName: x.partyName!,
  creditCode: x.creditCode!,
  legalRep: x.legalRep,
  decisionNo: x.decisionNo!,
  violationType: x.violationType!,
  facts: x.facts!,
  basis: x.basis!,
  penaltyKinds: (x.penaltyKinds ?? []).map((k) => PENALTY_KIND_LABELS[k as PenaltyKind]?.zh ?? k),
  content: x.content!,
  fineWan: x.fineFen === null ? null : fenToWan(x.fineFen),
  confiscationWan: x.confiscationFen === null ? null : fenToWan(x.confiscationFen),
  licenceInfo: x.licenceInfo,
  decidedOn: x.decidedOn!,
  validUntil: x.validUntil,
  publishedOn: x.publishedOn ?? '',
  publicUntil: x.publicUntil ?? '',
  authorityName: x.authorityName!,
  authorityCode: x.authorityCode!,
  sourceName: x.sourceName!,
  sourceCode: x.sourceCode!,
  remark: x.remark,
});

/**
 * The match condition for a query: an exact credit code; else a name fragment — its tokens (bigrams, prefixes) against
 * the search vector, and from three characters also a trigram `ILIKE` on the name (the same approach as the registry).
 */
function matchOf(q: string | undefined, name: typeof r.partyName | typeof creditSerious.partyName, code: typeof r.creditCode | typeof creditSerious.creditCode, search?: typeof r.search): SQL | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  const upper = text.toUpperCase().replace(/\s/g, '');
  if (upper.length === 18 && isValidCreditCode(upper)) return eq(code, upper);
  const tsq = search ? toTsQuery(queryTokens(text)) : null;
  const partial = [...text].length >= 3 || !tsq ? ilike(name, containsPattern(text)) : undefined;
  if (!tsq) return partial;
  const tokens = sql`${search} @@ to_tsquery('simple', ${tsq})`;
  return partial ? or(tokens, partial) : tokens;
}

async function capped(ctx: Ctx, from: typeof r | typeof creditSerious, where: SQL | undefined): Promise<number> {
  const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(ctx.db.select({ one: sql`1` }).from(from).where(where).limit(PUBLIC_COUNT_CAP + 1).as('m'));
  return Number(n);
}

/** On public view today: published, not ended — the term's last day counts even before the hourly job has run. */
const onView = (ctx: Ctx) => and(eq(r.public, true), sql`${r.publicUntil} >= ${shanghaiDate(ctx.now)}`);

export async function publicSearch(ctx: Ctx, q: { q?: string; regionCode?: string; page: number; pageSize: number }): Promise<Page<CreditPublicRecord>> {
  const where = andAll(onView(ctx), q.regionCode ? eq(r.regionCode, q.regionCode) : undefined, matchOf(q.q, r.partyName, r.creditCode, r.search));
  const [rows, total] = await Promise.all([
    ctx.db
      .select(publicColumns)
      .from(r)
      .where(where)
      .orderBy(desc(r.publishedOn), desc(r.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    capped(ctx, r, where),
  ]);
  return { items: rows.map((x) => toPublic(x as PublicRow)), total: Math.min(total, PUBLIC_COUNT_CAP), page: q.page, pageSize: q.pageSize, capped: total > PUBLIC_COUNT_CAP };
}

export async function publicRecord(ctx: Ctx, id: number): Promise<CreditPublicRecord> {
  const [x] = await ctx.db
    .select(publicColumns)
    .from(r)
    .where(and(eq(r.id, id), onView(ctx)));
  if (!x) throw new AppError('NOT_FOUND');
  return toPublic(x as PublicRow);
}

export async function publicSerious(ctx: Ctx, q: { q?: string; regionCode?: string; page: number; pageSize: number }): Promise<Page<CreditPublicSerious>> {
  const s = creditSerious;
  const where = andAll(eq(s.public, true), sql`${s.endsOn} >= ${shanghaiDate(ctx.now)}`, q.regionCode ? eq(s.regionCode, q.regionCode) : undefined, matchOf(q.q, s.partyName, s.creditCode));
  const [rows, total] = await Promise.all([
    // the deciding authority's name from the organisation tree (read-only join, one statement)
    ctx.db
      .select({ id: s.id, partyName: s.partyName, creditCode: s.creditCode, reason: s.reason, basis: s.basis, authorityName: orgs.name, listedOn: s.listedOn, endsOn: s.endsOn })
      .from(s)
      .innerJoin(orgs, eq(orgs.id, s.orgId))
      .where(where)
      .orderBy(desc(s.listedOn), desc(s.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    capped(ctx, s, where),
  ]);
  return {
    items: rows.map((x) => ({ ...x, listedOn: x.listedOn ?? '', endsOn: x.endsOn ?? '' })),
    total: Math.min(total, PUBLIC_COUNT_CAP),
    page: q.page,
    pageSize: q.pageSize,
    capped: total > PUBLIC_COUNT_CAP,
  };
}

/** 以案说法: the approved public summaries (the cases module publishes them by approving). */
export const publicStories = (ctx: Ctx, q: { regionCode?: string; page: number; pageSize: number }) => approvedSummaries(ctx, q);
