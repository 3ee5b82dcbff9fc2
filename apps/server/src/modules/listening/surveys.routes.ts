import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  idParams,
  okResponse,
  survey,
  surveyAnswer,
  surveyCreate,
  surveyDistribute,
  surveyForm,
  surveyFromTemplate,
  surveyListPageQuery,
  surveyMine,
  surveyPage,
  surveyResults,
  surveyResultsQuery,
  surveyTemplateList,
  surveyTokenParams,
  surveyTokens,
  surveyTokensCreate,
  surveyUpdate,
} from '@shangmi/shared';
import { EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import * as svc from './listening.service.js';

/** Surveys: the builder, distribution, answers (by account and by link token), results and the export. */
export function surveyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['listening'];
  const one = { 200: survey };
  const ok = { 200: okResponse };

  r.get('/api/listening/surveys', { schema: { operationId: 'listening.listSurveys', tags, summary: '问卷列表 List surveys', querystring: surveyListPageQuery, response: { 200: surveyPage } }, config: { access: 'listening:survey' } }, (req) =>
    svc.listSurveys(req.ctx(), req.query),
  );
  r.get('/api/listening/surveys/templates', { schema: { operationId: 'listening.surveyTemplates', tags, summary: '问卷模板 Survey templates', response: { 200: surveyTemplateList } }, config: { access: 'listening:survey' } }, () =>
    svc.surveyTemplates(),
  );
  r.get('/api/listening/surveys/:id', { schema: { operationId: 'listening.getSurvey', tags, summary: '一份问卷 One survey', params: idParams, response: one }, config: { access: 'listening:survey' } }, (req) =>
    svc.getSurvey(req.ctx(), req.params.id),
  );
  r.post('/api/listening/surveys', { schema: { operationId: 'listening.createSurvey', tags, summary: '新建问卷 Build a survey', body: surveyCreate, response: one }, config: { access: 'listening:survey', action: 'listening.createSurvey' } }, (req) =>
    req.mutate((ctx) => svc.createSurvey(ctx, req.body)),
  );
  r.post('/api/listening/surveys/from-template', { schema: { operationId: 'listening.createFromTemplate', tags, summary: '从模板新建问卷 Build a survey from a template', body: surveyFromTemplate, response: one }, config: { access: 'listening:survey', action: 'listening.createSurvey' } }, (req) =>
    req.mutate((ctx) => svc.createFromTemplate(ctx, req.body.template, req.body.title)),
  );
  r.patch('/api/listening/surveys/:id', { schema: { operationId: 'listening.updateSurvey', tags, summary: '修改问卷（草稿） Edit a draft survey', params: idParams, body: surveyUpdate, response: one }, config: { access: 'listening:survey', action: 'listening.updateSurvey' } }, (req) =>
    req.mutate((ctx) => svc.updateSurvey(ctx, req.params.id, req.body)),
  );
  r.post('/api/listening/surveys/:id/distribute', { schema: { operationId: 'listening.distributeSurvey', tags, summary: '发放给筛选出的企业（收件箱待办） Send to filtered enterprises', params: idParams, body: surveyDistribute, response: one }, config: { access: 'listening:survey', action: 'listening.distributeSurvey' } }, (req) =>
    req.mutate((ctx) => svc.distributeSurvey(ctx, req.params.id, req.body)),
  );
  r.post('/api/listening/surveys/:id/tokens', { schema: { operationId: 'listening.createTokens', tags, summary: '生成一次性填写链接（二维码） Issue single-use links', params: idParams, body: surveyTokensCreate, response: { 200: surveyTokens } }, config: { access: 'listening:survey', action: 'listening.createTokens' } }, (req) =>
    req.mutate((ctx) => svc.createTokens(ctx, req.params.id, req.body.count)),
  );
  r.post('/api/listening/surveys/:id/close', { schema: { operationId: 'listening.closeSurvey', tags, summary: '结束问卷 Close a survey', params: idParams, response: one }, config: { access: 'listening:survey', action: 'listening.closeSurvey' } }, (req) =>
    req.mutate((ctx) => svc.closeSurvey(ctx, req.params.id)),
  );
  r.get('/api/listening/surveys/:id/results', { schema: { operationId: 'listening.surveyResults', tags, summary: '问卷结果（每题统计、交叉分析、文本答案） Results', params: idParams, querystring: surveyResultsQuery, response: { 200: surveyResults } }, config: { access: 'listening:survey' } }, (req) =>
    svc.surveyResults(req.ctx(), req.params.id, req.query.by),
  );
  r.get('/api/listening/surveys/:id/export', { schema: { operationId: 'listening.exportSurvey', tags, summary: '导出答卷 Export the answers (xlsx)', params: idParams }, config: { access: 'listening:survey' } }, async (req, reply) => {
    const ctx = req.ctx();
    const l = ctx.locale;
    const { survey: s, questions, rows } = await svc.resultsForExport(ctx, req.params.id, EXPORT_LIMIT);
    type Row = (typeof rows)[number];
    return sendXlsx<Row>(reply, {
      locale: l,
      fileZh: `问卷答卷-${s.title}`.slice(0, 60),
      fileEn: `Survey answers ${s.id}`,
      columns: [
        { zh: '提交日期', en: 'Submitted on', width: 12, value: (x) => x.submittedOn },
        ...(s.anonymous ? [] : [{ zh: '企业', en: 'Enterprise', width: 28, value: (x: Row) => x.enterpriseName ?? '' }]),
        { zh: '区县', en: 'District', width: 10, value: (x) => x.districtCode ?? '' },
        { zh: '行业门类', en: 'Industry', width: 8, value: (x) => x.industrySection ?? '' },
        ...questions.map((q) => ({ zh: q.title, en: q.title, width: 24, value: (x: Row) => svc.answerText(q, x.answers[q.id]) })),
      ],
      rows,
    });
  });

  // answering: an enterprise account
  r.get('/api/listening/my/surveys', { schema: { operationId: 'listening.mySurveys', tags, summary: '本企业收到的问卷 Surveys sent to my enterprise', response: { 200: surveyMine } }, config: { access: 'listening:answer' } }, (req) =>
    svc.mySurveys(req.ctx()),
  );
  r.get('/api/listening/my/surveys/:id', { schema: { operationId: 'listening.myForm', tags, summary: '填写问卷（含草稿） The form to answer', params: idParams, response: { 200: surveyForm } }, config: { access: 'listening:answer' } }, (req) =>
    svc.accountForm(req.ctx(), req.params.id),
  );
  r.put('/api/listening/my/surveys/:id/draft', { schema: { operationId: 'listening.myDraft', tags, summary: '保存草稿 Save a draft', params: idParams, body: surveyAnswer, response: ok }, config: { access: 'listening:answer', action: 'listening.saveDraft' } }, (req) =>
    req.mutate((ctx) => svc.accountDraft(ctx, req.params.id, req.body.answers)),
  );
  r.post('/api/listening/my/surveys/:id/answer', { schema: { operationId: 'listening.myAnswer', tags, summary: '提交答卷 Send the answer', params: idParams, body: surveyAnswer, response: ok }, config: { access: 'listening:answer', action: 'listening.answerSurvey' } }, (req) =>
    req.mutate((ctx) => svc.accountSubmit(ctx, req.params.id, req.body.answers)),
  );

  // answering: a link token (public link or QR code)
  const pub = ['listening-public'];
  r.get('/api/public/listening/s/:token', { schema: { operationId: 'listening.tokenForm', tags: pub, summary: '通过链接填写问卷 The form behind a link', params: surveyTokenParams, response: { 200: surveyForm } }, config: { access: 'public' } }, (req) =>
    svc.tokenForm(req.ctx(), req.params.token),
  );
  r.put('/api/public/listening/s/:token/draft', { schema: { operationId: 'listening.tokenDraft', tags: pub, summary: '保存草稿 Save a draft', params: surveyTokenParams, body: surveyAnswer, response: ok }, config: { access: 'public', action: 'listening.saveDraft', rateLimit: 'survey' } }, (req) =>
    req.mutate((ctx) => svc.tokenDraft(ctx, req.params.token, req.body.answers)),
  );
  r.post('/api/public/listening/s/:token/answer', { schema: { operationId: 'listening.tokenAnswer', tags: pub, summary: '提交答卷 Send the answer', params: surveyTokenParams, body: surveyAnswer, response: ok }, config: { access: 'public', action: 'listening.answerSurvey', rateLimit: 'survey' } }, (req) =>
    req.mutate((ctx) => svc.tokenSubmit(ctx, req.params.token, req.body.answers)),
  );
}
