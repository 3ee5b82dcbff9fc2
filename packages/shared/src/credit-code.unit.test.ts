import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCreditCode,
  CREDIT_CODE_CHARSET,
  CREDIT_CODE_KINDS,
  CREDIT_CODE_PROBLEM_MESSAGES,
  creditCodeCheckChar,
  creditCodeDivision,
  creditCodeMessage,
  creditCodeProblem,
  isValidCreditCode,
  orgCodeCheckChar,
} from './credit-code.js';

const char = fc.constantFrom(...CREDIT_CODE_CHARSET.split(''));
const authorityKind = fc.constantFrom(...Object.entries(CREDIT_CODE_KINDS).flatMap(([a, kinds]) => kinds.split('').map((k) => a + k)));
const division = fc.stringMatching(/^\d{6}$/).filter((d) => d !== '000000');
const orgBody = fc.array(char, { minLength: 8, maxLength: 8 }).map((a) => a.join(''));
/** a valid code built from valid parts */
const validCode = fc.tuple(authorityKind, division, orgBody).map(([ak, d, b]) => buildCreditCode(ak, d, b));

/** GB 11714 check written out independently of the implementation (values, weights, 10 → X, 11 → 0). */
function orgCheckReference(body8: string): string {
  const value = (ch: string) => '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(ch);
  const sum = [3, 7, 9, 10, 5, 8, 4, 2].reduce((s, w, i) => s + w * value(body8[i]), 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts the examples in DOMAIN.md', () => {
    for (const c of ['91350100M000100Y43', '91440101MA5CJQ4N59', '91350213678251743X']) expect(isValidCreditCode(c)).toBe(true);
  });
  it('accepts lower case input', () => {
    expect(isValidCreditCode('91440101ma5cjq4n59')).toBe(true);
  });
  it('names the problem', () => {
    expect(creditCodeProblem('123')).toBe('length');
    expect(creditCodeProblem('91350100M000100YO3')).toBe('charset');
    expect(creditCodeProblem('91350100M000100Y44')).toBe('checkChar');
  });
  it('refuses an all-zero code (its check character is right: 0)', () => {
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
    expect(creditCodeProblem('000000000000000000')).toBe('authority');
  });
  it('refuses a registration authority or organisation kind outside the GB 32100 table', () => {
    const withCheck = (first17: string) => first17 + creditCodeCheckChar(first17)!;
    expect(creditCodeProblem(withCheck('01350100M000100Y4'))).toBe('authority');
    expect(creditCodeProblem(withCheck('B1350100M000100Y4'))).toBe('authority');
    expect(creditCodeProblem(withCheck('94350100M000100Y4'))).toBe('kind'); // 工商 has kinds 1–3 only
    expect(creditCodeProblem(withCheck('Y2350100M000100Y4'))).toBe('kind'); // 其他 has kind 1 only
    expect(creditCodeProblem(withCheck('913501A0M000100Y4'))).toBe('division');
  });
  it('checks the organisation code (characters 9–17) with its own GB 11714 check character', () => {
    const withCheck = (first17: string) => first17 + creditCodeCheckChar(first17)!;
    expect(creditCodeProblem(withCheck('91350100M000100Y5'))).toBe('orgCode');
    expect(orgCodeCheckChar('MA5CJQ4N')).toBe('5');
    expect(orgCodeCheckChar('67825174')).toBe('3');
  });
  it('reads the division code', () => {
    expect(creditCodeDivision('91640106MA76XXXXXX')).toBe('640106');
  });
  it('has a Chinese and an English message for every problem', () => {
    for (const m of Object.values(CREDIT_CODE_PROBLEM_MESSAGES)) expect(m.zh && m.en).toBeTruthy();
    expect(creditCodeMessage('123')).toEqual({ zh: '长度应为 18 位', en: 'must have 18 characters' });
    expect(creditCodeMessage('000000000000000000')?.zh).toMatch(/^登记管理部门代码无效/);
  });
});

describe('credit-code properties', () => {
  it('every code built from valid parts passes', () => {
    fc.assert(fc.property(validCode, (c) => creditCodeProblem(c) === null));
  });

  it('any single-character change of a valid code fails', () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (code, pos, shift) => {
        const i = CREDIT_CODE_CHARSET.indexOf(code[pos]);
        const changed = code.slice(0, pos) + CREDIT_CODE_CHARSET[(i + shift) % 31] + code.slice(pos + 1);
        expect(isValidCreditCode(changed)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the rules written out on any 18 characters of the alphabet', () => {
    fc.assert(
      fc.property(fc.array(char, { minLength: 18, maxLength: 18 }).map((a) => a.join('')), (c) => {
        const expected =
          (CREDIT_CODE_KINDS[c[0]] ?? '').includes(c[1]) &&
          /^\d{6}$/.test(c.slice(2, 8)) &&
          c.slice(2, 8) !== '000000' &&
          orgCheckReference(c.slice(8, 16)) === c[16] &&
          creditCodeCheckChar(c.slice(0, 17)) === c[17];
        expect(isValidCreditCode(c)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('a code whose organisation part is checked right stays valid only with its own check character', () => {
    fc.assert(
      fc.property(authorityKind, division, orgBody, char, (ak, d, body, wrong) => {
        const good = orgCodeCheckChar(body)!;
        fc.pre(wrong !== good);
        const first17 = `${ak}${d}${body}${wrong}`;
        expect(creditCodeProblem(first17 + creditCodeCheckChar(first17))).toBe('orgCode');
      }),
    );
  });

  it('never throws and always names a known problem, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const p = creditCodeProblem(s);
        expect(p === null || p in CREDIT_CODE_PROBLEM_MESSAGES).toBe(true);
      }),
    );
  });
});
