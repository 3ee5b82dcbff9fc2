import { describe, expect, it } from 'vitest';
import { cultivationListQuery, enterpriseListQuery, siteListQuery } from '@shangmi/shared';
import { filtersFromParams } from './filters';

describe('filtersFromParams', () => {
  it('takes the named filters the route would accept, parsed by its schema, and leaves out the rest', () => {
    const p = new URLSearchParams('status=pending&districtCode=640106&q=x');
    expect(filtersFromParams(enterpriseListQuery, p, ['status'])).toEqual({ status: 'pending' });
    const c = new URLSearchParams('year=2026&batch=2&stage=cultivating&review=bogus&districtCode=64&q=%E5%AE%81%E5%A4%8F');
    expect(filtersFromParams(cultivationListQuery, c, ['q', 'year', 'batch', 'stage', 'review', 'districtCode'])).toEqual({ q: '宁夏', year: 2026, batch: 2, stage: 'cultivating' });
    const s = new URLSearchParams('parkId=7&kind=station&acceptance=district&service=');
    expect(filtersFromParams(siteListQuery, s, ['kind', 'parkId', 'acceptance', 'service'])).toEqual({ kind: 'station', parkId: 7, acceptance: 'district' });
  });
});
