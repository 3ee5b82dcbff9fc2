import type { Referral, ReferralCreate, ReferralOutcomeInput, ReferralStats } from '@shangmi/shared';
import { api } from './client';

/** Referral channels of a complaint or case (issue 24 item 4). */
export const referralsApi = {
  list: (caseId: number, signal?: AbortSignal) => api.get<Referral[]>(`/api/cases/${caseId}/referrals`, undefined, signal),
  create: (caseId: number, body: ReferralCreate) => api.post<Referral>(`/api/cases/${caseId}/referrals`, body),
  outcome: (caseId: number, id: number, body: ReferralOutcomeInput) => api.post<Referral>(`/api/cases/${caseId}/referrals/${id}/outcome`, body),
  stats: (signal?: AbortSignal) => api.get<ReferralStats>('/api/cases/referrals/stats', undefined, signal),
};
