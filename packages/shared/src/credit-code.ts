import { z } from 'zod';

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters = 登记管理部门 (1) + 机构类别 (1) + 登记管理机关行政区划码 (6)
 * + 主体标识码 (9: the organisation code of GB 11714, with its own check character) + 校验码 (1).
 * Characters come from a 31-symbol alphabet without I, O, S, V, Z.
 *
 * This is the one validator of the platform (registration, the public report form, the enterprise forms, bulk import);
 * `CREDIT_CODE_PROBLEM_MESSAGES` is its one wording, in Chinese and English.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * 登记管理部门代码 → the 机构类别代码 allowed under it. The table of GB 32100-2015 (登记管理部门和机构类别代码), with the
 * rows A and N added to it later; the text as reproduced by public implementations found through the search tool
 * (e.g. fdstar/NumberValidators `BusinessRegistrationNos/ManagementKindCode.cs` for the 1 / 5 / 9 rows):
 *   1 机构编制: 1 机关, 2 事业单位, 3 中央编办直接管理机构编制的群众团体, 9 其他
 *   2 外交: 1 外国常驻新闻机构, 9 其他
 *   3 司法行政: 1 律师执业机构, 2 公证处, 3 基层法律服务所, 4 司法鉴定机构, 5 仲裁委员会, 9 其他
 *   4 文化: 1 外国在华文化中心, 9 其他
 *   5 民政: 1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他
 *   6 旅游: 1 外国旅游部门常驻代表机构, 2 港澳台地区旅游部门常驻内地（大陆）代表机构, 9 其他
 *   7 宗教: 1 宗教活动场所, 2 宗教院校, 9 其他
 *   8 工会: 1 基层工会, 9 其他
 *   9 工商 (now 市场监管): 1 企业, 2 个体工商户, 3 农民专业合作社
 *   A 中央军委改革和编制办公室: 1 军队事业单位, 9 其他
 *   N 农业: 1 组级集体经济组织, 2 村级集体经济组织, 3 乡镇级集体经济组织, 9 其他
 *   Y 其他: no kinds; the kind character is always 1
 */
export const CREDIT_CODE_KINDS: Readonly<Record<string, string>> = {
  '1': '1239',
  '2': '19',
  '3': '123459',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

/** The check character for the first 17 characters, or null if one of them is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[c === 31 ? 0 : c];
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * GB 11714-1997 check character of an organisation code's first 8 characters: digits count 0–9, letters 10–35
 * (A = 10 … Z = 35); C9 = 11 − (Σ value·weight mod 11), 10 is written X and 11 is written 0. Null outside [0-9A-Z].
 */
export function orgCodeCheckChar(first8: string): string | null {
  if (first8.length !== 8) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = first8[i];
    const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : -1;
    if (v < 0) return null;
    sum += v * ORG_WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * A valid code from its parts: `authorityKind` (2 characters, e.g. `91`), the 6-digit division and the organisation
 * code's first 8 characters; both check characters are computed. For generators (seed data, tests).
 */
export function buildCreditCode(authorityKind: string, division: string, orgBody8: string): string {
  const org = orgBody8 + orgCodeCheckChar(orgBody8);
  const first17 = `${authorityKind}${division}${org}`;
  const check = creditCodeCheckChar(first17);
  if (check === null || first17.length !== 17) throw new Error(`cannot build a credit code from ${authorityKind} ${division} ${orgBody8}`);
  return first17 + check;
}

export type CreditCodeProblem = 'length' | 'charset' | 'authority' | 'kind' | 'division' | 'orgCode' | 'checkChar';

/**
 * Why a code is not valid (upper-casing first: people type lower case), or null when it is. Checked in reading order;
 * the organisation code's own check comes after the code's: one mistyped character breaks both, and the code's
 * check is the message people understand.
 */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const c = normalizeCreditCode(code);
  if (c.length !== 18) return 'length';
  for (const ch of c) if (!CREDIT_CODE_CHARSET.includes(ch)) return 'charset';
  const kinds = CREDIT_CODE_KINDS[c[0]];
  if (!kinds) return 'authority';
  if (!kinds.includes(c[1])) return 'kind';
  if (!/^\d{6}$/.test(c.slice(2, 8)) || c.slice(2, 8) === '000000') return 'division';
  if (creditCodeCheckChar(c.slice(0, 17)) !== c[17]) return 'checkChar';
  if (orgCodeCheckChar(c.slice(8, 16)) !== c[16]) return 'orgCode';
  return null;
}

export const isValidCreditCode = (code: string) => creditCodeProblem(code) === null;

export function normalizeCreditCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The 6-digit administrative division of the registering authority (suggests the district). */
export function creditCodeDivision(code: string): string {
  return normalizeCreditCode(code).slice(2, 8);
}

/** The one wording of every credit-code problem, wherever a code is typed or imported. */
export const CREDIT_CODE_PROBLEM_MESSAGES: Record<CreditCodeProblem, { zh: string; en: string }> = {
  length: { zh: '长度应为 18 位', en: 'must have 18 characters' },
  charset: {
    zh: '含有无效字符（只能是数字和除 I、O、S、V、Z 以外的大写字母）',
    en: 'contains an invalid character (digits and capital letters except I, O, S, V, Z only)',
  },
  authority: { zh: '登记管理部门代码无效（第 1 位）', en: 'has an invalid registration authority code (1st character)' },
  kind: { zh: '机构类别代码无效（第 2 位）', en: 'has an invalid organisation kind code (2nd character)' },
  division: { zh: '登记管理机关行政区划码无效（第 3–8 位应为 6 位数字）', en: 'has an invalid division code (characters 3–8 must be 6 digits)' },
  orgCode: { zh: '主体标识码（组织机构代码）校验位不正确（第 9–17 位）', en: 'has a wrong organisation code check character (characters 9–17)' },
  checkChar: { zh: '校验位不正确', en: 'has a wrong check character' },
};

/** The readable problem with a credit code, or null when it is valid. */
export function creditCodeMessage(code: string): { zh: string; en: string } | null {
  const p = creditCodeProblem(code);
  return p ? CREDIT_CODE_PROBLEM_MESSAGES[p] : null;
}

/**
 * A request field holding a credit code: trimmed, upper-cased and checked here, its problem carried in the issue's
 * params (`{ zh, en }`) so the server's validation error names it in the user's language, in the same words as the forms.
 */
export const creditCodeField = () =>
  z
    .string()
    .trim()
    .toUpperCase()
    .superRefine((v, ctx) => {
      const m = creditCodeMessage(v);
      if (m) ctx.addIssue({ code: 'custom', message: m.en, params: { zh: m.zh, en: m.en } });
    });
