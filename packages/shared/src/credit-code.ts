/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters = 登记管理部门 (1) + 机构类别 (1) + 登记管理机关行政区划码 (6)
 * + 主体标识码 (9) + 校验码 (1). Characters come from a 31-symbol alphabet without I, O, S, V, Z.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

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

export type CreditCodeProblem = 'length' | 'charset' | 'checkChar';

/** Why a code is not valid (upper-casing first: people type lower case), or null when it is. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const c = normalizeCreditCode(code);
  if (c.length !== 18) return 'length';
  for (const ch of c) if (!CREDIT_CODE_CHARSET.includes(ch)) return 'charset';
  return creditCodeCheckChar(c.slice(0, 17)) === c[17] ? null : 'checkChar';
}

export const isValidCreditCode = (code: string) => creditCodeProblem(code) === null;

export function normalizeCreditCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The 6-digit administrative division of the registering authority (suggests the district). */
export function creditCodeDivision(code: string): string {
  return normalizeCreditCode(code).slice(2, 8);
}
