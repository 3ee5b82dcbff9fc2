import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  formatDateTime,
  knowerList,
  knowersChange,
  measureCatalog,
  measureCreate,
  measureUpdate,
  okResponse,
  pick,
  proofDeposit,
  proofRecord,
  protectionIdParams,
  protectionItemParams,
  readinessOverview,
  ruleLabel,
  rulesResponse,
  secret,
  secretCreate,
  secretDetail,
  secretExportQuery,
  secretListPageQuery,
  secretMeasure,
  secretPage,
  secretProofList,
  secretProofLink,
  secretReview,
  secretStatusChange,
  secretUpdate,
  SECRET_STATUS_LABELS,
  templateList,
  templateParams,
  templateQuery,
} from '@shangmi/shared';
import { sendDocx } from '../../platform/docx.js';
import { attachment, EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import { buildModelDocumentDocx } from '../model-documents/model-documents.service.js';
import * as svc from './protection.service.js';

/** The register, its measures and proofs, readiness, templates and the litigation pack (docs/protection.md § API). */
export function protectionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['protection'];

  r.get(
    '/api/protection/rules',
    { schema: { operationId: 'protection.rules', tags, summary: '保护档案规则 The file’s rules (kinds, levels, value fields, notice, grants) with their legal basis', response: { 200: rulesResponse } }, config: { access: 'self' } },
    async () => svc.rules(),
  );

  r.get(
    '/api/protection/catalog',
    { schema: { operationId: 'protection.measureCatalog', tags, summary: '保密措施目录 The framework’s measures (法释〔2020〕7号 第六条)', response: { 200: measureCatalog } }, config: { access: 'protection:read' } },
    (req) => svc.measureCatalog(req.ctx()),
  );

  r.get(
    '/api/protection/readiness',
    { schema: { operationId: 'protection.readiness', tags, summary: '保护完备度概览 Readiness over the register', response: { 200: readinessOverview } }, config: { access: 'protection:read' } },
    (req) => svc.readinessOverview(req.ctx()),
  );

  // -- the register ------------------------------------------------------------------------------------------------
  r.get(
    '/api/protection/secrets',
    { schema: { operationId: 'protection.listSecrets', tags, summary: '商业秘密清单 The register', querystring: secretListPageQuery, response: { 200: secretPage } }, config: { access: 'protection:read' } },
    (req) => svc.listSecrets(req.ctx(), req.query),
  );

  r.get(
    '/api/protection/secrets/export',
    { schema: { operationId: 'protection.exportSecrets', tags, summary: '导出商业秘密清单 Export the register (xlsx)', querystring: secretExportQuery }, config: { access: 'protection:read' } },
    async (req, reply) => {
      const rows = await svc.exportSecrets(req.ctx(), req.query, EXPORT_LIMIT);
      const rules = svc.rules();
      const locale = req.locale;
      const l = (list: readonly { value: string; label: { zh: string; en: string } }[], v: string) => pick(ruleLabel(list, v), locale);
      return sendXlsx(reply, {
        locale,
        fileZh: '商业秘密清单',
        fileEn: 'trade-secret-register',
        title: { zh: `${req.actor!.orgName}商业秘密事项清单`, en: `${req.actor!.orgName}: register of trade secrets` },
        rows,
        columns: [
          { zh: '编号', en: 'Number', width: 14, value: (s) => s.code },
          { zh: '名称', en: 'Name', width: 30, value: (s) => s.name },
          { zh: '类别', en: 'Category', width: 12, value: (s) => l(rules.categories, s.category) },
          { zh: '细项', en: 'Kind', width: 18, value: (s) => l(rules.categories.find((c) => c.value === s.category)?.kinds ?? [], s.subKind) },
          { zh: '级别', en: 'Level', width: 8, value: (s) => l(rules.levels, s.level) },
          { zh: '部门', en: 'Department', width: 14, value: (s) => s.department },
          { zh: '责任人', en: 'Custodian', width: 10, value: (s) => s.custodianName },
          { zh: '载体', en: 'Carriers', width: 30, value: (s) => s.carriers.map((c) => [l(rules.carrierKinds, c.kind), c.location].filter(Boolean).join('：')).join('；') },
          { zh: '形成时间', en: 'Formed on', width: 12, value: (s) => s.createdOn },
          { zh: '状态', en: 'Status', width: 10, value: (s) => pick(SECRET_STATUS_LABELS[s.status], locale) },
          { zh: '保护完备度', en: 'Readiness', width: 10, value: (s) => s.readiness },
          { zh: '措施数', en: 'Measures', width: 8, value: (s) => s.measureCount },
          { zh: '存证数', en: 'Proofs', width: 8, value: (s) => s.proofCount },
          { zh: '知悉人数', en: 'People', width: 8, value: (s) => s.knowerCount },
          { zh: '下次复核', en: 'Next review', width: 12, value: (s) => s.nextReviewOn },
          { zh: '登记时间', en: 'Registered', width: 18, value: (s) => formatDateTime(s.createdAt) },
        ],
      });
    },
  );

  r.post(
    '/api/protection/secrets',
    { schema: { operationId: 'protection.createSecret', tags, summary: '登记商业秘密事项（只描述，不含内容）Register a secret (described, never contained)', body: secretCreate, response: { 200: secret } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.createSecret(ctx, req.body)),
  );

  r.get(
    '/api/protection/secrets/:id',
    { schema: { operationId: 'protection.getSecret', tags, summary: '商业秘密事项详情 A secret with readiness, measures, proofs, people, notices, history', params: protectionIdParams, response: { 200: secretDetail } }, config: { access: 'protection:read' } },
    (req) => svc.secretDetail(req.ctx(), req.params.id),
  );

  r.patch(
    '/api/protection/secrets/:id',
    { schema: { operationId: 'protection.updateSecret', tags, summary: '修改登记信息 Edit a secret', params: protectionIdParams, body: secretUpdate, response: { 200: secret } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.updateSecret(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/protection/secrets/:id/status',
    { schema: { operationId: 'protection.setSecretStatus', tags, summary: '变更状态（有效、停用、已公开）Change the status', params: protectionIdParams, body: secretStatusChange, response: { 200: secret } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.setStatus(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/protection/secrets/:id/review',
    { schema: { operationId: 'protection.reviewSecret', tags, summary: '完成定期复核 Record the periodic review', params: protectionIdParams, body: secretReview, response: { 200: secret } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.reviewSecret(ctx, req.params.id, req.body)),
  );

  // -- measures ----------------------------------------------------------------------------------------------------
  r.post(
    '/api/protection/secrets/:id/measures',
    { schema: { operationId: 'protection.addMeasure', tags, summary: '记录保密措施及证据 Record a measure and its evidence', params: protectionIdParams, body: measureCreate, response: { 200: secretMeasure } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.addMeasure(ctx, req.params.id, req.body)),
  );

  r.patch(
    '/api/protection/secrets/:id/measures/:itemId',
    { schema: { operationId: 'protection.updateMeasure', tags, summary: '修改保密措施 Edit a measure', params: protectionItemParams, body: measureUpdate, response: { 200: secretMeasure } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.updateMeasure(ctx, req.params.id, req.params.itemId, req.body)),
  );

  r.delete(
    '/api/protection/secrets/:id/measures/:itemId',
    { schema: { operationId: 'protection.removeMeasure', tags, summary: '删除保密措施 Remove a measure', params: protectionItemParams, response: { 200: okResponse } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.removeMeasure(ctx, req.params.id, req.params.itemId)),
  );

  // -- proofs and people -------------------------------------------------------------------------------------------
  r.post(
    '/api/protection/secrets/:id/proofs',
    { schema: { operationId: 'protection.linkProofs', tags, summary: '关联已有存证 Link existing deposits', params: protectionIdParams, body: secretProofLink, response: { 200: secretProofList } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.linkProofs(ctx, req.params.id, req.body.proofIds)),
  );

  r.delete(
    '/api/protection/secrets/:id/proofs/:itemId',
    { schema: { operationId: 'protection.unlinkProof', tags, summary: '取消关联存证 Unlink a deposit', params: protectionItemParams, response: { 200: okResponse } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.unlinkProof(ctx, req.params.id, req.params.itemId)),
  );

  r.post(
    '/api/protection/secrets/:id/deposit',
    { schema: { operationId: 'protection.depositForSecret', tags, summary: '为该事项提交存证（仅摘要）Deposit for this secret (digests only)', params: protectionIdParams, body: proofDeposit, response: { 200: proofRecord } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.depositForSecret(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/protection/secrets/:id/knowers',
    { schema: { operationId: 'protection.changeKnowers', tags, summary: '调整知悉人员 Add or remove people who know it', params: protectionIdParams, body: knowersChange, response: { 200: knowerList } }, config: { access: 'protection:manage' } },
    (req) => req.mutate((ctx) => svc.changeKnowers(ctx, req.params.id, req.body)),
  );

  r.get(
    '/api/protection/secrets/:id/pack',
    { schema: { operationId: 'protection.pack', tags, summary: '维权证据包（zip：Word 摘要、存证回执、清单）The litigation pack (zip)', params: protectionIdParams }, config: { access: 'protection:read' } },
    async (req, reply) => {
      const pack = await svc.litigationPack(req.ctx(), req.params.id);
      await req.mutate((ctx) => svc.recordPack(ctx, req.params.id, pack.data));
      return reply.type('application/zip').header('content-disposition', attachment(pack.name, pack.ascii)).send(pack.zip);
    },
  );

  // -- templates ---------------------------------------------------------------------------------------------------
  r.get(
    '/api/protection/templates',
    { schema: { operationId: 'protection.templates', tags, summary: '可生成的文书 The documents the generator fills', response: { 200: templateList } }, config: { access: 'protection:read' } },
    async () => svc.listTemplates(),
  );

  r.get(
    '/api/protection/templates/:slug/docx',
    { schema: { operationId: 'protection.templateDocx', tags, summary: '生成文书（Word）A model document filled from the profile and register', params: templateParams, querystring: templateQuery }, config: { access: 'protection:read' } },
    async (req, reply) => {
      const { doc, personName } = await svc.filledTemplate(req.ctx(), req.params.slug, req.query);
      const title = doc.title.zh.replace(/[（）()]/g, '').replace(/示范文本$/, '');
      return sendDocx(reply, buildModelDocumentDocx(doc), `${title}${personName ? `-${personName}` : ''}.docx`, `${req.params.slug}.docx`);
    },
  );
}
