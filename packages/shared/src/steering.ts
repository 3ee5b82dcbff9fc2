/**
 * Steering the pilot (issue 19): indicators as data (config/indicators/), their values from live data per year, quarter,
 * district and month, the pace and forecast of each target, the leadership picture (领导驾驶舱) and the annual report.
 */
import { z } from 'zod';

const text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const code6 = z.string().regex(/^\d{6}$/);
const year = z.number().int().min(2020).max(2100);

/** Where an indicator's value comes from: a named computation over one module's live data (apps/server/src/modules/steering/sources.ts). */
export const INDICATOR_SOURCES = [
  'sites.built', // sites counting toward a target kind, accredited by the period's end and not revoked (the sites dashboard)
  'cultivation.entries', // cultivation entries of the list year by stage (filters.stage)
  'assessments.submitted', // health checks submitted
  'assessments.avgScore', // average score of submitted health checks
  'cases.acceptedOnTime', // complaints whose acceptance clock closed by its due date, % of closed ones
  'credit.publishedOnTime', // penalty decisions published by their due date, % of published ones
  'services.delivered', // services delivered (help requests)
  'services.satisfaction', // average rating of confirmed services (1–5)
  'outreach.trainingHours', // participant hours credited (checked-in enrolments × the training's hours)
  'outreach.events', // publicity events done
  'outreach.reach', // people reached by publicity events
  'listening.visits', // visits recorded
  'listening.needsClosedOnTime', // needs closed by their due date, % of closed ones
  'proofs.deposited', // existence proofs deposited
  'manual', // entered by hand with evidence
] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];

/** How a value adds up and is paced: a stock counted to the period's end, a flow within the year, or a rate/average. */
export const INDICATOR_KINDS = ['cumulative', 'flow', 'rate'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const indicatorDef = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_.]*$/),
  name: text,
  unit: text,
  source: z.enum(INDICATOR_SOURCES),
  /** the module whose data it reads (shown, and the appraisal groups by it) */
  module: z.string().min(1),
  kind: z.enum(INDICATOR_KINDS),
  /** the source's filters, e.g. { "targetKind": "station_point" } or { "stage": "created" } */
  filters: z.record(z.string(), z.string()).default({}),
  /** the plan's task (重点任务 1–14) it measures, for the annual report */
  task: z.number().int().min(1).max(14).optional(),
  /** targets per year; districtCode null (or absent) is the region's. Site indicators take theirs from the sites' targets when none is given here. */
  targets: z
    .array(z.strictObject({ year, districtCode: code6.nullable().default(null), value: z.number().min(0), basis: z.string().optional() }))
    .default([]),
  /** the list page that shows the records counted, with its filters (the district and year are added where the list takes them) */
  link: z.strictObject({ path: z.string().startsWith('/'), query: z.record(z.string(), z.string()).default({}), district: z.boolean().default(true), yearParam: z.string().optional() }).optional(),
  note: z.string().optional(),
});
export type IndicatorDef = z.infer<typeof indicatorDef>;

/** config/indicators/status.json: when a target is on track, at risk or behind (rules as data). */
export const statusRules = z.strictObject({
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  basis: z.string().min(1),
  /** projected ÷ target at or above: on track */
  onTrack: z.number().min(0).max(2),
  /** at or above (and below onTrack): at risk; below: behind */
  atRisk: z.number().min(0).max(2),
});
export type StatusRules = z.infer<typeof statusRules>;

export const indicatorsFile = z.strictObject({ indicators: z.array(indicatorDef).min(1) });

export const TARGET_STATUSES = ['met', 'on_track', 'at_risk', 'behind', 'missed', 'upcoming', 'no_target'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
export const TARGET_STATUS_LABELS: Record<TargetStatus, { zh: string; en: string }> = {
  met: { zh: '已完成', en: 'Met' },
  on_track: { zh: '进度正常', en: 'On track' },
  at_risk: { zh: '有风险', en: 'At risk' },
  behind: { zh: '滞后', en: 'Behind' },
  missed: { zh: '未完成', en: 'Missed' },
  upcoming: { zh: '未开始', en: 'Upcoming' },
  no_target: { zh: '未设目标', en: 'No target' },
};

const num = z.number().nullable();
/** One target's pace and forecast (forecast.ts). */
export const pace = z.object({
  year: z.number().int(),
  target: num,
  /** done so far (the year's value as of today, or at the year's end for a past year) */
  done: num,
  /** what a steady pace would have reached by today */
  expected: num,
  /** the year-end value if this year's pace goes on */
  projected: num,
  status: z.enum(TARGET_STATUSES),
  /** a missed year: how far short; a later year: what it must add to reach its target (cumulative targets) */
  shortfall: num,
  mustAdd: num,
});
export type Pace = z.infer<typeof pace>;

export const indicatorValue = z.object({
  key: z.string(),
  name: text,
  unit: text,
  module: z.string(),
  source: z.string(),
  kind: z.enum(INDICATOR_KINDS),
  task: z.number().nullable(),
  /** the region has a target for it in some year (a district without a quota still shows it among the targets) */
  planned: z.boolean(),
  /** the list it counts; `district`: the list takes a districtCode filter */
  link: z.object({ path: z.string(), query: z.record(z.string(), z.string()), district: z.boolean() }).nullable(),
  /** the region's (or the district's) value per year, with pace and forecast */
  years: z.array(pace),
  /** the selected year's value per quarter (1–4; flows and rates within the quarter, stocks at its end) */
  quarters: z.array(z.object({ quarter: z.number().int(), value: num })),
  /** the selected year's value per district, with its target and status */
  districts: z.array(z.object({ districtCode: z.string(), value: num, target: num, status: z.enum(TARGET_STATUSES) })),
  /** the selected year's value per month ('2026-03'); stocks: at the month's end */
  months: z.array(z.object({ month: z.string(), value: num })),
});
export type IndicatorValue = z.infer<typeof indicatorValue>;

export const steeringQuery = z.object({
  regionCode: code6.optional(),
  districtCode: code6.optional(),
  year: z.coerce.number().int().min(2020).max(2100).optional(),
});
export type SteeringQuery = z.infer<typeof steeringQuery>;

export const cockpit = z.object({
  regionCode: z.string(),
  /** null: the city's picture; a code: that district's (a district officer always gets their own) */
  districtCode: z.string().nullable(),
  year: z.number().int(),
  years: z.array(z.number().int()),
  /** when the values were computed (they are kept at most a minute) */
  computedAt: z.string(),
  indicators: z.array(indicatorValue),
});
export type Cockpit = z.infer<typeof cockpit>;

/** A manual indicator's value for a year (and district), with the evidence it rests on. */
export const manualValuePut = z.strictObject({
  regionCode: code6.optional(),
  key: z.string().min(1).max(80),
  year,
  districtCode: code6.nullable().default(null),
  value: z.number().min(0).max(1e12),
  evidence: z.string().trim().min(1).max(2000),
  fileIds: z.array(z.number().int().positive()).max(20).default([]),
});
export type ManualValuePut = z.infer<typeof manualValuePut>;
export const manualValue = z.object({
  key: z.string(),
  year: z.number().int(),
  districtCode: z.string().nullable(),
  value: z.number(),
  evidence: z.string(),
  fileIds: z.array(z.number()),
  enteredAt: z.string(),
});
export type ManualValue = z.infer<typeof manualValue>;
export const manualValueList = z.array(manualValue);

/** The reports' language: Chinese (the official document, the default) or English. */
export const REPORT_LANGS = ['zh', 'en'] as const;
export const annualReportQuery = z.object({ regionCode: code6.optional(), year: z.coerce.number().int().min(2020).max(2100), lang: z.enum(REPORT_LANGS).default('zh') });
/** 试点验收总结: the whole pilot period (2025–2027), no year to choose. */
export const acceptanceQuery = z.object({ regionCode: code6.optional(), lang: z.enum(REPORT_LANGS).default('zh') });
