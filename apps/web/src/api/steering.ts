import type { Cockpit, ManualValue, ManualValuePut, SteeringQuery } from '@shangmi/shared';
import { api, downloadExport } from './client';

export const steeringApi = {
  cockpit: (query: Partial<SteeringQuery>, signal?: AbortSignal) => api.get<Cockpit>('/api/steering/cockpit', query, signal),
  manual: (query: Partial<SteeringQuery>, signal?: AbortSignal) => api.get<ManualValue[]>('/api/steering/manual', query, signal),
  putManual: (input: ManualValuePut) => api.put<ManualValue>('/api/steering/manual', input),
  /** the annual report (Word) and its tables (Excel), saved as files */
  report: (year: number, kind: 'docx' | 'xlsx', lang: 'zh' | 'en' = 'zh') => downloadExport(`/api/steering/report.${kind}`, { year, lang }, `annual-report-${year}.${kind}`),
  /** the 2025–2027 pilot acceptance summary (试点验收总结) and its tables */
  acceptance: (kind: 'docx' | 'xlsx', lang: 'zh' | 'en' = 'zh') => downloadExport(`/api/steering/acceptance.${kind}`, { lang }, `pilot-acceptance.${kind}`),
};
