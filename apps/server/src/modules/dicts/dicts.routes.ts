import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dictItem, dictItemCreate, dictItemParams, dictItemUpdate, dictsResponse, dictTypeCreate, dictTypeParams, okResponse } from '@shangmi/shared';
import * as svc from './dicts.service.js';

export function dictsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['dicts'];
  const toItem = (i: Awaited<ReturnType<typeof svc.createDictItem>>) => ({
    id: i.id,
    typeCode: i.typeCode,
    value: i.value,
    labelZh: i.labelZh,
    labelEn: i.labelEn,
    parentValue: i.parentValue,
    sort: i.sort,
    enabled: i.enabled,
    system: i.system,
  });

  // dictionaries are reference data (labels of kinds, industries…): public pages need them too
  r.get(
    '/api/dicts',
    { schema: { operationId: 'dicts.all', tags, summary: '字典 Dictionaries', response: { 200: dictsResponse } }, config: { access: 'public' } },
    (req) => svc.allDicts(req.ctx()),
  );

  r.post(
    '/api/dicts',
    { schema: { operationId: 'dicts.createType', tags, summary: '新增字典类型 Create a dictionary', body: dictTypeCreate, response: { 200: okResponse } }, config: { access: 'dicts:update', action: 'dicts.create-type' } },
    async (req) => {
      await req.mutate((ctx) => svc.createDictType(ctx, req.body));
      return { ok: true as const };
    },
  );

  r.post(
    '/api/dicts/:code/items',
    { schema: { operationId: 'dicts.createItem', tags, summary: '新增字典项 Create an item', params: dictTypeParams, body: dictItemCreate, response: { 200: dictItem } }, config: { access: 'dicts:update', action: 'dicts.create-item' } },
    async (req) => toItem(await req.mutate((ctx) => svc.createDictItem(ctx, req.params.code, req.body))),
  );

  r.patch(
    '/api/dicts/:code/items/:id',
    { schema: { operationId: 'dicts.updateItem', tags, summary: '修改字典项 Update an item', params: dictItemParams, body: dictItemUpdate, response: { 200: dictItem } }, config: { access: 'dicts:update', action: 'dicts.update-item' } },
    async (req) => toItem(await req.mutate((ctx) => svc.updateDictItem(ctx, req.params.code, req.params.id, req.body))),
  );

  r.delete(
    '/api/dicts/:code/items/:id',
    { schema: { operationId: 'dicts.deleteItem', tags, summary: '删除字典项 Delete an item', params: dictItemParams, response: { 200: okResponse } }, config: { access: 'dicts:update', action: 'dicts.delete-item' } },
    async (req) => {
      await req.mutate((ctx) => svc.deleteDictItem(ctx, req.params.code, req.params.id));
      return { ok: true as const };
    },
  );
}
