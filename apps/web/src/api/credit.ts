import type { z } from 'zod';
import type {
  CreditDashboard,
  CreditEnterpriseState,
  CreditMine,
  CreditPrefill,
  CreditPublicRecord,
  CreditPublicSerious,
  CreditRecord,
  CreditRecordCreate,
  CreditRecordDetail,
  CreditRecordUpdate,
  CreditRepair,
  CreditRepairCreate,
  CreditRepairDetail,
  CreditRevoke,
  CreditSerious,
  CreditSeriousDetail,
  CreditShare,
  CreditStep,
  Page,
  creditExportLedgerPage,
  creditExportQuery,
  creditPendingCases,
  creditRecordListQuery,
  creditRepairListQuery,
  creditSeriousListQuery,
  creditShareListQuery,
  creditStoryPage,
} from '@shangmi/shared';
import { api, downloadExport } from './client';
import type { ListQuery } from './lists';

export type CreditPendingCase = z.output<typeof creditPendingCases>[number];
export type CreditLedgerRow = z.output<typeof creditExportLedgerPage>['items'][number];
export type CreditStory = z.output<typeof creditStoryPage>['items'][number];
export type CreditExportInput = z.input<typeof creditExportQuery>;
export type RecordStep = 'submit' | 'return' | 'review' | 'publish';
export type SeriousStep = 'notify' | 'heard' | 'decide' | 'not-list' | 'publish';
export type RepairStep = 'resubmit' | 'district-pass' | 'district-return' | 'approve' | 'reject';

export const CREDIT_RECORDS_EXPORT_PATH = '/api/credit/records/export';
export const CREDIT_EXPORT_PATH = '/api/credit/exports';

/** The public credit page (no sign-in): published fields only. */
export const publicCreditApi = {
  records: (query: { q?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<Page<CreditPublicRecord> & { capped?: boolean }>('/api/public/credit/records', query, signal),
  record: (id: number, signal?: AbortSignal) => api.get<CreditPublicRecord>(`/api/public/credit/records/${id}`, undefined, signal),
  serious: (query: { q?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<Page<CreditPublicSerious> & { capped?: boolean }>('/api/public/credit/serious', query, signal),
  stories: (query: { page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<Page<CreditStory>>('/api/public/credit/stories', query, signal),
};

export const creditApi = {
  list: (query: ListQuery<typeof creditRecordListQuery>, signal?: AbortSignal) => api.get<Page<CreditRecord>>('/api/credit/records', query, signal),
  get: (id: number, signal?: AbortSignal) => api.get<CreditRecordDetail>(`/api/credit/records/${id}`, undefined, signal),
  create: (input: CreditRecordCreate) => api.post<CreditRecordDetail>('/api/credit/records', input),
  update: (id: number, input: CreditRecordUpdate) => api.patch<CreditRecordDetail>(`/api/credit/records/${id}`, input),
  step: (id: number, step: RecordStep, body: CreditStep = {}) => api.post<CreditRecordDetail>(`/api/credit/records/${id}/${step}`, body),
  revoke: (id: number, body: CreditRevoke) => api.post<CreditRecordDetail>(`/api/credit/records/${id}/revoke`, body),
  withdraw: (id: number, comment: string) => api.post<CreditRecordDetail>(`/api/credit/records/${id}/withdraw`, { comment }),
  pendingCases: (signal?: AbortSignal) => api.get<CreditPendingCase[]>('/api/credit/cases/pending', undefined, signal),
  prefill: (caseId: number, signal?: AbortSignal) => api.get<CreditPrefill>(`/api/credit/cases/${caseId}/prefill`, undefined, signal),
  serious: (query: ListQuery<typeof creditSeriousListQuery>, signal?: AbortSignal) => api.get<Page<CreditSerious>>('/api/credit/serious', query, signal),
  seriousGet: (id: number, signal?: AbortSignal) => api.get<CreditSeriousDetail>(`/api/credit/serious/${id}`, undefined, signal),
  propose: (recordId: number, reason: string, basis: string) => api.post<CreditSeriousDetail>('/api/credit/serious', { recordId, reason, basis }),
  seriousStep: (id: number, step: SeriousStep, body: { comment?: string; statement?: string }) => api.post<CreditSeriousDetail>(`/api/credit/serious/${id}/${step}`, body),
  repairs: (query: ListQuery<typeof creditRepairListQuery>, signal?: AbortSignal) => api.get<Page<CreditRepair>>('/api/credit/repairs', query, signal),
  repairGet: (id: number, signal?: AbortSignal) => api.get<CreditRepairDetail>(`/api/credit/repairs/${id}`, undefined, signal),
  repairApply: (input: CreditRepairCreate) => api.post<CreditRepairDetail>('/api/credit/repairs', input),
  repairStep: (id: number, step: RepairStep, body: { comment?: string; fileIds?: number[] }) => api.post<CreditRepairDetail>(`/api/credit/repairs/${id}/${step}`, body),
  repairFilePath: (id: number, fileId: number) => `/api/credit/repairs/${id}/files/${fileId}`,
  shared: (query: ListQuery<typeof creditShareListQuery>, signal?: AbortSignal) => api.get<Page<CreditShare>>('/api/credit/shared', query, signal),
  acknowledge: (seriousIds: number[]) => api.post<{ acknowledged: number }>('/api/credit/shared/acknowledge', { seriousIds }),
  ledger: (query: { target?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<z.output<typeof creditExportLedgerPage>>('/api/credit/exports/ledger', query, signal),
  exportFile: (input: CreditExportInput) => downloadExport(CREDIT_EXPORT_PATH, input, `credit-${input.target}.${input.format ?? 'xlsx'}`),
  dashboard: (year: number | undefined, signal?: AbortSignal) => api.get<CreditDashboard>('/api/credit/dashboard', { year }, signal),
  mine: (signal?: AbortSignal) => api.get<CreditMine>('/api/credit/mine', undefined, signal),
  enterprise: (enterpriseId: number, signal?: AbortSignal) => api.get<CreditEnterpriseState>(`/api/credit/enterprises/${enterpriseId}`, undefined, signal),
};
