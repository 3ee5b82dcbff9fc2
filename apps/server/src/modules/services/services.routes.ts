import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  contract,
  contractCreate,
  contractEvaluation,
  contractList,
  contractPayment,
  contractPaymentParams,
  contractPaymentReverse,
  contractStep,
  fileParams,
  helpRequestDetail,
  offering,
  offeringCreate,
  offeringList,
  offeringListQuery,
  provider,
  providerCreate,
  providerListPageQuery,
  providerPage,
  providerUpdate,
  requestConfirm,
  requestCreate,
  requestDecline,
  requestDeliver,
  requestFollowUp,
  requestFromNeed,
  publicRequestCreate,
  publicRequestTracked,
  requestListPageQuery,
  requestPage,
  requestReassign,
  requestStep,
  servicesDashboard,
  servicesIdParams,
  suggestionList,
  suggestQuery,
  contractListQuery,
} from '@shangmi/shared';
import { notFound } from '../../platform/errors.js';
import { sendStoredFile } from '../files/files.service.js';
import { enterpriseOfOrg } from '../enterprises/enterprises.service.js';
import * as svc from './services.service.js';

/** Providers, the catalogue, help requests, contracts, the dashboard (docs/services.md). The ledger: ledger.routes.ts. */
export function servicesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['services'];
  const params = servicesIdParams;
  const detail = { 200: helpRequestDetail };

  r.get('/api/services/providers', { schema: { operationId: 'services.listProviders', tags, summary: '服务机构名录 Provider registry', querystring: providerListPageQuery, response: { 200: providerPage } }, config: { access: 'services:read' } }, (req) =>
    svc.listProviders(req.ctx(), req.query),
  );
  r.post('/api/services/providers', { schema: { operationId: 'services.createProvider', tags, summary: '登记服务机构 Register a provider', body: providerCreate, response: { 200: provider } }, config: { access: 'services:providers', action: 'services.createProvider' } }, (req) =>
    req.mutate((ctx) => svc.createProvider(ctx, req.body)),
  );
  r.get('/api/services/providers/:id', { schema: { operationId: 'services.getProvider', tags, summary: '服务机构详情 A provider', params, response: { 200: provider } }, config: { access: 'services:read' } }, (req) =>
    svc.getProvider(req.ctx(), req.params.id),
  );
  r.patch('/api/services/providers/:id', { schema: { operationId: 'services.updateProvider', tags, summary: '修改服务机构（资质、服务类型、区域、停用） Edit a provider', params, body: providerUpdate, response: { 200: provider } }, config: { access: 'services:providers', action: 'services.updateProvider' } }, (req) =>
    req.mutate((ctx) => svc.updateProvider(ctx, req.params.id, req.body)),
  );

  r.get('/api/services/offerings', { schema: { operationId: 'services.listOfferings', tags, summary: '服务目录 The catalogue', querystring: offeringListQuery, response: { 200: offeringList } }, config: { access: 'services:read' } }, (req) =>
    svc.listOfferings(req.ctx(), req.query),
  );
  r.post('/api/services/offerings', { schema: { operationId: 'services.createOffering', tags, summary: '发布本单位服务 List a service', body: offeringCreate, response: { 200: offering } }, config: { access: 'services:deliver', action: 'services.createOffering' } }, (req) =>
    req.mutate((ctx) => svc.createOffering(ctx, req.body)),
  );
  r.get('/api/services/suggest', { schema: { operationId: 'services.suggest', tags, summary: '推荐服务单位（精准对接） Suggested providers', querystring: suggestQuery, response: { 200: suggestionList } }, config: { access: 'services:request' } }, async (req) => {
    const ctx = req.ctx();
    const ent = await enterpriseOfOrg(ctx, ctx.actor!.orgId);
    if (!ent) throw notFound();
    return svc.suggest(ctx, ent.regionCode, req.query.serviceKind, req.query.districtCode ?? ent.districtCode);
  });

  r.get('/api/services/requests', { schema: { operationId: 'services.listRequests', tags, summary: '求助列表（企业：本企业；站点、服务机构：分派给本单位） Help requests', querystring: requestListPageQuery, response: { 200: requestPage } }, config: { access: 'services:read' } }, (req) =>
    svc.listRequests(req.ctx(), req.query),
  );
  r.post('/api/services/requests', { schema: { operationId: 'services.createRequest', tags, summary: '我要求助 Ask for help', body: requestCreate, response: detail }, config: { access: 'services:request', action: 'services.createRequest' } }, (req) =>
    req.mutate((ctx) => svc.createRequest(ctx, req.body)),
  );
  // -- public: no account; rate-limited per address like the public complaint form ----------------------------------
  r.post('/api/public/services/requests', { schema: { operationId: 'services.publicRequest', tags, summary: '公众求助（无需账号） Ask for help without an account', body: publicRequestCreate, response: { 200: publicRequestTracked } }, config: { access: 'public', action: 'services.publicRequest', rateLimit: 'filing' } }, (req) =>
    req.mutate((ctx) => svc.publicRequest(ctx, req.body, req.hostname)),
  );
  r.post('/api/services/requests/from-need', { schema: { operationId: 'services.requestFromNeed', tags, summary: '诉求转为求助 Turn a listening need into a help request', body: requestFromNeed, response: detail }, config: { access: 'services:assign', action: 'services.requestFromNeed' } }, (req) =>
    req.mutate((ctx) => svc.requestFromNeed(ctx, req.body)),
  );
  r.post('/api/services/requests/:id/follow-up', { schema: { operationId: 'services.startFollowUp', tags, summary: '发起后续事项（体检、举报、培育） Start a follow-up', params, body: requestFollowUp, response: detail }, config: { access: 'services:read', action: 'services.startFollowUp' } }, (req) =>
    req.mutate((ctx) => svc.startFollowUp(ctx, req.params.id, req.body)),
  );
  r.get('/api/services/requests/:id', { schema: { operationId: 'services.getRequest', tags, summary: '求助详情 A help request', params, response: detail }, config: { access: 'services:read' } }, (req) =>
    svc.getRequest(req.ctx(), req.params.id),
  );
  r.get('/api/services/requests/:id/files/:fileId', { schema: { operationId: 'services.requestFile', tags, summary: '服务佐证材料 A delivery attachment', params: fileParams }, config: { access: 'services:read' } }, async (req, reply) => {
    const ctx = req.ctx();
    return sendStoredFile(ctx, reply, await svc.requestFile(ctx, req.params.id, req.params.fileId));
  });
  r.post('/api/services/requests/:id/accept', { schema: { operationId: 'services.accept', tags, summary: '受理 Accept', params, body: requestStep, response: detail }, config: { access: 'services:deliver', action: 'services.accept' } }, (req) =>
    req.mutate((ctx) => svc.acceptRequest(ctx, req.params.id, req.body)),
  );
  r.post('/api/services/requests/:id/decline', { schema: { operationId: 'services.decline', tags, summary: '退回（转区县改派） Decline', params, body: requestDecline, response: detail }, config: { access: 'services:deliver', action: 'services.decline' } }, (req) =>
    req.mutate((ctx) => svc.declineRequest(ctx, req.params.id, req.body)),
  );
  r.post('/api/services/requests/:id/reassign', { schema: { operationId: 'services.reassign', tags, summary: '改派 Reassign', params, body: requestReassign, response: detail }, config: { access: 'services:assign', action: 'services.reassign' } }, (req) =>
    req.mutate((ctx) => svc.reassignRequest(ctx, req.params.id, req.body)),
  );
  r.post('/api/services/requests/:id/deliver', { schema: { operationId: 'services.deliver', tags, summary: '服务办结（登记台账） Deliver', params, body: requestDeliver, response: detail }, config: { access: 'services:deliver', action: 'services.deliver' } }, (req) =>
    req.mutate((ctx) => svc.deliverRequest(ctx, req.params.id, req.body)),
  );
  r.post('/api/services/requests/:id/confirm', { schema: { operationId: 'services.confirm', tags, summary: '确认并评价 Confirm and rate', params, body: requestConfirm, response: detail }, config: { access: 'services:request', action: 'services.confirm' } }, (req) =>
    req.mutate((ctx) => svc.confirmRequest(ctx, req.params.id, req.body)),
  );
  r.post('/api/services/requests/:id/cancel', { schema: { operationId: 'services.cancel', tags, summary: '撤回求助 Withdraw', params, body: requestStep, response: detail }, config: { access: 'services:request', action: 'services.cancel' } }, (req) =>
    req.mutate((ctx) => svc.cancelRequest(ctx, req.params.id, req.body)),
  );

  r.get('/api/services/contracts', { schema: { operationId: 'services.listContracts', tags, summary: '政府购买服务合同 Contracts', querystring: contractListQuery, response: { 200: contractList } }, config: { access: 'services:read' } }, (req) =>
    svc.listContracts(req.ctx(), req.query),
  );
  r.post('/api/services/contracts', { schema: { operationId: 'services.createContract', tags, summary: '登记合同 Enter a contract', body: contractCreate, response: { 200: contract } }, config: { access: 'services:contracts', action: 'services.createContract' } }, (req) =>
    req.mutate((ctx) => svc.createContract(ctx, req.body)),
  );
  r.get('/api/services/contracts/:id', { schema: { operationId: 'services.getContract', tags, summary: '合同详情与进度 A contract and its progress', params, response: { 200: contract } }, config: { access: 'services:read' } }, (req) =>
    svc.getContract(req.ctx(), req.params.id),
  );
  r.post('/api/services/contracts/:id/submit', { schema: { operationId: 'services.submitContract', tags, summary: '提请验收 Submit for acceptance', params, body: contractStep, response: { 200: contract } }, config: { access: 'services:deliver', action: 'services.submitContract' } }, (req) =>
    req.mutate((ctx) => svc.contractStep(ctx, req.params.id, 'submit', req.body)),
  );
  r.post('/api/services/contracts/:id/accept', { schema: { operationId: 'services.acceptContract', tags, summary: '验收通过 Accept', params, body: contractStep, response: { 200: contract } }, config: { access: 'services:contracts', action: 'services.acceptContract' } }, (req) =>
    req.mutate((ctx) => svc.contractStep(ctx, req.params.id, 'accept', req.body)),
  );
  r.post('/api/services/contracts/:id/return', { schema: { operationId: 'services.returnContract', tags, summary: '验收退回 Return', params, body: contractStep, response: { 200: contract } }, config: { access: 'services:contracts', action: 'services.returnContract' } }, (req) =>
    req.mutate((ctx) => svc.contractStep(ctx, req.params.id, 'return', req.body)),
  );
  r.post('/api/services/contracts/:id/payments', { schema: { operationId: 'services.pay', tags, summary: '登记支付 Record a payment', params, body: contractPayment, response: { 200: contract } }, config: { access: 'services:contracts', action: 'services.pay' } }, (req) =>
    req.mutate((ctx) => svc.addPayment(ctx, req.params.id, req.body)),
  );
  r.post('/api/services/contracts/:id/payments/:paymentId/reverse', { schema: { operationId: 'services.reversePayment', tags, summary: '冲销一笔支付（附原因） Reverse a payment with a reason (a new entry, never a delete)', params: contractPaymentParams, body: contractPaymentReverse, response: { 200: contract } }, config: { access: 'services:contracts', action: 'services.reversePayment' } }, (req) =>
    req.mutate((ctx) => svc.reversePayment(ctx, req.params.id, req.params.paymentId, req.body)),
  );
  r.put('/api/services/contracts/:id/evaluation', { schema: { operationId: 'services.evaluate', tags, summary: '绩效评价 Performance evaluation', params, body: contractEvaluation, response: { 200: contract } }, config: { access: 'services:contracts', action: 'services.evaluate' } }, (req) =>
    req.mutate((ctx) => svc.evaluateContract(ctx, req.params.id, req.body)),
  );

  r.get('/api/services/dashboard', { schema: { operationId: 'services.dashboard', tags, summary: '服务统计 Services dashboard', response: { 200: servicesDashboard } }, config: { access: 'services:stats' } }, (req) =>
    svc.servicesDashboard(req.ctx()),
  );
}
