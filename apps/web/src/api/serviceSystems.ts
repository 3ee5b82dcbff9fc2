import type { z } from 'zod';
import type { ServiceSystem, ServiceSystemKind, ServiceSystemReferral, ServiceSystemReferralCreate, ServiceSystemStats, serviceSystemCreate, serviceSystemPatch } from '@shangmi/shared';
import { api } from './client';

export type ServiceSystemCreate = z.input<typeof serviceSystemCreate>;
export type ServiceSystemPatchInput = z.input<typeof serviceSystemPatch>;

/** Other public service systems (issue 24 item 5): the region's directory, the public page, referrals and their counts. */
export const serviceSystemsApi = {
  list: (q: { kind?: ServiceSystemKind; districtCode?: string; all?: boolean }, signal?: AbortSignal) =>
    api.get<ServiceSystem[]>('/api/service-systems', { kind: q.kind, districtCode: q.districtCode, all: q.all ? 'true' : undefined }, signal),
  publicList: (q: { regionCode?: string; kind?: ServiceSystemKind; districtCode?: string }, signal?: AbortSignal) => api.get<ServiceSystem[]>('/api/public/service-systems', q, signal),
  create: (body: ServiceSystemCreate) => api.post<ServiceSystem>('/api/service-systems', body),
  update: (id: number, body: ServiceSystemPatchInput) => api.patch<ServiceSystem>(`/api/service-systems/${id}`, body),
  refer: (id: number, body: ServiceSystemReferralCreate) => api.post<ServiceSystemReferral>(`/api/service-systems/${id}/referrals`, body),
  stats: (q: { from?: string; to?: string }, signal?: AbortSignal) => api.get<ServiceSystemStats>('/api/service-systems/stats', q, signal),
};
