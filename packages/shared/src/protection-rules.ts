import { z } from 'zod';
import { bilingual, IMPORTANCES } from './assessments-framework.js';
import { addMonths } from './deadlines.js';

/**
 * The protection file's rules as data (config/protection/rules.yaml): the kinds of information the law names, the levels
 * and their review cycles, the fields that say why a secret has value, the people the law names, the departure checklist,
 * the notice's wording, the grantable parts and the readiness score's parameters — each with the article it rests on
 * and the date it applies from. Validated at start (a broken file stops it, naming the line); the web reads it through
 * GET /api/protection/rules for its labels.
 */
const value = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _');
const choice = z.object({ value, label: bilingual }).strict();
export type RuleChoice = z.infer<typeof choice>;

const uniqueValues = (list: { value: string }[], ctx: z.RefinementCtx, path: (string | number)[]) => {
  const seen = new Set<string>();
  list.forEach((c, i) => {
    if (seen.has(c.value)) ctx.addIssue({ code: 'custom', path: [...path, i, 'value'], message: `duplicate value ${c.value}` });
    seen.add(c.value);
  });
};

export const SECRET_CATEGORIES = ['technical', 'business'] as const;
export type SecretCategory = (typeof SECRET_CATEGORIES)[number];
export const SECRET_LEVELS = ['core', 'important', 'general'] as const;
export type SecretLevel = (typeof SECRET_LEVELS)[number];
/** The items of 法释〔2020〕7号 第六条 that name a kind of measure (item 7, "other reasonable measures", names none). */
export const MEASURE_ITEMS = [1, 2, 3, 4, 5, 6] as const;
export type MeasureItem = (typeof MEASURE_ITEMS)[number];

/** A framework profile question's answer a carrier implies (`it_systems: yes` for an electronic document). */
const profileAnswers = z.record(z.string().min(1), z.string().min(1));

export const protectionRules = z
  .object({
    version: z.string().regex(/^\d+(\.\d+)*$/),
    effectiveFrom: z.iso.date(),
    /** the texts these rules were read from */
    sources: z.array(bilingual).min(1),
    categories: z
      .array(z.object({ value: z.enum(SECRET_CATEGORIES), label: bilingual, basis: bilingual, kinds: z.array(choice).min(1) }).strict())
      .length(2),
    levels: z
      .array(
        z
          .object({
            value: z.enum(SECRET_LEVELS),
            label: bilingual,
            description: bilingual,
            /** the default review cycle of a secret of this level */
            reviewMonths: z.number().int().min(1).max(60),
            /** which requirements of the health-check framework a secret of this level is expected to be protected by */
            expected: z.array(z.enum(IMPORTANCES)).min(1),
            /** what a measure recorded without evidence counts for (0–1): a core secret needs proof */
            withoutEvidence: z.number().min(0).max(1),
          })
          .strict(),
      )
      .length(3),
    carrierKinds: z.array(choice.extend({ implies: profileAnswers.default({}) }).strict()).min(1),
    /** why it has value (商业秘密保护规定 第七条): the kinds of benefit or advantage */
    advantages: z.array(choice).min(1),
    /** how it came about (第十八条第一款第（一）项 形成过程) */
    formations: z.array(choice).min(1),
    /** why it is not public (法释〔2020〕7号 第三条、第四条; 规定 第六条): the grounds the enterprise can state */
    notPublic: z.array(choice).min(1),
    basis: z
      .object({ value: bilingual, notPublic: bilingual, measures: bilingual, correspondence: bilingual, evidence: bilingual })
      .strict(),
    people: z
      .object({
        kinds: z.array(choice.extend({ outside: z.boolean(), employee: z.boolean() }).strict()).min(1),
        basis: bilingual,
        /** 劳动合同法 第二十四条: a non-compete lasts at most this long after the employment ends */
        nonCompeteMaxMonths: z.number().int().min(1).max(60),
        nonCompeteBasis: bilingual,
      })
      .strict(),
    departure: z.object({ items: z.array(choice).min(1), basis: bilingual }).strict(),
    notice: z
      .object({
        /** how long a notice's acknowledgement link works */
        linkValidDays: z.number().int().min(1).max(90),
        title: bilingual,
        /** the text the person reads: {enterprise} {person} {secrets} (one per line) {date} are filled in */
        paragraphs: z.array(z.string().trim().min(1)).min(1),
        basis: bilingual,
      })
      .strict(),
    grants: z
      .object({
        maxDays: z.number().int().min(1).max(366),
        parts: z.array(choice.extend({ description: bilingual }).strict()).min(1),
        basis: bilingual,
      })
      .strict(),
    readiness: z
      .object({
        /** the share of an item's coverage that comes from the people who know the secret (agreements, notices, departures) */
        peopleShare: z.number().min(0).max(1),
        basis: bilingual,
      })
      .strict(),
  })
  .strict()
  .superRefine((r, ctx) => {
    r.categories.forEach((c, i) => uniqueValues(c.kinds, ctx, ['categories', i, 'kinds']));
    if (new Set(r.categories.map((c) => c.value)).size !== 2) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'technical and business, once each' });
    if (new Set(r.levels.map((l) => l.value)).size !== 3) ctx.addIssue({ code: 'custom', path: ['levels'], message: 'core, important and general, once each' });
    uniqueValues(r.carrierKinds, ctx, ['carrierKinds']);
    uniqueValues(r.advantages, ctx, ['advantages']);
    uniqueValues(r.formations, ctx, ['formations']);
    uniqueValues(r.notPublic, ctx, ['notPublic']);
    uniqueValues(r.people.kinds, ctx, ['people', 'kinds']);
    uniqueValues(r.departure.items, ctx, ['departure', 'items']);
    uniqueValues(r.grants.parts, ctx, ['grants', 'parts']);
    for (const p of ['register', 'measures', 'people', 'acknowledgements', 'departures']) {
      if (!r.grants.parts.some((x) => x.value === p)) ctx.addIssue({ code: 'custom', path: ['grants', 'parts'], message: `the part ${p} is needed (the grant views read it)` });
    }
  });
export type ProtectionRules = z.infer<typeof protectionRules>;
export type LevelRule = ProtectionRules['levels'][number];

export const levelRule = (rules: Pick<ProtectionRules, 'levels'>, level: SecretLevel): LevelRule => rules.levels.find((l) => l.value === level)!;

/** A rule list's label for a value, or the value itself when the rules no longer know it. */
export function ruleLabel(list: readonly { value: string; label: { zh: string; en: string } }[], value: string): { zh: string; en: string } {
  return list.find((c) => c.value === value)?.label ?? { zh: value, en: value };
}


/** Whole months from one day to another (the non-compete's length): partial months round up. */
export function monthsBetween(from: string, to: string): number {
  let n = 0;
  while (addMonths(from, n) < to) n++;
  return n;
}
