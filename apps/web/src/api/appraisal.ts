import type { z } from 'zod';
import type { AppraisalRound, AppraisalScheme, AppraisalSchemeVersion, AppraisalSheet, appraisalAnswer, appraisalRoundList, appraisalSchemeVersionList } from '@shangmi/shared';
import { api, downloadExport } from './client';

export type AppraisalRoundHead = z.infer<typeof appraisalRoundList>[number];
export type AppraisalSchemeVersionHead = z.infer<typeof appraisalSchemeVersionList>[number];

export const appraisalApi = {
  // 考核方案管理: the scheme's versions
  schemeVersions: (year?: number, signal?: AbortSignal) => api.get<AppraisalSchemeVersionHead[]>('/api/appraisal/scheme-versions', { year }, signal),
  schemeVersion: (id: number, signal?: AbortSignal) => api.get<AppraisalSchemeVersion>(`/api/appraisal/scheme-versions/${id}`, undefined, signal),
  createSchemeVersion: (scheme: AppraisalScheme) => api.post<AppraisalSchemeVersion>('/api/appraisal/scheme-versions', { scheme }),
  updateSchemeVersion: (id: number, scheme: AppraisalScheme) => api.put<AppraisalSchemeVersion>(`/api/appraisal/scheme-versions/${id}`, { scheme }),
  publishSchemeVersion: (id: number) => api.post<AppraisalSchemeVersion>(`/api/appraisal/scheme-versions/${id}/publish`),
  deleteSchemeVersion: (id: number) => api.del<{ ok: true }>(`/api/appraisal/scheme-versions/${id}`),
  rounds: (year?: number, signal?: AbortSignal) => api.get<AppraisalRoundHead[]>('/api/appraisal/rounds', { year }, signal),
  round: (id: number, signal?: AbortSignal) => api.get<AppraisalRound>(`/api/appraisal/rounds/${id}`, undefined, signal),
  open: (year: number) => api.post<AppraisalRound>('/api/appraisal/rounds', { year }),
  roundStep: (id: number, step: 'refresh' | 'scoring' | 'publish') => api.post<AppraisalRound>(`/api/appraisal/rounds/${id}/${step}`),
  finalise: (id: number, early: boolean) => api.post<AppraisalRound>(`/api/appraisal/rounds/${id}/finalise`, { early }),
  sheet: (id: number, signal?: AbortSignal) => api.get<AppraisalSheet>(`/api/appraisal/sheets/${id}`, undefined, signal),
  evidence: (id: number, key: string, input: { evidence: string; fileIds: number[] }) => api.put<AppraisalSheet>(`/api/appraisal/sheets/${id}/items/${key}/evidence`, input),
  submit: (id: number) => api.post<AppraisalSheet>(`/api/appraisal/sheets/${id}/submit`),
  score: (id: number, key: string, input: { score: number; reason?: string | null }) => api.put<AppraisalSheet>(`/api/appraisal/sheets/${id}/items/${key}/score`, input),
  object: (id: number, reason: string) => api.post<AppraisalSheet>(`/api/appraisal/sheets/${id}/objection`, { reason }),
  answer: (id: number, input: z.input<typeof appraisalAnswer>) => api.post<AppraisalSheet>(`/api/appraisal/sheets/${id}/answer`, input),
  /** the sheet or the ranking as Word or Excel, saved as a file */
  sheetFile: (id: number, kind: 'docx' | 'xlsx') => downloadExport(`/api/appraisal/sheets/${id}/sheet.${kind}`, {}, `appraisal-sheet-${id}.${kind}`),
  rankingFile: (id: number, kind: 'docx' | 'xlsx') => downloadExport(`/api/appraisal/rounds/${id}/ranking.${kind}`, {}, `appraisal-ranking-${id}.${kind}`),
};
