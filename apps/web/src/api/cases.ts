import type { z } from 'zod';
import type {
  CaseDetail,
  CaseStats,
  CaseSummary,
  IntakeResult,
  Page,
  PublicStatus,
  QueueItem,
  ReporterInput,
  ShareRegisterRow,
  calendarOverrideInput,
  calendarView,
  okResponse,
  caseActionInput,
  caseListQuery,
  queueQuery,
  partnerAgencyList,
  policeTransferInput,
  publicFileAdded,
  publicIntake,
  shareRegisterQuery,
  staffIntake,
  transferStepInput,
} from '@shangmi/shared';
import { api, uploadBytes } from './client';
import type { ListQuery } from './lists';

export type PublicIntakeInput = z.input<typeof publicIntake>;
export type StaffIntakeInput = z.input<typeof staffIntake>;
export type CaseActionInput = z.input<typeof caseActionInput>;
export type PoliceTransferInput = z.input<typeof policeTransferInput>;
export type TransferStep = z.input<typeof transferStepInput>['step'];
export type CalendarOverrideInput = z.input<typeof calendarOverrideInput>;
type Ok = z.output<typeof okResponse>;

export type CalendarView = z.output<typeof calendarView>;
type PartnerAgencies = z.output<typeof partnerAgencyList>;
type PublicFileAdded = z.output<typeof publicFileAdded>;

export const CASES_EXPORT_PATH = '/api/cases/export';
export const SHARE_REGISTER_EXPORT_PATH = '/api/cases/shares/export';

export const publicCasesApi = {
  file: (input: PublicIntakeInput) => api.post<IntakeResult>('/api/public/cases', input),
  status: (code: string, signal?: AbortSignal) => api.get<PublicStatus>(`/api/public/cases/${encodeURIComponent(code)}`, undefined, signal),
  material: (code: string, text: string) => api.post<Ok>(`/api/public/cases/${encodeURIComponent(code)}/material`, { text }),
  follow: (code: string, email: string) => api.post<Ok>(`/api/public/cases/${encodeURIComponent(code)}/follow`, { email }),
  unfollow: (token: string) => api.post<Ok>('/api/public/cases/unfollow', { token }),
  attach: (code: string, file: File, onProgress?: (fraction: number) => void) =>
    uploadBytes<PublicFileAdded>(`/api/public/cases/${encodeURIComponent(code)}/files`, file, onProgress),
};

export const casesApi = {
  enter: (input: StaffIntakeInput) => api.post<IntakeResult>('/api/cases', input),
  list: (query: ListQuery<typeof caseListQuery>, signal?: AbortSignal) => api.get<Page<CaseSummary>>('/api/cases', query, signal),
  shares: (query: ListQuery<typeof shareRegisterQuery>, signal?: AbortSignal) => api.get<Page<ShareRegisterRow>>('/api/cases/shares', query, signal),
  queue: (query: Partial<z.output<typeof queueQuery>>, signal?: AbortSignal) => api.get<Page<QueueItem>>('/api/cases/queue', query, signal),
  stats: (signal?: AbortSignal) => api.get<CaseStats>('/api/cases/stats', undefined, signal),
  get: (id: number, signal?: AbortSignal) => api.get<CaseDetail>(`/api/cases/${id}`, undefined, signal),
  partners: (signal?: AbortSignal) => api.get<PartnerAgencies>('/api/cases/partners', undefined, signal),
  act: (id: number, body: CaseActionInput) => api.post<CaseDetail>(`/api/cases/${id}/actions`, body),
  reveal: (id: number, reason: string) => api.post<ReporterInput>(`/api/cases/${id}/identity`, { reason }),
  partnerReveal: (id: number, shareId: number, reason: string) => api.post<ReporterInput>(`/api/cases/${id}/transfers/${shareId}/identity`, { reason }),
  policeTransfer: (id: number, body: PoliceTransferInput) => api.post<CaseDetail>(`/api/cases/${id}/police-transfer`, body),
  transferStep: (id: number, shareId: number, step: TransferStep, reason: string) => api.post<CaseDetail>(`/api/cases/${id}/transfers/${shareId}`, { step, reason }),
  notice: (id: number, orgIds: number[], message: string) => api.post<CaseDetail>(`/api/cases/${id}/notices`, { orgIds, message }),
  acknowledgeNotice: (id: number, shareId: number) => api.post<CaseDetail>(`/api/cases/${id}/notices/${shareId}/acknowledge`),
  extend: (id: number, clockId: number, days: number, reason: string) => api.post<CaseDetail>(`/api/cases/${id}/clocks/${clockId}/extend`, { days, reason }),
  supervise: (id: number, dueOn: string, requirement: string) => api.post<CaseDetail>(`/api/cases/${id}/supervision`, { dueOn, requirement }),
  reportProgress: (id: number, text: string) => api.post<CaseDetail>(`/api/cases/${id}/supervision/report`, { text }),
  joint: (id: number, orgIds: number[], message: string) => api.post<CaseDetail>(`/api/cases/${id}/joint`, { orgIds, message }),
  jointNote: (id: number, text: string, shareWith: number[]) => api.post<CaseDetail>(`/api/cases/${id}/joint/notes`, { text, shareWith }),
  calendar: (signal?: AbortSignal) => api.get<CalendarView>('/api/cases-calendar', undefined, signal),
  setOverride: (v: { date: string; work: boolean; note?: string }) => api.put<CalendarView>('/api/cases-calendar/overrides', { date: v.date, work: v.work, note: v.note || null } satisfies CalendarOverrideInput),
  loadYear: (year: number) => api.post<CalendarView>('/api/cases-calendar/years', { year }),
  documentPath: (id: number, kind: string) => `/api/cases/${id}/documents/${kind}`,
  filePath: (id: number, fileId: number) => `/api/cases/${id}/files/${fileId}`,
};
