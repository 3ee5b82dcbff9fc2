import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  assessmentAnswersSaved,
  assessmentAnswersUpdate,
  assessmentCommentCreate,
  assessmentCreate,
  assessmentDetail,
  assessmentEvidenceAdd,
  assessmentEvidenceRemoveQuery,
  assessmentListPageQuery,
  assessmentPage,
  assessmentReport,
  assessmentShare,
  campaignCreate,
  campaignDetail,
  campaignRemind,
  campaignSummaryList,
  fileParams,
  framework,
  frameworkSummary,
  frameworkSummaryList,
  frameworkUpload,
  idParams,
  regionalPicture,
  regionalQuery,
} from '@shangmi/shared';
import * as svc from './assessments.service.js';
import { sendReportDocx } from './assessments.docx.js';

export function assessmentsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['assessments'];

  // --- frameworks
  r.get(
    '/api/assessments/frameworks',
    {
      schema: { operationId: 'assessments.listFrameworks', tags, summary: '诊断框架版本 Framework versions (newest first)', response: { 200: frameworkSummaryList } },
      config: { access: 'assessments:read' },
    },
    (req) => svc.listFrameworks(req.ctx()),
  );
  r.get(
    '/api/assessments/frameworks/:id',
    {
      schema: { operationId: 'assessments.getFramework', tags, summary: '诊断框架内容 A framework version in full', params: idParams, response: { 200: framework } },
      config: { access: 'assessments:read' },
    },
    (req) => svc.frameworkById(req.ctx(), req.params.id),
  );
  r.post(
    '/api/assessments/frameworks',
    {
      schema: { operationId: 'assessments.uploadFramework', tags, summary: '上传诊断框架新版本 Load a new framework version (YAML or JSON text)', body: frameworkUpload, response: { 200: frameworkSummary } },
      config: { access: 'assessments:frameworks', action: 'assessments.framework-upload' },
    },
    (req) => req.mutate((ctx) => svc.uploadFramework(ctx, req.body.text)),
  );

  // --- regional picture and campaigns (before /:id)
  r.get(
    '/api/assessments/regional',
    {
      schema: { operationId: 'assessments.regionalPicture', tags, summary: '区域体检画像 Regional aggregates (groups of at least 5 enterprises)', querystring: regionalQuery, response: { 200: regionalPicture } },
      config: { access: 'assessments:stats' },
    },
    (req) => svc.regionalPicture(req.ctx(), req.query),
  );
  r.get(
    '/api/assessments/campaigns',
    {
      schema: { operationId: 'assessments.listCampaigns', tags, summary: '体检活动 Campaigns (staff: launched in their area; enterprises: their tasks)', response: { 200: campaignSummaryList } },
      config: { access: 'assessments:read' },
    },
    (req) => svc.listCampaigns(req.ctx()),
  );
  r.post(
    '/api/assessments/campaigns',
    {
      schema: { operationId: 'assessments.createCampaign', tags, summary: '发起体检活动 Launch a campaign', body: campaignCreate, response: { 200: campaignDetail } },
      config: { access: 'assessments:campaigns', action: 'assessments.campaign-create' },
    },
    (req) => req.mutate((ctx) => svc.createCampaign(ctx, req.body)),
  );
  r.get(
    '/api/assessments/campaigns/:id',
    {
      schema: { operationId: 'assessments.getCampaign', tags, summary: '体检活动完成情况 A campaign with each enterprise’s completion', params: idParams, response: { 200: campaignDetail } },
      config: { access: 'assessments:campaigns' },
    },
    (req) => svc.getCampaign(req.ctx(), req.params.id),
  );
  r.post(
    '/api/assessments/campaigns/:id/remind',
    {
      schema: { operationId: 'assessments.remindCampaign', tags, summary: '催办 Remind the enterprises that have not completed', params: idParams, body: campaignRemind, response: { 200: campaignDetail } },
      config: { access: 'assessments:campaigns', action: 'assessments.campaign-remind' },
    },
    (req) => req.mutate((ctx) => svc.remindCampaign(ctx, req.params.id, req.body.enterpriseIds)),
  );

  // --- assessments
  r.get(
    '/api/assessments',
    {
      schema: { operationId: 'assessments.list', tags, summary: '诊断体检列表 Health checks the caller may see', querystring: assessmentListPageQuery, response: { 200: assessmentPage } },
      config: { access: 'assessments:read' },
    },
    (req) => svc.listAssessments(req.ctx(), req.query),
  );
  r.post(
    '/api/assessments',
    {
      schema: { operationId: 'assessments.create', tags, summary: '开始诊断体检 Start a self-check (enterprise) or an on-site check with recorded consent (site staff)', body: assessmentCreate, response: { 200: assessmentDetail } },
      config: { access: 'assessments:answer', action: 'assessments.create' },
    },
    (req) => req.mutate((ctx) => svc.createAssessment(ctx, req.body)),
  );
  r.get(
    '/api/assessments/:id',
    {
      schema: { operationId: 'assessments.get', tags, summary: '诊断体检详情 A health check with answers, evidence, comments and its (live) score', params: idParams, response: { 200: assessmentDetail } },
      config: { access: 'assessments:read' },
    },
    (req) => svc.getDetail(req.ctx(), req.params.id),
  );
  r.patch(
    '/api/assessments/:id/answers',
    {
      schema: {
        operationId: 'assessments.saveAnswers',
        tags,
        summary: '自动保存答案 Autosave profile answers, answers and notes; returns the live score',
        params: idParams,
        body: assessmentAnswersUpdate,
        response: { 200: assessmentAnswersSaved },
      },
      config: { access: 'assessments:answer', action: 'assessments.answer' },
    },
    (req) => req.mutate((ctx) => svc.saveAnswers(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/assessments/:id/evidence',
    {
      schema: { operationId: 'assessments.addEvidence', tags, summary: '添加佐证 Link uploaded files to a requirement', params: idParams, body: assessmentEvidenceAdd, response: { 200: assessmentDetail } },
      config: { access: 'assessments:answer', action: 'assessments.evidence-add' },
    },
    (req) => req.mutate((ctx) => svc.addEvidence(ctx, req.params.id, req.body)),
  );
  r.delete(
    '/api/assessments/:id/evidence/:fileId',
    {
      schema: {
        operationId: 'assessments.removeEvidence',
        tags,
        summary: '删除佐证 Unlink an evidence file from a requirement',
        params: fileParams,
        querystring: assessmentEvidenceRemoveQuery,
        response: { 200: assessmentDetail },
      },
      config: { access: 'assessments:answer', action: 'assessments.evidence-remove' },
    },
    (req) => req.mutate((ctx) => svc.removeEvidence(ctx, req.params.id, req.query.requirementId, req.params.fileId)),
  );
  r.get(
    '/api/assessments/:id/evidence/:fileId',
    {
      schema: { operationId: 'assessments.downloadEvidence', tags, summary: '下载佐证 Download an evidence file', params: fileParams },
      config: { access: 'assessments:read' },
    },
    (req, reply) => svc.sendEvidence(req.ctx(), reply, req.params.id, req.params.fileId),
  );
  r.post(
    '/api/assessments/:id/comments',
    {
      schema: { operationId: 'assessments.addComment', tags, summary: '点评 A reviewer’s comment', params: idParams, body: assessmentCommentCreate, response: { 200: assessmentDetail } },
      config: { access: 'assessments:review', action: 'assessments.comment' },
    },
    (req) => req.mutate((ctx) => svc.addComment(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/assessments/:id/share',
    {
      schema: { operationId: 'assessments.share', tags, summary: '共享给主管部门 The enterprise shares (or stops sharing) the check with its bureaus', params: idParams, body: assessmentShare, response: { 200: assessmentDetail } },
      config: { access: 'assessments:answer', action: 'assessments.share' },
    },
    (req) => req.mutate((ctx) => svc.setShared(ctx, req.params.id, req.body.shared)),
  );
  r.post(
    '/api/assessments/:id/submit',
    {
      schema: { operationId: 'assessments.submit', tags, summary: '提交 Submit: the server scores and stores the result', params: idParams, response: { 200: assessmentDetail } },
      config: { access: 'assessments:answer', action: 'assessments.submit' },
    },
    (req) => req.mutate((ctx) => svc.submitAssessment(ctx, req.params.id)),
  );
  r.get(
    '/api/assessments/:id/report',
    {
      schema: { operationId: 'assessments.report', tags, summary: '体检报告 The report: result, change since the last check, percentile among peers', params: idParams, response: { 200: assessmentReport } },
      config: { access: 'assessments:read' },
    },
    (req) => svc.getReport(req.ctx(), req.params.id),
  );
  r.get(
    '/api/assessments/:id/report.docx',
    {
      schema: { operationId: 'assessments.reportDocx', tags, summary: '下载 Word 报告 The report as a Word file', params: idParams },
      config: { access: 'assessments:read' },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const report = await svc.getReport(ctx, req.params.id);
      const f = await svc.frameworkById(ctx, report.assessment.frameworkId);
      // the model documents the gaps point to are printed with their address on this site
      return sendReportDocx(reply, report, f, req.locale, `${req.protocol}://${req.host}`);
    },
  );
}
