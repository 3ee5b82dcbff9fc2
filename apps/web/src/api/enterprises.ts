import type { z } from 'zod';
import type {
  Enterprise,
  EnterpriseStats,
  ImportJob,
  Page,
  enterpriseAccount,
  enterpriseBulkRejected,
  enterpriseCreate,
  enterpriseInvite,
  enterpriseListQuery,
  enterpriseRegistered,
  enterpriseRegistration,
  enterpriseUpdate,
  importStart,
  okResponse,
} from '@shangmi/shared';
import { api, streamJob, uploadFile, type JobProgress } from './client';
import type { Filters, ListQuery } from './lists';

export type EnterpriseCreateInput = z.input<typeof enterpriseCreate>;
export type EnterpriseUpdateInput = z.input<typeof enterpriseUpdate>;
export type EnterpriseRegistrationInput = z.input<typeof enterpriseRegistration>;
export type EnterpriseInviteInput = z.input<typeof enterpriseInvite>;
export type EnterpriseAccount = z.output<typeof enterpriseAccount>;
export type EnterpriseRegistered = z.output<typeof enterpriseRegistered>;
export type EnterpriseBulkRejected = z.output<typeof enterpriseBulkRejected>;
/** Filters of GET /api/enterprises (and its /stats and /export twins). */
export type ImportStartInput = z.input<typeof importStart>;
export type EnterpriseFilters = Filters<typeof enterpriseListQuery>;

export const ENTERPRISES_EXPORT_PATH = '/api/enterprises/export';

export const enterprisesApi = {
  list: (query: ListQuery<typeof enterpriseListQuery>, signal?: AbortSignal) => api.get<Page<Enterprise>>('/api/enterprises', query, signal),
  get: (id: number, signal?: AbortSignal) => api.get<Enterprise>(`/api/enterprises/${id}`, undefined, signal),
  create: (input: EnterpriseCreateInput) => api.post<Enterprise>('/api/enterprises', input),
  update: (id: number, input: EnterpriseUpdateInput) => api.patch<Enterprise>(`/api/enterprises/${id}`, input),
  stats: (query: EnterpriseFilters = {}, signal?: AbortSignal) => api.get<EnterpriseStats>('/api/enterprises/stats', query, signal),
  /** Public: self-registration, pending until the district bureau or serving site confirms it. */
  register: (input: EnterpriseRegistrationInput) => api.post<EnterpriseRegistered>('/api/enterprises/register', input),
  confirm: (id: number) => api.post<Enterprise>(`/api/enterprises/${id}/confirm`),
  reject: (id: number, reason: string) => api.post<z.output<typeof okResponse>>(`/api/enterprises/${id}/reject`, { reason }),
  /** 批量驳回: answers which were rejected and which skipped (confirmed meanwhile, or outside the caller's scope). */
  rejectMany: (ids: number[], reason: string) => api.post<EnterpriseBulkRejected>('/api/enterprises/reject-registrations', { ids, reason }),
  invite: (id: number, input: EnterpriseInviteInput) => api.post<EnterpriseAccount>(`/api/enterprises/${id}/invite`, input),
  /** This record becomes `merged` into `intoId`; answers the survivor. */
  merge: (id: number, intoId: number) => api.post<Enterprise>(`/api/enterprises/${id}/merge`, { intoId }),
};

/** 批量导入: upload the file, check it (streamed progress, nothing written), then commit the valid rows (streamed). */
export const enterpriseImportsApi = {
  list: () => api.get<ImportJob[]>('/api/enterprises/imports'),
  upload: (file: File, onProgress: (fraction: number) => void) => uploadFile(file, onProgress),
  check: (input: ImportStartInput, onProgress: (p: JobProgress) => void) =>
    streamJob<ImportJob>('/api/enterprises/imports', input, onProgress),
  commit: (id: number, onProgress: (p: JobProgress) => void) => streamJob<ImportJob>(`/api/enterprises/imports/${id}/commit`, undefined, onProgress),
};
