import type { DictItem, DictType } from '@shangmi/shared';
import { api } from './client';
import type { DictItemCreateInput, DictItemUpdateInput, DictTypeCreateInput } from './types';

export interface DictsResponse {
  version: string;
  types: DictType[];
}

export const dictsApi = {
  all: (signal?: AbortSignal) => api.get<DictsResponse>('/api/dicts', undefined, signal),
  createType: (input: DictTypeCreateInput) => api.post<unknown>('/api/dicts', input),
  createItem: (code: string, input: DictItemCreateInput) =>
    api.post<DictItem>(`/api/dicts/${encodeURIComponent(code)}/items`, input),
  updateItem: (code: string, id: number, input: DictItemUpdateInput) =>
    api.patch<DictItem>(`/api/dicts/${encodeURIComponent(code)}/items/${id}`, input),
  removeItem: (code: string, id: number) => api.del<unknown>(`/api/dicts/${encodeURIComponent(code)}/items/${id}`),
};
