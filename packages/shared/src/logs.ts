import { z } from 'zod';
import { optionalText } from './common.js';

export const oplogEntry = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  orgId: z.number().int().nullable(),
  orgName: z.string().nullable(),
  action: z.string(),
  method: z.string(),
  path: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  result: z.enum(['success', 'failure']),
  errorCode: z.string().nullable(),
  durationMs: z.number().int(),
  requestId: z.string().nullable(),
});
export type OplogEntry = z.infer<typeof oplogEntry>;

export const oplogQuery = z.object({
  q: optionalText(100),
  action: optionalText(100),
  result: z.enum(['success', 'failure']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const loginlogEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string(),
  orgName: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  result: z.string(),
});
export type LoginlogEntry = z.infer<typeof loginlogEntry>;

export const LOGIN_RESULTS = [
  'success',
  'bad_password',
  'unknown_user',
  'locked',
  'disabled',
  'totp_required',
  'bad_totp',
  'logout',
] as const;

export const loginlogQuery = z.object({
  q: optionalText(100),
  result: z.enum(LOGIN_RESULTS).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** Readable names of operation-log actions; modules add theirs. An action without a name shows its code. */
export const OPLOG_ACTIONS: Record<string, { zh: string; en: string }> = {
  'auth.logout': { zh: '退出登录', en: 'Sign out' },
  'auth.change-password': { zh: '修改密码', en: 'Change password' },
  'auth.totp-setup': { zh: '生成双因素密钥', en: 'Start two-factor set-up' },
  'auth.totp-enable': { zh: '启用双因素登录', en: 'Enable two-factor login' },
  'auth.totp-disable': { zh: '停用双因素登录', en: 'Disable two-factor login' },
  'users.create': { zh: '新增用户', en: 'Create user' },
  'users.update': { zh: '修改用户', en: 'Update user' },
  'users.unlock': { zh: '解锁用户', en: 'Unlock user' },
  'users.reset-totp': { zh: '重置双因素', en: 'Reset authenticator' },
  'users.reset-password': { zh: '重置密码', en: 'Reset password' },
  'orgs.create': { zh: '新增机构', en: 'Create organisation' },
  'orgs.update': { zh: '修改机构', en: 'Update organisation' },
  'orgs.delete': { zh: '删除机构', en: 'Delete organisation' },
  'roles.create': { zh: '新增角色', en: 'Create role' },
  'roles.update': { zh: '修改角色', en: 'Update role' },
  'roles.delete': { zh: '删除角色', en: 'Delete role' },
  'dicts.create-type': { zh: '新增字典类型', en: 'Create dictionary' },
  'dicts.create-item': { zh: '新增字典项', en: 'Create dictionary item' },
  'dicts.update-item': { zh: '修改字典项', en: 'Update dictionary item' },
  'dicts.delete-item': { zh: '删除字典项', en: 'Delete dictionary item' },
  'regions.create-park': { zh: '新增园区', en: 'Create park' },
  'regions.update-park': { zh: '修改园区', en: 'Update park' },
  'regions.delete-park': { zh: '删除园区', en: 'Delete park' },
  'enterprises.create': { zh: '新增企业', en: 'Create enterprise' },
  'enterprises.update': { zh: '修改企业', en: 'Update enterprise' },
  'enterprises.merge': { zh: '合并企业', en: 'Merge enterprises' },
  'enterprises.register': { zh: '企业自助注册', en: 'Enterprise self-registration' },
  'enterprises.confirm': { zh: '确认企业注册', en: 'Confirm enterprise registration' },
  'enterprises.reject': { zh: '驳回企业注册', en: 'Reject enterprise registration' },
  'enterprises.invite': { zh: '开通企业管理员账号', en: 'Open enterprise administrator account' },
  'enterprises.import': { zh: '批量导入企业', en: 'Import enterprises' },
  'enterprises.import-check': { zh: '校验企业导入文件', en: 'Check an enterprise import file' },
  'files.upload': { zh: '上传文件', en: 'Upload file' },
  'cli.admin.reset-password': { zh: '命令行重置密码', en: 'Password reset (CLI)' },
  'cultivation.create': { zh: '列入培育清单', en: 'Add to the cultivation list' },
  'cultivation.update': { zh: '修改培育信息', en: 'Update cultivation entry' },
  'cultivation.plan-add': { zh: '新增辅导事项', en: 'Add coaching item' },
  'cultivation.plan-update': { zh: '修改辅导事项', en: 'Update coaching item' },
  'cultivation.plan-delete': { zh: '删除辅导事项', en: 'Remove coaching item' },
  'cultivation.plan-complete': { zh: '完成辅导事项', en: 'Complete coaching item' },
  'cultivation.plan-reopen': { zh: '重新打开辅导事项', en: 'Reopen coaching item' },
  'cultivation.evidence-add': { zh: '上传培育佐证材料', en: 'Add cultivation evidence' },
  'cultivation.request': { zh: '提交培育阶段申请', en: 'Request a cultivation stage' },
  'cultivation.cancel': { zh: '撤回培育阶段申请', en: 'Cancel a stage request' },
  'cultivation.review': { zh: '区县审核培育阶段', en: 'District review of a stage' },
  'cultivation.approve': { zh: '市局审批培育阶段', en: 'City approval of a stage' },
  'cultivation.return': { zh: '退回培育阶段申请', en: 'Return a stage request' },
};
