/**
 * The credit rules as data: the files of config/credit (validated at start: a broken file stops the server with the
 * file and the problem named), and an administrator's corrections stored as new versions of a part — the newest version
 * in force on a day applies. Read once per request through the short-lived value cache (forgotten on every commit).
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, desc, eq, lte, sql } from 'drizzle-orm';
import {
  CREDIT_RULE_PARTS,
  CREDIT_RULE_SCHEMAS,
  shanghaiDate,
  type CreditRulePart,
  type CreditRuleSet,
  type CreditRulesView,
  type DiscretionTable,
  type MeasureCatalogue,
} from '@shangmi/shared';
import type { z } from 'zod';
import { creditRuleVersions } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';

export const CREDIT_CONFIG_DIR = path.resolve(import.meta.dirname, '../../../../../config/credit');
const FILES: Record<CreditRulePart, string> = { rules: 'rules.json', discretion: 'discretion.json', measures: 'measures.json' };

export interface CreditRules {
  rules: CreditRuleSet;
  discretion: DiscretionTable;
  measures: MeasureCatalogue;
}

function loadFile<P extends CreditRulePart>(part: P): z.infer<(typeof CREDIT_RULE_SCHEMAS)[P]> {
  const file = path.join(CREDIT_CONFIG_DIR, FILES[part]);
  const parsed = CREDIT_RULE_SCHEMAS[part].safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`config/credit/${FILES[part]}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data as z.infer<(typeof CREDIT_RULE_SCHEMAS)[P]>;
}

/** The shipped rules (config/credit), read and checked when the module loads. */
export const FILE_RULES: CreditRules = { rules: loadFile('rules'), discretion: loadFile('discretion'), measures: loadFile('measures') };

type VersionRow = typeof creditRuleVersions.$inferSelect;

async function newestVersions(ctx: Ctx, on: string): Promise<Map<CreditRulePart, VersionRow>> {
  const out = new Map<CreditRulePart, VersionRow>();
  for (const part of CREDIT_RULE_PARTS) {
    const [row] = await ctx.db
      .select()
      .from(creditRuleVersions)
      .where(and(eq(creditRuleVersions.part, part), lte(creditRuleVersions.effectiveFrom, on)))
      .orderBy(desc(creditRuleVersions.effectiveFrom), desc(creditRuleVersions.version))
      .limit(1);
    if (row) out.set(part, row);
  }
  return out;
}

/**
 * Resolved rules kept a few seconds per day: only values, never a pending read (a read waiting inside another
 * request's transaction on PGlite, one transaction at a time, would wait for itself). A correction on this node
 * forgets them at once; another node sees it within RULES_TTL_MS.
 */
const RULES_TTL_MS = 5_000;
let kept: { day: string; at: number; rules: CreditRules } | null = null;

/** The rules in force today: an administrator's newest correction of each part, or the shipped file. */
export async function currentRules(ctx: Ctx): Promise<CreditRules> {
  const today = shanghaiDate(ctx.now);
  if (kept && kept.day === today && Date.now() - kept.at < RULES_TTL_MS) return kept.rules;
  const versions = await newestVersions(ctx, today);
  const rules: CreditRules = {
    rules: (versions.get('rules')?.data as CreditRuleSet | undefined) ?? FILE_RULES.rules,
    discretion: (versions.get('discretion')?.data as DiscretionTable | undefined) ?? FILE_RULES.discretion,
    measures: (versions.get('measures')?.data as MeasureCatalogue | undefined) ?? FILE_RULES.measures,
  };
  kept = { day: today, at: Date.now(), rules };
  return rules;
}

export async function rulesView(ctx: Ctx): Promise<CreditRulesView> {
  const today = shanghaiDate(ctx.now);
  const versions = await newestVersions(ctx, today);
  const current = await currentRules(ctx);
  return {
    ...current,
    sources: CREDIT_RULE_PARTS.map((part) => {
      const v = versions.get(part);
      return v
        ? { part, source: 'edit' as const, version: v.version, effectiveFrom: v.effectiveFrom, editedBy: v.createdByName, editedAt: v.createdAt.toISOString() }
        : { part, source: 'file' as const, version: 0, effectiveFrom: FILE_RULES[part].effectiveFrom, editedBy: null, editedAt: null };
    }),
  };
}

/**
 * An administrator corrects a part: validated against the part's schema (the first problem named by its path), stored
 * as the next version; it applies from its own `effectiveFrom`.
 */
export async function updateRules(ctx: Ctx, part: CreditRulePart, data: unknown, note: string | null | undefined): Promise<CreditRulesView> {
  const actor = requireActor(ctx);
  const parsed = CREDIT_RULE_SCHEMAS[part].safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = ['data', ...issue.path.map(String)].join('.');
    throw new AppError('VALIDATION', {
      message: { zh: `规则格式不正确：${where}：${issue.message}`, en: `The rules are not valid: ${where}: ${issue.message}` },
      fields: [{ field: 'data', message: { zh: `${where}：${issue.message}`, en: `${where}: ${issue.message}` } }],
    });
  }
  kept = null;
  // corrections take turns, so two never get the same version number
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext('credit-rules'))`);
  const [{ v }] = await ctx.db.select({ v: sql<number>`coalesce(max(${creditRuleVersions.version}), 0)::int` }).from(creditRuleVersions).where(eq(creditRuleVersions.part, part));
  await ctx.db.insert(creditRuleVersions).values({
    part,
    version: Number(v) + 1,
    effectiveFrom: parsed.data.effectiveFrom,
    data: parsed.data,
    note: note ?? null,
    createdBy: actor.userId,
    createdByName: actor.displayName,
  });
  kept = null;
  ctx.audit = { action: 'credit.rules-update', targetType: 'credit_rules', targetId: part, after: { version: Number(v) + 1, effectiveFrom: parsed.data.effectiveFrom, note } };
  return rulesView(ctx);
}
