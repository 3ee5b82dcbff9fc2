import type { Page, Region } from '@shangmi/shared';
import { api } from './client';
import { asPage } from './lists';

export const regionsApi = {
  all: async (signal?: AbortSignal) => asPage(await api.get<Region[] | Page<Region>>('/api/regions', undefined, signal)).items,
};
