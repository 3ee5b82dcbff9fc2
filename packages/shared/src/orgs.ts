import { z } from 'zod';
import { id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';

/**
 * Organisation kinds. The tree holds every actor's organisation; later modules add kinds (sites, providers,
 * enterprises). Labels live in the `org_kind` dictionary; this list is what the code relies on.
 */
export const ORG_KINDS = [
  'platform',
  'city_bureau',
  'district_bureau',
  'police',
  'procuratorate',
  'court',
  'justice',
  'site',
  'provider',
  'enterprise',
  'association',
  /** a government department that applies joint credit measures (财政、发改、住建 …), see docs/credit.md */
  'department',
  'other',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const orgKind = z.enum(ORG_KINDS);

export const org = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  path: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.string(),
  regionCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  creditCode: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  address: z.string().nullable(),
  sort: z.number().int(),
  status: z.enum(['active', 'disabled']),
  hasChildren: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Org = z.infer<typeof org>;

const orgFields = {
  parentId: idValue,
  name: text(100),
  shortName: optionalText(50),
  kind: orgKind,
  districtCode: z.string().regex(/^\d{6}$/).optional().nullable(),
  creditCode: optionalText(18),
  contactName: optionalText(50),
  contactPhone: optionalText(30),
  address: optionalText(200),
  sort: z.number().int().min(0).max(100000),
};
export const orgCreate = z.strictObject({ ...orgFields, sort: orgFields.sort.default(0) });
export type OrgCreate = z.infer<typeof orgCreate>;

/** A patch: only the fields sent change (no defaults here, or an absent field would be reset). */
export const orgUpdate = z
  .strictObject({ ...orgFields, status: z.enum(['active', 'disabled']) })
  .partial();
export type OrgUpdate = z.infer<typeof orgUpdate>;

export const orgListQuery = z.object({
  /** children of this organisation; without it, the roots of what the caller may see */
  parentId: id.optional(),
  kind: z.string().optional(),
  q: z.string().trim().max(100).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

// -- the routes' request and response shapes
/** The tree is read a level at a time: pages of up to 1,000 children (200 by default). */
export const orgListPageQuery = orgListQuery.extend({ page: pageQuery.shape.page, pageSize: z.coerce.number().int().min(1).max(1000).default(200) });
export const orgPage = pageOf(org);
