import type { z } from 'zod';
import type {
  Page,
  PublicSite,
  Site,
  SiteDashboard,
  SiteDetail,
  SiteHostOption,
  SiteImportJob,
  ShippedStandard,
  SiteKind,
  SiteMapPoint,
  SiteStandard,
  SiteStatus,
  SiteTarget,
  acceptanceApprove,
  acceptanceReview,
  acceptanceSubmit,
  dashboardQuery,
  publicSiteQuery,
  siteListQuery,
  siteMapQuery,
  standardsQuery,
  siteCreate,
  siteStaffCreate,
  siteUpdate,
  standardCreate,
  targetsPut,
} from '@shangmi/shared';
import { api, downloadExport, streamJob, type JobProgress } from './client';
import type { Filters, ListQuery } from './lists';

export type SiteCreateInput = z.input<typeof siteCreate>;
export type SiteUpdateInput = z.input<typeof siteUpdate>;
export type SiteStaffInput = z.input<typeof siteStaffCreate>;
export type AcceptanceSubmitInput = z.input<typeof acceptanceSubmit>;
export type StandardCreateInput = z.input<typeof standardCreate>;
export type TargetsPutInput = z.input<typeof targetsPut>;
export type AcceptanceReviewInput = z.input<typeof acceptanceReview>;
export type AcceptanceApproveInput = z.input<typeof acceptanceApprove>;
/** Filters of GET /api/sites (and its /export twin). */
export type SiteFilters = Filters<typeof siteListQuery>;
export type PublicSiteFilters = Filters<typeof publicSiteQuery>;
/**
 * ECharts GeoJSON of a region's districts (features keyed by district code; `cp`: the district's label point, where the
 * map file gives one). The route answers the file from config/maps as it is, with no response schema to derive from.
 */
export type RegionMap = { type: 'FeatureCollection'; features: { id: string; properties: { name: string; cp?: [number, number] } }[] };

export const SITES_EXPORT_PATH = '/api/sites/export';

export const sitesApi = {
  list: (query: ListQuery<typeof siteListQuery>, signal?: AbortSignal) => api.get<Page<Site>>('/api/sites', query, signal),
  get: (id: number, signal?: AbortSignal) => api.get<SiteDetail>(`/api/sites/${id}`, undefined, signal),
  create: (input: SiteCreateInput) => api.post<SiteDetail>('/api/sites', input),
  update: (id: number, input: SiteUpdateInput) => api.patch<SiteDetail>(`/api/sites/${id}`, input),
  status: (id: number, to: SiteStatus, reason: string) => api.post<SiteDetail>(`/api/sites/${id}/status`, { to, reason }),
  addStaff: (id: number, input: SiteStaffInput) => api.post<SiteDetail>(`/api/sites/${id}/staff`, input),
  addPhotos: (id: number, fileIds: number[]) => api.post<SiteDetail>(`/api/sites/${id}/photos`, { fileIds }),
  removePhoto: (id: number, fileId: number) => api.del<SiteDetail>(`/api/sites/${id}/photos/${fileId}`),
  submit: (id: number, input: AcceptanceSubmitInput) => api.post<SiteDetail>(`/api/sites/${id}/acceptance`, input),
  review: (id: number, input: AcceptanceReviewInput) => api.post<SiteDetail>(`/api/sites/${id}/acceptance/review`, input),
  withdraw: (id: number, reason: string) => api.post<SiteDetail>(`/api/sites/${id}/acceptance/withdraw`, { reason }),
  approve: (id: number, input: AcceptanceApproveInput) => api.post<SiteDetail>(`/api/sites/${id}/acceptance/approve`, input),
  fileUrl: (id: number, fileId: number) => `/api/sites/${id}/files/${fileId}`,
  downloadFile: (id: number, fileId: number, name: string) => downloadExport(`/api/sites/${id}/files/${fileId}`, {}, name),
  standards: (query: Filters<typeof standardsQuery> = {}, signal?: AbortSignal) => api.get<SiteStandard[]>('/api/sites/standards', query, signal),
  shippedStandards: (signal?: AbortSignal) => api.get<ShippedStandard[]>('/api/sites/standards/shipped', undefined, signal),
  adoptStandard: (kind: SiteKind) => api.post<SiteStandard>('/api/sites/standards/adopt', { kind }),
  createStandard: (input: StandardCreateInput) => api.post<SiteStandard>('/api/sites/standards', input),
  targets: (signal?: AbortSignal) => api.get<SiteTarget[]>('/api/sites/targets', undefined, signal),
  putTargets: (year: number, input: TargetsPutInput) => api.put<SiteTarget[]>(`/api/sites/targets/${year}`, input),
  /** organisations of the region to link as a site's host (依托单位) */
  hosts: (q: string, signal?: AbortSignal) => api.get<SiteHostOption[]>('/api/sites/hosts', { q }, signal),
  dashboard: (query: Filters<typeof dashboardQuery> = {}, signal?: AbortSignal) => api.get<SiteDashboard>('/api/sites/dashboard', query, signal),
  map: (query: Filters<typeof siteMapQuery> = {}, signal?: AbortSignal) => api.get<SiteMapPoint[]>('/api/sites/map', query, signal),
  downloadTemplate: (name: string) => downloadExport('/api/sites/import-template', {}, name),
  checkImport: (fileId: number, onProgress: (p: JobProgress) => void) => streamJob<SiteImportJob>('/api/sites/imports', { fileId }, onProgress),
  downloadImportErrors: (id: number, name: string) => downloadExport(`/api/sites/imports/${id}/errors`, {}, name),
  commitImport: (id: number, onProgress: (p: JobProgress) => void) => streamJob<SiteImportJob>(`/api/sites/imports/${id}/commit`, undefined, onProgress),
};

export const publicSitesApi = {
  list: (query: ListQuery<typeof publicSiteQuery>, signal?: AbortSignal) => api.get<Page<PublicSite>>('/api/public/sites', query, signal),
  map: (query: PublicSiteFilters, signal?: AbortSignal) => api.get<SiteMapPoint[]>('/api/public/sites/map', query, signal),
  photoUrl: (id: number, fileId: number) => `/api/public/sites/${id}/photos/${fileId}`,
  regionMap: (code: string, signal?: AbortSignal) => api.get<RegionMap>(`/api/regions/${code}/map`, undefined, signal),
};
