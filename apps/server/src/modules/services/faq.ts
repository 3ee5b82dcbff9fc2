/**
 * The public FAQ (公开问答): consultations the city or district published with the names removed, of the region the
 * public site serves (by host or `regionCode`), searchable by words in the question or the answer, by category, newest
 * first. Only the edited text leaves: never the thread, the enterprise or the answering organisation.
 */
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { FaqEntry, Page, faqQuery } from '@shangmi/shared';
import type { z } from 'zod';
import { consultations } from '../../db/schema/index.js';
import { likeEscape, andAll } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { todayIn } from '../../platform/calendar.js';
import { resolvePublicRegion } from '../regions/regions.service.js';

const c = consultations;

export async function listFaq(ctx: Ctx, q: z.output<typeof faqQuery>, host?: string): Promise<Page<FaqEntry>> {
  const regionCode = await resolvePublicRegion(ctx, q.regionCode, host);
  const words = (q.q ?? '').split(/\s+/).filter(Boolean).slice(0, 5);
  const where = andAll(
    and(eq(c.regionCode, regionCode), eq(c.state, 'published'), isNotNull(c.publishedAt)),
    q.category ? eq(c.faqCategory, q.category) : undefined,
    ...words.map((w) => sql`(${c.faqQuestion} ilike ${`%${likeEscape(w)}%`} or ${c.faqAnswer} ilike ${`%${likeEscape(w)}%`})`),
  );
  const rows = await ctx.db
    .select({ id: c.id, category: c.faqCategory, question: c.faqQuestion, answer: c.faqAnswer, publishedAt: c.publishedAt })
    .from(c)
    .where(where)
    .orderBy(desc(c.publishedAt), desc(c.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = await pageTotal(ctx.db, c, where);
  return {
    items: rows.map((r) => ({ id: r.id, category: r.category as FaqEntry['category'], question: r.question ?? '', answer: r.answer ?? '', publishedOn: todayIn(r.publishedAt!) })),
    ...total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
