import type { z } from 'zod';
import type { Org, Page, orgCreate, orgListQuery, orgUpdate } from '@shangmi/shared';
import { api } from './client';
import type { ListQuery } from './lists';

export type OrgCreateInput = z.input<typeof orgCreate>;
export type OrgUpdateInput = z.input<typeof orgUpdate>;
export type OrgListQuery = ListQuery<typeof orgListQuery>;

export const orgsApi = {
  list: (query: OrgListQuery, signal?: AbortSignal) => api.get<Page<Org>>('/api/orgs', query, signal),
  get: (id: number) => api.get<Org>(`/api/orgs/${id}`),
  create: (input: OrgCreateInput) => api.post<Org>('/api/orgs', input),
  update: (id: number, input: OrgUpdateInput) => api.patch<Org>(`/api/orgs/${id}`, input),
  remove: (id: number) => api.del<unknown>(`/api/orgs/${id}`),
};
