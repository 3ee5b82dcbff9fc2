import type { z } from 'zod';
import type {
  AssessmentDetail,
  AssessmentReport,
  AssessmentSummary,
  CampaignDetail,
  CampaignSummary,
  Framework,
  FrameworkSummary,
  Page,
  RegionalPicture,
  assessmentAnswersSaved,
  assessmentAnswersUpdate,
  assessmentCreate,
  assessmentListQuery,
  campaignCreate,
  regionalQuery,
} from '@shangmi/shared';
import { api, downloadExport, uploadFile } from './client';
import type { Filters, ListQuery } from './lists';

export type AssessmentCreateInput = z.input<typeof assessmentCreate>;
export type CampaignCreateInput = z.input<typeof campaignCreate>;
export type AssessmentAnswersInput = z.input<typeof assessmentAnswersUpdate>;

export const assessmentsApi = {
  frameworks: (signal?: AbortSignal) => api.get<FrameworkSummary[]>('/api/assessments/frameworks', undefined, signal),
  framework: (id: number, signal?: AbortSignal) => api.get<Framework>(`/api/assessments/frameworks/${id}`, undefined, signal),
  uploadFramework: (text: string) => api.post<FrameworkSummary>('/api/assessments/frameworks', { text }),
  list: (query: ListQuery<typeof assessmentListQuery>, signal?: AbortSignal) => api.get<Page<AssessmentSummary>>('/api/assessments', query, signal),
  get: (id: number, signal?: AbortSignal) => api.get<AssessmentDetail>(`/api/assessments/${id}`, undefined, signal),
  create: (input: AssessmentCreateInput) => api.post<AssessmentDetail>('/api/assessments', input),
  save: (id: number, input: AssessmentAnswersInput) => api.patch<z.output<typeof assessmentAnswersSaved>>(`/api/assessments/${id}/answers`, input),
  addEvidence: (id: number, requirementId: string, fileIds: number[]) => api.post<AssessmentDetail>(`/api/assessments/${id}/evidence`, { requirementId, fileIds }),
  removeEvidence: (id: number, requirementId: string, fileId: number) =>
    api.del<AssessmentDetail>(`/api/assessments/${id}/evidence/${fileId}?requirementId=${encodeURIComponent(requirementId)}`),
  downloadEvidence: (id: number, fileId: number, name: string) => downloadExport(`/api/assessments/${id}/evidence/${fileId}`, {}, name),
  comment: (id: number, body: string, requirementId?: string | null) => api.post<AssessmentDetail>(`/api/assessments/${id}/comments`, { body, requirementId }),
  share: (id: number, shared: boolean) => api.post<AssessmentDetail>(`/api/assessments/${id}/share`, { shared }),
  submit: (id: number) => api.post<AssessmentDetail>(`/api/assessments/${id}/submit`),
  report: (id: number, signal?: AbortSignal) => api.get<AssessmentReport>(`/api/assessments/${id}/report`, undefined, signal),
  downloadReport: (id: number) => downloadExport(`/api/assessments/${id}/report.docx`, {}, 'health-check-report.docx'),
  regional: (query: Filters<typeof regionalQuery>, signal?: AbortSignal) => api.get<RegionalPicture>('/api/assessments/regional', query, signal),
  campaigns: (signal?: AbortSignal) => api.get<CampaignSummary[]>('/api/assessments/campaigns', undefined, signal),
  campaign: (id: number, signal?: AbortSignal) => api.get<CampaignDetail>(`/api/assessments/campaigns/${id}`, undefined, signal),
  createCampaign: (input: CampaignCreateInput) => api.post<CampaignDetail>('/api/assessments/campaigns', input),
  remind: (id: number, enterpriseIds?: number[]) => api.post<CampaignDetail>(`/api/assessments/campaigns/${id}/remind`, { enterpriseIds }),
  upload: (file: File, onProgress?: (fraction: number) => void) => uploadFile(file, onProgress),
};
