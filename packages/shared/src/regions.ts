import { z } from 'zod';
import { id } from './common.js';

export const district = z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), sort: z.number().int() });
export const park = z.object({
  id: z.number().int(),
  name: z.string(),
  nameEn: z.string().nullable(),
  districtCode: z.string().nullable(),
  sort: z.number().int(),
});
export const region = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  districts: z.array(district),
  parks: z.array(park),
});
export type Region = z.infer<typeof region>;
export type District = z.infer<typeof district>;
export type Park = z.infer<typeof park>;

const parkFields = {
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().max(200).optional().nullable(),
  districtCode: z.string().regex(/^\d{6}$/).optional().nullable(),
  sort: z.number().int().min(0),
};
export const parkCreate = z.strictObject({ ...parkFields, sort: parkFields.sort.default(0) });
/** A patch: only the fields sent change. */
export const parkUpdate = z.strictObject(parkFields).partial();

/**
 * GB/T 2260 province-level prefixes (the first two digits of every administrative division code): a code outside them is
 * no division of China at all.
 */
const PROVINCES = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82']);
const divisionMsg = {
  region: { zh: '不是有效的地级行政区划代码（6 位数字，省级前缀有效，以 00 结尾且不以 0000 结尾，例如 640100）', en: 'is not a prefecture-level division code (6 digits, a real province prefix, ending in 00 but not 0000, e.g. 640100)' },
  district: { zh: '不是本地区的县级行政区划代码（6 位数字，前 4 位与地区代码相同，不以 00 结尾）', en: 'is not a county-level division code of this region (6 digits, the region’s first 4, not ending in 00)' },
  duplicate: { zh: '重复', en: 'is listed twice' },
};
const issue = (ctx: z.RefinementCtx, path: (string | number)[], m: { zh: string; en: string }) =>
  ctx.addIssue({ code: 'custom', path, message: m.en, params: { zh: m.zh, en: m.en } });

/** A prefecture-level administrative division code (GB/T 2260): the code of a pilot region. */
export const regionCode = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    if (!/^\d{6}$/.test(v) || !PROVINCES.has(v.slice(0, 2)) || !v.endsWith('00') || v.endsWith('0000')) issue(ctx, [], divisionMsg.region);
  });

const regionDistrict = z.strictObject({ code: z.string().trim(), name: z.string().trim().min(1).max(50), nameEn: z.string().trim().min(1).max(100), bureau: z.string().trim().min(1).max(100) });
const regionPark = z.strictObject({ name: z.string().trim().min(1).max(100), nameEn: z.string().trim().min(1).max(200), districtCode: z.string().trim().nullable() });
const regionPartner = z.strictObject({ kind: z.enum(['police', 'procuratorate', 'court', 'justice']), name: z.string().trim().min(1).max(100) });
const regionTarget = z.strictObject({
  year: z.number().int().min(2020).max(2100),
  kind: z.enum(['base', 'station_point', 'centre']),
  cumulative: z.number().int().min(0).max(100000),
  newPerYear: z.number().int().min(0).max(100000),
});

/**
 * A region as configuration: what a pilot city ships to run Shangmi (config/regions/<code>.json, checked at start) and what
 * a platform administrator enters on the web (POST /api/regions) — the same rules for both.
 */
export const regionConfig = z
  .strictObject({
    code: regionCode,
    name: z.string().trim().min(1).max(50),
    nameEn: z.string().trim().min(1).max(100),
    cityBureau: z.string().trim().min(1).max(100),
    /** the region the public pages serve when the deployment names none (SHANGMI_PUBLIC_REGION) and the host chooses none */
    default: z.boolean().optional(),
    districts: z.array(regionDistrict).min(1).max(60),
    parks: z.array(regionPark).max(200).default([]),
    partners: z.array(regionPartner).max(20).default([]),
    /** the network's goals from the region's plan (seeded once, then kept by the city in the UI) */
    siteTargets: z.array(regionTarget).max(60).optional(),
  })
  .superRefine((r, ctx) => {
    const codes = new Set<string>();
    r.districts.forEach((d, i) => {
      if (!/^\d{6}$/.test(d.code) || d.code.slice(0, 4) !== r.code.slice(0, 4) || d.code.endsWith('00')) issue(ctx, ['districts', i, 'code'], divisionMsg.district);
      else if (codes.has(d.code)) issue(ctx, ['districts', i, 'code'], divisionMsg.duplicate);
      codes.add(d.code);
    });
    const names = new Set<string>();
    r.parks.forEach((p, i) => {
      if (p.districtCode !== null && !codes.has(p.districtCode)) issue(ctx, ['parks', i, 'districtCode'], divisionMsg.district);
      if (names.has(p.name)) issue(ctx, ['parks', i, 'name'], divisionMsg.duplicate);
      names.add(p.name);
    });
    const targets = new Set<string>();
    r.siteTargets?.forEach((g, i) => {
      const key = `${g.year}/${g.kind}`;
      if (targets.has(key)) issue(ctx, ['siteTargets', i, 'kind'], divisionMsg.duplicate);
      targets.add(key);
    });
  });
export type RegionConfig = z.infer<typeof regionConfig>;
/** What the web sends to add a region (the `default` mark stays a matter of the files and the deployment). */
export const regionCreate = regionConfig;

// -- the routes' request and response shapes
export const regionList = z.array(region);
/**
 * The region(s) the public pages serve on this host: `defaultCode` is the one used when the visitor chooses none (null on a
 * multi-region deployment without a default: the visitor chooses among `regions`).
 */
export const publicRegions = z.object({ defaultCode: z.string().nullable(), regions: z.array(region) });
export type PublicRegions = z.infer<typeof publicRegions>;
/** A region by its GB/T 2260 code. */
export const regionParams = z.object({ code: z.string().regex(/^\d{6}$/) });
export const parkParams = regionParams.extend({ id });
