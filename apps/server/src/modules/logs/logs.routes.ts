import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  formatDateTime,
  loginlogExportQuery,
  loginlogPage,
  loginlogPageQuery,
  OPLOG_ACTIONS,
  oplogTargetLabel,
  oplogExportQuery,
  oplogPage,
  oplogPageQuery,
} from '@shangmi/shared';
import { EXPORT_LIMIT, sendXlsx } from '../../platform/export.js';
import * as svc from './logs.service.js';

const LOGIN_RESULT_LABELS: Record<string, [string, string]> = {
  success: ['登录成功', 'Signed in'],
  bad_password: ['密码错误', 'Wrong password'],
  unknown_user: ['用户不存在', 'Unknown user'],
  locked: ['账号锁定', 'Locked'],
  throttled: ['尝试过频被拒', 'Refused: too many attempts'],
  disabled: ['账号停用', 'Disabled'],
  totp_required: ['待输入动态码', 'Code requested'],
  bad_totp: ['动态码错误', 'Wrong code'],
  logout: ['退出登录', 'Signed out'],
};

export function logsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['logs'];

  r.get(
    '/api/oplog',
    { schema: { operationId: 'logs.listOplog', tags, summary: '操作日志 Operation log', querystring: oplogPageQuery, response: { 200: oplogPage } }, config: { access: 'oplog:read' } },
    (req) => svc.listOplog(req.ctx(), req.query),
  );

  r.get(
    '/api/oplog/export',
    { schema: { operationId: 'logs.exportOplog', tags, summary: '导出操作日志 Export the operation log', querystring: oplogExportQuery }, config: { access: 'oplog:read' } },
    async (req, reply) =>
      sendXlsx(reply, {
        locale: req.locale,
        fileZh: '操作日志',
        fileEn: 'operation-log',
        rows: await svc.exportOplog(req.ctx(), req.query, EXPORT_LIMIT),
        columns: [
          { zh: '序号', en: 'Seq', width: 10, value: (e) => e.seq },
          { zh: '时间', en: 'Time', width: 20, value: (e) => formatDateTime(e.at) },
          { zh: '用户', en: 'User', value: (e) => e.username },
          { zh: '机构', en: 'Organisation', width: 28, value: (e) => e.orgName },
          { zh: '操作', en: 'Action', width: 24, value: (e) => OPLOG_ACTIONS[e.action]?.[req.locale === 'en-US' ? 'en' : 'zh'] ?? e.action },
          { zh: '操作代码', en: 'Action code', width: 24, value: (e) => e.action },
          { zh: '对象', en: 'Target', value: (e) => oplogTargetLabel(e.targetType, e.targetId, req.locale === 'en-US' ? 'en' : 'zh') },
          { zh: '结果', en: 'Result', value: (e) => (e.result === 'success' ? (req.locale === 'en-US' ? 'Success' : '成功') : `${req.locale === 'en-US' ? 'Failure' : '失败'} ${e.errorCode ?? ''}`) },
          { zh: 'IP', en: 'IP', value: (e) => e.ip },
          { zh: '耗时(ms)', en: 'ms', width: 10, value: (e) => e.durationMs },
          { zh: '变更前', en: 'Before', width: 40, value: (e) => (e.before ? JSON.stringify(e.before) : '') },
          { zh: '变更后', en: 'After', width: 40, value: (e) => (e.after ? JSON.stringify(e.after) : '') },
        ],
      }),
  );

  r.get(
    '/api/loginlog',
    { schema: { operationId: 'logs.listLoginlog', tags, summary: '登录日志 Login log', querystring: loginlogPageQuery, response: { 200: loginlogPage } }, config: { access: 'loginlog:read' } },
    (req) => svc.listLoginlog(req.ctx(), req.query),
  );

  r.get(
    '/api/loginlog/export',
    { schema: { operationId: 'logs.exportLoginlog', tags, summary: '导出登录日志 Export the login log', querystring: loginlogExportQuery }, config: { access: 'loginlog:read' } },
    async (req, reply) =>
      sendXlsx(reply, {
        locale: req.locale,
        fileZh: '登录日志',
        fileEn: 'login-log',
        rows: await svc.exportLoginlog(req.ctx(), req.query, EXPORT_LIMIT),
        columns: [
          { zh: '时间', en: 'Time', width: 20, value: (e) => formatDateTime(e.at) },
          { zh: '用户名', en: 'User name', value: (e) => e.username },
          { zh: '机构', en: 'Organisation', width: 28, value: (e) => e.orgName },
          { zh: 'IP', en: 'IP', value: (e) => e.ip },
          { zh: '浏览器', en: 'User agent', width: 40, value: (e) => e.userAgent },
          { zh: '结果', en: 'Result', value: (e) => (LOGIN_RESULT_LABELS[e.result]?.[req.locale === 'en-US' ? 1 : 0] ?? e.result) },
        ],
      }),
  );
}
