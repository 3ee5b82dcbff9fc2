import type { z } from 'zod';
import type { Page, Supervision, TfMeeting, TfTask, TfTaskDetail, Unit, decisionCreate, tfMeetingCreate, tfMeetingListQuery, tfMeetingUpdate, tfMeetingSummary, tfTaskListQuery, unitCreate } from '@shangmi/shared';
import { api } from './client';
import type { ListQuery } from './lists';

export type MeetingSummary = z.output<typeof tfMeetingSummary>;
export type MeetingCreateInput = z.input<typeof tfMeetingCreate>;
export type TaskStep = 'report' | 'complete' | 'accept' | 'return' | 'urge';
export const TASKS_EXPORT_PATH = '/api/taskforce/tasks/export';

export const taskforceApi = {
  units: (signal?: AbortSignal) => api.get<{ items: Unit[] }>('/api/taskforce/units', undefined, signal),
  createUnit: (input: z.input<typeof unitCreate>) => api.post<Unit>('/api/taskforce/units', input),
  meetings: (query: ListQuery<typeof tfMeetingListQuery>, signal?: AbortSignal) => api.get<Page<MeetingSummary>>('/api/taskforce/meetings', query, signal),
  meeting: (id: number, signal?: AbortSignal) => api.get<TfMeeting>(`/api/taskforce/meetings/${id}`, undefined, signal),
  createMeeting: (input: MeetingCreateInput) => api.post<TfMeeting>('/api/taskforce/meetings', input),
  updateMeeting: (id: number, input: z.input<typeof tfMeetingUpdate>) => api.patch<TfMeeting>(`/api/taskforce/meetings/${id}`, input),
  addDecision: (id: number, input: z.input<typeof decisionCreate>) => api.post<TfMeeting>(`/api/taskforce/meetings/${id}/decisions`, input),
  tasks: (query: ListQuery<typeof tfTaskListQuery>, signal?: AbortSignal) => api.get<Page<TfTask>>('/api/taskforce/tasks', query, signal),
  task: (id: number, signal?: AbortSignal) => api.get<TfTaskDetail>(`/api/taskforce/tasks/${id}`, undefined, signal),
  step: (id: number, step: TaskStep, body: { comment?: string | null; fileIds?: number[] }) => api.post<TfTaskDetail>(`/api/taskforce/tasks/${id}/${step}`, body),
  supervision: (signal?: AbortSignal) => api.get<Supervision>('/api/taskforce/supervision', undefined, signal),
};
