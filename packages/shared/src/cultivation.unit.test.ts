import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batchLabel, chineseNumber, CULTIVATION_PATH, nextCultivationStage } from './cultivation.js';

describe('cultivation helpers', () => {
  it('writes batch numbers the way circulars do', () => {
    expect([1, 2, 9, 10, 11, 12, 20, 21, 35, 99].map(chineseNumber)).toEqual(['一', '二', '九', '十', '十一', '十二', '二十', '二十一', '三十五', '九十九']);
    expect(chineseNumber(120)).toBe('120');
    expect(batchLabel(2025, 1, 'zh-CN')).toBe('2025年第一批');
    expect(batchLabel(2025, 12, 'en-US')).toBe('2025 batch 12');
  });

  it('names every number from 1 to 99 differently', () => {
    const seen = new Set(Array.from({ length: 99 }, (_, i) => chineseNumber(i + 1)));
    expect(seen.size).toBe(99);
    fc.assert(fc.property(fc.integer({ min: 1, max: 99 }), (n) => /^[一二三四五六七八九十]+$/.test(chineseNumber(n))));
  });

  it('moves one stage at a time along the path, and nowhere from its end or from withdrawal', () => {
    expect(CULTIVATION_PATH.map(nextCultivationStage)).toEqual(['cultivating', 'created', 'accepted', null]);
    expect(nextCultivationStage('withdrawn')).toBeNull();
  });
});
