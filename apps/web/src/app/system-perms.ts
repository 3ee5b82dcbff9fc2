import type { Permission } from '@shangmi/shared';

/**
 * The 系统管理 pages with the permission that opens each: the routes (routes.tsx, in the first load) and the menu (nav.tsx,
 * with its icons, not in the first load) read the same table; neither imports the other.
 */
export const SYSTEM_PERMS = {
  '/system/orgs': 'orgs:read',
  '/system/users': 'users:read',
  '/system/roles': 'roles:read',
  '/system/oplog': 'oplog:read',
  '/system/loginlog': 'loginlog:read',
  '/system/dicts': 'dicts:update',
  '/system/regions': 'regions:update',
} as const satisfies Record<string, Permission>;

export type SystemPath = keyof typeof SYSTEM_PERMS;
