import { z } from 'zod';
import { id, idValue, optionalText, pageOf, pageQuery, text } from './common.js';

/**
 * 行业协会 and 商业秘密保护联盟 (issue 17 item 5): a registry kept by the bureaus, each association with its member
 * enterprises, its 自律规范 and conventions as versioned documents, and its activities (meetings of the listening
 * module held by or for it, so the needs found there join the tracker). An association's own account manages its
 * members and norms, holds activities and runs surveys of its members.
 */
const day = z.iso.date();
type L = { zh: string; en: string };

export const ASSOCIATION_KINDS = ['association', 'alliance'] as const;
export type AssociationKind = (typeof ASSOCIATION_KINDS)[number];
export const ASSOCIATION_KIND_LABELS: Record<AssociationKind, L> = {
  association: { zh: '行业协会', en: 'Industry association' },
  alliance: { zh: '商业秘密保护联盟', en: 'Trade-secret protection alliance' },
};
export const NORM_KINDS = ['norm', 'convention'] as const;
export const NORM_KIND_LABELS: Record<(typeof NORM_KINDS)[number], L> = {
  norm: { zh: '自律规范', en: 'Self-regulation norm' },
  convention: { zh: '公约', en: 'Convention' },
};

export const associationCreate = z.strictObject({
  name: text(100),
  kind: z.enum(ASSOCIATION_KINDS),
  trade: text(50),
  intro: optionalText(2000),
  foundedOn: day.nullable().optional(),
  contactName: optionalText(50),
  contactPhone: optionalText(30),
});
export type AssociationCreate = z.infer<typeof associationCreate>;
export const associationUpdate = associationCreate.partial().strict();

export const association = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(ASSOCIATION_KINDS),
  trade: z.string(),
  intro: z.string().nullable(),
  foundedOn: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  /** the bureau it is registered under */
  parentName: z.string(),
  members: z.number().int(),
  norms: z.number().int(),
  activities: z.number().int(),
});
export type Association = z.infer<typeof association>;

export const associationListQuery = z.object({
  kind: z.enum(ASSOCIATION_KINDS).optional(),
  q: z.string().trim().max(50).optional(),
});
export const associationListPageQuery = associationListQuery.extend(pageQuery.shape);
export const associationPage = pageOf(association);

export const associationMember = z.object({
  enterpriseId: z.number().int(),
  name: z.string(),
  districtCode: z.string().nullable(),
  joinedOn: z.string(),
  leftOn: z.string().nullable(),
});
export type AssociationMember = z.infer<typeof associationMember>;

/**
 * The member picker (an association's account, or its bureau, recruits): search the region's registry by name or credit
 * code. What an association may see of an enterprise that is not yet its member: its name, credit code and district —
 * nothing else (no contacts, industry, kind, scale or any record of other modules); docs/listening.md § Associations.
 */
export const candidateQuery = z.object({ q: z.string().trim().max(50).optional() });
export const candidate = z.object({
  id: z.number().int(),
  name: z.string(),
  creditCode: z.string(),
  districtCode: z.string().nullable(),
  /** already a current member of this association */
  member: z.boolean(),
});
export type Candidate = z.infer<typeof candidate>;
export const candidateList = z.array(candidate);

export const memberAdd = z.strictObject({ enterpriseIds: z.array(idValue).min(1).max(500), joinedOn: day.optional() });
export const memberParams = z.object({ id, enterpriseId: id });

export const normCreate = z.strictObject({
  /** a new version of this document; absent: a new document */
  code: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional(),
  kind: z.enum(NORM_KINDS).default('norm'),
  title: text(200),
  body: text(50_000),
  effectiveOn: day,
  note: optionalText(500),
});
export type NormCreate = z.infer<typeof normCreate>;

export const norm = z.object({
  id: z.number().int(),
  code: z.string(),
  version: z.number().int(),
  kind: z.enum(NORM_KINDS),
  title: z.string(),
  body: z.string(),
  effectiveOn: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type Norm = z.infer<typeof norm>;
export const normVersionList = z.array(norm);
export const normParams = z.object({ id, code: z.string().regex(/^[a-z0-9-]{1,40}$/) });

export const associationDetail = association.extend({
  memberList: z.array(associationMember),
  /** the newest version of each document */
  normList: z.array(norm),
  activityList: z.array(
    z.object({ id: z.number().int(), kind: z.string(), status: z.string(), plannedOn: z.string(), heldOn: z.string().nullable(), purpose: z.string(), needs: z.number().int() }),
  ),
});
export type AssociationDetail = z.infer<typeof associationDetail>;
