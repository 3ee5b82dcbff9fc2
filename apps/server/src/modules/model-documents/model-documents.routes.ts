import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  modelDocument,
  modelDocumentDiff,
  modelDocumentDiffQuery,
  modelDocumentList,
  modelDocumentParams,
  modelDocumentVersionCreate,
  modelDocumentVersionList,
  modelDocumentVersionParams,
} from '@shangmi/shared';
import { sendModelDocumentDocx } from './model-documents.docx.js';
import * as versions from './versions.js';

/**
 * 示范文本库 (public): the model documents the health check's recommendations link to, as data and as Word files, in the
 * version in force; older versions by number, and what changed between two. The city publishes new versions.
 */
export function modelDocumentsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['model-documents'];

  r.get(
    '/api/public/model-documents',
    { schema: { operationId: 'modelDocuments.list', tags, summary: '示范文本库（公开） The model documents in force, in the library’s order', response: { 200: modelDocumentList } }, config: { access: 'public' } },
    (req) => versions.list(req.ctx()),
  );

  r.get(
    '/api/public/model-documents/:slug',
    { schema: { operationId: 'modelDocuments.get', tags, summary: '示范文本（公开） One model document in force, with its structured Chinese body', params: modelDocumentParams, response: { 200: modelDocument } }, config: { access: 'public' } },
    (req) => versions.current(req.ctx(), req.params.slug),
  );

  r.get(
    '/api/public/model-documents/:slug/docx',
    { schema: { operationId: 'modelDocuments.docx', tags, summary: '下载示范文本 Word（公开） The model document in force as a Word file', params: modelDocumentParams }, config: { access: 'public' } },
    async (req, reply) => sendModelDocumentDocx(reply, await versions.current(req.ctx(), req.params.slug)),
  );

  r.get(
    '/api/public/model-documents/:slug/versions',
    { schema: { operationId: 'modelDocuments.versions', tags, summary: '示范文本的历史版本（公开） Every version with the dates it was in force', params: modelDocumentParams, response: { 200: modelDocumentVersionList } }, config: { access: 'public' } },
    (req) => versions.versions(req.ctx(), req.params.slug),
  );

  r.get(
    '/api/public/model-documents/:slug/versions/:version',
    { schema: { operationId: 'modelDocuments.version', tags, summary: '示范文本的某一版本（公开） One version’s whole text', params: modelDocumentVersionParams, response: { 200: modelDocument } }, config: { access: 'public' } },
    (req) => versions.version(req.ctx(), req.params.slug, req.params.version),
  );

  r.get(
    '/api/public/model-documents/:slug/versions/:version/docx',
    { schema: { operationId: 'modelDocuments.versionDocx', tags, summary: '下载某一版本 Word（公开） One version as a Word file', params: modelDocumentVersionParams }, config: { access: 'public' } },
    async (req, reply) => sendModelDocumentDocx(reply, await versions.version(req.ctx(), req.params.slug, req.params.version)),
  );

  r.get(
    '/api/public/model-documents/:slug/diff',
    { schema: { operationId: 'modelDocuments.diff', tags, summary: '版本比较（公开） What changed between two versions, line by line', params: modelDocumentParams, querystring: modelDocumentDiffQuery, response: { 200: modelDocumentDiff } }, config: { access: 'public' } },
    (req) => versions.diff(req.ctx(), req.params.slug, req.query.from, req.query.to),
  );

  r.post(
    '/api/model-documents/:slug/versions',
    {
      schema: { operationId: 'modelDocuments.publish', tags, summary: '发布示范文本新版本（市局） Publish a new version of a model text (city bureau)', params: modelDocumentParams, body: modelDocumentVersionCreate, response: { 200: modelDocumentVersionList } },
      config: { access: 'outreach:publish', action: 'modelDocuments.publish' },
    },
    (req) => req.mutate((ctx) => versions.publish(ctx, req.params.slug, req.body)),
  );
}
