/**
 * What the credit module takes from a case (docs/credit.md): the facts that prefill a penalty record, the terms the case
 * marks as its secret (nothing published may contain them, 令126 Art. 21), the publication clock that closes when the
 * record is published, and the approved public summaries the public credit page tells as 以案说法.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { shanghaiDate, type Page } from '@shangmi/shared';
import { caseClocks, caseEvents, cases } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { closeClocks } from './clocks.js';
import { getDetail } from './queries.js';
import { addEvent, findCase, findOwnCase } from './scope.js';

/** The words a case marks as its secret, with the rights holder's own description of it when there is one. */
export function secretTermsOfRow(row: { secretTerms: string[]; rightholder: { secretSummary: string } | null }): string[] {
  const out = new Set(row.secretTerms.map((t) => t.trim()).filter((t) => t.length >= 2));
  const summary = row.rightholder?.secretSummary?.trim();
  if (summary && summary.length >= 4) out.add(summary);
  return [...out];
}

export async function setSecretTerms(ctx: Ctx, caseId: number, terms: string[]) {
  const row = await findOwnCase(ctx, caseId);
  const clean = [...new Set(terms.map((t) => t.trim()).filter(Boolean))];
  await ctx.db.update(cases).set({ secretTerms: clean, updatedAt: ctx.now }).where(eq(cases.id, caseId));
  // the terms themselves are the secret's names: the history and the audit row count them, never repeat them
  await addEvent(ctx, caseId, 'secret_terms', { data: { count: clean.length } });
  ctx.audit = { action: 'cases.secret-terms', targetType: 'case', targetId: caseId, before: { count: row.secretTerms.length }, after: { count: clean.length } };
  return getDetail(ctx, caseId);
}

/** The decision's date: the day of the `decide` step (Asia/Shanghai). */
async function decidedOn(ctx: Ctx, caseId: number): Promise<string | null> {
  const [ev] = await ctx.db
    .select({ at: caseEvents.at })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'decide')))
    .orderBy(desc(caseEvents.id))
    .limit(1);
  return ev ? shanghaiDate(ev.at) : null;
}

export interface CaseForCredit {
  id: number;
  regionCode: string;
  districtCode: string | null;
  orgId: number;
  orgPath: string;
  caseNumber: string | null;
  respondentName: string | null;
  respondentCreditCode: string | null;
  decisionNo: string | null;
  decidedOn: string | null;
  fineFen: number | null;
  confiscationFen: number | null;
  lossFen: number | null;
  secretTerms: string[];
  publishDueOn: string | null;
}

/**
 * A case in the actor's scope that was decided with a penalty, as the credit module needs it; any other case is an error
 * on `caseId` (404 outside the scope).
 */
export async function caseForCredit(ctx: Ctx, caseId: number): Promise<CaseForCredit> {
  const row = await findCase(ctx, caseId);
  if (row.decisionKind !== 'penalty' || !['decided', 'executing', 'closed'].includes(row.status)) {
    throw fieldError('caseId', { zh: '该案件未作出行政处罚决定', en: 'has no penalty decision' }, 'CONFLICT');
  }
  const [clock] = await ctx.db
    .select({ dueOn: caseClocks.dueOn })
    .from(caseClocks)
    .where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.ruleKey, 'case.publish')))
    .orderBy(asc(caseClocks.id))
    .limit(1);
  return {
    id: row.id,
    regionCode: row.regionCode,
    districtCode: row.districtCode,
    orgId: row.orgId,
    orgPath: row.orgPath,
    caseNumber: row.caseNumber,
    respondentName: row.respondentName,
    respondentCreditCode: row.respondentCreditCode,
    decisionNo: row.decisionNo,
    decidedOn: await decidedOn(ctx, caseId),
    fineFen: row.fineFen,
    confiscationFen: row.confiscationFen,
    lossFen: row.lossFen,
    secretTerms: secretTermsOfRow(row),
    publishDueOn: clock?.dueOn ?? null,
  };
}

/** The secret terms of a case, without a scope check (the credit module has already found its record in scope). */
export async function caseSecretTerms(ctx: Ctx, caseId: number): Promise<string[]> {
  const [row] = await ctx.db.select({ secretTerms: cases.secretTerms, rightholder: cases.rightholder }).from(cases).where(eq(cases.id, caseId));
  return row ? secretTermsOfRow(row) : [];
}

/** The record of a case's penalty was published: the 20-working-day clock closes, the case's history says so. */
export async function penaltyPublished(ctx: Ctx, caseId: number, on: string, recordId: number) {
  await closeClocks(ctx, caseId, 'publish', on);
  await addEvent(ctx, caseId, 'credit_publish', { data: { recordId, on } });
}

/** The published record was withdrawn (the decision changed or was revoked): the case's history says so. */
export async function penaltyWithdrawn(ctx: Ctx, caseId: number, recordId: number, reason: string) {
  await addEvent(ctx, caseId, 'credit_withdraw', { reason, data: { recordId } });
}

/**
 * Approved public summaries, newest approval first (以案说法 on the public credit page): the approval publishes them.
 * Only the summary, the region and district and the day: never the title, the parties or the reporter.
 */
export async function approvedSummaries(ctx: Ctx, q: { regionCode?: string; page: number; pageSize: number }): Promise<Page<{ id: number; regionCode: string; districtCode: string | null; summary: string; approvedOn: string }>> {
  const where = and(eq(cases.publicSummaryStatus, 'approved'), q.regionCode ? eq(cases.regionCode, q.regionCode) : undefined);
  // Written with an alias: in a one-table select drizzle leaves columns unqualified, so `${caseEvents.caseId} = ${cases.id}`
  // came out as case_id = id, both of case_events (no story ever had its day). Mapped through the column to a Date.
  const approvedAt = sql<Date | null>`(select max(e.at) from ${caseEvents} e where e.case_id = ${cases}.id and e.action = 'summary_approve')`.mapWith(caseEvents.at);
  const rows = await ctx.db
    .select({ id: cases.id, regionCode: cases.regionCode, districtCode: cases.districtCode, summary: cases.publicSummary, at: approvedAt })
    .from(cases)
    .where(where)
    .orderBy(desc(approvedAt), desc(cases.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  // a capped count: the public page never counts past what it can page through
  const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(ctx.db.select({ id: cases.id }).from(cases).where(where).limit(q.pageSize * 50).as('c'));
  return {
    items: rows.map((r) => ({ id: r.id, regionCode: r.regionCode, districtCode: r.districtCode, summary: r.summary ?? '', approvedOn: r.at ? shanghaiDate(r.at) : '' })),
    total: Number(n),
    page: q.page,
    pageSize: q.pageSize,
  };
}
