import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  batchLabel,
  CULTIVATION_STAGE_LABELS,
  cultivationCancel,
  cultivationCreate,
  cultivationDecision,
  cultivationDetail,
  cultivationEntry,
  cultivationEvidenceAdd,
  cultivationExportQuery,
  cultivationItemParams,
  cultivationListPageQuery,
  cultivationPage,
  cultivationPlanComplete,
  cultivationPlanCreate,
  cultivationPlanUpdate,
  cultivationRequest,
  cultivationStats,
  cultivationStatsQuery,
  cultivationTimeline,
  cultivationUpdate,
  fileParams,
  formatDateTime,
  idParams,
  pick,
} from '@shangmi/shared';
import { EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import { dictLabels } from '../dicts/dicts.service.js';
import { listRegions } from '../regions/regions.service.js';
import * as svc from './cultivation.service.js';

export function cultivationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cultivation'];

  r.get(
    '/api/cultivation',
    {
      schema: { operationId: 'cultivation.list', tags, summary: '培育企业清单 List the cultivation list', querystring: cultivationListPageQuery, response: { 200: cultivationPage } },
      config: { access: 'cultivation:read' },
    },
    (req) => svc.listEntries(req.ctx(), req.query),
  );

  r.get(
    '/api/cultivation/stats',
    {
      schema: { operationId: 'cultivation.stats', tags, summary: '培育统计 Counts for the board and charts', querystring: cultivationStatsQuery, response: { 200: cultivationStats } },
      config: { access: 'cultivation:read' },
    },
    (req) => svc.entryStats(req.ctx(), req.query),
  );

  r.get(
    '/api/cultivation/export',
    {
      schema: { operationId: 'cultivation.export', tags, summary: '导出培育企业清单 Export the list (xlsx)', querystring: cultivationExportQuery },
      config: { access: 'cultivation:read' },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const [rows, labels, regions] = await Promise.all([
        svc.exportEntries(ctx, req.query, EXPORT_LIMIT),
        dictLabels(ctx, ['industry', 'enterprise_kind']),
        listRegions(ctx),
      ]);
      const locale = req.locale;
      const en = locale === 'en-US';
      const label = (type: string, value: string | null) => {
        if (!value) return '';
        const l = labels.get(type)?.get(value);
        return l ? pick(l, locale) : value;
      };
      const districtNames = new Map(regions.flatMap((rg) => rg.districts.map((d) => [d.code, en ? (d.nameEn ?? d.name) : d.name] as const)));
      // the title names the region and the year when the list is one region's or one year's, as a circular would
      const regionCodes = new Set(rows.map((e) => e.regionCode));
      const region = regionCodes.size === 1 ? regions.find((rg) => rg.code === [...regionCodes][0]) : undefined;
      const { year, batch } = req.query;
      const yearZh = year ? `（${batch ? batchLabel(year, batch, 'zh-CN') : `${year}年`}）` : '';
      const yearEn = year ? ` (${batch ? batchLabel(year, batch, 'en-US') : year})` : '';
      let n = 0;
      return sendXlsx(reply, {
        locale,
        fileZh: '培育企业清单',
        fileEn: 'cultivation-list',
        title: {
          zh: `${region?.name ?? ''}商业秘密保护创新试点培育企业清单${yearZh}`,
          en: `${region ? `${region.nameEn ?? region.name} ` : ''}trade secret protection pilot: cultivation list${yearEn}`,
        },
        rows,
        columns: [
          { zh: '序号', en: 'No.', width: 6, value: () => ++n },
          { zh: '企业名称', en: 'Enterprise', width: 36, value: (e) => e.enterpriseName },
          { zh: '统一社会信用代码', en: 'Credit code', width: 22, value: (e) => e.creditCode },
          { zh: '所属区县', en: 'District', value: (e) => (e.districtCode ? (districtNames.get(e.districtCode) ?? e.districtCode) : '') },
          { zh: '行业', en: 'Industry', width: 28, value: (e) => label('industry', e.industryCode ?? e.industrySection) },
          { zh: '企业类型', en: 'Kinds', width: 26, value: (e) => e.kinds.map((k) => label('enterprise_kind', k)).join(en ? ', ' : '、') },
          { zh: '批次', en: 'Batch', width: 16, value: (e) => batchLabel(e.year, e.batch, locale) },
          { zh: '当前阶段', en: 'Stage', width: 14, value: (e) => pick(CULTIVATION_STAGE_LABELS[e.stage], locale) },
          { zh: '审核状态', en: 'Review', width: 22, value: (e) => svc.reviewLabel(e, locale) },
          { zh: '服务站点', en: 'Serving site', width: 28, value: (e) => e.siteOrgName },
          { zh: '辅导老师', en: 'Mentor', value: (e) => e.mentorName },
          { zh: '辅导老师电话', en: 'Mentor phone', value: (e) => e.mentorPhone },
          { zh: '辅导计划完成情况', en: 'Coaching plan done', width: 16, value: (e) => `${e.planDone}/${e.planTotal}` },
          { zh: '列入时间', en: 'Listed on', width: 12, value: (e) => formatDateTime(e.createdAt).slice(0, 10) },
          { zh: '阶段变更时间', en: 'Stage since', width: 12, value: (e) => formatDateTime(e.stageChangedAt).slice(0, 10) },
          { zh: '备注', en: 'Note', width: 30, value: (e) => e.note },
        ],
      });
    },
  );

  r.get(
    '/api/cultivation/by-enterprise/:id',
    {
      schema: { operationId: 'cultivation.enterpriseTimeline', tags, summary: '企业培育历程 An enterprise’s cultivation timeline', params: idParams, response: { 200: cultivationTimeline } },
      config: { access: 'cultivation:read' },
    },
    (req) => svc.enterpriseTimeline(req.ctx(), req.params.id),
  );

  r.get(
    '/api/cultivation/:id',
    {
      schema: { operationId: 'cultivation.get', tags, summary: '培育详情 An entry with its plan, history and evidence', params: idParams, response: { 200: cultivationDetail } },
      config: { access: 'cultivation:read' },
    },
    (req) => svc.getDetail(req.ctx(), req.params.id),
  );

  r.get(
    '/api/cultivation/:id/evidence/:fileId',
    {
      schema: { operationId: 'cultivation.downloadEvidence', tags, summary: '下载佐证材料 Download an evidence file', params: fileParams },
      config: { access: 'cultivation:read' },
    },
    async (req, reply) => svc.sendEvidence(req.ctx(), reply, req.params.id, req.params.fileId),
  );

  r.post(
    '/api/cultivation',
    {
      schema: { operationId: 'cultivation.create', tags, summary: '列入培育清单 Put an enterprise on the list (as a candidate)', body: cultivationCreate, response: { 200: cultivationEntry } },
      config: { access: 'cultivation:manage', action: 'cultivation.create' },
    },
    (req) => req.mutate((ctx) => svc.createEntry(ctx, req.body)),
  );

  r.patch(
    '/api/cultivation/:id',
    {
      schema: { operationId: 'cultivation.update', tags, summary: '修改培育信息 Change year, batch, site, mentor, note', params: idParams, body: cultivationUpdate, response: { 200: cultivationEntry } },
      config: { access: 'cultivation:manage', action: 'cultivation.update' },
    },
    (req) => req.mutate((ctx) => svc.updateEntry(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/cultivation/:id/plan',
    {
      schema: { operationId: 'cultivation.addPlanItem', tags, summary: '新增辅导事项 Add a coaching plan item', params: idParams, body: cultivationPlanCreate, response: { 200: cultivationDetail } },
      config: { access: 'cultivation:manage', action: 'cultivation.plan-add' },
    },
    (req) => req.mutate((ctx) => svc.addPlanItem(ctx, req.params.id, req.body)),
  );

  r.patch(
    '/api/cultivation/:id/plan/:itemId',
    {
      schema: { operationId: 'cultivation.updatePlanItem', tags, summary: '修改辅导事项 Change a coaching plan item', params: cultivationItemParams, body: cultivationPlanUpdate, response: { 200: cultivationDetail } },
      config: { access: 'cultivation:manage', action: 'cultivation.plan-update' },
    },
    (req) => req.mutate((ctx) => svc.updatePlanItem(ctx, req.params.id, req.params.itemId, req.body)),
  );

  r.delete(
    '/api/cultivation/:id/plan/:itemId',
    {
      schema: { operationId: 'cultivation.deletePlanItem', tags, summary: '删除辅导事项 Remove a coaching plan item (the history keeps it)', params: cultivationItemParams, response: { 200: cultivationDetail } },
      config: { access: 'cultivation:manage', action: 'cultivation.plan-delete' },
    },
    (req) => req.mutate((ctx) => svc.deletePlanItem(ctx, req.params.id, req.params.itemId)),
  );

  r.post(
    '/api/cultivation/:id/plan/:itemId/complete',
    {
      schema: { operationId: 'cultivation.completePlanItem', tags, summary: '完成辅导事项 Mark a coaching item done (optionally with evidence)', params: cultivationItemParams, body: cultivationPlanComplete, response: { 200: cultivationDetail } },
      config: { access: 'cultivation:manage', action: 'cultivation.plan-complete' },
    },
    (req) => req.mutate((ctx) => svc.completePlanItem(ctx, req.params.id, req.params.itemId, req.body)),
  );

  r.post(
    '/api/cultivation/:id/plan/:itemId/reopen',
    {
      schema: { operationId: 'cultivation.reopenPlanItem', tags, summary: '重新打开辅导事项 Reopen a coaching item', params: cultivationItemParams, response: { 200: cultivationDetail } },
      config: { access: 'cultivation:manage', action: 'cultivation.plan-reopen' },
    },
    (req) => req.mutate((ctx) => svc.reopenPlanItem(ctx, req.params.id, req.params.itemId)),
  );

  r.post(
    '/api/cultivation/:id/evidence',
    {
      schema: { operationId: 'cultivation.addEvidence', tags, summary: '添加佐证材料 Link uploaded files as evidence', params: idParams, body: cultivationEvidenceAdd, response: { 200: cultivationDetail } },
      config: { access: 'cultivation:manage', action: 'cultivation.evidence-add' },
    },
    (req) => req.mutate((ctx) => svc.addEvidence(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/cultivation/:id/request',
    {
      schema: { operationId: 'cultivation.requestStage', tags, summary: '提交阶段申请 Ask for the next stage or for withdrawal', params: idParams, body: cultivationRequest, response: { 200: cultivationDetail } },
      config: { access: 'cultivation:manage', action: 'cultivation.request' },
    },
    (req) => req.mutate((ctx) => svc.requestStage(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/cultivation/:id/cancel',
    {
      schema: { operationId: 'cultivation.cancelRequest', tags, summary: '撤回阶段申请 Take an open request back', params: idParams, body: cultivationCancel, response: { 200: cultivationDetail } },
      config: { access: 'cultivation:manage', action: 'cultivation.cancel' },
    },
    (req) => req.mutate((ctx) => svc.cancelRequest(ctx, req.params.id, req.body.comment ?? null)),
  );

  r.post(
    '/api/cultivation/:id/review',
    {
      schema: { operationId: 'cultivation.districtReview', tags, summary: '区县审核 District review: pass to the city, or return with a reason', params: idParams, body: cultivationDecision, response: { 200: cultivationDetail } },
      config: { access: 'cultivation:review', action: 'cultivation.review' },
    },
    (req) => req.mutate((ctx) => svc.districtReview(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/cultivation/:id/approve',
    {
      schema: { operationId: 'cultivation.cityApproval', tags, summary: '市局审批 City approval: the stage changes, or the request is returned with a reason', params: idParams, body: cultivationDecision, response: { 200: cultivationDetail } },
      config: { access: 'cultivation:approve', action: 'cultivation.approve' },
    },
    (req) => req.mutate((ctx) => svc.cityApproval(ctx, req.params.id, req.body)),
  );
}
