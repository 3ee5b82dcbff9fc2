import type { LoginlogEntry, OplogEntry, Page, loginlogQuery, oplogQuery } from '@shangmi/shared';
import { api } from './client';
import type { ListQuery } from './lists';

export const logsApi = {
  oplog: (query: ListQuery<typeof oplogQuery>, signal?: AbortSignal) => api.get<Page<OplogEntry>>('/api/oplog', query, signal),
  loginlog: (query: ListQuery<typeof loginlogQuery>, signal?: AbortSignal) => api.get<Page<LoginlogEntry>>('/api/loginlog', query, signal),
};
