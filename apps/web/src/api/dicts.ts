import type { z } from 'zod';
import type { DictItem, dictItemCreate, dictItemUpdate, dictsResponse, dictTypeCreate } from '@shangmi/shared';
import { api } from './client';

export type DictsResponse = z.output<typeof dictsResponse>;
export type DictTypeCreateInput = z.input<typeof dictTypeCreate>;
export type DictItemCreateInput = z.input<typeof dictItemCreate>;
export type DictItemUpdateInput = z.input<typeof dictItemUpdate>;

export const dictsApi = {
  all: (signal?: AbortSignal) => api.get<DictsResponse>('/api/dicts', undefined, signal),
  createType: (input: DictTypeCreateInput) => api.post<unknown>('/api/dicts', input),
  createItem: (code: string, input: DictItemCreateInput) =>
    api.post<DictItem>(`/api/dicts/${encodeURIComponent(code)}/items`, input),
  updateItem: (code: string, id: number, input: DictItemUpdateInput) =>
    api.patch<DictItem>(`/api/dicts/${encodeURIComponent(code)}/items/${id}`, input),
  removeItem: (code: string, id: number) => api.del<unknown>(`/api/dicts/${encodeURIComponent(code)}/items/${id}`),
};
