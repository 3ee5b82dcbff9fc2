/** What the roles module tells its users, in Chinese and English (a field error's message follows the field's name). */
import type { Msg } from '../../platform/messages.js';

export const msg = {
  builtInMissing: (code: string): Msg => ({ zh: `缺少内置角色 ${code}`, en: `The built-in role ${code} is missing` }),
  permissionsNotHeld: (excess: string[]): Msg => ({ zh: `包含您自己没有的权限：${excess.join('、')}`, en: `includes permissions you do not hold: ${excess.join(', ')}` }),
  scopeTooWide: { zh: '不能大于您自己的数据范围', en: 'cannot be wider than your own data scope' },
  adminKeepsRolesUpdate: { zh: '平台管理员必须保留角色管理权限', en: 'the platform administrator must keep roles:update' },
  builtInNotDeleted: { zh: '内置角色不能删除', en: 'Built-in roles cannot be deleted' },
  stillHeld: (n: number): Msg => ({ zh: `还有 ${n} 个用户拥有该角色，不能删除`, en: `${n} users still hold this role` }),
} satisfies Record<string, Msg | ((...args: never[]) => Msg)>;
