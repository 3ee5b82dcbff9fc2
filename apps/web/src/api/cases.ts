import type { ShareRegisterRow, CaseDetail, CaseStats, CaseSummary, IntakeResult, Page, PublicStatus, QueueItem, ReporterInput } from '@shangmi/shared';
import { api, uploadBytes, type Query } from './client';

export interface CalendarView {
  overrides: { date: string; work: boolean; note: string | null }[];
  loadedYears: number[];
}

export const CASES_EXPORT_PATH = '/api/cases/export';
export const SHARE_REGISTER_EXPORT_PATH = '/api/cases/shares/export';

export interface PublicIntakeInput {
  tracks: ('complaint' | 'report')[];
  title: string;
  description: string;
  respondentName: string;
  respondentCreditCode?: string | null;
  respondentAddress?: string | null;
  anonymous: boolean;
  reporter?: ReporterInput | null;
}

export const publicCasesApi = {
  file: (input: PublicIntakeInput) => api.post<IntakeResult>('/api/public/cases', input),
  status: (code: string, signal?: AbortSignal) => api.get<PublicStatus>(`/api/public/cases/${encodeURIComponent(code)}`, undefined, signal),
  material: (code: string, text: string) => api.post<{ ok: true }>(`/api/public/cases/${encodeURIComponent(code)}/material`, { text }),
  attach: (code: string, file: File, onProgress?: (fraction: number) => void) =>
    uploadBytes<{ ok: true; name: string; size: number }>(`/api/public/cases/${encodeURIComponent(code)}/files`, file, onProgress),
};

export const casesApi = {
  enter: (input: PublicIntakeInput & { source: string; receivedOn?: string }) => api.post<IntakeResult>('/api/cases', input),
  list: (query: Query, signal?: AbortSignal) => api.get<Page<CaseSummary>>('/api/cases', query, signal),
  shares: (query: Query, signal?: AbortSignal) => api.get<Page<ShareRegisterRow>>('/api/cases/shares', query, signal),
  queue: (query: Query, signal?: AbortSignal) => api.get<Page<QueueItem>>('/api/cases/queue', query, signal),
  stats: (signal?: AbortSignal) => api.get<CaseStats>('/api/cases/stats', undefined, signal),
  get: (id: number, signal?: AbortSignal) => api.get<CaseDetail>(`/api/cases/${id}`, undefined, signal),
  partners: (signal?: AbortSignal) => api.get<{ id: number; name: string; kind: string }[]>('/api/cases/partners', undefined, signal),
  act: (id: number, body: Record<string, unknown>) => api.post<CaseDetail>(`/api/cases/${id}/actions`, body),
  reveal: (id: number, reason: string) => api.post<ReporterInput>(`/api/cases/${id}/identity`, { reason }),
  partnerReveal: (id: number, shareId: number, reason: string) => api.post<ReporterInput>(`/api/cases/${id}/transfers/${shareId}/identity`, { reason }),
  policeTransfer: (id: number, body: { policeOrgId: number; reason: string; lossFen?: number | null; includeIdentity?: boolean }) => api.post<CaseDetail>(`/api/cases/${id}/police-transfer`, body),
  transferStep: (id: number, shareId: number, step: string, reason: string) => api.post<CaseDetail>(`/api/cases/${id}/transfers/${shareId}`, { step, reason }),
  notice: (id: number, orgIds: number[], message: string) => api.post<CaseDetail>(`/api/cases/${id}/notices`, { orgIds, message }),
  acknowledgeNotice: (id: number, shareId: number) => api.post<CaseDetail>(`/api/cases/${id}/notices/${shareId}/acknowledge`),
  extend: (id: number, clockId: number, days: number, reason: string) => api.post<CaseDetail>(`/api/cases/${id}/clocks/${clockId}/extend`, { days, reason }),
  supervise: (id: number, dueOn: string, requirement: string) => api.post<CaseDetail>(`/api/cases/${id}/supervision`, { dueOn, requirement }),
  reportProgress: (id: number, text: string) => api.post<CaseDetail>(`/api/cases/${id}/supervision/report`, { text }),
  joint: (id: number, orgIds: number[], message: string) => api.post<CaseDetail>(`/api/cases/${id}/joint`, { orgIds, message }),
  jointNote: (id: number, text: string, shareWith: number[]) => api.post<CaseDetail>(`/api/cases/${id}/joint/notes`, { text, shareWith }),
  calendar: (signal?: AbortSignal) => api.get<CalendarView>('/api/cases-calendar', undefined, signal),
  setOverride: (v: { date: string; work: boolean; note?: string }) => api.put<CalendarView>('/api/cases-calendar/overrides', { date: v.date, work: v.work, note: v.note || null }),
  loadYear: (year: number) => api.post<CalendarView>('/api/cases-calendar/years', { year }),
  documentPath: (id: number, kind: string) => `/api/cases/${id}/documents/${kind}`,
  filePath: (id: number, fileId: number) => `/api/cases/${id}/files/${fileId}`,
};
