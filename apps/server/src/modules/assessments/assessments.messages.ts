/** What the health-check module tells its users, in Chinese and English (a field error's message follows the field's name). */
import type { Msg } from '../../platform/messages.js';

export const msg = {
  submittedReadOnly: { zh: '体检已提交，不能再修改', en: 'The health check has been submitted and can no longer change' },
  cannotAnswer: { zh: '您不能填写这份体检', en: 'You cannot answer this health check' },
  noFramework: { zh: '尚未加载诊断框架', en: 'No health-check framework is loaded' },
  /** A framework file's problems, each with its line and path in the file. */
  frameworkInvalid: (problems: { line: number | null; path: string; message: string }[]): Msg => ({
    zh: `诊断框架文件有误：${problems.map((p) => `${p.line ? `第${p.line}行` : ''}${p.path ? `（${p.path}）` : ''}${p.message}`).join('；')}`,
    en: `the framework file is invalid: ${problems.map((p) => `${p.line ? `line ${p.line}` : ''}${p.path ? ` (${p.path})` : ''}: ${p.message}`).join('; ')}`,
  }),
  frameworkVersionExists: (code: string, version: string): Msg => ({ zh: `${code} 第 ${version} 版已存在，请提高版本号`, en: `${code} version ${version} exists already: raise the version` }),
  enterpriseSelfOnly: { zh: '企业只能开展自查', en: 'an enterprise can only run a self-check' },
  staffOnsiteOnly: { zh: '工作人员只能开展现场诊断', en: 'staff can only run on-site checks' },
  onsiteBySites: { zh: '现场诊断由保护站点工作人员开展', en: 'On-site checks are run by protection-site staff' },
  onsiteNeedsConsentBy: { zh: '现场诊断须记录企业同意人', en: 'an on-site check needs the name of who agreed at the enterprise' },
  onsiteNeedsConsentDate: { zh: '现场诊断须记录企业同意日期', en: 'an on-site check needs the date of consent' },
  notInCampaign: { zh: '该企业不在此体检活动中', en: 'the enterprise is not part of this campaign' },
  unknownRequirement: (k: string): Msg => ({ zh: `${k} 不是本框架的诊断项`, en: `${k} is not a requirement of this framework` }),
  unknownProfileQuestion: (k: string): Msg => ({ zh: `${k} 不是本框架的画像问题`, en: `${k} is not a profile question of this framework` }),
  notRequirement: { zh: '不是本框架的诊断项', en: 'is not a requirement of this framework' },
  onlyEnterpriseShares: { zh: '只有企业本身可以决定是否共享体检结果', en: 'Only the enterprise itself decides whether to share its health check' },
  unanswered: (count: number): Msg => ({ zh: `还有 ${count} 项未作答`, en: `${count} requirements are not answered yet` }),
  unansweredList: (ids: string[]): Msg => ({ zh: `未作答：${ids.join('、')}`, en: `not answered: ${ids.join(', ')}` }),
  submittedAlready: { zh: '体检已提交', en: 'The health check has been submitted already' },
  reportAfterSubmit: { zh: '体检提交后才有报告', en: 'The report exists once the health check is submitted' },
  campaignsByBureaus: { zh: '体检活动由市、区县局发起', en: 'Campaigns are launched by the city or district bureaus' },
  noEnterpriseMatches: { zh: '没有符合条件的企业', en: 'no enterprise matches' },
} satisfies Record<string, Msg | ((...args: never[]) => Msg)>;
