import type { ModelDocument, ModelDocumentDiffLine, ModelDocumentSummary, ModelDocumentVersionCreate, ModelDocumentVersionSummary } from '@shangmi/shared';
import { api } from './client';

const base = (slug: string) => `/api/public/model-documents/${encodeURIComponent(slug)}`;

/** 示范文本库 (public, no sign-in); the city publishes new versions (signed in). */
export const modelDocumentsApi = {
  list: (signal?: AbortSignal) => api.get<ModelDocumentSummary[]>('/api/public/model-documents', undefined, signal),
  get: (slug: string, signal?: AbortSignal) => api.get<ModelDocument>(base(slug), undefined, signal),
  docxUrl: (slug: string, version?: string) => (version ? `${base(slug)}/versions/${encodeURIComponent(version)}/docx` : `${base(slug)}/docx`),
  versions: (slug: string, signal?: AbortSignal) => api.get<ModelDocumentVersionSummary[]>(`${base(slug)}/versions`, undefined, signal),
  version: (slug: string, version: string, signal?: AbortSignal) => api.get<ModelDocument>(`${base(slug)}/versions/${encodeURIComponent(version)}`, undefined, signal),
  diff: (slug: string, from: string, to: string, signal?: AbortSignal) =>
    api.get<{ from: string; to: string; lines: ModelDocumentDiffLine[] }>(`${base(slug)}/diff`, { from, to }, signal),
  publish: (slug: string, body: ModelDocumentVersionCreate) => api.post<ModelDocumentVersionSummary[]>(`/api/model-documents/${encodeURIComponent(slug)}/versions`, body),
};
