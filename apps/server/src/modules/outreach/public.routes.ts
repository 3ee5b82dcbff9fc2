import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { publicArticle, publicArticleListQuery, publicArticlePage, publicArticleParams, publicFileParams, publicHome, publicRegionQuery } from '@shangmi/shared';
import { cachedJson } from '../../platform/count-cache.js';
import { attachment } from '../../platform/export.js';
import { resolvePublicRegion } from '../regions/regions.service.js';
import * as svc from './outreach.service.js';

/**
 * The public portal's API (no sign-in): the home page's lists, the articles, one article, its files and the Atom feed.
 * The home and an article are cached as encoded JSON for a few seconds (forgotten on every local commit), so a crowd
 * reading the same page costs one query set, not one per visitor; browsers and proxies may keep them a minute
 * (PUBLIC_MAX_AGE: a withdrawn article can linger that long in a visitor's cache, never longer).
 */
const PUBLIC_MAX_AGE = 'public, max-age=60';

/** The cached JSON sent as public: only a success is marked cacheable (a 404 or 400 is not kept by browsers or proxies). */
async function sendPublic<T>(reply: FastifyReply, key: string, schema: z.ZodType<T>, compute: () => Promise<T>) {
  const body = await cachedJson(key, schema, compute);
  return reply.header('cache-control', PUBLIC_MAX_AGE).type('application/json; charset=utf-8').send(body);
}

export function outreachPublicRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['outreach-public'];

  r.get(
    '/api/public/outreach/home',
    { schema: { operationId: 'outreach.publicHome', tags, summary: '门户首页：资讯、以案说法、指南、近期活动 The portal home', querystring: publicRegionQuery, response: { 200: publicHome } }, config: { access: 'public' } },
    async (req, reply) => {
      const ctx = req.ctx();
      // the region's resolution is inside the cached computation (keyed by what it depends on: the asked code and the
      // host), so a cached home costs no query at all; a refused region is not kept (failures are not cached)
      const key = `outreach.home|${req.query.regionCode ?? ''}|${req.headers.host ?? ''}`;
      return sendPublic(reply, key, publicHome, async () => svc.publicHome(ctx, await resolvePublicRegion(ctx, req.query.regionCode, req.headers.host)));
    },
  );
  r.get(
    '/api/public/outreach/articles',
    { schema: { operationId: 'outreach.publicArticles', tags, summary: '已发布的文章 Published articles', querystring: publicArticleListQuery, response: { 200: publicArticlePage } }, config: { access: 'public' } },
    async (req) => {
      const ctx = req.ctx();
      const region = await resolvePublicRegion(ctx, req.query.regionCode, req.headers.host);
      return svc.publicArticles(ctx, region, req.query);
    },
  );
  r.get(
    '/api/public/outreach/articles/:id',
    { schema: { operationId: 'outreach.publicArticle', tags, summary: '一篇已发布的文章 One published article', params: publicArticleParams, response: { 200: publicArticle } }, config: { access: 'public' } },
    (req, reply) => sendPublic(reply, `outreach.article|${req.params.id}`, publicArticle, () => svc.publicArticle(req.ctx(), req.params.id)),
  );
  r.get(
    '/api/public/outreach/articles/:id/files/:fileId',
    { schema: { operationId: 'outreach.publicArticleFile', tags, summary: '文章的图片或附件 An article’s image or attachment', params: publicFileParams }, config: { access: 'public' } },
    async (req, reply) => {
      const ctx = req.ctx();
      const { file, inline } = await svc.publicArticleFile(ctx, req.params.id, req.params.fileId);
      const stream = ctx.deps.files.open(file.sha256);
      // an image is shown in the page (its type read from its bytes, never SVG); anything else is a download
      return reply
        .header('content-type', inline ? file.mime : 'application/octet-stream')
        .header('content-length', String(file.size))
        .header('content-disposition', inline ? 'inline' : attachment(file.name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=300')
        .send(stream);
    },
  );
  r.get(
    '/api/public/outreach/feed.atom',
    { schema: { operationId: 'outreach.feed', tags, summary: '文章订阅源（Atom） The articles’ Atom feed', querystring: publicRegionQuery }, config: { access: 'public' } },
    async (req, reply) => {
      const ctx = req.ctx();
      const region = await resolvePublicRegion(ctx, req.query.regionCode, req.headers.host);
      const origin = ctx.deps.config.publicUrl.replace(/\/$/, '');
      return reply.type('application/atom+xml; charset=utf-8').send(await svc.atomFeed(ctx, region, origin));
    },
  );
}
