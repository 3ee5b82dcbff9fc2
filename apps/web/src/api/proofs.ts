import type { z } from 'zod';
import { proofFileName, type Page, type ProofCertificate, type ProofLogStatus, type ProofRecord, type Witness, type logKeyResponse, type proofDeposit, type proofListQuery, type proofTagsUpdate, type receiptText, type witnessCreate } from '@shangmi/shared';
import { api, downloadExport } from './client';
import type { ListQuery } from './lists';

export type ProofDepositInput = z.input<typeof proofDeposit>;
export type LogKey = z.output<typeof logKeyResponse>;
export type WitnessCreateInput = z.input<typeof witnessCreate>;
export type ProofTagsChange = z.input<typeof proofTagsUpdate>;

export const proofsApi = {
  list: (query: ListQuery<typeof proofListQuery>, signal?: AbortSignal) => api.get<Page<ProofRecord>>('/api/proofs', query, signal),
  tags: (signal?: AbortSignal) => api.get<string[]>('/api/proofs/tags', undefined, signal),
  get: (id: number, signal?: AbortSignal) => api.get<ProofRecord>(`/api/proofs/${id}`, undefined, signal),
  deposit: (input: ProofDepositInput) => api.post<ProofRecord>('/api/proofs', input),
  setTags: (id: number, change: ProofTagsChange) => api.put<ProofRecord>(`/api/proofs/${id}/tags`, change),
  certificate: (id: number, signal?: AbortSignal) => api.get<ProofCertificate>(`/api/proofs/${id}/certificate`, undefined, signal),
  // the server names the file by 日志序号 (proofFileName); the same name if its header cannot be read
  downloadReceipt: (r: Pick<ProofRecord, 'id' | 'logIndex'>) => downloadExport(`/api/proofs/${r.id}/receipt`, {}, proofFileName(r.logIndex, 'tlog-proof').name),
  downloadRecord: (r: Pick<ProofRecord, 'id' | 'logIndex'>) => downloadExport(`/api/proofs/${r.id}/record`, {}, proofFileName(r.logIndex, 'json').name),
  exportAll: () => downloadExport('/api/proofs/export', {}, 'receipts.zip'),
  logKey: (signal?: AbortSignal) => api.get<LogKey>('/api/proofs/log-key', undefined, signal),
  logStatus: (signal?: AbortSignal) => api.get<ProofLogStatus>('/api/proofs/log/status', undefined, signal),
  witnesses: (signal?: AbortSignal) => api.get<Witness[]>('/api/proofs/witnesses', undefined, signal),
  addWitness: (input: WitnessCreateInput) => api.post<Witness>('/api/proofs/witnesses', input),
  disableWitness: (id: number) => api.post<Witness>(`/api/proofs/witnesses/${id}/disable`),
  refresh: (receipt: string) => api.post<z.output<typeof receiptText>>('/api/proofs/log/refresh', { receipt }),
};
