import type { z } from 'zod';
import type {
  CultivationStage,
  Enterprise,
  EnterpriseStats,
  EnterpriseStatus,
  ImportJob,
  ImportStart,
  Page,
  enterpriseAccount,
  enterpriseBulkRejected,
  enterpriseRegistered,
} from '@shangmi/shared';
import { api, streamJob, toQueryString, uploadFile, type JobProgress, type Query } from './client';
import type { EnterpriseCreateInput, EnterpriseInviteInput, EnterpriseRegistrationInput, EnterpriseUpdateInput } from './types';

export type EnterpriseAccount = z.infer<typeof enterpriseAccount>;
export type EnterpriseRegistered = z.infer<typeof enterpriseRegistered>;
export type EnterpriseBulkRejected = z.infer<typeof enterpriseBulkRejected>;

/** Filters of GET /api/enterprises (and its /stats and /export twins). */
export interface EnterpriseFilters extends Query {
  q?: string;
  regionCode?: string;
  districtCode?: string;
  parkId?: number;
  industryCode?: string;
  kind?: string;
  size?: string;
  status?: EnterpriseStatus;
  siteOrgId?: number;
  /** current stage on the cultivation list */
  stage?: CultivationStage;
}

export const ENTERPRISES_EXPORT_PATH = '/api/enterprises/export';

export const enterprisesApi = {
  list: (query: Query, signal?: AbortSignal) => api.get<Page<Enterprise>>('/api/enterprises', query, signal),
  get: (id: number, signal?: AbortSignal) => api.get<Enterprise>(`/api/enterprises/${id}`, undefined, signal),
  create: (input: EnterpriseCreateInput) => api.post<Enterprise>('/api/enterprises', input),
  update: (id: number, input: EnterpriseUpdateInput) => api.patch<Enterprise>(`/api/enterprises/${id}`, input),
  stats: (query: EnterpriseFilters = {}, signal?: AbortSignal) => api.get<EnterpriseStats>('/api/enterprises/stats', query, signal),
  /** The export URL with filters (the page downloads it through ExportButton / downloadExport). */
  exportUrl: (query: Query = {}) => ENTERPRISES_EXPORT_PATH + toQueryString(query),
  /** Public: self-registration, pending until the district bureau or serving site confirms it. */
  register: (input: EnterpriseRegistrationInput) => api.post<EnterpriseRegistered>('/api/enterprises/register', input),
  confirm: (id: number) => api.post<Enterprise>(`/api/enterprises/${id}/confirm`),
  reject: (id: number, reason: string) => api.post<{ ok: true }>(`/api/enterprises/${id}/reject`, { reason }),
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
  check: (input: Partial<ImportStart> & { fileId: number }, onProgress: (p: JobProgress) => void) =>
    streamJob<ImportJob>('/api/enterprises/imports', input, onProgress),
  commit: (id: number, onProgress: (p: JobProgress) => void) => streamJob<ImportJob>(`/api/enterprises/imports/${id}/commit`, undefined, onProgress),
};
