import type { z } from 'zod';
import type {
  CultivationDetail,
  CultivationEntry,
  CultivationStats,
  CultivationTimeline,
  Page,
  cultivationCreate,
  cultivationDecision,
  cultivationListQuery,
  cultivationPlanComplete,
  cultivationPlanCreate,
  cultivationPlanUpdate,
  cultivationRequest,
  cultivationUpdate,
} from '@shangmi/shared';
import { api, downloadExport, uploadFile } from './client';
import type { Filters, ListQuery } from './lists';

export type CultivationCreateInput = z.input<typeof cultivationCreate>;
export type CultivationUpdateInput = z.input<typeof cultivationUpdate>;
export type CultivationPlanCreateInput = z.input<typeof cultivationPlanCreate>;
export type CultivationPlanUpdateInput = z.input<typeof cultivationPlanUpdate>;
export type CultivationRequestInput = z.input<typeof cultivationRequest>;

/** Filters of GET /api/cultivation (and its /stats and /export twins). */
export type CultivationFilters = Filters<typeof cultivationListQuery>;
export type CultivationListInput = ListQuery<typeof cultivationListQuery>;
export type CultivationPlanCompleteInput = z.input<typeof cultivationPlanComplete>;
export type CultivationDecisionInput = z.input<typeof cultivationDecision>;

export const CULTIVATION_EXPORT_PATH = '/api/cultivation/export';

export const cultivationApi = {
  list: (query: CultivationListInput, signal?: AbortSignal) => api.get<Page<CultivationEntry>>('/api/cultivation', query, signal),
  stats: (query: CultivationFilters = {}, signal?: AbortSignal) => api.get<CultivationStats>('/api/cultivation/stats', query, signal),
  get: (id: number, signal?: AbortSignal) => api.get<CultivationDetail>(`/api/cultivation/${id}`, undefined, signal),
  timeline: (enterpriseId: number, signal?: AbortSignal) => api.get<CultivationTimeline>(`/api/cultivation/by-enterprise/${enterpriseId}`, undefined, signal),
  create: (input: CultivationCreateInput) => api.post<CultivationEntry>('/api/cultivation', input),
  update: (id: number, input: CultivationUpdateInput) => api.patch<CultivationEntry>(`/api/cultivation/${id}`, input),
  addPlanItem: (id: number, input: CultivationPlanCreateInput) => api.post<CultivationDetail>(`/api/cultivation/${id}/plan`, input),
  updatePlanItem: (id: number, itemId: number, input: CultivationPlanUpdateInput) =>
    api.patch<CultivationDetail>(`/api/cultivation/${id}/plan/${itemId}`, input),
  deletePlanItem: (id: number, itemId: number) => api.del<CultivationDetail>(`/api/cultivation/${id}/plan/${itemId}`),
  completePlanItem: (id: number, itemId: number, input: CultivationPlanCompleteInput) =>
    api.post<CultivationDetail>(`/api/cultivation/${id}/plan/${itemId}/complete`, input),
  reopenPlanItem: (id: number, itemId: number) => api.post<CultivationDetail>(`/api/cultivation/${id}/plan/${itemId}/reopen`),
  addEvidence: (id: number, fileIds: number[], note?: string | null) => api.post<CultivationDetail>(`/api/cultivation/${id}/evidence`, { fileIds, note }),
  request: (id: number, input: CultivationRequestInput) => api.post<CultivationDetail>(`/api/cultivation/${id}/request`, input),
  cancel: (id: number, comment?: string | null) => api.post<CultivationDetail>(`/api/cultivation/${id}/cancel`, { comment }),
  /** district review */
  review: (id: number, d: CultivationDecisionInput) => api.post<CultivationDetail>(`/api/cultivation/${id}/review`, d),
  /** city approval */
  approve: (id: number, d: CultivationDecisionInput) => api.post<CultivationDetail>(`/api/cultivation/${id}/approve`, d),
  upload: (file: File, onProgress?: (fraction: number) => void) => uploadFile(file, onProgress),
  downloadEvidence: (id: number, fileId: number, name: string) => downloadExport(`/api/cultivation/${id}/evidence/${fileId}`, {}, name),
};
