import type { z } from 'zod';
import type { ExpertDetail, ExpertListQuery, ExpertRow, ExpertUpdate, ExpertUseCreate, expertCreate } from '@shangmi/shared';
import type {
  Article,
  ArticleStep,
  MyTraining,
  OutreachEvent,
  OutreachTraining,
  Page,
  PublicArticle,
  PublicHome,
  YearCounts,
  articleCreate,
  articlePage,
  articleStep,
  checkinInfo,
  checkinResult,
  enrolmentList,
  eventCreate,
  eventResult,
  outreachTrainingCreate,
  publicArticlePage,
  subscriptions,
  subscriptionsSet,
  publicSubscribe,
  QuizForParticipant,
  QuizResult,
  TrainingQuiz,
  PublicTopic,
} from '@shangmi/shared';
import { api } from './client';

export type ArticleRowView = z.output<typeof articlePage>['items'][number];
export type EnrolmentView = z.output<typeof enrolmentList>[number];
export type CheckinInfo = z.output<typeof checkinInfo>;
export type CheckinResult = z.output<typeof checkinResult>;
export type Subscriptions = z.output<typeof subscriptions>;
export type PublicArticleSummary = z.output<typeof publicArticlePage>['items'][number];

/** 宣传培训 (docs/outreach.md): trainings, events, articles, subscriptions, counts. */
export const outreachApi = {
  trainings: (query: { view?: 'organised' | 'open' | 'mine'; page?: number; pageSize?: number; q?: string }, signal?: AbortSignal) => api.get<Page<OutreachTraining>>('/api/outreach/trainings', query, signal),
  training: (id: number, signal?: AbortSignal) => api.get<OutreachTraining>(`/api/outreach/trainings/${id}`, undefined, signal),
  createTraining: (input: z.input<typeof outreachTrainingCreate>) => api.post<OutreachTraining>('/api/outreach/trainings', input),
  cancelTraining: (id: number) => api.post<OutreachTraining>(`/api/outreach/trainings/${id}/cancel`, {}),
  enrol: (id: number) => api.post<OutreachTraining>(`/api/outreach/trainings/${id}/enrol`, {}),
  enrolments: (id: number, signal?: AbortSignal) => api.get<EnrolmentView[]>(`/api/outreach/trainings/${id}/enrolments`, undefined, signal),
  checkinInfo: (token: string, signal?: AbortSignal) => api.get<CheckinInfo>(`/api/outreach/checkin/${encodeURIComponent(token)}`, undefined, signal),
  checkIn: (token: string) => api.post<CheckinResult>('/api/outreach/checkin', { token }),
  myTraining: (year: number, signal?: AbortSignal) => api.get<MyTraining>('/api/outreach/my-training', { year }, signal),
  certificatePath: (trainingId: number, enrolmentId: number) => `/api/outreach/trainings/${trainingId}/enrolments/${enrolmentId}/certificate`,
  // the expert pool
  experts: (query: Partial<ExpertListQuery>, signal?: AbortSignal) => api.get<Page<ExpertRow>>('/api/outreach/experts', query, signal),
  expert: (id: number, signal?: AbortSignal) => api.get<ExpertDetail>(`/api/outreach/experts/${id}`, undefined, signal),
  createExpert: (input: z.input<typeof expertCreate>) => api.post<ExpertDetail>('/api/outreach/experts', input),
  updateExpert: (id: number, input: ExpertUpdate) => api.patch<ExpertDetail>(`/api/outreach/experts/${id}`, input),
  recordExpertUse: (id: number, input: ExpertUseCreate) => api.post<ExpertDetail>(`/api/outreach/experts/${id}/uses`, input),
  events: (query: { page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<Page<OutreachEvent>>('/api/outreach/events', query, signal),
  createEvent: (input: z.input<typeof eventCreate>) => api.post<OutreachEvent>('/api/outreach/events', input),
  eventResult: (id: number, input: z.input<typeof eventResult>) => api.post<OutreachEvent>(`/api/outreach/events/${id}/result`, input),
  articles: (query: { page?: number; pageSize?: number; state?: string; category?: string }, signal?: AbortSignal) => api.get<Page<ArticleRowView>>('/api/outreach/articles', query, signal),
  article: (id: number, signal?: AbortSignal) => api.get<Article>(`/api/outreach/articles/${id}`, undefined, signal),
  createArticle: (input: z.input<typeof articleCreate>) => api.post<Article>('/api/outreach/articles', input),
  updateArticle: (id: number, input: Partial<z.input<typeof articleCreate>>) => api.patch<Article>(`/api/outreach/articles/${id}`, input),
  step: (id: number, step: ArticleStep, body: z.input<typeof articleStep> = {}) => api.post<Article>(`/api/outreach/articles/${id}/${step}`, body),
  subscriptions: (signal?: AbortSignal) => api.get<Subscriptions>('/api/outreach/subscriptions', undefined, signal),
  setSubscriptions: (input: z.input<typeof subscriptionsSet>) => api.put<Subscriptions>('/api/outreach/subscriptions', input),
  counts: (year: number, signal?: AbortSignal) => api.get<YearCounts>('/api/outreach/counts', { year }, signal),
};

/** The public portal (no sign-in). */
export const portalApi = {
  home: (regionCode: string | undefined, signal?: AbortSignal) => api.get<PublicHome>('/api/public/outreach/home', { regionCode }, signal),
  articles: (query: { regionCode?: string; category?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<Page<PublicArticleSummary>>('/api/public/outreach/articles', query, signal),
  article: (id: number, signal?: AbortSignal) => api.get<PublicArticle>(`/api/public/outreach/articles/${id}`, undefined, signal),
  // subscriptions without an account: a request, then the confirmation link; the stop link in every message
  subscribe: (input: z.input<typeof publicSubscribe>) => api.post<{ ok: true }>('/api/public/outreach/subscribe', input),
  confirm: (token: string) => api.post<{ state: 'confirmed' | 'stopped'; topics: PublicTopic[] }>('/api/public/outreach/subscribe/confirm', { token }),
  stop: (token: string) => api.post<{ state: 'confirmed' | 'stopped'; topics: PublicTopic[] }>('/api/public/outreach/subscribe/stop', { token }),
};

/** The quiz of a training session: set by the organiser, taken after check-in. */
export const quizApi = {
  get: (trainingId: number, signal?: AbortSignal) => api.get<QuizForParticipant>(`/api/outreach/trainings/${trainingId}/quiz`, undefined, signal),
  set: (trainingId: number, quiz: TrainingQuiz | null) => api.put<QuizForParticipant | null>(`/api/outreach/trainings/${trainingId}/quiz`, { quiz }),
  answer: (trainingId: number, answers: number[]) => api.post<QuizResult>(`/api/outreach/trainings/${trainingId}/quiz`, { answers }),
};
