import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams, okResponse, permissionCatalog, PERMISSIONS, role, roleCreate, roleList, roleUpdate } from '@shangmi/shared';
import * as svc from './roles.service.js';

export function rolesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['roles'];

  r.get(
    '/api/permissions',
    {
      schema: { operationId: 'roles.permissions', tags, summary: '权限目录 Permission catalog', response: { 200: permissionCatalog } },
      config: { access: 'self' },
    },
    async () => Object.entries(PERMISSIONS).map(([code, l]) => ({ code, ...l })),
  );

  r.get(
    '/api/roles',
    { schema: { operationId: 'roles.list', tags, summary: '角色列表 List roles', response: { 200: roleList } }, config: { access: 'roles:read' } },
    async (req) => ({ items: await svc.listRoles(req.ctx()) }),
  );

  r.get(
    '/api/roles/:id',
    { schema: { operationId: 'roles.get', tags, summary: '角色详情 Get a role', params: idParams, response: { 200: role } }, config: { access: 'roles:read' } },
    (req) => svc.getRole(req.ctx(), req.params.id),
  );

  r.post(
    '/api/roles',
    { schema: { operationId: 'roles.create', tags, summary: '新增角色 Create a role', body: roleCreate, response: { 200: role } }, config: { access: 'roles:create', action: 'roles.create' } },
    (req) => req.mutate((ctx) => svc.createRole(ctx, req.body)),
  );

  r.patch(
    '/api/roles/:id',
    { schema: { operationId: 'roles.update', tags, summary: '修改角色 Update a role', params: idParams, body: roleUpdate, response: { 200: role } }, config: { access: 'roles:update', action: 'roles.update' } },
    (req) => req.mutate((ctx) => svc.updateRole(ctx, req.params.id, req.body)),
  );

  r.delete(
    '/api/roles/:id',
    { schema: { operationId: 'roles.delete', tags, summary: '删除角色 Delete a role', params: idParams, response: { 200: okResponse } }, config: { access: 'roles:delete', action: 'roles.delete' } },
    async (req) => {
      await req.mutate((ctx) => svc.deleteRole(ctx, req.params.id));
      return { ok: true as const };
    },
  );
}
