import type { z } from 'zod';
import type { Page, Role, User, userCreate, userListQuery, userUpdate } from '@shangmi/shared';
import { api } from './client';
import type { Filters, ListQuery } from './lists';

export type UserCreateInput = z.input<typeof userCreate>;
export type UserUpdateInput = z.input<typeof userUpdate>;
/** Filters of GET /api/users (and its /export twin). */
export type UserFilters = Filters<typeof userListQuery>;

export const usersApi = {
  list: (query: ListQuery<typeof userListQuery>, signal?: AbortSignal) => api.get<Page<User>>('/api/users', query, signal),
  get: (id: number) => api.get<User>(`/api/users/${id}`),
  /** the roles the caller may grant (the user form) */
  assignableRoles: (signal?: AbortSignal) => api.get<Pick<Role, 'id' | 'code' | 'nameZh' | 'nameEn'>[]>('/api/users/assignable-roles', undefined, signal),
  create: (input: UserCreateInput) => api.post<User>('/api/users', input),
  update: (id: number, input: UserUpdateInput) => api.patch<User>(`/api/users/${id}`, input),
  unlock: (id: number) => api.post<unknown>(`/api/users/${id}/unlock`),
  resetTotp: (id: number) => api.post<unknown>(`/api/users/${id}/reset-totp`),
  resetPassword: (id: number, password: string) => api.post<unknown>(`/api/users/${id}/reset-password`, { password }),
};
