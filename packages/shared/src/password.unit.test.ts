import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password.js';

describe('password policy', () => {
  it('accepts 8+ characters from 3 classes', () => {
    expect(passwordProblems('Abcdefg1')).toEqual([]);
    expect(passwordProblems('abc#efg1')).toEqual([]);
  });
  it('names each problem', () => {
    expect(passwordProblems('Ab1#')).toContain('tooShort');
    expect(passwordProblems('abcdefgh1')).toContain('tooFewClasses');
    expect(passwordProblems('Alice#2026', 'alice')).toContain('containsUsername');
  });
  it('never accepts a password of fewer than 3 classes, whatever its length', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{0,40}$/), (p) => {
        expect(passwordProblems(p).length).toBeGreaterThan(0);
      }),
    );
  });
  it('always accepts a long password that mixes all four classes and no user name', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{2,10}$/), fc.stringMatching(/^[A-Z]{2,10}$/), fc.integer({ min: 100, max: 99999 }), (l, u, n) => {
        expect(passwordProblems(`${l}${u}#${n}`)).toEqual([]);
      }),
    );
  });
});
