import type { z } from 'zod';
import type { BudgetLine, BudgetLineDetail, Execution, Page, budgetLineCreate, budgetLineListQuery, spendingCreate, spendingReverse } from '@shangmi/shared';
import { api } from './client';
import type { ListQuery } from './lists';

export const LINES_EXPORT_PATH = '/api/funding/lines/export';

export const fundingApi = {
  lines: (query: ListQuery<typeof budgetLineListQuery>, signal?: AbortSignal) => api.get<Page<BudgetLine>>('/api/funding/lines', query, signal),
  line: (id: number, signal?: AbortSignal) => api.get<BudgetLineDetail>(`/api/funding/lines/${id}`, undefined, signal),
  createLine: (input: z.input<typeof budgetLineCreate>) => api.post<BudgetLineDetail>('/api/funding/lines', input),
  addSpending: (id: number, input: z.input<typeof spendingCreate>) => api.post<BudgetLineDetail>(`/api/funding/lines/${id}/spendings`, input),
  reverseSpending: (id: number, spendingId: number, input: z.input<typeof spendingReverse>) => api.post<BudgetLineDetail>(`/api/funding/lines/${id}/spendings/${spendingId}/reverse`, input),
  execution: (year: number, signal?: AbortSignal) => api.get<Execution>('/api/funding/execution', { year }, signal),
};
