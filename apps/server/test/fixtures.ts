import { buildCreditCode } from '@shangmi/shared';

/** Known passwords of the test template (the template is built once per run by the global setups). */
export const ADMIN_PASSWORD = 'Init#Admin2026';
export const NEW_ADMIN_PASSWORD = 'Changed#Admin2026';
export const USER_PASSWORD = 'Test#User2026';

/**
 * Valid 统一社会信用代码 for a test file, under the full check (GB 32100 and the organisation code's own GB 11714 check):
 * 91 (an enterprise registered by market regulation) + the 行政区划 given + an organisation code made of a 4-digit serial
 * and the file's own 4-character tag (so files running side by side never draw the same code), each with its check
 * character (shared's buildCreditCode).
 */
export function creditCodes(tag: string): (division: string) => string {
  if (!/^[0-9A-HJ-NP-RTUWXY]{4}$/.test(tag)) throw new Error(`a credit-code tag is 4 characters of the code's alphabet: ${tag}`);
  let serial = 0;
  return (division) => buildCreditCode('91', division, `${String(++serial).padStart(4, '0')}${tag}`);
}

/** An anonymous report (举报) as the public form or a staff intake files it, against the respondent's credit code. */
export const reportFiling = (respondentCreditCode: string, extra: Record<string, unknown> = {}) => ({
  tracks: ['report'],
  title: '前员工带走配方',
  description: '某公司前技术员离职后将配方交给竞争对手使用。',
  respondentName: '宁夏某某化工有限公司',
  respondentCreditCode,
  anonymous: true,
  ...extra,
});
