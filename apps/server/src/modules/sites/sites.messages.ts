/** What the sites module tells its users, in Chinese and English (a field error's message follows the field's name). */
import { SITE_KIND_LABELS, SITE_STATUS_LABELS, type SiteKind, type SiteStatus } from '@shangmi/shared';
import type { Msg } from '../../platform/messages.js';

const kind = (k: SiteKind) => SITE_KIND_LABELS[k];
const status = (s: SiteStatus) => SITE_STATUS_LABELS[s];

export const msg = {
  /** under an organisation field that mirrors the registry's record (orgs.recordKept) */
  keptByRegistry: { zh: '由基地站点维护，请在站点详情中修改', en: 'is kept by the site registry; change it on the site page' },
  revokedReadOnly: { zh: '该站点已撤销，记录只读', en: 'This site has been revoked; its record is read-only' },
  parentKinds: (k: SiteKind, under: readonly SiteKind[]): Msg => ({
    zh: `${kind(k).zh}只能设在${under.map((u) => kind(u).zh).join('或')}之下`,
    en: `a ${kind(k).en.toLowerCase()} can only hang under a ${under.map((u) => kind(u).en.toLowerCase()).join(' or ')}`,
  }),
  noParent: (k: SiteKind): Msg => ({ zh: `${kind(k).zh}不设上级站点`, en: `a ${kind(k).en.toLowerCase()} has no parent site` }),
  /** task 3: "鼓励有条件的县（市）区设立…维权指导中心" — a centre is a district's */
  centreDistrict: { zh: '维权指导中心须属于一个区县', en: 'a guidance centre belongs to a district' },
  centreLevel: { zh: '维权指导中心为区县级', en: 'a guidance centre is district level' },
  parentBelowItself: { zh: '不能设在自身或其下级之下', en: 'cannot be itself or below itself' },
  parentRevoked: { zh: '已撤销的站点不能再设下级', en: 'is revoked' },
  siteCannotCreate: { zh: '站点用户不能新建站点', en: 'Site users cannot create sites' },
  parentDistrict: { zh: '须与上级站点所在区县一致', en: 'must be the parent site’s district' },
  lngLatTogether: { zh: '经度和纬度须同时填写', en: 'longitude and latitude go together' },
  keptByBureau: { zh: '由主管部门维护，站点不能修改', en: 'is kept by the bureau; the site cannot change it' },
  statusOnlyByAcceptance: (to: SiteStatus): Msg => ({
    zh: `“${status(to).zh}”只能通过验收申请和市局认定取得`,
    en: `“${status(to).en}” comes only from an acceptance and the city’s approval`,
  }),
  statusMove: (from: SiteStatus, to: SiteStatus): Msg => ({
    zh: `不能从“${status(from).zh}”变更为“${status(to).zh}”`,
    en: `cannot change from “${status(from).en}” to “${status(to).en}”`,
  }),
  siteMovesOnlyToOperating: { zh: '站点只能在认定后将自身状态改为“运行中”，其余状态由主管部门变更', en: 'A site may only set itself operating once accredited; the bureau makes the other changes' },
  cityRevokesAccredited: { zh: '撤销已认定的站点须由市局决定', en: 'Only the city bureau revokes an accredited site' },
  bureauSuspends: { zh: '暂停、恢复或撤销站点须由主管区县决定', en: 'Only the supervising bureau suspends, resumes or revokes a site' },
  siteCannotOpenAccounts: { zh: '站点用户不能开通账号', en: 'Site users cannot open accounts' },
  notImages: (names: string[]): Msg => ({ zh: `不是图片：${names.join('、')}`, en: `are not images: ${names.join(', ')}` }),
  noNewerShipped: { zh: '没有可采用的系统新版建设标准', en: 'There is no newer shipped standard of this kind to adopt' },
  tooLong: (max: number): Msg => ({ zh: `最多 ${max} 个字符`, en: `at most ${max} characters` }),
  importNameRequired: { zh: '站点名称必填', en: 'the name is required' },
  importBadKind: (kind: string): Msg => ({ zh: `类型“${kind}”无效（基地、站或点）`, en: `kind “${kind}” is not base, station or point` }),
  importBadLevel: (level: string): Msg => ({ zh: `级别“${level}”无效（市级或区级）`, en: `level “${level}” is not city or district` }),
  importRepeatsRow: (row: number): Msg => ({ zh: `与第 ${row} 行重名`, en: `repeats row ${row}` }),
  importParentKind: (k: SiteKind, parent: SiteKind): Msg => ({ zh: `${kind(k).zh}不能设在${kind(parent).zh}之下`, en: `a ${k} cannot hang under a ${parent}` }),
  importNameExists: { zh: '已存在同名站点', en: 'a site of this name exists' },
  importNotDistrict: (district: string): Msg => ({ zh: `“${district}”不是本地区的区县`, en: `“${district}” is not a district of this region` }),
  importNoParent: (parent: string): Msg => ({ zh: `上级站点“${parent}”不存在或不在您的管理范围内（可写在本文件靠前的行）`, en: `parent “${parent}” does not exist in your area (it may be a row above)` }),
  importOutsideArea: { zh: '超出您的管理范围（只能导入本辖区的站点）', en: 'is outside your area (import sites of your own district)' },
  importNotPark: (park: string): Msg => ({ zh: `“${park}”不是本地区的园区`, en: `“${park}” is not a park of this region` }),
  importBadHostKind: (hostKind: string): Msg => ({ zh: `依托单位类型“${hostKind}”无效`, en: `host kind “${hostKind}” is not allowed` }),
  importBadService: (part: string): Msg => ({ zh: `服务内容“${part}”无效`, en: `service “${part}” is not allowed` }),
  numberBetween: (min: number, max: number): Msg => ({ zh: `应为 ${min}～${max} 之间的数`, en: `must be a number between ${min} and ${max}` }),
  notPhone: { zh: '电话格式不正确', en: 'is not a phone number' },
  notEmail: { zh: '邮箱格式不正确', en: 'is not an e-mail address' },
  importParentRowFailed: (parentName: string | null): Msg => ({ zh: `上级站点“${parentName}”所在行有错误`, en: `the row of parent “${parentName}” has errors` }),
  importCommitted: { zh: '该导入已执行', en: 'This import has already been committed' },
} satisfies Record<string, Msg | ((...args: never[]) => Msg)>;
