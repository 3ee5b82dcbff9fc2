import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { okResponse, park, publicRegions, parkCreate, parkParams, parkUpdate, region, regionCreate, regionList, regionParams } from '@shangmi/shared';
import * as svc from './regions.service.js';

export function regionsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['regions'];

  r.get(
    '/api/regions',
    { schema: { operationId: 'regions.list', tags, summary: '地区配置 Regions, districts and parks', response: { 200: regionList } }, config: { access: 'public' } },
    (req) => svc.listRegions(req.ctx()),
  );
  r.post(
    '/api/regions',
    {
      schema: { operationId: 'regions.create', tags, summary: '新增试点地区 Add a pilot region (checked like config/regions files; no restart)', body: regionCreate, response: { 200: region } },
      config: { access: 'regions:update', action: 'regions.create' },
    },
    (req) => req.mutate((ctx) => svc.createRegion(ctx, req.body)),
  );
  r.get(
    '/api/public/region',
    {
      schema: { operationId: 'regions.public', tags, summary: '公开页面服务的地区 The region(s) the public pages serve on this host, and the default', response: { 200: publicRegions } },
      config: { access: 'public' },
    },
    (req) => svc.publicRegions(req.ctx(), req.hostname),
  );
  r.get(
    '/api/regions/:code/map',
    {
      schema: { operationId: 'regions.map', tags, summary: '地区地图 The region’s district boundaries (ECharts GeoJSON; features keyed by district code)', params: regionParams },
      config: { access: 'public' },
    },
    async (req, reply) => {
      const map = svc.regionMap(req.params.code);
      if (!map) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: req.locale === 'en-US' ? 'This region has no map' : '该地区没有地图数据', requestId: req.id } });
      return reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'public, max-age=86400').send(map);
    },
  );
  r.post(
    '/api/regions/:code/parks',
    { schema: { operationId: 'regions.createPark', tags, summary: '新增园区 Create a park', params: regionParams, body: parkCreate, response: { 200: park } }, config: { access: 'regions:update', action: 'regions.create-park' } },
    (req) => req.mutate((ctx) => svc.createPark(ctx, req.params.code, req.body)),
  );
  r.patch(
    '/api/regions/:code/parks/:id',
    {
      schema: { operationId: 'regions.updatePark', tags, summary: '修改园区 Update a park', params: parkParams, body: parkUpdate, response: { 200: park } },
      config: { access: 'regions:update', action: 'regions.update-park' },
    },
    (req) => req.mutate((ctx) => svc.updatePark(ctx, req.params.code, req.params.id, req.body)),
  );
  r.delete(
    '/api/regions/:code/parks/:id',
    { schema: { operationId: 'regions.deletePark', tags, summary: '删除园区 Delete a park', params: parkParams, response: { 200: okResponse } }, config: { access: 'regions:update', action: 'regions.delete-park' } },
    async (req) => {
      await req.mutate((ctx) => svc.deletePark(ctx, req.params.code, req.params.id));
      return { ok: true as const };
    },
  );
}
