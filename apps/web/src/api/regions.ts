import type { Region } from '@shangmi/shared';
import { api } from './client';

export const regionsApi = {
  all: (signal?: AbortSignal) => api.get<Region[]>('/api/regions', undefined, signal),
};
