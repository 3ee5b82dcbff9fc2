/**
 * The frameworks loaded in the database: one row per code and version (shipped files at start, a city admin's uploads);
 * the newest of a code is current. Parsing the files is frameworks.ts.
 */
import { and, desc, eq } from 'drizzle-orm';
import { allRequirements, type Framework, type FrameworkSummary } from '@shangmi/shared';
import { assessmentFrameworks } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError, notFound } from '../../platform/errors.js';
import { FrameworkFileError, parseFrameworkText } from './frameworks.js';
import { msg } from './assessments.messages.js';

// rows never change once written (a new version is a new row), so a parsed framework is kept per id
const frameworkCache = new Map<number, Framework>();

export async function frameworkById(ctx: Ctx, id: number): Promise<Framework> {
  const hit = frameworkCache.get(id);
  if (hit) return hit;
  const [row] = await ctx.db.select({ data: assessmentFrameworks.data }).from(assessmentFrameworks).where(eq(assessmentFrameworks.id, id));
  if (!row) throw notFound();
  const f = row.data as Framework;
  frameworkCache.set(id, f);
  return f;
}

/** Newest first; the first row of each code is the current version. */
async function frameworkRows(ctx: Ctx) {
  return ctx.db
    .select({
      id: assessmentFrameworks.id,
      code: assessmentFrameworks.code,
      version: assessmentFrameworks.version,
      source: assessmentFrameworks.source,
      createdAt: assessmentFrameworks.createdAt,
      data: assessmentFrameworks.data,
    })
    .from(assessmentFrameworks)
    .orderBy(desc(assessmentFrameworks.id));
}

export async function listFrameworks(ctx: Ctx): Promise<FrameworkSummary[]> {
  const rows = await frameworkRows(ctx);
  const seen = new Set<string>();
  return rows.map((r) => {
    const f = r.data as Framework;
    const current = !seen.has(r.code);
    seen.add(r.code);
    return {
      id: r.id,
      code: r.code,
      version: r.version,
      title: f.title,
      source: r.source,
      dimensions: f.dimensions.length,
      requirements: allRequirements(f).length,
      createdAt: r.createdAt.toISOString(),
      current,
    };
  });
}

export async function currentFrameworkId(ctx: Ctx, code?: string): Promise<number> {
  const [row] = await ctx.db
    .select({ id: assessmentFrameworks.id })
    .from(assessmentFrameworks)
    .where(code ? eq(assessmentFrameworks.code, code) : undefined)
    .orderBy(desc(assessmentFrameworks.id))
    .limit(1);
  if (!row) throw new AppError('CONFLICT', { message: msg.noFramework });
  return row.id;
}

/** A city admin loads a new version: validated like a shipped file; a code and version already loaded is refused. */
export async function uploadFramework(ctx: Ctx, text: string): Promise<FrameworkSummary> {
  const actor = requireActor(ctx);
  let f: Framework;
  try {
    f = parseFrameworkText(text, 'upload');
  } catch (e) {
    if (!(e instanceof FrameworkFileError)) throw e;
    throw fieldError('text', msg.frameworkInvalid(e.problems));
  }
  const [dup] = await ctx.db
    .select({ id: assessmentFrameworks.id })
    .from(assessmentFrameworks)
    .where(and(eq(assessmentFrameworks.code, f.code), eq(assessmentFrameworks.version, f.version)));
  if (dup) throw fieldError('text', msg.frameworkVersionExists(f.code, f.version));
  const [row] = await ctx.db
    .insert(assessmentFrameworks)
    .values({ code: f.code, version: f.version, title: f.title.zh, data: f, source: 'upload', createdBy: actor.userId })
    .returning();
  ctx.audit = { targetType: 'assessment_framework', targetId: row.id, after: { code: f.code, version: f.version } };
  return (await listFrameworks(ctx)).find((x) => x.id === row.id)!;
}
