/** What the organisations module tells its users, in Chinese and English (a field error's message follows the field's name). */
import type { Msg } from '../../platform/messages.js';

export const msg = {
  onlyBelowOwn: { zh: '只能在本单位及下级范围内管理机构', en: 'You may only manage organisations below your own' },
  rootNotMoved: { zh: '根机构不能移动', en: 'the root cannot be moved' },
  moveUnderItself: { zh: '不能移动到自身或其下级之下', en: 'cannot be moved under itself or its descendants' },
  rootNotDeleted: { zh: '根机构不能删除', en: 'The root cannot be deleted' },
  notOwnDeleted: { zh: '不能删除自己所在的机构', en: 'You cannot delete your own organisation' },
  /** what still refers to the organisation: its children, then what each module's `orgs.references` handler counted */
  stillInUse: (children: number, refs: { count: number; noun: Msg }[]): Msg => {
    const zh = [`${children} 个下级机构`, ...refs.map((r) => `${r.count} ${r.noun.zh}`)];
    const en = [`${children} sub-organisations`, ...refs.map((r) => `${r.count} ${r.noun.en}`)];
    return {
      zh: `该机构下还有 ${zh.join('、')}，不能删除；可改为停用`,
      en: `It still has ${en.slice(0, -1).join(', ')}${en.length > 1 ? ' and ' : ''}${en.at(-1)}; disable it instead`,
    };
  },
} satisfies Record<string, Msg | ((...args: never[]) => Msg)>;
