import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  consultationCreate,
  consultationDetail,
  consultationListPageQuery,
  consultationPage,
  consultationPublish,
  consultationRoute,
  consultationText,
  consultationUnpublish,
  faqPage,
  faqQuery,
  offering,
  offeringUpdate,
  publicRequestRate,
  publicRequestStatus,
  requestCodeParams,
  servicesIdParams,
} from '@shangmi/shared';
import { z } from 'zod';
import * as consult from './consultations.js';
import { listFaq } from './faq.js';
import { publicRequestStatus as statusByCode, ratePublicRequest } from './track.js';
import { updateOffering } from './offerings-edit.js';

/**
 * Consultations and the public FAQ (consultations.ts, faq.ts), the public tracking of a help request (track.ts), and
 * editing a catalogue entry (offerings-edit.ts) — docs/services.md.
 */
export function consultationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['services'];
  const params = servicesIdParams;
  const detail = { 200: consultationDetail };
  const version = z.strictObject({ version: z.number().int().optional() });

  r.get('/api/services/consultations', { schema: { operationId: 'services.listConsultations', tags, summary: '咨询问答（企业：本企业；站点、服务机构：向本单位的；主管部门：辖区） Consultations', querystring: consultationListPageQuery, response: { 200: consultationPage } }, config: { access: 'services:read' } }, (req) =>
    consult.listConsultations(req.ctx(), req.query),
  );
  r.post('/api/services/consultations', { schema: { operationId: 'services.ask', tags, summary: '提出咨询 Ask a question', body: consultationCreate, response: detail }, config: { access: 'services:request', action: 'services.ask' } }, (req) =>
    req.mutate((ctx) => consult.createConsultation(ctx, req.body)),
  );
  r.get('/api/services/consultations/:id', { schema: { operationId: 'services.getConsultation', tags, summary: '咨询详情 A consultation', params, response: detail }, config: { access: 'services:read' } }, (req) =>
    consult.getConsultation(req.ctx(), req.params.id),
  );
  r.post('/api/services/consultations/:id/route', { schema: { operationId: 'services.routeConsultation', tags, summary: '指定答复单位 Route to a site or provider', params, body: consultationRoute, response: detail }, config: { access: 'services:assign', action: 'services.routeConsultation' } }, (req) =>
    req.mutate((ctx) => consult.routeConsultation(ctx, req.params.id, req.body)),
  );
  r.post('/api/services/consultations/:id/answer', { schema: { operationId: 'services.answer', tags, summary: '答复 Answer', params, body: consultationText, response: detail }, config: { access: 'services:deliver', action: 'services.answer' } }, (req) =>
    req.mutate((ctx) => consult.answerConsultation(ctx, req.params.id, req.body)),
  );
  r.post('/api/services/consultations/:id/follow-up', { schema: { operationId: 'services.followUpQuestion', tags, summary: '追问 Ask a follow-up', params, body: consultationText, response: detail }, config: { access: 'services:request', action: 'services.followUpQuestion' } }, (req) =>
    req.mutate((ctx) => consult.followUpConsultation(ctx, req.params.id, req.body)),
  );
  r.post('/api/services/consultations/:id/consent', { schema: { operationId: 'services.consent', tags, summary: '同意隐去名称后公开 Consent to publication', params, body: version, response: detail }, config: { access: 'services:read', action: 'services.consent' } }, (req) =>
    req.mutate((ctx) => consult.consentConsultation(ctx, req.params.id, req.body)),
  );
  r.post('/api/services/consultations/:id/publish', { schema: { operationId: 'services.publishFaq', tags, summary: '编辑并发布到公开问答 Publish to the FAQ', params, body: consultationPublish, response: detail }, config: { access: 'services:assign', action: 'services.publishFaq' } }, (req) =>
    req.mutate((ctx) => consult.publishConsultation(ctx, req.params.id, req.body)),
  );
  r.post('/api/services/consultations/:id/unpublish', { schema: { operationId: 'services.unpublishFaq', tags, summary: '撤下公开问答 Withdraw from the FAQ', params, body: consultationUnpublish, response: detail }, config: { access: 'services:assign', action: 'services.unpublishFaq' } }, (req) =>
    req.mutate((ctx) => consult.unpublishConsultation(ctx, req.params.id, req.body)),
  );

  // -- public: the FAQ; a public help request's status and rating by its tracking code --------------------------------
  r.get('/api/public/services/faq', { schema: { operationId: 'services.faq', tags, summary: '公开问答（可搜索、按类别） The public FAQ', querystring: faqQuery, response: { 200: faqPage } }, config: { access: 'public', rateLimit: 'lookup' } }, (req) =>
    listFaq(req.ctx(), req.query, req.hostname),
  );
  r.get('/api/public/services/requests/:code', { schema: { operationId: 'services.trackRequest', tags, summary: '凭查询码查看求助进度 A public help request by its tracking code', params: requestCodeParams, response: { 200: publicRequestStatus } }, config: { access: 'public', rateLimit: 'lookup' } }, (req) =>
    statusByCode(req.ctx(), req.params.code),
  );
  r.post('/api/public/services/requests/:code/rate', { schema: { operationId: 'services.rateByCode', tags, summary: '凭查询码评价（一次） Rate a public help request, once', params: requestCodeParams, body: publicRequestRate, response: { 200: publicRequestStatus } }, config: { access: 'public', action: 'services.rateByCode', rateLimit: 'material' } }, (req) =>
    req.mutate((ctx) => ratePublicRequest(ctx, req.params.code, req.body)),
  );

  r.patch('/api/services/offerings/:id', { schema: { operationId: 'services.updateOffering', tags, summary: '修改或停用本单位服务 Edit or deactivate a listed service', params, body: offeringUpdate, response: { 200: offering } }, config: { access: 'services:deliver', action: 'services.updateOffering' } }, (req) =>
    req.mutate((ctx) => updateOffering(ctx, req.params.id, req.body)),
  );
}
