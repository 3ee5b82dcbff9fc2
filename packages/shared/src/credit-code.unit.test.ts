import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARSET, creditCodeCheckChar, creditCodeDivision, creditCodeProblem, isValidCreditCode } from './credit-code.js';

const body17 = fc.array(fc.constantFrom(...CREDIT_CODE_CHARSET.split('')), { minLength: 17, maxLength: 17 }).map((a) => a.join(''));

describe('统一社会信用代码 check character (GB 32100-2015)', () => {
  it('accepts the examples in DOMAIN.md', () => {
    for (const c of ['91350100M000100Y43', '91440101MA5CJQ4N59', '91350213678251743X']) expect(isValidCreditCode(c)).toBe(true);
  });
  it('accepts lower case input', () => {
    expect(isValidCreditCode('91440101ma5cjq4n59')).toBe(true);
  });
  it('every code built with its check character passes', () => {
    fc.assert(fc.property(body17, (b) => isValidCreditCode(b + creditCodeCheckChar(b)!)));
  });
  it('any single-character change fails', () => {
    fc.assert(
      fc.property(body17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (b, pos, shift) => {
        const code = b + creditCodeCheckChar(b)!;
        const i = CREDIT_CODE_CHARSET.indexOf(code[pos]);
        const changed = code.slice(0, pos) + CREDIT_CODE_CHARSET[(i + shift) % 31] + code.slice(pos + 1);
        expect(isValidCreditCode(changed)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it('names the problem', () => {
    expect(creditCodeProblem('123')).toBe('length');
    expect(creditCodeProblem('91350100M000100YO3')).toBe('charset');
    expect(creditCodeProblem('91350100M000100Y44')).toBe('checkChar');
  });
  it('reads the division code', () => {
    expect(creditCodeDivision('91640106MA76XXXXXX')).toBe('640106');
  });
});
