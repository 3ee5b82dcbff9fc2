import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FILE_NAME_HEADER, idParams, storedFile } from '@shangmi/shared';
import { fieldError } from '../../platform/errors.js';
import * as svc from './files.service.js';

export function filesRoutes(app: FastifyInstance) {
  // uploads are the raw bytes: the route streams them to disk, never holding a whole file in memory
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];

  r.post(
    '/api/files',
    {
      schema: {
        operationId: 'files.upload',
        tags,
        summary: '上传文件 Upload a file (body: the bytes as application/octet-stream; x-file-name: URL-encoded name; the type is read from the bytes)',
        response: { 200: storedFile },
      },
      config: { access: 'self', action: 'files.upload' },
    },
    async (req) => {
      const name = svc.cleanFileName(req.headers[FILE_NAME_HEADER] as string | undefined);
      const body = req.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') {
        throw fieldError('file', { zh: '请以 application/octet-stream 上传文件内容', en: 'send the bytes as application/octet-stream' });
      }
      const stored = await svc.storeUpload(req.ctx(), body);
      return req.mutate((ctx) => svc.recordFile(ctx, stored, { name }));
    },
  );

  r.get(
    '/api/files/:id',
    { schema: { operationId: 'files.download', tags, summary: '下载本人上传的文件 Download a file you uploaded', params: idParams }, config: { access: 'self' } },
    async (req, reply) => {
      const ctx = req.ctx();
      return svc.sendStoredFile(ctx, reply, await svc.ownFile(ctx, req.params.id));
    },
  );
}
