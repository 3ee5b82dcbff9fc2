import { z } from 'zod';
import { pageOf, pageQuery } from './common.js';

/**
 * 人才库/专家库 (issue 16 item 2): experts kept by a bureau, with fields and availability, shared within the region;
 * each use (a training, an on-site check, a mediation, an appraisal) recorded with its date and who used them.
 */
export const EXPERT_KINDS = ['judge', 'lawyer', 'appraiser', 'professor', 'officer', 'other'] as const;
export const EXPERT_AVAILABILITY = ['available', 'limited', 'unavailable'] as const;
export const EXPERT_USE_PURPOSES = ['training', 'onsite_check', 'mediation', 'appraisal', 'other'] as const;

export const EXPERT_KIND_LABELS: Record<(typeof EXPERT_KINDS)[number], { zh: string; en: string }> = {
  judge: { zh: '法官', en: 'Judge' },
  lawyer: { zh: '律师', en: 'Lawyer' },
  appraiser: { zh: '鉴定人员', en: 'Appraiser' },
  professor: { zh: '专家学者', en: 'Professor' },
  officer: { zh: '执法人员', en: 'Officer' },
  other: { zh: '其他', en: 'Other' },
};
export const EXPERT_AVAILABILITY_LABELS: Record<(typeof EXPERT_AVAILABILITY)[number], { zh: string; en: string }> = {
  available: { zh: '可邀请', en: 'Available' },
  limited: { zh: '时间有限', en: 'Limited' },
  unavailable: { zh: '暂不可用', en: 'Unavailable' },
};
export const EXPERT_USE_LABELS: Record<(typeof EXPERT_USE_PURPOSES)[number], { zh: string; en: string }> = {
  training: { zh: '培训授课', en: 'Training' },
  onsite_check: { zh: '现场检查', en: 'On-site check' },
  mediation: { zh: '纠纷调解', en: 'Mediation' },
  appraisal: { zh: '鉴定评估', en: 'Appraisal' },
  other: { zh: '其他', en: 'Other' },
};

const name = z.string().trim().min(1).max(50);
const field = z.string().trim().min(1).max(30);

export const expertCreate = z.strictObject({
  name,
  kind: z.enum(EXPERT_KINDS),
  affiliation: z.string().trim().max(100).optional().nullable(),
  fields: z.array(field).min(1).max(10),
  availability: z.enum(EXPERT_AVAILABILITY).default('available'),
  note: z.string().trim().max(500).optional().nullable(),
});
export type ExpertCreate = z.infer<typeof expertCreate>;
export const expertUpdate = expertCreate.partial().strict();
export type ExpertUpdate = z.infer<typeof expertUpdate>;

export const expertRow = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(EXPERT_KINDS),
  affiliation: z.string().nullable(),
  fields: z.array(z.string()),
  availability: z.enum(EXPERT_AVAILABILITY),
  note: z.string().nullable(),
  orgId: z.number().int(),
  orgName: z.string(),
  uses: z.number().int(),
  lastUsedOn: z.string().nullable(),
  /** the actor keeps this expert (may edit) */
  mayEdit: z.boolean(),
});
export type ExpertRow = z.infer<typeof expertRow>;
export const expertListQuery = z
  .strictObject({
    q: z.string().trim().max(50).optional(),
    kind: z.enum(EXPERT_KINDS).optional(),
    field: z.string().trim().max(30).optional(),
    availability: z.enum(EXPERT_AVAILABILITY).optional(),
  })
  .extend(pageQuery.shape);
export type ExpertListQuery = z.infer<typeof expertListQuery>;
export const expertPage = pageOf(expertRow);

export const expertUseCreate = z.strictObject({
  purpose: z.enum(EXPERT_USE_PURPOSES),
  usedOn: z.iso.date(),
  note: z.string().trim().max(300).optional().nullable(),
});
export type ExpertUseCreate = z.infer<typeof expertUseCreate>;
export const expertUse = z.object({ id: z.number().int(), purpose: z.enum(EXPERT_USE_PURPOSES), usedOn: z.string(), note: z.string().nullable(), orgName: z.string() });
export const expertDetail = expertRow.extend({ history: z.array(expertUse) });
export type ExpertDetail = z.infer<typeof expertDetail>;
export const expertParams = z.object({ id: z.coerce.number().int().positive() });
