import { describe, expect, it } from 'vitest';
import { formatDateTime, pageQuery } from './common.js';
import { fieldLabel } from './messages.js';

describe('formatDateTime', () => {
  it('shows Asia/Shanghai time whatever the machine zone', () => {
    expect(formatDateTime('2026-11-27T16:30:05Z')).toBe('2026-11-28 00:30:05');
    expect(formatDateTime(new Date(Date.UTC(2026, 0, 1, 0, 0, 0)))).toBe('2026-01-01 08:00:00');
  });
  it('is empty for nothing or garbage', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });
});

describe('pageQuery', () => {
  it('defaults and coerces', () => {
    expect(pageQuery.parse({})).toEqual({ page: 1, pageSize: 20, order: 'desc' });
    expect(pageQuery.parse({ page: '3', pageSize: '50' })).toMatchObject({ page: 3, pageSize: 50 });
  });
  it('refuses out-of-range values', () => {
    expect(pageQuery.safeParse({ pageSize: '0' }).success).toBe(false);
    expect(pageQuery.safeParse({ pageSize: '201' }).success).toBe(false);
    expect(pageQuery.safeParse({ page: '-1' }).success).toBe(false);
  });
});

describe('fieldLabel', () => {
  it('names fields in the user language, nested paths by their last part', () => {
    expect(fieldLabel('username', 'zh-CN')).toBe('用户名');
    expect(fieldLabel('username', 'en-US')).toBe('User name');
    expect(fieldLabel('roleIds.0', 'zh-CN')).toBe('角色');
    expect(fieldLabel('unknownThing', 'zh-CN')).toBe('unknownThing');
  });
});
