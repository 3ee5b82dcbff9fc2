import type { z } from 'zod';
import type {
  Departure,
  Grant,
  GrantedPart,
  Knower,
  MeasureCatalog,
  Notice,
  Page,
  Person,
  PersonDetail,
  ProofRecord,
  ProtectionRules,
  PublicNotice,
  ReadinessOverview,
  Secret,
  SecretDetail,
  SecretListItem,
  SecretMeasure,
  SecretProof,
  acknowledged,
  acknowledgement,
  departureUpsert,
  grantCreate,
  grantDetail,
  grantedList,
  granteeOptions,
  measureCreate,
  noticeLink,
  noticeListQuery,
  noticeSend,
  noticeSent,
  personCreate,
  personListQuery,
  personUpdate,
  proofDeposit,
  secretCreate,
  secretListQuery,
  secretUpdate,
  templateList,
  training,
  trainingCreate,
} from '@shangmi/shared';
import { api, downloadExport } from './client';
import type { Filters, ListQuery } from './lists';

export type SecretCreateInput = z.input<typeof secretCreate>;
export type SecretUpdateInput = z.input<typeof secretUpdate>;
export type MeasureCreateInput = z.input<typeof measureCreate>;
export type PersonCreateInput = z.input<typeof personCreate>;
export type PersonUpdateInput = z.input<typeof personUpdate>;
export type TrainingCreateInput = z.input<typeof trainingCreate>;
export type DepartureInput = z.input<typeof departureUpsert>;
export type NoticeSendInput = z.input<typeof noticeSend>;
export type NoticeLink = z.output<typeof noticeLink>;
export type GrantCreateInput = z.input<typeof grantCreate>;
export type GrantDetail = z.output<typeof grantDetail>;
export type GrantedItem = z.output<typeof grantedList>[number];
export type GranteeOption = z.output<typeof granteeOptions>[number];
export type TemplateInfo = z.output<typeof templateList>[number];
export type AcknowledgementInput = z.input<typeof acknowledgement>;
export type ProofDepositInput = z.input<typeof proofDeposit>;
/** Filters of the register, people and notices lists (and their /export twins). */
export type SecretFilters = Filters<typeof secretListQuery>;
export type PersonFilters = Filters<typeof personListQuery>;
export type NoticeFilters = Filters<typeof noticeListQuery>;

export const SECRETS_EXPORT_PATH = '/api/protection/secrets/export';
export const PEOPLE_EXPORT_PATH = '/api/protection/people/export';
export const NOTICES_EXPORT_PATH = '/api/protection/notices/export';

export const protectionApi = {
  rules: (signal?: AbortSignal) => api.get<ProtectionRules>('/api/protection/rules', undefined, signal),
  catalog: (signal?: AbortSignal) => api.get<MeasureCatalog>('/api/protection/catalog', undefined, signal),
  readiness: (signal?: AbortSignal) => api.get<ReadinessOverview>('/api/protection/readiness', undefined, signal),

  secrets: (query: ListQuery<typeof secretListQuery>, signal?: AbortSignal) => api.get<Page<SecretListItem>>('/api/protection/secrets', query, signal),
  secret: (id: number, signal?: AbortSignal) => api.get<SecretDetail>(`/api/protection/secrets/${id}`, undefined, signal),
  createSecret: (input: SecretCreateInput) => api.post<Secret>('/api/protection/secrets', input),
  updateSecret: (id: number, input: SecretUpdateInput) => api.patch<Secret>(`/api/protection/secrets/${id}`, input),
  setStatus: (id: number, status: Secret['status'], note: string | null) => api.post<Secret>(`/api/protection/secrets/${id}/status`, { status, note }),
  review: (id: number, note: string | null) => api.post<Secret>(`/api/protection/secrets/${id}/review`, { note }),
  addMeasure: (id: number, input: MeasureCreateInput) => api.post<SecretMeasure>(`/api/protection/secrets/${id}/measures`, input),
  removeMeasure: (id: number, measureId: number) => api.del<{ ok: true }>(`/api/protection/secrets/${id}/measures/${measureId}`),
  linkProofs: (id: number, proofIds: number[]) => api.post<SecretProof[]>(`/api/protection/secrets/${id}/proofs`, { proofIds }),
  unlinkProof: (id: number, proofId: number) => api.del<{ ok: true }>(`/api/protection/secrets/${id}/proofs/${proofId}`),
  deposit: (id: number, input: ProofDepositInput) => api.post<ProofRecord>(`/api/protection/secrets/${id}/deposit`, input),
  changeKnowers: (id: number, change: { add?: number[]; remove?: number[] }) => api.post<Knower[]>(`/api/protection/secrets/${id}/knowers`, change),
  downloadPack: (id: number) => downloadExport(`/api/protection/secrets/${id}/pack`, {}, `litigation-pack-${id}.zip`),

  people: (query: ListQuery<typeof personListQuery>, signal?: AbortSignal) => api.get<Page<Person>>('/api/protection/people', query, signal),
  person: (id: number, signal?: AbortSignal) => api.get<PersonDetail>(`/api/protection/people/${id}`, undefined, signal),
  createPerson: (input: PersonCreateInput) => api.post<Person>('/api/protection/people', input),
  updatePerson: (id: number, input: PersonUpdateInput) => api.patch<Person>(`/api/protection/people/${id}`, input),
  addTraining: (id: number, input: TrainingCreateInput) => api.post<z.output<typeof training>>(`/api/protection/people/${id}/trainings`, input),
  removeTraining: (id: number, trainingId: number) => api.del<{ ok: true }>(`/api/protection/people/${id}/trainings/${trainingId}`),
  departure: (id: number, input: DepartureInput) => api.put<Departure>(`/api/protection/people/${id}/departure`, input),

  notices: (query: ListQuery<typeof noticeListQuery>, signal?: AbortSignal) => api.get<Page<Notice>>('/api/protection/notices', query, signal),
  sendNotices: (input: NoticeSendInput) => api.post<z.output<typeof noticeSent>>('/api/protection/notices', input),
  reissue: (id: number) => api.post<NoticeLink>(`/api/protection/notices/${id}/reissue`),
  revokeNotice: (id: number) => api.post<Notice>(`/api/protection/notices/${id}/revoke`),
  downloadAcknowledgement: (id: number) => downloadExport(`/api/protection/notices/${id}/document`, {}, `acknowledgement-${id}.json`),

  grants: (signal?: AbortSignal) => api.get<Grant[]>('/api/protection/grants', undefined, signal),
  grant: (id: number, signal?: AbortSignal) => api.get<GrantDetail>(`/api/protection/grants/${id}`, undefined, signal),
  grantees: (q: string, signal?: AbortSignal) => api.get<GranteeOption[]>('/api/protection/grantees', { q }, signal),
  createGrant: (input: GrantCreateInput) => api.post<Grant>('/api/protection/grants', input),
  revokeGrant: (id: number) => api.post<Grant>(`/api/protection/grants/${id}/revoke`),
  granted: (signal?: AbortSignal) => api.get<GrantedItem[]>('/api/protection/granted', undefined, signal),
  viewGranted: (id: number, part: string) => api.get<GrantedPart>(`/api/protection/granted/${id}/${part}`),

  templates: (signal?: AbortSignal) => api.get<TemplateInfo[]>('/api/protection/templates', undefined, signal),
  downloadTemplate: (slug: string, query: { personId?: number; secretIds?: string }, name: string) => downloadExport(`/api/protection/templates/${slug}/docx`, query, name),
};

/** The acknowledgement link, without an account. */
export const publicNoticeApi = {
  get: (token: string, signal?: AbortSignal) => api.get<PublicNotice>(`/api/public/protection/notices/${token}`, undefined, signal),
  acknowledge: (token: string, input: AcknowledgementInput) => api.post<z.output<typeof acknowledged>>(`/api/public/protection/notices/${token}/acknowledge`, input),
};
