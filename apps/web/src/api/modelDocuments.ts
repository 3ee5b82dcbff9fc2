import type { ModelDocument, ModelDocumentSummary } from '@shangmi/shared';
import { api } from './client';

/** 示范文本库 (public, no sign-in). */
export const modelDocumentsApi = {
  list: (signal?: AbortSignal) => api.get<ModelDocumentSummary[]>('/api/public/model-documents', undefined, signal),
  get: (slug: string, signal?: AbortSignal) => api.get<ModelDocument>(`/api/public/model-documents/${encodeURIComponent(slug)}`, undefined, signal),
  docxUrl: (slug: string) => `/api/public/model-documents/${encodeURIComponent(slug)}/docx`,
};
