import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryTokens, searchTokens, toTsQuery } from './search.js';

const NAME = '银川新华百货商店有限公司';

/** What the database does: every query token is a document token, or (prefix) starts one. */
function matches(docTokens: string[], query: string): boolean {
  const q = queryTokens(query);
  if (!q.length) return false;
  return q.every((t) => docTokens.some((d) => (t.prefix ? d.startsWith(t.text) : d === t.text)));
}

describe('document tokens', () => {
  it('hold the segmenter words and every bigram of the Chinese runs', () => {
    const tokens = searchTokens(NAME);
    for (const b of ['银川', '川新', '新华', '华百', '百货', '货商', '商店', '店有', '有限', '限公', '公司']) expect(tokens).toContain(b);
    expect(tokens).toContain('有限公司');
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('lower-case letters after NFKC, and split words into letters and digits only', () => {
    const tokens = searchTokens('ＬＥＤ灯 3.5mm iPhone', '91640106MA76XXXXXX');
    expect(tokens).toEqual(expect.arrayContaining(['led', '灯', '3', '5mm', 'iphone', '91640106ma76xxxxxx']));
    for (const t of tokens) expect(t).toMatch(/^[\p{L}\p{N}]+$/u);
  });

  it('skip empty fields and punctuation', () => {
    expect(searchTokens(null, undefined, '', '、。，！')).toEqual([]);
  });
});

describe('queries', () => {
  it('find 银川新华百货商店有限公司 from 新华百货, 百货 and the partial 华百', () => {
    const doc = searchTokens(NAME);
    for (const q of ['新华百货', '百货', '华百', '银川新华', '新华 商店', '百货商店有限公司']) expect(matches(doc, q), q).toBe(true);
    for (const q of ['新华书店', '百货大楼', '华联']) expect(matches(doc, q), q).toBe(false);
  });

  it('make Chinese runs bigrams, a lone character and other words prefixes', () => {
    expect(queryTokens('新华百货')).toEqual([
      { text: '新华', prefix: false },
      { text: '华百', prefix: false },
      { text: '百货', prefix: false },
    ]);
    expect(queryTokens('华')).toEqual([{ text: '华', prefix: true }]);
    expect(queryTokens('9164 LED灯')).toEqual([
      { text: '灯', prefix: true },
      { text: '9164', prefix: true },
      { text: 'led', prefix: true },
    ]);
    expect(queryTokens('  ！！ ')).toEqual([]);
  });

  it('a credit code typed in part finds the whole one', () => {
    expect(matches(searchTokens('91640106MA76XXXXXX'), '91640106')).toBe(true);
  });

  it('builds tsquery text that needs no escaping', () => {
    expect(toTsQuery(queryTokens('新华百货 abc'))).toBe("'新华' & '华百' & '百货' & 'abc':*");
    expect(toTsQuery([])).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const tsq = toTsQuery(queryTokens(s));
        if (tsq === null) return;
        // quotes only where the builder put them
        expect(tsq.replace(/'[\p{L}\p{N}]+'(:\*)?/gu, '').replace(/ & /g, '')).toBe('');
      }),
    );
  });

  it('every substring of two or more Chinese characters of a name finds it', () => {
    const names = ['银川新华百货商店有限公司', '宁夏共享集团股份有限公司', '银川老字号羊杂碎餐饮管理有限公司'];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.nat(), fc.nat(), (name, a, b) => {
        const chars = [...name];
        const start = a % (chars.length - 1);
        const end = start + 2 + (b % (chars.length - start - 1));
        expect(matches(searchTokens(name), chars.slice(start, end).join(''))).toBe(true);
      }),
    );
  });
});
