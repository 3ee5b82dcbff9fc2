import type { PublicRegions, Region, RegionConfig } from '@shangmi/shared';
import { api } from './client';

export const regionsApi = {
  all: (signal?: AbortSignal) => api.get<Region[]>('/api/regions', undefined, signal),
  /** the region(s) the public pages serve on this host and the default (never the first region by code) */
  publicRegions: (signal?: AbortSignal) => api.get<PublicRegions>('/api/public/region', undefined, signal),
  /** a pilot region added by a platform administrator (checked like config/regions files; live without a restart) */
  create: (body: RegionConfig) => api.post<Region>('/api/regions', body),
};
