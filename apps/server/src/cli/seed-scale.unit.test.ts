import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeProblem } from '@shangmi/shared';
import { enterpriseCreditCode } from './seed-scale/enterprise-profiles.js';

describe('seed-scale credit codes', () => {
  it('are valid under the full GB 32100 / GB 11714 check, for enterprises and sole traders', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 31 ** 6 - 1 }), fc.constantFrom('640104', '640106', '640100', '110105'), fc.constantFrom('1' as const, '2' as const), (i, d, r) => {
        expect(creditCodeProblem(enterpriseCreditCode(i, d, r))).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
  it('never repeat', () => {
    const codes = new Set(Array.from({ length: 50_000 }, (_, i) => enterpriseCreditCode(i, '640106')));
    expect(codes.size).toBe(50_000);
  });
});
