import type { z } from 'zod';
import type { Page, Role, roleCreate, roleUpdate } from '@shangmi/shared';
import { api } from './client';

export type RoleCreateInput = z.input<typeof roleCreate>;
export type RoleUpdateInput = z.input<typeof roleUpdate>;

export const rolesApi = {
  /** every role the caller may see: a short catalogue the route answers whole, given here as one page */
  all: async (signal?: AbortSignal): Promise<Page<Role>> => {
    const { items } = await api.get<{ items: Role[] }>('/api/roles', undefined, signal);
    return { items, total: items.length, page: 1, pageSize: Math.max(1, items.length) };
  },
  get: (id: number) => api.get<Role>(`/api/roles/${id}`),
  create: (input: RoleCreateInput) => api.post<Role>('/api/roles', input),
  update: (id: number, input: RoleUpdateInput) => api.patch<Role>(`/api/roles/${id}`, input),
  remove: (id: number) => api.del<unknown>(`/api/roles/${id}`),
};
