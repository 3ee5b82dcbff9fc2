import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCommonPassword, PASSWORD_PROBLEM_MESSAGES, passwordProblems } from './password.js';

describe('password policy', () => {
  it('accepts 8+ characters from 3 classes', () => {
    expect(passwordProblems('Gobi#Lake1')).toEqual([]);
    expect(passwordProblems('tarn#fell1')).toEqual([]);
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

describe('common passwords and the organisation (issue 21 item 5)', () => {
  it('refuses Password1 and its look-alike spellings', () => {
    for (const p of ['Password1', 'PASSWORD1', 'P@ssw0rd', 'P@ssw0rd1', 'Pa$$w0rd', 'Qwerty123', '1qaz@WSX', 'Admin@123', 'Woaini1314', 'Abcd1234']) {
      expect(passwordProblems(p), p).toContain('common');
    }
    expect(isCommonPassword('Test#User2026')).toBe(false);
    expect(passwordProblems('Init#Admin2026')).toEqual([]);
  });
  it('refuses a password holding the organisation name, short name, credit code or its organisation code', () => {
    const org = { username: 'zhang', orgName: '宁夏塞上科技有限公司', orgShortName: '塞上科技', creditCode: '91640106MA5CJQ4N5X' };
    expect(passwordProblems('宁夏塞上科技有限公司#1a', org)).toContain('containsOrg');
    expect(passwordProblems('塞上科技#2026aB', org)).toContain('containsOrg');
    expect(passwordProblems('x91640106ma5cjq4n5xA#', org)).toContain('containsOrg');
    expect(passwordProblems('Ma5cjq4n5#a', org)).toContain('containsOrg');
    expect(passwordProblems('Zhang#2026a', org)).toEqual(['containsUsername']);
    expect(passwordProblems('Shangmi#Tour2026', org)).toEqual([]);
  });
  it('has a message in both languages for every rule', () => {
    for (const m of Object.values(PASSWORD_PROBLEM_MESSAGES)) expect(m.zh && m.en).toBeTruthy();
  });
  it('any common-list entry, whatever its case, is refused', () => {
    const samples = ['password1', 'qwerty123', 'abcd1234', '1qaz2wsx', 'iloveyou1', 'a123456789'];
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (p, upper) => {
        const cased = [...p].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
        expect(passwordProblems(cased)).toContain('common');
      }),
    );
  });
});
