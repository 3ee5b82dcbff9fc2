import type { Page, Role } from '@shangmi/shared';
import { api, type Query } from './client';
import { asPage } from './lists';
import type { RoleCreateInput, RoleUpdateInput } from './types';

export const rolesApi = {
  list: async (query: Query, signal?: AbortSignal) => asPage(await api.get<Page<Role> | Role[]>('/api/roles', query, signal)),
  get: (id: number) => api.get<Role>(`/api/roles/${id}`),
  create: (input: RoleCreateInput) => api.post<Role>('/api/roles', input),
  update: (id: number, input: RoleUpdateInput) => api.patch<Role>(`/api/roles/${id}`, input),
  remove: (id: number) => api.del<unknown>(`/api/roles/${id}`),
};
