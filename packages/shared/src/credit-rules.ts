import { z } from 'zod';
import { addCalendarDays, addMonths } from './deadlines.js';

/**
 * The credit module's rules as data (config/credit/*.json, an administrator's corrections stored as new versions): which
 * penalties are published and for how long, the publication and withdrawal clocks, the serious-violation list's terms,
 * credit repair, the discretion table (裁量基准) and the catalogue of joint measures. Each carries the article it rests on
 * and the date it takes effect; where the text could not be read here, the citation says so.
 * Pure: the server validates and applies them, the browser shows them and computes the discretion suggestion.
 */
const msg = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const citation = z.string().min(4).max(500);
const fen = z.number().int().min(0).max(100_000_000_000);
const days = z.number().int().min(0).max(365);

/** 行政处罚的种类 (行政处罚法 第九条), as the 处罚类别 of a penalty record. */
export const PENALTY_KINDS = [
  'warning',
  'criticism',
  'fine',
  'confiscation',
  'suspend_permit',
  'downgrade',
  'revoke_permit',
  'restrict_business',
  'order_closure',
  'restrict_employment',
  'other',
] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];
export const PENALTY_KIND_LABELS: Record<PenaltyKind, { zh: string; en: string }> = {
  warning: { zh: '警告', en: 'Warning' },
  criticism: { zh: '通报批评', en: 'Public criticism' },
  fine: { zh: '罚款', en: 'Fine' },
  confiscation: { zh: '没收违法所得、没收非法财物', en: 'Confiscation of illegal gains or property' },
  suspend_permit: { zh: '暂扣许可证件', en: 'Permit suspended' },
  downgrade: { zh: '降低资质等级', en: 'Qualification downgraded' },
  revoke_permit: { zh: '吊销许可证件', en: 'Permit revoked' },
  restrict_business: { zh: '限制开展生产经营活动', en: 'Business activities restricted' },
  order_closure: { zh: '责令停产停业、责令关闭', en: 'Ordered to stop or close' },
  restrict_employment: { zh: '限制从业', en: 'Employment restricted' },
  other: { zh: '其他行政处罚', en: 'Other penalty' },
};

/** Fields a 处罚类别 makes required on a record (the rest of the 双公示 fields are always required or optional). */
export const KIND_REQUIRABLE_FIELDS = ['fineFen', 'confiscationFen', 'licenceInfo', 'validUntil'] as const;
export type KindRequirableField = (typeof KIND_REQUIRABLE_FIELDS)[number];

export const PARTY_KINDS = ['legal', 'individual'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];
export const PARTY_KIND_LABELS: Record<PartyKind, { zh: string; en: string }> = {
  legal: { zh: '法人及非法人组织', en: 'Legal person or organisation' },
  individual: { zh: '个体工商户、自然人', en: 'Sole trader or natural person' },
};

export const creditRuleSet = z.object({
  id: z.string().min(1),
  name: msg,
  effectiveFrom: isoDate,
  note: z.string().optional(),
  publication: z.object({
    /** working days from the decision date (not counted) within which the record is published */
    dueWorkingDays: days,
    dueCitation: citation,
    /** penalties under the simple procedure, and penalties that are only a warning, are not published */
    simpleProcedureCitation: citation,
    warningOnlyCitation: citation,
    /** 通报批评 or a low fine alone: a short term; everything else the long term */
    shortTermMonths: z.number().int().min(1).max(120),
    shortTermKinds: z.array(z.enum(PENALTY_KINDS)),
    longTermYears: z.number().int().min(1).max(20),
    termCitation: citation,
    /** restrictions longer than the long term: published for the restriction's own length */
    restrictionKinds: z.array(z.enum(PENALTY_KINDS)),
    restrictionCitation: citation,
    /** working days within which a changed or revoked decision's record is withdrawn */
    withdrawWorkingDays: days,
    withdrawCitation: citation,
  }),
  /** 较低数额罚款: set by each province; the first entry whose region prefix matches the record's region applies */
  lowFine: z
    .array(
      z.object({
        regionPrefix: z.string().regex(/^(\d{2,6}|\*)$/),
        name: z.string().min(1),
        legalPersonFen: fen,
        individualFen: fen,
        citation,
        effectiveFrom: isoDate,
        /** true while the figure is not taken from the province's own text */
        provisional: z.boolean(),
        note: z.string().optional(),
      }),
    )
    .min(1),
  kindRequirements: z.array(z.object({ kind: z.enum(PENALTY_KINDS), requires: z.array(z.enum(KIND_REQUIRABLE_FIELDS)).min(1), citation })),
  serious: z.object({
    listingCitation: citation,
    /** working days the party has, after the notice of intent, for a statement or a hearing request */
    statementWorkingDays: days,
    statementCitation: citation,
    termYears: z.number().int().min(1).max(20),
    termCitation: citation,
    earlyRemovalAfterYears: z.number().int().min(0).max(20),
    acceptWorkingDays: days,
    decideWorkingDays: days,
    removalCitation: citation,
  }),
  repair: z.object({
    /** months a penalty must have been published before its early end may be asked for */
    minPublishedMonths: z.number().int().min(0).max(120),
    minPublishedCitation: citation,
    /** penalties whose publication may not end early (and the short-term ones, which end soon anyway) */
    excludedKinds: z.array(z.enum(PENALTY_KINDS)),
    excludedCitation: citation,
    reviewWorkingDays: days,
    decideWorkingDays: days,
    limitsCitation: citation,
    conditions: z.array(msg).min(1),
    conditionsCitation: citation,
  }),
});
export type CreditRuleSet = z.infer<typeof creditRuleSet>;

export const DISCRETION_LEVELS = ['lighter', 'ordinary', 'heavier'] as const;
export type DiscretionLevel = (typeof DISCRETION_LEVELS)[number];
export const DISCRETION_LEVEL_LABELS: Record<DiscretionLevel, { zh: string; en: string }> = {
  lighter: { zh: '从轻', en: 'Lighter' },
  ordinary: { zh: '一般', en: 'Ordinary' },
  heavier: { zh: '从重', en: 'Heavier' },
};

/** 裁量基准: the ranges of the trade-secret rule, split into thirds by level, and the facts that move a case between them. */
export const discretionTable = z.object({
  id: z.string().min(1),
  name: msg,
  effectiveFrom: isoDate,
  citation,
  note: z.string().optional(),
  ranges: z.object({
    ordinary: z.object({ minFen: fen, maxFen: fen, label: msg }),
    serious: z.object({ minFen: fen, maxFen: fen, label: msg }),
  }),
  /** loss or illegal gain from which the serious range applies (情节严重), whatever the other facts */
  seriousFromFen: fen,
  /** the starting level by the larger of loss and illegal gain: the first band whose upper bound is not reached */
  bands: z.array(z.object({ belowFen: fen.nullable(), level: z.enum(DISCRETION_LEVELS) })).min(1),
  factors: z
    .array(z.object({ key: z.string().regex(/^[a-z_]+$/), kind: z.enum(['aggravating', 'mitigating', 'serious']), label: msg, citation: citation.optional() }))
    .min(1),
});
export type DiscretionTable = z.infer<typeof discretionTable>;

export const MEASURE_FIELDS = ['procurement', 'bidding', 'honours', 'subsidies', 'supervision', 'qualification', 'financing', 'other'] as const;
export const MEASURE_FIELD_LABELS: Record<(typeof MEASURE_FIELDS)[number], { zh: string; en: string }> = {
  procurement: { zh: '政府采购', en: 'Government procurement' },
  bidding: { zh: '招标投标', en: 'Bidding' },
  honours: { zh: '评优评先', en: 'Honours' },
  subsidies: { zh: '财政补贴与政策扶持', en: 'Subsidies and support' },
  supervision: { zh: '监管与检查', en: 'Supervision and inspection' },
  qualification: { zh: '资质与许可', en: 'Qualifications and permits' },
  financing: { zh: '融资授信', en: 'Financing' },
  other: { zh: '其他', en: 'Other' },
};

/** The catalogue of joint measures (联合惩戒措施): each with its basis and the partner department that applies it. */
export const measureCatalogue = z.object({
  id: z.string().min(1),
  name: msg,
  effectiveFrom: isoDate,
  note: z.string().optional(),
  measures: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z_]+$/),
        label: msg,
        field: z.enum(MEASURE_FIELDS),
        appliesTo: z.array(z.enum(['serious', 'penalty'])).min(1),
        basis: citation,
        partner: msg,
      }),
    )
    .min(1),
});
export type MeasureCatalogue = z.infer<typeof measureCatalogue>;

export const CREDIT_RULE_PARTS = ['rules', 'discretion', 'measures'] as const;
export type CreditRulePart = (typeof CREDIT_RULE_PARTS)[number];
export const CREDIT_RULE_SCHEMAS = { rules: creditRuleSet, discretion: discretionTable, measures: measureCatalogue } as const;

// ---------------------------------------------------------------------------------------------------------------
// Applying the rules (pure)

export interface PenaltyFacts {
  regionCode: string;
  partyKind: PartyKind;
  procedure: 'ordinary' | 'simple';
  penaltyKinds: readonly PenaltyKind[];
  fineFen: number | null;
  validUntil: string | null;
}

/** The 较低数额罚款 threshold that applies in a region (longest matching prefix, then `*`). */
export function lowFineOf(rules: CreditRuleSet, regionCode: string) {
  const matches = rules.lowFine.filter((l) => l.regionPrefix === '*' || regionCode.startsWith(l.regionPrefix));
  return matches.sort((a, b) => (b.regionPrefix === '*' ? 0 : b.regionPrefix.length) - (a.regionPrefix === '*' ? 0 : a.regionPrefix.length))[0];
}

/** Why a penalty is not published (Art. 2: the simple procedure, a warning alone), or null when it is. */
export function notPublishedReason(rules: CreditRuleSet, f: Pick<PenaltyFacts, 'procedure' | 'penaltyKinds'>): { zh: string; en: string; citation: string } | null {
  if (f.procedure === 'simple') return { zh: '适用简易程序作出的行政处罚不予公示', en: 'Penalties under the simple procedure are not published', citation: rules.publication.simpleProcedureCitation };
  if (f.penaltyKinds.length > 0 && f.penaltyKinds.every((k) => k === 'warning')) {
    return { zh: '仅受到警告行政处罚的不予公示', en: 'A warning alone is not published', citation: rules.publication.warningOnlyCitation };
  }
  return null;
}

export const PUBLICATION_TERMS = ['short', 'long', 'restriction'] as const;
export type PublicationTerm = (typeof PUBLICATION_TERMS)[number];
export const PUBLICATION_TERM_LABELS: Record<PublicationTerm, { zh: string; en: string }> = {
  short: { zh: '三个月（通报批评或较低数额罚款）', en: 'Three months (criticism or a low fine)' },
  long: { zh: '三年', en: 'Three years' },
  restriction: { zh: '按实际限制期限', en: 'The restriction’s own length' },
};


/**
 * Which term a published penalty gets and its 公示截止期 (Art. 13): three months for 通报批评 or a low fine and nothing
 * heavier; three years otherwise; a restriction longer than three years for its own length (to its end date).
 */
export function publicationTerm(rules: CreditRuleSet, f: PenaltyFacts, publishedOn: string): { term: PublicationTerm; until: string } {
  const p = rules.publication;
  const long = addMonths(publishedOn, p.longTermYears * 12);
  if (f.validUntil && f.penaltyKinds.some((k) => p.restrictionKinds.includes(k)) && f.validUntil > long) return { term: 'restriction', until: f.validUntil };
  const low = lowFineOf(rules, f.regionCode);
  const limit = f.partyKind === 'individual' ? low?.individualFen : low?.legalPersonFen;
  const light = f.penaltyKinds.every((k) => p.shortTermKinds.includes(k) || k === 'warning' || (k === 'fine' && limit !== undefined && (f.fineFen ?? 0) <= limit));
  return light ? { term: 'short', until: addMonths(publishedOn, p.shortTermMonths) } : { term: 'long', until: long };
}

/** Fields the chosen kinds make required, with the citation of each requirement. */
export function requiredByKinds(rules: CreditRuleSet, kinds: readonly PenaltyKind[]): { field: KindRequirableField; kind: PenaltyKind; citation: string }[] {
  const out: { field: KindRequirableField; kind: PenaltyKind; citation: string }[] = [];
  for (const r of rules.kindRequirements) if (kinds.includes(r.kind)) for (const field of r.requires) if (!out.some((o) => o.field === field)) out.push({ field, kind: r.kind, citation: r.citation });
  return out;
}

/** When the early end of a record's publication may first be asked for, or why it may not be at all. */
export function repairOpensOn(rules: CreditRuleSet, r: { penaltyKinds: readonly PenaltyKind[]; term: PublicationTerm | null; publishedOn: string | null }): { from: string | null; reason: { zh: string; en: string } | null } {
  if (!r.publishedOn) return { from: null, reason: { zh: '尚未公示', en: 'Not published' } };
  const excluded = r.penaltyKinds.find((k) => rules.repair.excludedKinds.includes(k));
  if (excluded) return { from: null, reason: { zh: `受到“${PENALTY_KIND_LABELS[excluded].zh}”处罚的不得提前停止公示`, en: `A penalty of “${PENALTY_KIND_LABELS[excluded].en}” cannot end early` } };
  if (r.term === 'short') return { from: null, reason: { zh: '三个月公示期的处罚信息期满自动停止公示，无需修复', en: 'A three-month publication ends by itself' } };
  return { from: addMonths(r.publishedOn, rules.repair.minPublishedMonths), reason: null };
}

/** When a listed entry may first apply for early removal, and when it leaves the list by itself. */
export function seriousTerms(rules: CreditRuleSet, listedOn: string) {
  return { earlyFrom: addMonths(listedOn, rules.serious.earlyRemovalAfterYears * 12), endsOn: addMonths(listedOn, rules.serious.termYears * 12) };
}

export interface DiscretionInput {
  lossFen?: number | null;
  illegalGainFen?: number | null;
  factors?: readonly string[];
}
export interface DiscretionSuggestion {
  range: 'ordinary' | 'serious';
  level: DiscretionLevel;
  minFen: number;
  maxFen: number;
  reasons: { zh: string; en: string }[];
  citation: string;
}

const LEVEL_ORDER: DiscretionLevel[] = ['lighter', 'ordinary', 'heavier'];
const yuan = (f: number) => (f / 100).toLocaleString('zh-CN');

/**
 * The fine range the facts suggest: the serious range (情节严重) when the loss or gain reaches its threshold or a
 * serious factor is named; the starting level from the amount's band, moved one step up per aggravating factor more
 * than mitigating ones (and down for the reverse); the level's third of the range.
 */
export function suggestPenalty(table: DiscretionTable, input: DiscretionInput): DiscretionSuggestion {
  const amount = Math.max(input.lossFen ?? 0, input.illegalGainFen ?? 0);
  const named = table.factors.filter((f) => input.factors?.includes(f.key));
  const reasons: { zh: string; en: string }[] = [];
  const serious = amount >= table.seriousFromFen || named.some((f) => f.kind === 'serious');
  if (amount >= table.seriousFromFen) reasons.push({ zh: `损失或违法所得 ${yuan(amount)} 元，达到情节严重标准 ${yuan(table.seriousFromFen)} 元`, en: `Loss or gain of ¥${yuan(amount)} reaches the serious threshold of ¥${yuan(table.seriousFromFen)}` });
  for (const f of named.filter((x) => x.kind === 'serious')) reasons.push({ zh: `情节严重：${f.label.zh}`, en: `Serious: ${f.label.en}` });
  const band = table.bands.find((b) => b.belowFen === null || amount < b.belowFen) ?? table.bands[table.bands.length - 1]!;
  let idx = LEVEL_ORDER.indexOf(band.level);
  reasons.push({ zh: `按损失或违法所得（${yuan(amount)} 元）起点为“${DISCRETION_LEVEL_LABELS[band.level].zh}”`, en: `Starting level by loss or gain (¥${yuan(amount)}): ${DISCRETION_LEVEL_LABELS[band.level].en}` });
  const up = named.filter((f) => f.kind === 'aggravating');
  const down = named.filter((f) => f.kind === 'mitigating');
  for (const f of up) reasons.push({ zh: `从重情节：${f.label.zh}`, en: `Aggravating: ${f.label.en}` });
  for (const f of down) reasons.push({ zh: `从轻情节：${f.label.zh}`, en: `Mitigating: ${f.label.en}` });
  idx = Math.min(2, Math.max(0, idx + Math.sign(up.length - down.length)));
  const level = LEVEL_ORDER[idx]!;
  const range = serious ? table.ranges.serious : table.ranges.ordinary;
  const third = Math.floor((range.maxFen - range.minFen) / 3);
  const minFen = range.minFen + third * idx;
  const maxFen = idx === 2 ? range.maxFen : range.minFen + third * (idx + 1);
  return { range: serious ? 'serious' : 'ordinary', level, minFen, maxFen, reasons, citation: table.citation };
}

/** Whether a fine fits its suggestion (过罚相当): within, below or above the suggested range. */
export function fineAgainstSuggestion(s: Pick<DiscretionSuggestion, 'minFen' | 'maxFen'>, fineFen: number | null): 'within' | 'below' | 'above' | null {
  if (fineFen === null) return null;
  if (fineFen < s.minFen) return 'below';
  if (fineFen > s.maxFen) return 'above';
  return 'within';
}

// ---------------------------------------------------------------------------------------------------------------
// 万元 (the 双公示 files' unit) and fen (the platform's)

/** fen as 万元 with six decimals, exactly (1 fen = 0.000001 万元). */
export function fenToWan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const neg = fen < 0;
  const s = String(Math.abs(Math.trunc(fen))).padStart(7, '0');
  return `${neg ? '-' : ''}${s.slice(0, -6)}.${s.slice(-6)}`;
}

/** 万元 text with at most six decimals → fen; null for anything else (negative, more decimals, not a number). */
export function wanToFen(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = typeof text === 'number' ? (Number.isFinite(text) ? text.toFixed(6).replace(/\.?0+$/, '') : '') : text.trim();
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** The day after a date: a publication whose 公示截止期 is `until` is off the public page from this day. */
export const dayAfter = (d: string) => addCalendarDays(d, 1);
