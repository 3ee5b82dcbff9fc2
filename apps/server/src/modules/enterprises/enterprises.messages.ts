/** What the enterprises module tells its users, in Chinese and English (a field error's message follows the field's name). */
import type { Msg } from '../../platform/messages.js';

export const msg = {
  /** under an organisation field that mirrors the registry's record (orgs.recordKept) */
  keptByRegistry: { zh: '由企业名录维护，请在企业详情中修改', en: 'is kept by the enterprise registry; change it on the enterprise page' },
  enterpriseUserCannot: { zh: '企业用户不能执行此操作', en: 'Enterprise users cannot do this' },
  needsCultivationRead: { zh: '您没有查看培育清单的权限', en: 'needs the right to view the cultivation list' },
  creditCodeTaken: (name: string): Msg => ({ zh: `已登记为「${name}」`, en: `is already registered, as “${name}”` }),
  notSiteOfRegion: { zh: '不是本地区的服务站点', en: 'is not a protection site of this region' },
  keptByBureau: { zh: '由主管部门维护，企业不能修改', en: 'is kept by the bureau; the enterprise cannot change it' },
  mergedReadOnly: { zh: '已合并的企业记录不能修改', en: 'A merged record cannot be changed' },
  pendingNotEdited: { zh: '待确认的注册请通过“确认”或“驳回”处理', en: 'a pending registration is confirmed or rejected, not edited' },
  mergeIntoItself: { zh: '不能合并到自身', en: 'cannot be the record itself' },
  alreadyMerged: { zh: '该企业已被合并', en: 'This record is already merged' },
  mergeIntoActive: { zh: '只能合并到状态正常的企业', en: 'must be an active enterprise' },
  otherRegion: { zh: '不属于同一地区', en: 'is in another region' },
  notPending: { zh: '该企业不是待确认的注册', en: 'This is not a pending registration' },
  registrationPending: {
    zh: '企业注册尚待所在区县市场监督管理局或服务站点确认，确认后即可登录',
    en: 'Your enterprise registration is waiting for confirmation by the district bureau or serving site; you can sign in once it is confirmed',
  },
  accountsForActiveOnly: { zh: '只能为状态正常的企业开通账号（待确认的注册请先确认）', en: 'Accounts are opened for active enterprises only (confirm a pending registration first)' },
  phoneOrEmail: { zh: '手机号与电子邮箱至少填写一项', en: 'give a mobile number or an e-mail address' },
  registeredAskDistrict: { zh: '已登记，如需开通账号请联系所在区县市场监督管理局', en: 'is already registered; ask your district market regulation bureau for an account' },
  importChooseRegion: { zh: '请选择导入到哪个地区', en: 'is required (choose the region to import into)' },
  tooLong: (max: number): Msg => ({ zh: `不能超过 ${max} 个字符`, en: `must have at most ${max} characters` }),
  codeLostDigits: { zh: '被 Excel 存成了数字、末几位已丢失：请把该列设为“文本”格式后重新填写', en: 'was stored as a number by Excel and lost its last digits: format the column as Text and type it again' },
  importNotDistrict: (districts: string[]): Msg => ({ zh: `不是本地区的区县（可填：${districts.join('、')}）`, en: 'is not a district of this region' }),
  notIndustry: { zh: '不是国民经济行业分类（GB/T 4754）中的代码或名称', en: 'is not a GB/T 4754 industry code or name' },
  notSize: { zh: '应为 大型、中型、小型 或 微型', en: 'must be large, medium, small or micro' },
  notPhone: { zh: '格式不正确', en: 'is not a valid phone number' },
  notEmail: { zh: '格式不正确', en: 'is not a valid e-mail address' },
  repeatsRow: (row: number): Msg => ({ zh: `与第 ${row} 行重复`, en: `repeats row ${row}` }),
  importOutsideArea: { zh: '超出您的管理范围（只能导入本辖区的企业）', en: 'is outside your area (import enterprises of your own area only)' },
  importRegistered: (name: string): Msg => ({ zh: `已登记为「${name}」（如需更新已有企业，请选择“更新已登记的企业”）`, en: `is already registered, as “${name}” (choose “update registered enterprises” to update it)` }),
  importRegisteredElsewhere: (name: string): Msg => ({ zh: `已由其他辖区登记为「${name}」，无权更新`, en: `is registered by another area as “${name}”; you cannot update it` }),
  importMerged: { zh: '该记录已被合并到其他企业，不能更新', en: 'was merged into another record and cannot be updated' },
  importChanged: (now: number, then: number): Msg => ({
    zh: `校验后数据已变化（现有 ${now} 行有错误，校验时为 ${then} 行），请重新校验`,
    en: `The data changed since the check (${now} rows now have errors, ${then} did); check the file again`,
  }),
  importCommitted: { zh: '该文件已导入，请勿重复提交', en: 'This file has already been imported' },
} satisfies Record<string, Msg | ((...args: never[]) => Msg)>;
