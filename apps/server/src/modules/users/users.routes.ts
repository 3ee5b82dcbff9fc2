import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  assignableRoleList,
  formatDateTime,
  idParams,
  okResponse,
  resetPassword,
  user,
  userCreate,
  userExportQuery,
  userListPageQuery,
  userPage,
  userUpdate,
} from '@shangmi/shared';
import { EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import * as svc from './users.service.js';

export function usersRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get(
    '/api/users',
    { schema: { operationId: 'users.list', tags, summary: '用户列表 List users', querystring: userListPageQuery, response: { 200: userPage } }, config: { access: 'users:read' } },
    (req) => svc.listUsers(req.ctx(), req.query),
  );

  r.get(
    '/api/users/assignable-roles',
    {
      schema: {
        operationId: 'users.assignableRoles',
        tags,
        summary: '可授予的角色 Roles the caller may grant',
        response: { 200: assignableRoleList },
      },
      config: { access: 'users:read' },
    },
    (req) => svc.assignableRoles(req.ctx()),
  );

  r.get(
    '/api/users/export',
    { schema: { operationId: 'users.export', tags, summary: '导出用户 Export users (xlsx)', querystring: userExportQuery }, config: { access: 'users:read' } },
    async (req, reply) => {
      const rows = await svc.exportUsers(req.ctx(), req.query, EXPORT_LIMIT);
      return sendXlsx(reply, {
        locale: req.locale,
        fileZh: '用户列表',
        fileEn: 'users',
        rows,
        columns: [
          { zh: '用户名', en: 'User name', value: (u) => u.username },
          { zh: '姓名', en: 'Name', value: (u) => u.displayName },
          { zh: '所属机构', en: 'Organisation', width: 30, value: (u) => u.orgName },
          { zh: '角色', en: 'Roles', width: 30, value: (u) => u.roles.map((x) => x.name).join('、') },
          { zh: '手机号', en: 'Phone', value: (u) => u.phone },
          { zh: '电子邮箱', en: 'E-mail', width: 26, value: (u) => u.email },
          { zh: '状态', en: 'Status', value: (u) => (u.status === 'active' ? (req.locale === 'en-US' ? 'Active' : '正常') : req.locale === 'en-US' ? 'Disabled' : '停用') },
          { zh: '双因素', en: 'Two factors', value: (u) => (u.totpEnabled ? '✓' : '') },
          { zh: '最近登录', en: 'Last sign-in', width: 20, value: (u) => formatDateTime(u.lastLoginAt) },
          { zh: '创建时间', en: 'Created', width: 20, value: (u) => formatDateTime(u.createdAt) },
        ],
      });
    },
  );

  r.get(
    '/api/users/:id',
    { schema: { operationId: 'users.get', tags, summary: '用户详情 Get a user', params: idParams, response: { 200: user } }, config: { access: 'users:read' } },
    (req) => svc.getUser(req.ctx(), req.params.id),
  );

  r.post(
    '/api/users',
    { schema: { operationId: 'users.create', tags, summary: '新增用户 Create a user', body: userCreate, response: { 200: user } }, config: { access: 'users:create', action: 'users.create' } },
    (req) => req.mutate((ctx) => svc.createUser(ctx, req.body)),
  );

  r.patch(
    '/api/users/:id',
    { schema: { operationId: 'users.update', tags, summary: '修改用户 Update a user', params: idParams, body: userUpdate, response: { 200: user } }, config: { access: 'users:update', action: 'users.update' } },
    (req) => req.mutate((ctx) => svc.updateUser(ctx, req.params.id, req.body)),
  );

  r.post(
    '/api/users/:id/unlock',
    { schema: { operationId: 'users.unlock', tags, summary: '解锁用户 Unlock a user', params: idParams, response: { 200: okResponse } }, config: { access: 'users:update', action: 'users.unlock' } },
    async (req) => {
      await req.mutate((ctx) => svc.unlockUser(ctx, req.params.id));
      return { ok: true as const };
    },
  );

  r.post(
    '/api/users/:id/reset-totp',
    { schema: { operationId: 'users.resetTotp', tags, summary: '重置双因素 Reset a user\'s authenticator', params: idParams, response: { 200: okResponse } }, config: { access: 'users:update', action: 'users.reset-totp' } },
    async (req) => {
      await req.mutate((ctx) => svc.resetUserTotp(ctx, req.params.id));
      return { ok: true as const };
    },
  );

  r.post(
    '/api/users/:id/reset-password',
    {
      schema: { operationId: 'users.resetPassword', tags, summary: '重置密码 Reset a password', params: idParams, body: resetPassword, response: { 200: okResponse } },
      config: { access: 'users:reset-password', action: 'users.reset-password' },
    },
    async (req) => {
      await req.mutate((ctx) => svc.resetUserPassword(ctx, req.params.id, req.body.password));
      return { ok: true as const };
    },
  );
}
