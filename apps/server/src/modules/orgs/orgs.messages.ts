/** What the organisations module tells its users, in Chinese and English (a field error's message follows the field's name). */
import type { Msg } from '../../platform/messages.js';

export const msg = {
  onlyBelowOwn: { zh: '只能在本单位及下级范围内管理机构', en: 'You may only manage organisations below your own' },
  keptByEnterpriseRegistry: { zh: '由企业名录维护，请在企业详情中修改', en: 'is kept by the enterprise registry; change it on the enterprise page' },
  keptBySiteRegistry: { zh: '由基地站点维护，请在站点详情中修改', en: 'is kept by the site registry; change it on the site page' },
  rootNotMoved: { zh: '根机构不能移动', en: 'the root cannot be moved' },
  moveUnderItself: { zh: '不能移动到自身或其下级之下', en: 'cannot be moved under itself or its descendants' },
  rootNotDeleted: { zh: '根机构不能删除', en: 'The root cannot be deleted' },
  notOwnDeleted: { zh: '不能删除自己所在的机构', en: 'You cannot delete your own organisation' },
  stillInUse: (children: number, members: number): Msg => ({ zh: `该机构下还有 ${children} 个下级机构、${members} 个用户，不能删除；可改为停用`, en: `It still has ${children} sub-organisations and ${members} users; disable it instead` }),
} satisfies Record<string, Msg | ((...args: never[]) => Msg)>;
