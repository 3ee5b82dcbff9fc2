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

/** A region as configuration: what a pilot city ships to run Shangmi. */
export interface RegionConfig {
  code: string;
  name: string;
  nameEn: string;
  cityBureau: string;
  /** the region the public pages serve when the deployment names none (SHANGMI_PUBLIC_REGION) and the host chooses none */
  default?: boolean;
  districts: { code: string; name: string; nameEn: string; bureau: string }[];
  parks: { name: string; nameEn: string; districtCode: string | null }[];
  partners: { kind: 'police' | 'procuratorate' | 'court' | 'justice'; name: string }[];
  /** the network's goals from the region's plan (seeded once, then kept by the city in the UI) */
  siteTargets?: { year: number; kind: 'base' | 'station_point'; cumulative: number; newPerYear: number }[];
}

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
