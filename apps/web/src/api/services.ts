import type { z } from 'zod';
import type {
  Contract,
  ContractCreate,
  ContractEvaluationInput,
  ContractPaymentInput,
  HelpRequest,
  HelpRequestDetail,
  LedgerActivity,
  LedgerRow,
  Page,
  Provider,
  ProviderCreate,
  ProviderUpdate,
  PublicRequestCreate,
  PublicRequestTracked,
  RequestFollowUp,
  RequestFromNeed,
  RequestCreate,
  RequestDeliver,
  ServicesDashboard,
  YearlyReview,
  ledgerListQuery,
  offeringList,
  providerListQuery,
  requestListQuery,
  suggestionList,
} from '@shangmi/shared';
import { api } from './client';
import type { ListQuery } from './lists';

export type Suggestion = z.output<typeof suggestionList>[number];
export type Offering = z.output<typeof offeringList>[number];
export type RequestStepName = 'accept' | 'decline' | 'reassign' | 'deliver' | 'confirm' | 'cancel';
export const LEDGER_EXPORT_PATH = '/api/services/ledger/export';

export const servicesApi = {
  providers: (query: ListQuery<typeof providerListQuery>, signal?: AbortSignal) => api.get<Page<Provider>>('/api/services/providers', query, signal),
  createProvider: (input: ProviderCreate) => api.post<Provider>('/api/services/providers', input),
  updateProvider: (id: number, input: ProviderUpdate) => api.patch<Provider>(`/api/services/providers/${id}`, input),
  offerings: (query: { serviceKind?: string }, signal?: AbortSignal) => api.get<Offering[]>('/api/services/offerings', query, signal),
  suggest: (serviceKind: string, signal?: AbortSignal) => api.get<Suggestion[]>('/api/services/suggest', { serviceKind }, signal),
  requests: (query: ListQuery<typeof requestListQuery>, signal?: AbortSignal) => api.get<Page<HelpRequest>>('/api/services/requests', query, signal),
  request: (id: number, signal?: AbortSignal) => api.get<HelpRequestDetail>(`/api/services/requests/${id}`, undefined, signal),
  ask: (input: RequestCreate) => api.post<HelpRequestDetail>('/api/services/requests', input),
  fromNeed: (input: RequestFromNeed) => api.post<HelpRequestDetail>('/api/services/requests/from-need', input),
  followUp: (id: number, input: RequestFollowUp) => api.post<HelpRequestDetail>(`/api/services/requests/${id}/follow-up`, input),
  askPublic: (input: PublicRequestCreate) => api.post<PublicRequestTracked>('/api/public/services/requests', input),
  step: (id: number, step: RequestStepName, body: Record<string, unknown> | RequestDeliver) => api.post<HelpRequestDetail>(`/api/services/requests/${id}/${step}`, body),
  filePath: (id: number, fileId: number) => `/api/services/requests/${id}/files/${fileId}`,
  ledger: (query: ListQuery<typeof ledgerListQuery>, signal?: AbortSignal) => api.get<Page<LedgerRow>>('/api/services/ledger', query, signal),
  addActivity: (input: LedgerActivity) => api.post<LedgerRow>('/api/services/ledger', input),
  contracts: (signal?: AbortSignal) => api.get<Contract[]>('/api/services/contracts', undefined, signal),
  createContract: (input: ContractCreate) => api.post<Contract>('/api/services/contracts', input),
  contract: (id: number, signal?: AbortSignal) => api.get<Contract>(`/api/services/contracts/${id}`, undefined, signal),
  pay: (id: number, input: ContractPaymentInput) => api.post<Contract>(`/api/services/contracts/${id}/payments`, input),
  reversePayment: (id: number, paymentId: number, reason: string) => api.post<Contract>(`/api/services/contracts/${id}/payments/${paymentId}/reverse`, { reason }),
  evaluate: (id: number, input: ContractEvaluationInput) => api.put<Contract>(`/api/services/contracts/${id}/evaluation`, input),
  contractStep: (id: number, step: 'submit' | 'accept' | 'return', comment?: string) => api.post<Contract>(`/api/services/contracts/${id}/${step}`, { comment }),
  dashboard: (signal?: AbortSignal) => api.get<ServicesDashboard>('/api/services/dashboard', undefined, signal),
  review: (siteId: number, year: number, signal?: AbortSignal) => api.get<YearlyReview>(`/api/services/sites/${siteId}/review`, { year }, signal),
};
