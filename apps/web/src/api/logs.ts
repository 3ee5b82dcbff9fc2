import type { LoginlogEntry, OplogEntry, Page } from '@shangmi/shared';
import { api, type Query } from './client';

export const logsApi = {
  oplog: (query: Query, signal?: AbortSignal) => api.get<Page<OplogEntry>>('/api/oplog', query, signal),
  loginlog: (query: Query, signal?: AbortSignal) => api.get<Page<LoginlogEntry>>('/api/loginlog', query, signal),
};
