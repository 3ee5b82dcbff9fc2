import type {
  Consultation,
  ConsultationCreate,
  ConsultationDetail,
  ConsultationPublish,
  FaqEntry,
  OfferingCreate,
  OfferingUpdate,
  Page,
  PublicRequestStatus,
  ConsultCategory,
  consultationListQuery,
} from '@shangmi/shared';
import { api } from './client';
import type { Offering } from './services';
import type { ListQuery } from './lists';

export type ConsultStep = 'route' | 'answer' | 'followUp' | 'consent' | 'publish' | 'unpublish';
const STEP_PATH: Record<ConsultStep, string> = { route: 'route', answer: 'answer', followUp: 'follow-up', consent: 'consent', publish: 'publish', unpublish: 'unpublish' };

/** Consultations and the public FAQ, a public help request by its tracking code, editing a catalogue entry. */
export const consultApi = {
  list: (query: ListQuery<typeof consultationListQuery>, signal?: AbortSignal) => api.get<Page<Consultation>>('/api/services/consultations', query, signal),
  get: (id: number, signal?: AbortSignal) => api.get<ConsultationDetail>(`/api/services/consultations/${id}`, undefined, signal),
  ask: (input: ConsultationCreate) => api.post<ConsultationDetail>('/api/services/consultations', input),
  step: (id: number, step: ConsultStep, body: Record<string, unknown> | ConsultationPublish) => api.post<ConsultationDetail>(`/api/services/consultations/${id}/${STEP_PATH[step]}`, body),
  faq: (query: { q?: string; category?: ConsultCategory; regionCode?: string; page: number; pageSize: number }, signal?: AbortSignal) => api.get<Page<FaqEntry>>('/api/public/services/faq', query, signal),
  track: (code: string, signal?: AbortSignal) => api.get<PublicRequestStatus>(`/api/public/services/requests/${encodeURIComponent(code)}`, undefined, signal),
  rate: (code: string, input: { rating: number; comment?: string | null }) => api.post<PublicRequestStatus>(`/api/public/services/requests/${encodeURIComponent(code)}/rate`, input),
  updateOffering: (id: number, input: OfferingUpdate) => api.patch<Offering>(`/api/services/offerings/${id}`, input),
  myOfferings: (orgId: number, signal?: AbortSignal) => api.get<Offering[]>('/api/services/offerings', { orgId }, signal),
  createOffering: (input: OfferingCreate) => api.post<Offering>('/api/services/offerings', input),
};
