import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ACCEPTANCE_STATE_LABELS,
  acceptanceApprove,
  acceptanceReview,
  acceptanceSubmit,
  acceptanceWithdraw,
  dashboardQuery,
  fileParams,
  formatDateTime,
  idParams,
  pick,
  publicSite,
  publicSitePage,
  publicSitePageQuery,
  publicSiteQuery,
  shippedStandardList,
  shippedStandardsQuery,
  SITE_IMPORT_COLUMNS,
  SITE_KIND_LABELS,
  SITE_LEVEL_LABELS,
  SITE_STATUS_LABELS,
  siteCreate,
  siteDashboard,
  siteDetail,
  siteExportQuery,
  siteHostOptionList,
  siteHostQuery,
  siteImportJob,
  siteImportStart,
  siteListPageQuery,
  siteMapPointList,
  siteMapQuery,
  sitePage,
  sitePhotosAdd,
  siteStaffCreate,
  siteStandard,
  siteStandardList,
  siteStatusChange,
  siteTargetList,
  siteUpdate,
  standardAdopt,
  standardCreate,
  standardsQuery,
  targetsPut,
  targetsQuery,
  targetsYearParams,
} from '@shangmi/shared';
import ExcelJS from 'exceljs';
import { EXPORT_LIMIT, sendImportErrors, sendWorkbook, sendXlsx } from '../../platform/export.js';
import { sendProgress } from '../../platform/http.js';
import * as imports from './imports.service.js';
import { dictLabels } from '../dicts/dicts.service.js';
import { listRegions, resolvePublicRegion } from '../regions/regions.service.js';
import { actorCacheKey, sendCachedJson } from '../../platform/count-cache.js';
import * as svc from './sites.service.js';

const actorKey = actorCacheKey;

export function sitesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sites'];

  r.get(
    '/api/sites',
    {
      schema: { operationId: 'sites.list', tags, summary: '站点列表 List protection sites', querystring: siteListPageQuery, response: { 200: sitePage } },
      config: { access: 'sites:read' },
    },
    (req) => svc.listSites(req.ctx(), req.query),
  );

  r.get(
    '/api/sites/export',
    {
      schema: { operationId: 'sites.export', tags, summary: '导出站点 Export sites (xlsx)', querystring: siteExportQuery },
      config: { access: 'sites:read' },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const [rows, labels, regions] = await Promise.all([svc.exportSites(ctx, req.query, EXPORT_LIMIT), dictLabels(ctx, ['site_host_kind', 'site_service']), listRegions(ctx)]);
      const locale = req.locale;
      const en = locale === 'en-US';
      const label = (type: string, value: string | null) => {
        if (!value) return '';
        const l = labels.get(type)?.get(value);
        return l ? pick(l, locale) : value;
      };
      const districtNames = new Map(regions.flatMap((rg) => rg.districts.map((d) => [d.code, en ? (d.nameEn ?? d.name) : d.name] as const)));
      let n = 0;
      return sendXlsx(reply, {
        locale,
        fileZh: '商业秘密保护站点',
        fileEn: 'protection-sites',
        rows,
        columns: [
          { zh: '序号', en: 'No.', width: 6, value: () => ++n },
          { zh: '站点名称', en: 'Name', width: 32, value: (s) => s.name },
          { zh: '类型', en: 'Kind', width: 8, value: (s) => pick(SITE_KIND_LABELS[s.kind], locale) },
          { zh: '级别', en: 'Level', width: 8, value: (s) => pick(SITE_LEVEL_LABELS[s.level], locale) },
          { zh: '上级站点', en: 'Parent site', width: 28, value: (s) => s.parentSiteName },
          { zh: '所属区县', en: 'District', value: (s) => (s.districtCode ? (districtNames.get(s.districtCode) ?? s.districtCode) : '') },
          { zh: '所属园区', en: 'Park', width: 20, value: (s) => s.parkName },
          { zh: '依托单位', en: 'Host organisation', width: 28, value: (s) => s.hostName },
          { zh: '依托单位类型', en: 'Host kind', width: 16, value: (s) => label('site_host_kind', s.hostKind) },
          { zh: '地址', en: 'Address', width: 32, value: (s) => s.address },
          { zh: '经度', en: 'Longitude', width: 12, value: (s) => s.lng },
          { zh: '纬度', en: 'Latitude', width: 12, value: (s) => s.lat },
          { zh: '联系人', en: 'Contact', value: (s) => s.contactName },
          { zh: '联系电话', en: 'Contact phone', value: (s) => s.contactPhone },
          { zh: '联系邮箱', en: 'Contact e-mail', width: 22, value: (s) => s.contactEmail },
          { zh: '开放时间', en: 'Opening hours', width: 22, value: (s) => s.hours },
          { zh: '服务内容', en: 'Services', width: 30, value: (s) => s.services.map((v) => label('site_service', v)).join(en ? ', ' : '、') },
          { zh: '状态', en: 'Status', width: 12, value: (s) => pick(SITE_STATUS_LABELS[s.status], locale) },
          { zh: '验收', en: 'Acceptance', width: 14, value: (s) => (s.acceptance ? pick(ACCEPTANCE_STATE_LABELS[s.acceptance], locale) : '') },
          { zh: '认定日期', en: 'Accredited on', width: 12, value: (s) => formatDateTime(s.accreditedAt).slice(0, 10) },
          { zh: '牌匾编号', en: 'Plaque number', width: 20, value: (s) => s.plaqueNo },
        ],
      });
    },
  );

  r.get(
    '/api/sites/dashboard',
    {
      schema: { operationId: 'sites.dashboard', tags, summary: '建设进度看板 Progress against the targets, pipeline, waiting reviews, map points', querystring: dashboardQuery, response: { 200: siteDashboard } },
      config: { access: 'sites:read' },
    },
    // the same dashboard for everyone of the same scope and organisation: computed once per 10 s, forgotten on writes
    (req, reply) => sendCachedJson(reply, `sites.dashboard|${actorKey(req)}|${JSON.stringify(req.query)}`, siteDashboard, () => svc.dashboard(req.ctx(), req.query)),
  );

  r.get(
    '/api/sites/hosts',
    {
      schema: { operationId: 'sites.hosts', tags, summary: '依托单位候选 Organisations of the region to link as a site’s host', querystring: siteHostQuery, response: { 200: siteHostOptionList } },
      config: { access: 'sites:read' },
    },
    (req) => svc.searchHosts(req.ctx(), req.query),
  );

  r.get(
    '/api/sites/map',
    {
      schema: {
        operationId: 'sites.map',
        tags,
        summary: '站点地图 The scope’s sites as map points; with a year, those counting toward it',
        querystring: siteMapQuery,
        response: { 200: siteMapPointList },
      },
      config: { access: 'sites:read' },
    },
    (req, reply) => sendCachedJson(reply, `sites.map|${actorKey(req)}|${JSON.stringify(req.query)}`, siteMapPointList, () => svc.dashboardMap(req.ctx(), req.query)),
  );

  r.get(
    '/api/sites/targets',
    {
      schema: { operationId: 'sites.listTargets', tags, summary: '建设目标 Goals per year and kind, and district quotas', querystring: targetsQuery, response: { 200: siteTargetList } },
      config: { access: 'sites:read' },
    },
    (req) => svc.listTargets(req.ctx(), req.query),
  );

  r.put(
    '/api/sites/targets/:year',
    {
      schema: {
        operationId: 'sites.putTargets',
        tags,
        summary: '设定年度目标 Replace a year’s goals and district quotas',
        params: targetsYearParams,
        body: targetsPut,
        response: { 200: siteTargetList },
      },
      config: { access: 'sites:targets', action: 'sites.targets' },
    },
    (req) => req.mutate((ctx) => svc.putTargets(ctx, req.params.year, req.body)),
  );

  r.get(
    '/api/sites/standards',
    {
      schema: { operationId: 'sites.listStandards', tags, summary: '建设标准 The current construction standard of each kind (or every version)', querystring: standardsQuery, response: { 200: siteStandardList } },
      config: { access: 'sites:read' },
    },
    (req) => svc.listStandards(req.ctx(), req.query),
  );

  r.get(
    '/api/sites/standards/shipped',
    {
      schema: { operationId: 'sites.shippedStandards', tags, summary: '系统新版建设标准 Newer shipped standards the region has not adopted (its city had edited the kind)', querystring: shippedStandardsQuery, response: { 200: shippedStandardList } },
      config: { access: 'sites:standards' },
    },
    (req) => svc.shippedUpdates(req.ctx(), req.query),
  );

  r.post(
    '/api/sites/standards/adopt',
    {
      schema: { operationId: 'sites.adoptStandard', tags, summary: '采用系统新版建设标准 Adopt the newer shipped standard of a kind as the next version', body: standardAdopt, response: { 200: siteStandard } },
      config: { access: 'sites:standards', action: 'sites.standard-adopt' },
    },
    (req) => req.mutate((ctx) => svc.adoptShipped(ctx, req.body)),
  );

  r.post(
    '/api/sites/standards',
    {
      schema: { operationId: 'sites.createStandard', tags, summary: '发布建设标准新版本 Publish a new version of a kind’s standard', body: standardCreate, response: { 200: siteStandard } },
      config: { access: 'sites:standards', action: 'sites.standard-create' },
    },
    (req) => req.mutate((ctx) => svc.createStandard(ctx, req.body)),
  );

  r.get(
    '/api/sites/:id',
    {
      schema: { operationId: 'sites.get', tags, summary: '站点详情 A site with its history, files, staff, acceptances and the allowed actions', params: idParams, response: { 200: siteDetail } },
      config: { access: 'sites:read' },
    },
    (req) => svc.getDetail(req.ctx(), req.params.id),
  );

  r.get(
    '/api/sites/:id/files/:fileId',
    { schema: { operationId: 'sites.downloadFile', tags, summary: '下载站点照片或佐证材料 Download a photo or evidence file', params: fileParams }, config: { access: 'sites:read' } },
    async (req, reply) => svc.sendSiteFile(req.ctx(), reply, req.params.id, req.params.fileId),
  );

  r.post(
    '/api/sites',
    {
      schema: { operationId: 'sites.create', tags, summary: '新建站点 Create a base, station or point', body: siteCreate, response: { 200: siteDetail } },
      config: { access: 'sites:create', action: 'sites.create' },
    },
    (req) => req.mutate((ctx) => svc.createSite(ctx, req.body)),
  );

  r.patch(
    '/api/sites/:id',
    {
      schema: { operationId: 'sites.update', tags, summary: '修改站点 Edit a site (site staff: the profile fields of their own site)', params: idParams, body: siteUpdate, response: { 200: siteDetail } },
      config: { access: 'sites:update', action: 'sites.update' },
    },
    (req) => req.mutate((ctx) => svc.updateSite(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/sites/:id/status',
    {
      schema: { operationId: 'sites.changeStatus', tags, summary: '变更站点状态 Change the status, with the reason', params: idParams, body: siteStatusChange, response: { 200: siteDetail } },
      config: { access: 'sites:update', action: 'sites.status' },
    },
    (req) => req.mutate((ctx) => svc.changeStatus(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/sites/:id/staff',
    {
      schema: { operationId: 'sites.addStaff', tags, summary: '开通站点工作人员账号 Open a site staff account', params: idParams, body: siteStaffCreate, response: { 200: siteDetail } },
      config: { access: 'sites:create', action: 'sites.staff-add' },
    },
    (req) => req.mutate((ctx) => svc.addStaff(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/sites/:id/photos',
    {
      schema: { operationId: 'sites.addPhotos', tags, summary: '上传站点照片 Link uploaded images as photos', params: idParams, body: sitePhotosAdd, response: { 200: siteDetail } },
      config: { access: 'sites:update', action: 'sites.photos-add' },
    },
    (req) => req.mutate((ctx) => svc.addPhotos(ctx, req.params.id, req.body.fileIds)),
  );

  r.delete(
    '/api/sites/:id/photos/:fileId',
    {
      schema: { operationId: 'sites.removePhoto', tags, summary: '删除站点照片 Remove a photo (history keeps it)', params: fileParams, response: { 200: siteDetail } },
      config: { access: 'sites:update', action: 'sites.photo-remove' },
    },
    (req) => req.mutate((ctx) => svc.removePhoto(ctx, req.params.id, req.params.fileId)),
  );

  r.post(
    '/api/sites/:id/acceptance',
    {
      schema: { operationId: 'sites.submitAcceptance', tags, summary: '申请验收 Submit the self-evaluation with evidence', params: idParams, body: acceptanceSubmit, response: { 200: siteDetail } },
      config: { access: 'sites:submit', action: 'sites.submit' },
    },
    (req) => req.mutate((ctx) => svc.submitAcceptance(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/sites/:id/acceptance/withdraw',
    {
      schema: { operationId: 'sites.withdrawAcceptance', tags, summary: '撤回验收申请 The applicant takes back an acceptance under review, with the reason', params: idParams, body: acceptanceWithdraw, response: { 200: siteDetail } },
      config: { access: 'sites:submit', action: 'sites.withdraw' },
    },
    (req) => req.mutate((ctx) => svc.withdrawAcceptance(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/sites/:id/acceptance/review',
    {
      schema: { operationId: 'sites.reviewAcceptance', tags, summary: '区县审核验收 District scores and passes on, or returns with a reason', params: idParams, body: acceptanceReview, response: { 200: siteDetail } },
      config: { access: 'sites:review', action: 'sites.review' },
    },
    (req) => req.mutate((ctx) => svc.reviewAcceptance(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/sites/:id/acceptance/approve',
    {
      schema: { operationId: 'sites.approveAcceptance', tags, summary: '市局认定 City accredits (plaque number) or returns with a reason', params: idParams, body: acceptanceApprove, response: { 200: siteDetail } },
      config: { access: 'sites:approve', action: 'sites.approve' },
    },
    (req) => req.mutate((ctx) => svc.approveAcceptance(ctx, req.params.id, req.body)),
  );

  // -- bulk import: check (row errors, nothing written), then commit in one transaction -----------------------------

  r.get(
    '/api/sites/import-template',
    { schema: { operationId: 'sites.importTemplate', tags, summary: '下载站点导入模板 The import template (xlsx)' }, config: { access: 'sites:import' } },
    async (req, reply) => {
      const ctx = req.ctx();
      const en = req.locale === 'en-US';
      const [labels, regions] = await Promise.all([dictLabels(ctx, ['site_host_kind', 'site_service']), listRegions(ctx)]);
      const region = regions.find((rg) => rg.code === ctx.actor?.regionCode) ?? regions[0];
      const wb = new ExcelJS.Workbook();
      wb.creator = 'Shangmi 商秘通';
      const ws = wb.addWorksheet(en ? 'Sites' : '站点', { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = SITE_IMPORT_COLUMNS.map((c) => ({ header: en ? c.en : c.zh, key: c.key, width: c.width, style: { numFmt: '@' } }));
      ws.getRow(1).font = { bold: true };
      SITE_IMPORT_COLUMNS.forEach((c, i) => {
        if ('required' in c && c.required) ws.getRow(1).getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
      });
      const names = (type: string) => [...(labels.get(type)?.values() ?? [])].map((l) => pick(l, req.locale)).join(en ? ', ' : '、');
      const help = wb.addWorksheet(en ? 'Instructions' : '填写说明');
      help.columns = [{ width: 18 }, { width: 90 }];
      const lines: [string, string][] = [
        [en ? 'Rows' : '行', en ? 'One site per row from row 2; name and kind are required.' : '第 2 行起每行一个站点；站点名称、类型必填。'],
        [en ? 'Kind' : '类型', en ? 'base, station or point' : '基地、站、点'],
        [en ? 'Parent site' : '上级站点', en ? 'An existing site of your area, or a row above in this file (a station under a base, a point under a station or base).' : '已有的本辖区站点，或本文件中靠前的行（站设在基地之下，点设在站或基地之下）。'],
        [en ? 'Districts' : '可选区县', region?.districts.map((d) => (en ? (d.nameEn ?? d.name) : d.name)).join(en ? ', ' : '、') ?? ''],
        [en ? 'Parks' : '可选园区', region?.parks.map((p) => (en ? (p.nameEn ?? p.name) : p.name)).join(en ? ', ' : '、') ?? ''],
        [en ? 'Host kinds' : '依托单位类型', names('site_host_kind')],
        [en ? 'Services' : '服务内容', `${names('site_service')}${en ? ' (several: separate with commas)' : '（可多个，用顿号分隔）'}`],
      ];
      for (const l of lines) help.addRow(l).alignment = { wrapText: true, vertical: 'top' };
      return sendWorkbook(reply, wb, en ? 'site-import-template.xlsx' : '站点导入模板.xlsx', 'site-import-template.xlsx');
    },
  );

  r.post(
    '/api/sites/imports',
    {
      schema: { operationId: 'sites.checkImport', tags, summary: '校验站点导入文件 Check an uploaded file (nothing written); NDJSON progress lines, then the job', body: siteImportStart },
      config: { access: 'sites:import', action: 'sites.import-check' },
    },
    (req, reply) => sendProgress(req, reply, (progress) => imports.startImport(req, req.body, progress)),
  );

  r.get(
    '/api/sites/imports/:id',
    { schema: { operationId: 'sites.getImport', tags, summary: '站点导入记录 An import job (the caller’s own)', params: idParams, response: { 200: siteImportJob } }, config: { access: 'sites:import' } },
    (req) => imports.getImport(req.ctx(), req.params.id),
  );

  r.get(
    '/api/sites/imports/:id/errors',
    { schema: { operationId: 'sites.importErrors', tags, summary: '下载错误行 The rows with errors, as a workbook to fix and import again', params: idParams }, config: { access: 'sites:import' } },
    async (req, reply) => {
      const { fileName, rows } = await imports.importErrors(req.ctx(), req.params.id);
      return sendImportErrors(reply, { locale: req.locale, fileName, columns: SITE_IMPORT_COLUMNS, rows });
    },
  );

  r.post(
    '/api/sites/imports/:id/commit',
    {
      schema: { operationId: 'sites.commitImport', tags, summary: '执行站点导入 Write the valid rows in one transaction; NDJSON progress lines, then the job', params: idParams },
      config: { access: 'sites:import', action: 'sites.import' },
    },
    (req, reply) => sendProgress(req, reply, (progress) => imports.commitImport(req, req.params.id, progress)),
  );

  // -- the public directory ----------------------------------------------------------------------------------------

  r.get(
    '/api/public/sites',
    {
      schema: { operationId: 'sites.publicList', tags, summary: '站点名录（公开） Accepted sites by district, park, service or name', querystring: publicSitePageQuery, response: { 200: publicSitePage } },
      config: { access: 'public' },
    },
    // the same answer for every visitor: a popular search is computed once per 10 s (forgotten on every local write)
    // the region: the one asked for when public, else this host's public region (never the first region by code)
    async (req, reply) => {
      const q = { ...req.query, regionCode: await resolvePublicRegion(req.ctx(), req.query.regionCode, req.hostname) };
      return sendCachedJson(reply, `sites.public|${JSON.stringify(q)}`, publicSitePage, () => svc.publicList(req.ctx(), q));
    },
  );

  r.get(
    '/api/public/sites/map',
    {
      schema: { operationId: 'sites.publicMap', tags, summary: '站点地图（公开） Accepted sites as map points', querystring: publicSiteQuery, response: { 200: siteMapPointList } },
      config: { access: 'public' },
    },
    async (req, reply) => {
      const q = { ...req.query, regionCode: await resolvePublicRegion(req.ctx(), req.query.regionCode, req.hostname) };
      return sendCachedJson(reply, `sites.publicMap|${JSON.stringify(q)}`, siteMapPointList, () => svc.publicMap(req.ctx(), q));
    },
  );

  r.get(
    '/api/public/sites/:id',
    { schema: { operationId: 'sites.publicGet', tags, summary: '站点（公开） One accepted site’s public fields', params: idParams, response: { 200: publicSite } }, config: { access: 'public' } },
    (req) => svc.publicGet(req.ctx(), req.params.id),
  );

  r.get(
    '/api/public/sites/:id/photos/:fileId',
    { schema: { operationId: 'sites.publicPhoto', tags, summary: '站点照片（公开） A photo of an accepted site', params: fileParams }, config: { access: 'public' } },
    async (req, reply) => svc.sendPublicPhoto(req.ctx(), reply, req.params.id, req.params.fileId),
  );
}
