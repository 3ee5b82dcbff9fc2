import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  consistencyQuery,
  cosignatureResult,
  cosignatureSubmit,
  idParams,
  inclusionQuery,
  logKeyResponse,
  proofCertificate,
  proofLogStatus,
  proofDeposit,
  proofFileName,
  PROOF_LABELS,
  proofHashes,
  proofListPageQuery,
  proofPage,
  proofPrivateRecord,
  proofRecord,
  proofTagList,
  proofTagsUpdate,
  receiptRefresh,
  receiptText,
  sizeParams,
  witness,
  witnessCreate,
  witnessList,
} from '@shangmi/shared';
import { toBase64 } from '@shangmi/shared/tlog';
import type { Deps } from '../../platform/context.js';
import { attachment } from '../../platform/export.js';
import { AppError } from '../../platform/errors.js';
import * as log from './log.service.js';
import * as svc from './proofs.service.js';

const notFoundCheckpoint = () => new AppError('NOT_FOUND', { message: { zh: '没有该大小的签名树头', en: 'No checkpoint of that size' } });

/** Existence proofs: the enterprise's deposits (private), and the public log (checkpoints, proofs, witnesses). */
export function proofsRoutes(app: FastifyInstance, deps: Deps, info: svc.LogInfo) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['proofs'];
  const { origin, keys: logKeys } = info;

  // -- public log ---------------------------------------------------------------------------------------------------
  r.get(
    '/api/proofs/log-key',
    { schema: { operationId: 'proofs.logKey', tags, summary: '存证日志验证公钥 The log verifier key (signed-note vkey)', response: { 200: logKeyResponse } }, config: { access: 'public' } },
    async () => ({ origin, key: logKeys().current.vkey, previous: logKeys().retired }),
  );

  r.get(
    '/api/proofs/log/status',
    { schema: { operationId: 'proofs.logStatus', tags, summary: '存证日志状态 The log’s state (signing, or halted by a failed self-check)', response: { 200: proofLogStatus } }, config: { access: 'public' } },
    async (req) => log.status(req.ctx().db),
  );

  r.get(
    '/api/proofs/log/checkpoint',
    { schema: { operationId: 'proofs.latestCheckpoint', tags, summary: '最新签名树头 Latest checkpoint (c2sp.org/tlog-checkpoint signed note, with cosignatures)' }, config: { access: 'public' } },
    async (req, reply) => {
      const cp = await log.checkpointNote(req.ctx().db);
      if (!cp) throw notFoundCheckpoint();
      return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(cp.note);
    },
  );

  r.get(
    '/api/proofs/log/checkpoint/:size',
    { schema: { operationId: 'proofs.checkpoint', tags, summary: '指定大小的签名树头 Checkpoint of a size', params: sizeParams }, config: { access: 'public' } },
    async (req, reply) => {
      const cp = await log.checkpointNote(req.ctx().db, req.params.size);
      if (!cp) throw notFoundCheckpoint();
      return reply.type('text/plain; charset=utf-8').send(cp.note);
    },
  );

  r.get(
    '/api/proofs/log/inclusion',
    { schema: { operationId: 'proofs.inclusionProof', tags, summary: '包含证明 Inclusion proof of an index at a size (RFC 9162 §2.1.3, base64 hashes)', querystring: inclusionQuery, response: { 200: proofHashes } }, config: { access: 'public' } },
    async (req) => ({ hashes: (await log.servingProof(deps.database, new Date(), () => log.verifiedInclusion(req.ctx().db, req.query.index, req.query.size), deps.config)).map(toBase64) }),
  );

  r.get(
    '/api/proofs/log/consistency',
    { schema: { operationId: 'proofs.consistencyProof', tags, summary: '一致性证明 Consistency proof between two sizes (RFC 9162 §2.1.4, base64 hashes)', querystring: consistencyQuery, response: { 200: proofHashes } }, config: { access: 'public' } },
    async (req) => ({ hashes: (await log.servingProof(deps.database, new Date(), () => log.verifiedConsistency(req.ctx().db, req.query.from, req.query.to), deps.config)).map(toBase64) }),
  );

  r.post(
    '/api/proofs/log/cosignature',
    { schema: { operationId: 'proofs.submitCosignature', tags, summary: '提交见证联署 Submit a witness cosignature (c2sp.org/tlog-cosignature, cosignature/v1)', body: cosignatureSubmit, response: { 200: cosignatureResult } }, config: { access: 'public' } },
    async (req) => ({ accepted: await req.mutate((ctx) => svc.submitCosignature(ctx, req.body.note)) }),
  );

  r.post(
    '/api/proofs/log/refresh',
    { schema: { operationId: 'proofs.refreshReceipt', tags, summary: '更新回执 Refresh a receipt to the latest checkpoint', body: receiptRefresh, response: { 200: receiptText } }, config: { access: 'public' } },
    async (req) => ({ receipt: await svc.refreshReceipt(req.ctx(), req.body.receipt) }),
  );

  r.get(
    '/api/proofs/witnesses',
    { schema: { operationId: 'proofs.listWitnesses', tags, summary: '见证方 Registered witnesses and their verifier keys', response: { 200: witnessList } }, config: { access: 'public' } },
    async (req) => svc.listWitnesses(req.ctx()),
  );

  r.post(
    '/api/proofs/witnesses',
    { schema: { operationId: 'proofs.addWitness', tags, summary: '登记见证方 Register a witness key', body: witnessCreate, response: { 200: witness } }, config: { access: 'proofs:witnesses' } },
    (req) => req.mutate((ctx) => svc.addWitness(ctx, req.body)),
  );

  r.post(
    '/api/proofs/witnesses/:id/disable',
    { schema: { operationId: 'proofs.disableWitness', tags, summary: '停用见证方 Disable a witness', params: idParams, response: { 200: witness } }, config: { access: 'proofs:witnesses' } },
    (req) => req.mutate((ctx) => svc.disableWitness(ctx, req.params.id)),
  );

  // -- the enterprise's deposits ------------------------------------------------------------------------------------
  r.get(
    '/api/proofs',
    { schema: { operationId: 'proofs.list', tags, summary: '我的存证 The enterprise’s deposits', querystring: proofListPageQuery, response: { 200: proofPage } }, config: { access: 'proofs:read' } },
    (req) => svc.listRecords(req.ctx(), req.query),
  );

  r.post(
    '/api/proofs',
    { schema: { operationId: 'proofs.deposit', tags, summary: '提交存证 Deposit (digests, salt and metadata only — never file bytes)', body: proofDeposit, response: { 200: proofRecord } }, config: { access: 'proofs:deposit', labels: PROOF_LABELS } },
    (req) => req.mutate((ctx) => svc.deposit(ctx, req.body)),
  );

  r.get(
    '/api/proofs/export',
    { schema: { operationId: 'proofs.export', tags, summary: '导出全部回执 All receipts and private records (zip)' }, config: { access: 'proofs:read' } },
    async (req, reply) => {
      const zip = await svc.exportZip(req.ctx(), info);
      const stamp = new Date().toISOString().slice(0, 10);
      return reply.type('application/zip').header('content-disposition', attachment(`存证回执-${stamp}.zip`, `receipts-${stamp}.zip`)).send(zip);
    },
  );

  r.get(
    '/api/proofs/tags',
    { schema: { operationId: 'proofs.listTags', tags, summary: '标签 Tags of the enterprise’s deposits', response: { 200: proofTagList } }, config: { access: 'proofs:read' } },
    (req) => svc.listTags(req.ctx()),
  );

  r.get(
    '/api/proofs/:id',
    { schema: { operationId: 'proofs.get', tags, summary: '存证详情 A deposit', params: idParams, response: { 200: proofRecord } }, config: { access: 'proofs:read' } },
    (req) => svc.getRecord(req.ctx(), req.params.id),
  );

  r.put(
    '/api/proofs/:id/tags',
    { schema: { operationId: 'proofs.setTags', tags, summary: '修改标签 Set tags', params: idParams, body: proofTagsUpdate, response: { 200: proofRecord } }, config: { access: 'proofs:deposit' } },
    (req) => req.mutate((ctx) => svc.setTags(ctx, req.params.id, req.body)),
  );

  r.get(
    '/api/proofs/:id/receipt',
    { schema: { operationId: 'proofs.receipt', tags, summary: '下载回执 The receipt (.tlog-proof, c2sp.org/tlog-proof@v1) at the latest checkpoint', params: idParams }, config: { access: 'proofs:read' } },
    async (req, reply) => {
      const { text, record } = await svc.receipt(req.ctx(), req.params.id);
      const file = proofFileName(record.logIndex, 'tlog-proof');
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', attachment(file.name, file.ascii))
        .send(text);
    },
  );

  r.get(
    '/api/proofs/:id/record',
    { schema: { operationId: 'proofs.privateRecord', tags, summary: '下载私有记录 The private record (JSON)', params: idParams, response: { 200: proofPrivateRecord } }, config: { access: 'proofs:read' } },
    async (req, reply) => {
      const record = await svc.privateRecord(req.ctx(), req.params.id, info);
      const file = proofFileName(record.logIndex, 'json');
      reply.header('content-disposition', attachment(file.name, file.ascii));
      return record;
    },
  );

  r.get(
    '/api/proofs/:id/certificate',
    { schema: { operationId: 'proofs.certificate', tags, summary: '存证证书 Certificate data (with a QR code to the public verify page)', params: idParams, response: { 200: proofCertificate } }, config: { access: 'proofs:read' } },
    async (req) => svc.certificate(req.ctx(), req.params.id, info, `${req.protocol}://${req.host}`),
  );

}
