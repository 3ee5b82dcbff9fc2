import type { z } from 'zod';
import type {
  Association,
  AssociationCreate,
  AssociationDetail,
  Candidate,
  Norm,
  associationListQuery,
  normCreate,
  Meeting,
  MeetingCreate,
  NeedDetail,
  Need,
  NeedStats,
  Page,
  Survey,
  SurveyCreate,
  SurveyForm,
  SurveyResults,
  meetingListQuery,
  meetingRecord,
  needAssign,
  needCreate,
  needToCultivation,
  needListQuery,
  surveyDistribute,
  surveyListQuery,
  surveyMine,
  surveySummary,
  surveyTemplateList,
  surveyTokens,
} from '@shangmi/shared';
import { api } from './client';
import type { ListQuery } from './lists';

export type MeetingRecordInput = z.input<typeof meetingRecord>;
export type SurveySummary = z.output<typeof surveySummary>;
export type SurveyMine = z.output<typeof surveyMine>;
export type SurveyTemplate = z.output<typeof surveyTemplateList>[number];
export type NeedStep = 'reply' | 'confirm' | 'reopen' | 'close';
export const NEEDS_EXPORT_PATH = '/api/listening/needs/export';

export const listeningApi = {
  meetings: (query: ListQuery<typeof meetingListQuery>, signal?: AbortSignal) => api.get<Page<Meeting>>('/api/listening/meetings', query, signal),
  meeting: (id: number, signal?: AbortSignal) => api.get<Meeting>(`/api/listening/meetings/${id}`, undefined, signal),
  plan: (input: MeetingCreate) => api.post<Meeting>('/api/listening/meetings', input),
  record: (id: number, input: MeetingRecordInput) => api.post<Meeting>(`/api/listening/meetings/${id}/record`, input),
  cancel: (id: number) => api.post<Meeting>(`/api/listening/meetings/${id}/cancel`),

  needs: (query: ListQuery<typeof needListQuery>, signal?: AbortSignal) => api.get<Page<Need>>('/api/listening/needs', query, signal),
  needStats: (signal?: AbortSignal) => api.get<NeedStats>('/api/listening/needs/stats', undefined, signal),
  toCultivation: (id: number, input: z.input<typeof needToCultivation>) => api.post<NeedDetail>(`/api/listening/needs/${id}/to-cultivation`, input),
  createNeed: (input: z.input<typeof needCreate>) => api.post<NeedDetail>('/api/listening/needs', input),
  need: (id: number, signal?: AbortSignal) => api.get<NeedDetail>(`/api/listening/needs/${id}`, undefined, signal),
  assign: (id: number, input: z.input<typeof needAssign>) => api.post<NeedDetail>(`/api/listening/needs/${id}/assign`, input),
  step: (id: number, step: NeedStep, body: Record<string, unknown>) => api.post<NeedDetail>(`/api/listening/needs/${id}/${step}`, body),

  surveys: (query: ListQuery<typeof surveyListQuery>, signal?: AbortSignal) => api.get<Page<SurveySummary>>('/api/listening/surveys', query, signal),
  templates: (signal?: AbortSignal) => api.get<SurveyTemplate[]>('/api/listening/surveys/templates', undefined, signal),
  survey: (id: number, signal?: AbortSignal) => api.get<Survey>(`/api/listening/surveys/${id}`, undefined, signal),
  createSurvey: (input: SurveyCreate) => api.post<Survey>('/api/listening/surveys', input),
  updateSurvey: (id: number, input: SurveyCreate) => api.patch<Survey>(`/api/listening/surveys/${id}`, input),
  fromTemplate: (template: string, title?: string) => api.post<Survey>('/api/listening/surveys/from-template', { template, title }),
  distribute: (id: number, input: z.input<typeof surveyDistribute>) => api.post<Survey>(`/api/listening/surveys/${id}/distribute`, input),
  tokens: (id: number, count: number) => api.post<z.output<typeof surveyTokens>>(`/api/listening/surveys/${id}/tokens`, { count }),
  close: (id: number) => api.post<Survey>(`/api/listening/surveys/${id}/close`),
  results: (id: number, by: string | undefined, signal?: AbortSignal) => api.get<SurveyResults>(`/api/listening/surveys/${id}/results`, by ? { by } : undefined, signal),

  mine: (signal?: AbortSignal) => api.get<SurveyMine>('/api/listening/my/surveys', undefined, signal),
  form: (id: number, signal?: AbortSignal) => api.get<SurveyForm>(`/api/listening/my/surveys/${id}`, undefined, signal),
  draft: (id: number, answers: Record<string, unknown>) => api.put<{ ok: true }>(`/api/listening/my/surveys/${id}/draft`, { answers }),
  answer: (id: number, answers: Record<string, unknown>) => api.post<{ ok: true }>(`/api/listening/my/surveys/${id}/answer`, { answers }),
  tokenForm: (token: string, signal?: AbortSignal) => api.get<SurveyForm>(`/api/public/listening/s/${token}`, undefined, signal),
  tokenDraft: (token: string, answers: Record<string, unknown>) => api.put<{ ok: true }>(`/api/public/listening/s/${token}/draft`, { answers }),
  tokenAnswer: (token: string, answers: Record<string, unknown>) => api.post<{ ok: true }>(`/api/public/listening/s/${token}/answer`, { answers }),
};

export const associationsApi = {
  list: (query: ListQuery<typeof associationListQuery>, signal?: AbortSignal) => api.get<Page<Association>>('/api/listening/associations', query, signal),
  get: (id: number, signal?: AbortSignal) => api.get<AssociationDetail>(`/api/listening/associations/${id}`, undefined, signal),
  create: (input: AssociationCreate) => api.post<AssociationDetail>('/api/listening/associations', input),
  candidates: (id: number, q: string | undefined, signal?: AbortSignal) => api.get<Candidate[]>(`/api/listening/associations/${id}/candidates`, { q }, signal),
  addMembers: (id: number, enterpriseIds: number[]) => api.post<AssociationDetail>(`/api/listening/associations/${id}/members`, { enterpriseIds }),
  removeMember: (id: number, enterpriseId: number) => api.del<AssociationDetail>(`/api/listening/associations/${id}/members/${enterpriseId}`),
  addNorm: (id: number, input: z.input<typeof normCreate>) => api.post<Norm>(`/api/listening/associations/${id}/norms`, input),
  versions: (id: number, code: string, signal?: AbortSignal) => api.get<Norm[]>(`/api/listening/associations/${id}/norms/${code}`, undefined, signal),
};
