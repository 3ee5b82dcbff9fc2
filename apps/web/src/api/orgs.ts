import type { Org, Page } from '@shangmi/shared';
import { api, type Query } from './client';
import type { OrgCreateInput, OrgUpdateInput } from './types';

export interface OrgListQuery extends Query {
  parentId?: number;
  kind?: string;
  q?: string;
  status?: 'active' | 'disabled';
  page?: number;
  pageSize?: number;
}

export const orgsApi = {
  list: (query: OrgListQuery, signal?: AbortSignal) => api.get<Page<Org>>('/api/orgs', query, signal),
  get: (id: number) => api.get<Org>(`/api/orgs/${id}`),
  create: (input: OrgCreateInput) => api.post<Org>('/api/orgs', input),
  update: (id: number, input: OrgUpdateInput) => api.patch<Org>(`/api/orgs/${id}`, input),
  remove: (id: number) => api.del<unknown>(`/api/orgs/${id}`),
};
