import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  creditIdParams,
  creditPartnerCandidates,
  creditPartnerList,
  creditPartnerParams,
  creditPartnerSet,
  creditRepairCreate,
  creditRepairDetail,
  creditRepairFileParams,
  creditRepairListPageQuery,
  creditRepairPage,
  creditRepairStep,
  creditSeriousCreate,
  creditSeriousDetail,
  creditSeriousListPageQuery,
  creditSeriousPage,
  creditSeriousStep,
  creditShareAck,
  creditShareAckResult,
  creditShareListPageQuery,
  creditSharePage,
} from '@shangmi/shared';
import { sendStoredFile } from '../files/files.service.js';
import * as svc from './credit.service.js';

/** The serious-violation list, repair and early-removal applications, partner departments and what they see. */
export function creditListRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['credit'];

  r.get(
    '/api/credit/serious',
    { schema: { operationId: 'credit.seriousList', tags, summary: '严重违法失信名单（含办理中） The serious-violation list', querystring: creditSeriousListPageQuery, response: { 200: creditSeriousPage } }, config: { access: 'credit:read' } },
    (req) => svc.listSerious(req.ctx(), req.query),
  );
  r.post(
    '/api/credit/serious',
    { schema: { operationId: 'credit.seriousPropose', tags, summary: '提请列入严重违法失信名单 Propose a listing', body: creditSeriousCreate, response: { 200: creditSeriousDetail } }, config: { access: 'credit:manage', action: 'credit.serious-propose' } },
    (req) => req.mutate(async (ctx) => svc.getSeriousDetail(ctx, await svc.proposeSerious(ctx, req.body))),
  );
  r.get(
    '/api/credit/serious/:id',
    { schema: { operationId: 'credit.seriousGet', tags, summary: '名单条目详情 A list entry', params: creditIdParams, response: { 200: creditSeriousDetail } }, config: { access: 'credit:read' } },
    (req) => svc.getSeriousDetail(req.ctx(), req.params.id),
  );
  const seriousStep = (name: svc.SeriousStepName, operationId: string, summary: string, access: 'credit:manage' | 'credit:decide' | 'credit:publish') =>
    r.post(
      `/api/credit/serious/:id/${name.replace('_', '-')}`,
      { schema: { operationId, tags, summary, params: creditIdParams, body: creditSeriousStep, response: { 200: creditSeriousDetail } }, config: { access, action: operationId } },
      (req) =>
        req.mutate(async (ctx) => {
          await svc.seriousStep(ctx, req.params.id, name, req.body);
          return svc.getSeriousDetail(ctx, req.params.id);
        }),
    );
  seriousStep('notify', 'credit.seriousNotify', '告知拟列入（陈述、申辩、听证） Give notice of intent', 'credit:manage');
  seriousStep('heard', 'credit.seriousHeard', '登记陈述申辩或听证情况 Record the statement or hearing', 'credit:manage');
  seriousStep('decide', 'credit.seriousDecide', '作出列入决定 Decide the listing', 'credit:decide');
  seriousStep('not_list', 'credit.seriousNotList', '决定不予列入 Decide not to list', 'credit:decide');
  seriousStep('publish', 'credit.seriousPublish', '公示列入名单（共享协同部门） Publish the listing', 'credit:publish');

  r.get(
    '/api/credit/repairs',
    { schema: { operationId: 'credit.repairList', tags, summary: '信用修复与提前移出申请 Applications', querystring: creditRepairListPageQuery, response: { 200: creditRepairPage } }, config: { access: 'credit:read' } },
    (req) => svc.listRepairs(req.ctx(), req.query),
  );
  r.post(
    '/api/credit/repairs',
    { schema: { operationId: 'credit.repairApply', tags, summary: '企业申请信用修复或提前移出（附材料） Apply (enterprise)', body: creditRepairCreate, response: { 200: creditRepairDetail } }, config: { access: 'credit:apply', action: 'credit.repair-apply' } },
    (req) => req.mutate(async (ctx) => svc.getRepairDetail(ctx, await svc.applyRepair(ctx, req.body))),
  );
  r.get(
    '/api/credit/repairs/:id',
    { schema: { operationId: 'credit.repairGet', tags, summary: '申请详情 An application', params: creditIdParams, response: { 200: creditRepairDetail } }, config: { access: 'credit:read' } },
    (req) => svc.getRepairDetail(req.ctx(), req.params.id),
  );
  r.get(
    '/api/credit/repairs/:id/files/:fileId',
    { schema: { operationId: 'credit.repairFile', tags, summary: '下载申请材料 Download a material', params: creditRepairFileParams }, config: { access: 'credit:read' } },
    async (req, reply) => {
      const ctx = req.ctx();
      return sendStoredFile(ctx, reply, await svc.repairFile(ctx, req.params.id, req.params.fileId));
    },
  );
  const repairStep = (name: svc.RepairStepName, operationId: string, summary: string, access: 'credit:apply' | 'credit:review' | 'credit:decide') =>
    r.post(
      `/api/credit/repairs/:id/${name.replace('_', '-')}`,
      { schema: { operationId, tags, summary, params: creditIdParams, body: creditRepairStep, response: { 200: creditRepairDetail } }, config: { access, action: operationId } },
      (req) =>
        req.mutate(async (ctx) => {
          await svc.repairStep(ctx, req.params.id, name, req.body);
          return svc.getRepairDetail(ctx, req.params.id);
        }),
    );
  repairStep('resubmit', 'credit.repairResubmit', '补正后重新提交 Resubmit with more material', 'credit:apply');
  repairStep('district_pass', 'credit.repairPass', '区县审核通过 District review: pass', 'credit:review');
  repairStep('district_return', 'credit.repairReturn', '退回补正 District review: return', 'credit:review');
  repairStep('approve', 'credit.repairApprove', '市局决定准予 Approve (city)', 'credit:decide');
  repairStep('reject', 'credit.repairReject', '市局决定不予准许 Refuse (city)', 'credit:decide');

  r.get(
    '/api/credit/partners',
    { schema: { operationId: 'credit.partners', tags, summary: '信用协同部门及其实施的措施 Partner departments', response: { 200: creditPartnerList } }, config: { access: 'credit:read' } },
    (req) => svc.listPartners(req.ctx()),
  );
  r.get(
    '/api/credit/partners/candidates',
    { schema: { operationId: 'credit.partnerCandidates', tags, summary: '可设为协同部门的机构 Departments not yet partners', response: { 200: creditPartnerCandidates } }, config: { access: 'credit:rules' } },
    (req) => svc.partnerCandidates(req.ctx()),
  );
  r.put(
    '/api/credit/partners',
    { schema: { operationId: 'credit.partnerSet', tags, summary: '设置协同部门及其措施（共享现有名单） Set a partner and its measures', body: creditPartnerSet, response: { 200: creditPartnerList } }, config: { access: 'credit:rules', action: 'credit.partner-set' } },
    (req) => req.mutate((ctx) => svc.setPartner(ctx, req.body)),
  );
  r.delete(
    '/api/credit/partners/:orgId',
    { schema: { operationId: 'credit.partnerRemove', tags, summary: '取消协同部门 Remove a partner', params: creditPartnerParams, response: { 200: creditPartnerList } }, config: { access: 'credit:rules', action: 'credit.partner-remove' } },
    (req) => req.mutate((ctx) => svc.removePartner(ctx, req.params.orgId)),
  );
  r.get(
    '/api/credit/shared',
    { schema: { operationId: 'credit.shared', tags, summary: '协同部门：共享给本部门的名单 The list shared with my department', querystring: creditShareListPageQuery, response: { 200: creditSharePage } }, config: { access: 'credit:partner' } },
    (req) => svc.sharedWithMe(req.ctx(), req.query),
  );
  r.post(
    '/api/credit/shared/acknowledge',
    { schema: { operationId: 'credit.sharedAcknowledge', tags, summary: '协同部门签收 Acknowledge', body: creditShareAck, response: { 200: creditShareAckResult } }, config: { access: 'credit:partner', action: 'credit.share-acknowledge' } },
    (req) => req.mutate((ctx) => svc.acknowledgeShares(ctx, req.body.seriousIds)),
  );
}
