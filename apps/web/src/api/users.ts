import type { Page, User } from '@shangmi/shared';
import { api, type Query } from './client';
import type { UserCreateInput, UserUpdateInput } from './types';

export interface UserFilters extends Query {
  q?: string;
  orgId?: number;
  subtree?: 'true' | 'false';
  roleId?: number;
  status?: 'active' | 'disabled';
}

export const usersApi = {
  list: (query: Query, signal?: AbortSignal) => api.get<Page<User>>('/api/users', query, signal),
  get: (id: number) => api.get<User>(`/api/users/${id}`),
  create: (input: UserCreateInput) => api.post<User>('/api/users', input),
  update: (id: number, input: UserUpdateInput) => api.patch<User>(`/api/users/${id}`, input),
  unlock: (id: number) => api.post<unknown>(`/api/users/${id}/unlock`),
  resetTotp: (id: number) => api.post<unknown>(`/api/users/${id}/reset-totp`),
  resetPassword: (id: number, password: string) => api.post<unknown>(`/api/users/${id}/reset-password`, { password }),
};
