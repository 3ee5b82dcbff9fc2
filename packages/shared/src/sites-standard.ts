import { z } from 'zod';
import { optionalText, text } from './common.js';

/**
 * The site kinds — 基地、站、点 ("一基地一站多点") and the county-level 维权指导中心 (task 3: "鼓励有条件的县（市）区设立商业秘密保护
 * 维权指导中心") — and the construction standard (建设标准) of each: items, weights, the pass score.
 */
export const SITE_KINDS = ['base', 'station', 'point', 'centre'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];
export const SITE_KIND_LABELS: Record<SiteKind, { zh: string; en: string }> = {
  base: { zh: '基地', en: 'Base' },
  station: { zh: '站', en: 'Station' },
  point: { zh: '点', en: 'Point' },
  centre: { zh: '维权指导中心', en: 'Rights-protection guidance centre' },
};


/**
 * A quantitative item's measure (e.g. 每年组织培训或宣传活动不少于 2 次): counted from the service ledger in the site's
 * yearly review — ledger rows of these service kinds in the year (`services`), or the distinct enterprises they served
 * (`enterprises`), at least `min`.
 */
export const standardQuota = z.strictObject({
  measure: z.enum(['services', 'enterprises']),
  serviceKinds: z.array(z.string().regex(/^[a-z_]{1,40}$/)).min(1).max(20),
  min: z.number().int().min(1).max(100000),
});
export type StandardQuota = z.infer<typeof standardQuota>;

export const standardItem = z.strictObject({
  /** stable within the standard, e.g. `A1` */
  code: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,20}$/),
  /** 场地, 人员, 制度, 服务内容 … */
  category: text(50),
  title: text(200),
  description: optionalText(1000),
  /** points the item carries */
  weight: z.number().int().min(1).max(100),
  /** what evidence proves it */
  evidence: text(500),
  /** a must-have (否决项): the district cannot pass an acceptance scoring it 0 */
  required: z.boolean().default(false),
  /** a quantitative item: counted from the service ledger every year */
  quota: standardQuota.optional(),
});
export type StandardItem = z.infer<typeof standardItem>;

const standardBody = {
  title: text(200),
  /** where the wording comes from */
  basis: optionalText(1000),
  passScore: z.number().int().min(1).max(1000),
  items: z.array(standardItem).min(1).max(200),
};

/** Checks that go beyond single fields: unique codes, a reachable pass score. Returns the problems (field → message). */
export function standardProblems(s: { passScore: number; items: { code: string; weight: number }[] }): { field: string; zh: string; en: string }[] {
  const out: { field: string; zh: string; en: string }[] = [];
  const seen = new Set<string>();
  s.items.forEach((it, i) => {
    if (seen.has(it.code)) out.push({ field: `items.${i}.code`, zh: `编号 ${it.code} 重复`, en: `code ${it.code} is repeated` });
    seen.add(it.code);
  });
  const total = s.items.reduce((a, it) => a + it.weight, 0);
  if (s.passScore > total) out.push({ field: 'passScore', zh: `不能超过各项分值之和（${total}）`, en: `cannot exceed the items' total (${total})` });
  return out;
}

/** A standard file in config/standards/: one kind's checklist, shipped with the software. */
export const standardFile = z
  .strictObject({ kind: z.enum(SITE_KINDS), version: z.number().int().min(1), ...standardBody })
  .superRefine((s, ctx) => {
    for (const p of standardProblems(s)) ctx.addIssue({ code: 'custom', path: p.field.split('.'), message: p.en });
  });
export type StandardFile = z.infer<typeof standardFile>;

export const siteStandard = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  kind: z.enum(SITE_KINDS),
  version: z.number().int(),
  /** the shipped file's version it was loaded from (null: a city's edit) */
  fileVersion: z.number().int().nullable(),
  title: z.string(),
  basis: z.string().nullable(),
  passScore: z.number().int(),
  totalScore: z.number().int(),
  items: z.array(
    z.object({
      code: z.string(),
      category: z.string(),
      title: z.string(),
      description: z.string().nullable().optional(),
      weight: z.number().int(),
      evidence: z.string(),
      required: z.boolean(),
      quota: standardQuota.optional(),
    }),
  ),
  source: z.enum(['file', 'edit']),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type SiteStandard = z.infer<typeof siteStandard>;

export const standardsQuery = z.object({
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  kind: z.enum(SITE_KINDS).optional(),
  /** every version, not only the current one */
  all: z.enum(['true', 'false']).optional(),
});

/** A city administrator's edit: a new version of one kind's standard for the region. */
/**
 * A standard shipped with a newer release (config/standards/) that a region has not adopted because its city has edited
 * the kind's standard since: the city administrator adopts it as the next version, or keeps its own.
 */
export const shippedStandard = z.object({
  kind: z.enum(SITE_KINDS),
  fileVersion: z.number().int(),
  title: z.string(),
  passScore: z.number().int(),
  itemCount: z.number().int(),
  totalScore: z.number().int(),
});
export type ShippedStandard = z.infer<typeof shippedStandard>;
export const standardAdopt = z.strictObject({ regionCode: z.string().regex(/^\d{6}$/).optional(), kind: z.enum(SITE_KINDS) });
export type StandardAdopt = z.infer<typeof standardAdopt>;

export const standardCreate = z.strictObject({ regionCode: z.string().regex(/^\d{6}$/).optional(), kind: z.enum(SITE_KINDS), ...standardBody });
export type StandardCreate = z.infer<typeof standardCreate>;
