/**
 * Other public service systems (issue 24 item 5; plan task 3 “融入创新驱动指导、创业培育指导、知识产权综合服务等服务体系”):
 * a region's directory of the public services an enterprise can be sent to when its need is not a trade-secret one —
 * IP protection centres, 知识产权综合服务, incubators, innovation and start-up guidance. Seeded per region from
 * config/service-systems/<code>.json, then kept by the city administrator from the web; shown publicly; a referral (an
 * enterprise following an entry, or an officer recording that they sent one there) is counted per entry.
 */
import { z } from 'zod';
import { id, idValue, optionalText, text } from './common.js';

export const SERVICE_SYSTEM_KINDS = ['ip_protection', 'ip_service', 'innovation', 'entrepreneurship', 'incubator', 'other'] as const;
export type ServiceSystemKind = (typeof SERVICE_SYSTEM_KINDS)[number];
export const SERVICE_SYSTEM_KIND_LABELS: Record<ServiceSystemKind, { zh: string; en: string }> = {
  ip_protection: { zh: '知识产权保护中心', en: 'IP protection centre' },
  ip_service: { zh: '知识产权综合服务', en: 'IP public services' },
  innovation: { zh: '创新驱动指导', en: 'Innovation guidance' },
  entrepreneurship: { zh: '创业培育指导', en: 'Start-up guidance' },
  incubator: { zh: '创业孵化载体（孵化器、众创空间）', en: 'Incubators and maker spaces' },
  other: { zh: '其他公共服务', en: 'Other public services' },
};

const division = z.string().regex(/^\d{6}$/);
/** http(s) only: the public page links to it */
const url = z
  .string()
  .trim()
  .max(300)
  .regex(/^https?:\/\/\S+$/);

/** What the city administrator enters (and a config file lists) for one entry. */
export const serviceSystemCreate = z.strictObject({
  kind: z.enum(SERVICE_SYSTEM_KINDS),
  name: text(100),
  nameEn: optionalText(200),
  /** the body running it (主办/运营单位) */
  operator: optionalText(100),
  /** what it offers, in a sentence or two */
  services: text(500),
  /** null: the whole region */
  districtCode: division.optional().nullable(),
  address: optionalText(200),
  phone: optionalText(50),
  url: url.optional().nullable(),
  active: z.boolean().default(true),
  sort: z.number().int().min(0).max(9999).default(0),
});
export type ServiceSystemCreate = z.infer<typeof serviceSystemCreate>;
export const serviceSystemPatch = serviceSystemCreate.partial().strict();
export type ServiceSystemPatch = z.infer<typeof serviceSystemPatch>;

/** config/service-systems/<region code>.json: the seed of a region's directory on a new database. */
export const serviceSystemFile = z.strictObject({
  regionCode: division,
  basis: text(1000),
  note: optionalText(1000),
  systems: z.array(serviceSystemCreate).min(1).max(200),
});
export type ServiceSystemFile = z.infer<typeof serviceSystemFile>;

export const serviceSystem = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  kind: z.enum(SERVICE_SYSTEM_KINDS),
  name: z.string(),
  nameEn: z.string().nullable(),
  operator: z.string().nullable(),
  services: z.string(),
  districtCode: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  url: z.string().nullable(),
  active: z.boolean(),
  sort: z.number().int(),
  source: z.enum(['file', 'edit']),
  updatedAt: z.string(),
});
export type ServiceSystem = z.infer<typeof serviceSystem>;
export const serviceSystemList = z.array(serviceSystem);

export const serviceSystemQuery = z.object({
  kind: z.enum(SERVICE_SYSTEM_KINDS).optional(),
  /** entries of this district and those serving the whole region */
  districtCode: division.optional(),
  /** administrators: also inactive entries */
  all: z.enum(['true', 'false']).optional(),
});
export type ServiceSystemQuery = z.infer<typeof serviceSystemQuery>;
export const publicServiceSystemQuery = serviceSystemQuery.omit({ all: true }).extend({ regionCode: division.optional() });
export type PublicServiceSystemQuery = z.infer<typeof publicServiceSystemQuery>;

/** Following an entry (an enterprise) or recording that one was sent there (an officer), optionally from a help request. */
export const serviceSystemReferralCreate = z.strictObject({
  requestId: idValue.optional().nullable(),
  enterpriseId: idValue.optional().nullable(),
  note: optionalText(500),
});
export type ServiceSystemReferralCreate = z.infer<typeof serviceSystemReferralCreate>;
export const serviceSystemReferral = z.object({
  id: z.number().int(),
  systemId: z.number().int(),
  via: z.enum(['enterprise', 'officer']),
  enterpriseId: z.number().int().nullable(),
  requestId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type ServiceSystemReferral = z.infer<typeof serviceSystemReferral>;

export const serviceSystemStatsQuery = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() });
export type ServiceSystemStatsQuery = z.infer<typeof serviceSystemStatsQuery>;
/** Referrals per entry within the caller's scope (entries with none included, so the card lists the whole directory). */
export const serviceSystemStats = z.array(
  z.object({ systemId: z.number().int(), name: z.string(), kind: z.enum(SERVICE_SYSTEM_KINDS), total: z.number().int(), byEnterprise: z.number().int(), byOfficer: z.number().int() }),
);
export type ServiceSystemStats = z.infer<typeof serviceSystemStats>;
export const serviceSystemParams = z.object({ id });
