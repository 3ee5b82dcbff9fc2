import type { Cockpit, ManualValue, ManualValuePut, SteeringQuery } from '@shangmi/shared';
import { api, downloadExport } from './client';

export const steeringApi = {
  cockpit: (query: Partial<SteeringQuery>, signal?: AbortSignal) => api.get<Cockpit>('/api/steering/cockpit', query, signal),
  manual: (query: Partial<SteeringQuery>, signal?: AbortSignal) => api.get<ManualValue[]>('/api/steering/manual', query, signal),
  putManual: (input: ManualValuePut) => api.put<ManualValue>('/api/steering/manual', input),
  /** the annual report (Word) and its tables (Excel), saved as files */
  report: (year: number, kind: 'docx' | 'xlsx') => downloadExport(`/api/steering/report.${kind}`, { year }, `annual-report-${year}.${kind}`),
};
