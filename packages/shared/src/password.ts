import { COMMON_PASSWORDS_PACKED } from './data/common-passwords.js';

/**
 * Password policy (GB/T 22239 level 3 yardstick, NIST SP 800-63B's "not a commonly used password"): at least 8
 * characters drawn from at least 3 of lower case, upper case, digits and symbols; not one of the common passwords of
 * public leaks (after lower-casing and undoing look-alike symbols: P@ssw0rd is password); never containing the user
 * name, the organisation's name (or short name) or its credit code (or the organisation code inside it). Shared, so
 * the browser ticks the rules off live with the server's own check.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'tooShort' | 'tooLong' | 'tooFewClasses' | 'common' | 'containsUsername' | 'containsOrg';

/** What a password must not contain: the account's user name and its organisation's names and codes. */
export interface PasswordContext {
  username?: string | null;
  orgName?: string | null;
  orgShortName?: string | null;
  creditCode?: string | null;
}

/** The rules as people read them, in the order the policy lists them. */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, { zh: string; en: string }> = {
  tooShort: { zh: `至少 ${PASSWORD_MIN_LENGTH} 个字符`, en: `At least ${PASSWORD_MIN_LENGTH} characters` },
  tooLong: { zh: `最多 ${PASSWORD_MAX_LENGTH} 个字符`, en: `At most ${PASSWORD_MAX_LENGTH} characters` },
  tooFewClasses: { zh: '包含大写字母、小写字母、数字、符号中的至少 3 类', en: 'At least 3 of: upper case, lower case, digits, symbols' },
  common: { zh: '不是常见密码（如 Password1、P@ssw0rd）', en: 'Not a common password (such as Password1 or P@ssw0rd)' },
  containsUsername: { zh: '不含用户名', en: 'Does not contain the user name' },
  containsOrg: { zh: '不含单位名称或统一社会信用代码', en: 'Does not contain the organisation’s name or credit code' },
};

let common: Set<string> | undefined;

/** The shipped list, unpacked on first use (sorted; each entry = shared prefix length as A–Z + the rest). */
function commonPasswords(): Set<string> {
  if (common) return common;
  const set = new Set<string>();
  const parts = COMMON_PASSWORDS_PACKED.split(/([A-Z])/);
  let last = '';
  for (let i = 1; i < parts.length; i += 2) {
    last = last.slice(0, parts[i].charCodeAt(0) - 65) + parts[i + 1];
    set.add(last);
  }
  common = set;
  return set;
}

const LOOK_ALIKES: Record<string, string> = { '@': 'a', '4': 'a', $: 's', '5': 's', '0': 'o', '3': 'e', '7': 't', '!': 'i', '|': 'l' };

/** Whether a password is, up to case and look-alike symbols, one of the common passwords. */
export function isCommonPassword(password: string): boolean {
  const lower = password.normalize('NFKC').toLowerCase();
  const set = commonPasswords();
  if (set.has(lower)) return true;
  const plain = [...lower].map((c) => LOOK_ALIKES[c] ?? c).join('');
  // a 1 stands for an i or an l: p4ssw0rd1 and c1ty
  return set.has(plain) || set.has(plain.replaceAll('1', 'i')) || set.has(plain.replaceAll('1', 'l'));
}

const contains = (haystack: string, needle: string | null | undefined, min: number) =>
  !!needle && needle.trim().length >= min && haystack.includes(needle.trim().normalize('NFKC').toLowerCase());

export function passwordProblems(password: string, context?: string | PasswordContext): PasswordProblem[] {
  const who: PasswordContext = typeof context === 'string' ? { username: context } : (context ?? {});
  const problems: PasswordProblem[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push('tooShort');
  if (password.length > PASSWORD_MAX_LENGTH) problems.push('tooLong');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('tooFewClasses');
  if (password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH && isCommonPassword(password)) problems.push('common');
  const lower = password.normalize('NFKC').toLowerCase();
  if (contains(lower, who.username, 3)) problems.push('containsUsername');
  const code = who.creditCode?.trim();
  if (
    contains(lower, who.orgName, 2) ||
    contains(lower, who.orgShortName, 2) ||
    contains(lower, code, 9) ||
    // the organisation code inside the credit code (characters 9–17) is what people remember of it
    (code?.length === 18 && contains(lower, code.slice(8, 17), 9))
  ) {
    problems.push('containsOrg');
  }
  return problems;
}
