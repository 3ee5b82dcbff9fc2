import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { modelDocument, modelDocumentList, modelDocumentParams } from '@shangmi/shared';
import { sendModelDocumentDocx } from './model-documents.docx.js';
import * as svc from './model-documents.service.js';

/** 示范文本库 (public): the model documents the health check's recommendations link to, as data and as Word files. */
export function modelDocumentsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['model-documents'];

  r.get(
    '/api/public/model-documents',
    { schema: { operationId: 'modelDocuments.list', tags, summary: '示范文本库（公开） The model documents, in the library’s order', response: { 200: modelDocumentList } }, config: { access: 'public' } },
    () => svc.list(),
  );

  r.get(
    '/api/public/model-documents/:slug',
    { schema: { operationId: 'modelDocuments.get', tags, summary: '示范文本（公开） One model document with its structured Chinese body', params: modelDocumentParams, response: { 200: modelDocument } }, config: { access: 'public' } },
    (req) => svc.get(req.params.slug),
  );

  r.get(
    '/api/public/model-documents/:slug/docx',
    { schema: { operationId: 'modelDocuments.docx', tags, summary: '下载示范文本 Word（公开） The model document as a Word file', params: modelDocumentParams }, config: { access: 'public' } },
    (req, reply) => sendModelDocumentDocx(reply, svc.get(req.params.slug)),
  );
}
