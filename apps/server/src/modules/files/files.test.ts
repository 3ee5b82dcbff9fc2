import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { files, uploadBudget } from '../../db/schema/index.js';
import { createTestApp, DB_KIND, json, type Client, type TestApp } from '../../../test/harness.js';

/**
 * Issue 21 item 4: anonymous uploads are allow-listed by their bytes, capped per file and per address per day, and
 * counted against a daily disk budget for all of them; staff uploads refuse programs, pages and SVG; a stored file's
 * type is the one its bytes show.
 */
let t: TestApp;
let staff: Client;
const KIB = 1024;
const PDF = (n = 500) => Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(n)]);
const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), crypto.randomBytes(200)]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/users")</script></body></html>');
const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');

function from(ip: string, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const raw = Buffer.isBuffer(payload);
  return t.app.inject({
    method,
    url,
    remoteAddress: ip,
    headers: { ...(payload === undefined ? {} : { 'content-type': raw ? 'application/octet-stream' : 'application/json' }), ...headers },
    payload: payload === undefined ? undefined : raw ? (payload as Buffer) : JSON.stringify(payload),
  });
}
async function fileCase(ip: string): Promise<string> {
  const res = await from(ip, 'POST', '/api/public/cases', { tracks: ['report'], title: '上传测试', description: '附件', respondentName: '某公司', anonymous: true });
  expect(res.statusCode, res.body).toBe(200);
  return json(res).trackingCode;
}
const attach = (ip: string, code: string, name: string, bytes: Buffer, type = 'application/pdf') =>
  from(ip, 'POST', `/api/public/cases/${code}/files`, bytes, { 'x-file-name': encodeURIComponent(name), 'x-file-type': type });

beforeAll(async () => {
  t = await createTestApp({
    publicUpload: { fileLimit: 8 * KIB, perIpFiles: 4, perIpBytes: 1024 * KIB, dailyBytes: 24 * KIB },
    rateLimits: { filing: { limit: 1000, windowMs: 60_000 }, lookup: { limit: 1000, windowMs: 60_000 }, material: { limit: 1000, windowMs: 60_000 }, acknowledge: { limit: 1000, windowMs: 60_000 }, login: { limit: 1000, windowMs: 60_000 }, register: { limit: 1000, windowMs: 60_000 } },
  });
  await t.createUser({ username: 'files_staff', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  staff = await t.loginAs('files_staff');
});
afterAll(async () => t?.close());

describe('anonymous uploads', () => {
  it('take allow-listed types by their bytes, whatever the name or the claimed type', async () => {
    const code = await fileCase('10.7.0.1');
    const before = (await t.database.db.select().from(files)).length;
    for (const [name, bytes] of [
      ['evidence.pdf', EXE],
      ['notes.txt', HTML],
      ['logo.png', SVG],
    ] as const) {
      const res = await attach('10.7.0.1', code, name, bytes);
      expect(res.statusCode, name).toBe(415);
      expect(json(res).error.fields[0]).toMatchObject({ field: 'file', message: expect.stringContaining('类型不允许') });
    }
    expect((await t.database.db.select().from(files)).length).toBe(before);
    // a real PDF named like a program is a PDF, stored as one
    const ok = await attach('10.7.0.1', code, '合同.exe', PDF(), 'application/x-msdownload');
    expect(ok.statusCode, ok.body).toBe(200);
    const [row] = await t.database.db.select().from(files).where(eq(files.name, '合同.exe'));
    expect(row.mime).toBe('application/pdf');
  });

  it('are capped per file, per address per day and in all per day; other addresses go on until the day\'s budget is used', async () => {
    const code = await fileCase('10.7.1.1');
    expect((await attach('10.7.1.1', code, 'big.pdf', PDF(8 * KIB))).statusCode).toBe(413);
    for (let i = 0; i < 4; i++) expect((await attach('10.7.1.1', code, `p${i}.pdf`, PDF(KIB))).statusCode).toBe(200);
    const fifth = await attach('10.7.1.1', code, 'p4.pdf', PDF(KIB));
    expect(fifth.statusCode).toBe(429);
    expect(json(fifth).error.message).toMatch(/今日上传已达上限/);
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);
    // the day's budget for all (24 KiB; ~4.5 KiB used above) runs out for everyone
    let ip = 10;
    let status = 200;
    while (status === 200 && ip < 40) status = (await attach(`10.7.2.${ip++}`, code, 'x.pdf', PDF(7 * KIB))).statusCode;
    expect(status).toBe(429);
    const [all] = await t.database.db.select().from(uploadBudget).where(eq(uploadBudget.key, 'all'));
    expect(all.bytes).toBeLessThanOrEqual(24 * KIB);
    expect(all.bytes).toBeGreaterThan(16 * KIB);
  });
});

describe('staff uploads', () => {
  it('refuse programs, web pages and SVG; keep other bytes with the type the bytes show; serve them as attachments', async () => {
    for (const [name, bytes] of [
      ['setup.pdf', EXE],
      ['page.txt', HTML],
      ['icon.svg', SVG],
    ] as const) {
      const res = await staff.post('/api/files', bytes, { 'x-file-name': encodeURIComponent(name), 'x-file-type': 'application/pdf' });
      expect(res.statusCode, name).toBe(415);
    }
    const bin = await staff.upload('数据.bin', crypto.randomBytes(3000), 'text/html');
    expect(bin.mime).toBe('application/octet-stream');
    const zip = await staff.upload('材料.zip', Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'latin1'), 'application/zip');
    expect(zip.mime).toBe('application/zip');
    const dl = await staff.get(`/api/files/${bin.id}`);
    expect(dl.headers['content-type']).toBe('application/octet-stream');
    expect(dl.headers['content-disposition']).toMatch(/^attachment/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe.runIf(DB_KIND === 'pg')('the budget under concurrent uploads (PostgreSQL)', () => {
  it('lets exactly the allowed number through', async () => {
    const code = await fileCase('10.7.3.1');
    await t.database.db.delete(uploadBudget);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => attach('10.7.3.1', code, `c${i}.pdf`, PDF(100))));
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(4);
    expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(6);
  });
});
