import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { desc, eq, like } from 'drizzle-orm';
import { isValidTrackingCode } from '@shangmi/shared';
import { caseFiles, caseSubscriptions, files, oplog, outbox } from '../../db/schema/index.js';
import { channelsFor } from '../../platform/outbox.js';
import { startSmtp } from '../../../test/smtp.js';
import { sendOutboxOnce } from '../inbox/inbox.jobs.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes, reportFiling } from '../../../test/fixtures.js';

// Public routes of the cases module with the per-IP limits on (a small configuration so the tests stay quick):
// files attached with the tracking code, and the limiter on filing, lookup and material.
let t: TestApp;
let jinfeng: Client;
let xingqing: Client;
let police: Client;
const LIMITS = { filing: { limit: 3, windowMs: 3000 }, lookup: { limit: 5, windowMs: 20_000 }, material: { limit: 4, windowMs: 20_000 }, acknowledge: { limit: 4, windowMs: 20_000 }, login: { limit: 100, windowMs: 60_000 }, register: { limit: 100, windowMs: 60_000 } };

const creditCode = creditCodes('CA5E');
const filing = () => reportFiling(creditCode('640106'));

/** a request from a given client address (Fastify inject's remoteAddress) */
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
async function fileFrom(ip: string): Promise<{ trackingCode: string; cases: { id: number }[] }> {
  const res = await from(ip, 'POST', '/api/public/cases', filing());
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
}
const attach = (ip: string, code: string, name: string, bytes: Buffer, type = 'application/pdf') =>
  from(ip, 'POST', `/api/public/cases/${code}/files`, bytes, { 'x-file-name': encodeURIComponent(name), 'x-file-type': type });

/** another valid code (Luhn) that nobody was given, most likely */
function otherValidCode(code: string): string {
  const head = code.slice(0, 14) + String((Number(code[14]) + 1) % 10);
  for (let d = 0; d < 10; d++) if (isValidTrackingCode(head + d)) return head + d;
  throw new Error('no check digit');
}

beforeAll(async () => {
  t = await createTestApp({ rateLimits: LIMITS, fileLimit: 64 * 1024, publicUpload: { fileLimit: 64 * 1024, perIpFiles: 100, perIpBytes: 1 << 30, dailyBytes: 1 << 30 } });
  const policeOrg = await t.orgId('银川市公安局');
  await t.createUser({ username: 'pub_jf', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'pub_xq', orgId: await t.orgId('兴庆区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'pub_police', orgId: policeOrg, roles: ['partner_staff'] });
  [jinfeng, xingqing, police] = await Promise.all(['pub_jf', 'pub_xq', 'pub_police'].map((u) => t.loginAs(u)));
});
afterAll(async () => t?.close());

describe('files attached with the tracking code', () => {
  it('the reporter attaches a file without an account; the handling bureau downloads it, nobody else does', async () => {
    const r = await fileFrom('10.1.0.1');
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(1991)]);
    const res = await attach('10.1.0.1', r.trackingCode, '证据/../聊天记录.pdf', bytes);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({ ok: true, name: '聊天记录.pdf', size: 2000 });

    // recorded: a files row with no uploader, in the handling bureau, linked as reporter material
    const [link] = await t.database.db.select().from(caseFiles).where(eq(caseFiles.caseId, r.cases[0].id));
    expect(link).toMatchObject({ kind: 'material', addedBy: null });
    const [row] = await t.database.db.select().from(files).where(eq(files.id, link.fileId));
    expect(row).toMatchObject({ uploadedBy: null, name: '聊天记录.pdf', mime: 'application/pdf', size: 2000, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
    const [log] = await t.database.db.select().from(oplog).orderBy(desc(oplog.seq)).limit(1);
    expect(log).toMatchObject({ action: 'cases.material-file', result: 'success', userId: null });

    // the public sees a material step, not the file
    const st = json(await from('10.1.0.1', 'GET', `/api/public/cases/${r.trackingCode}`));
    expect(st.items[0].steps.map((s: Json) => s.action)).toEqual(['intake', 'material']);
    expect(JSON.stringify(st)).not.toContain(String(row.sha256));

    // the handling bureau sees it on the case and downloads the same bytes
    const detail = json(await jinfeng.get(`/api/cases/${r.cases[0].id}`));
    expect(detail.files).toEqual([expect.objectContaining({ id: row.id, name: '聊天记录.pdf', kind: 'material', size: 2000 })]);
    expect(detail.events.at(-1)).toMatchObject({ action: 'material', data: { file: '聊天记录.pdf', size: 2000 } });
    const dl = await jinfeng.get(`/api/cases/${r.cases[0].id}/files/${row.id}`);
    expect(dl.statusCode).toBe(200);
    expect(Buffer.compare(dl.rawPayload, bytes)).toBe(0);
    expect(dl.headers['content-disposition']).toMatch(/^attachment/);
    // another district bureau and a partner agency do not; the files module does not serve it to anyone either
    expect((await xingqing.get(`/api/cases/${r.cases[0].id}/files/${row.id}`)).statusCode).toBe(404);
    expect((await police.get(`/api/cases/${r.cases[0].id}/files/${row.id}`)).statusCode).toBe(404);
    expect((await jinfeng.get(`/api/files/${row.id}`)).statusCode).toBe(404);
    // nor as a file of another case
    const other = await fileFrom('10.1.0.2');
    expect((await jinfeng.get(`/api/cases/${other.cases[0].id}/files/${row.id}`)).statusCode).toBe(404);
  });

  it('an unknown code answers as the status lookup does (404), a mistyped one 400, and nothing is stored', async () => {
    const r = await fileFrom('10.1.1.1');
    const unknown = otherValidCode(r.trackingCode);
    const before = (await t.database.db.select().from(files)).length;
    const lookup = await from('10.1.1.1', 'GET', `/api/public/cases/${unknown}`);
    const up = await attach('10.1.1.1', unknown, 'a.pdf', Buffer.from('evidence'));
    expect(up.statusCode).toBe(lookup.statusCode);
    expect(up.statusCode).toBe(404);
    expect(json(up).error.code).toBe(json(lookup).error.code);
    const bad = r.trackingCode.slice(0, 15) + String((Number(r.trackingCode[15]) + 1) % 10);
    expect((await attach('10.1.1.1', bad, 'a.pdf', Buffer.from('evidence'))).statusCode).toBe(400);
    expect((await attach('10.1.1.1', '12345', 'a.pdf', Buffer.from('evidence'))).statusCode).toBe(400);
    expect((await t.database.db.select().from(files)).length).toBe(before);
  });

  it('the files module limits apply: size, empty file, missing name; the type comes from the bytes, not the header', async () => {
    const r = await fileFrom('10.1.2.1');
    const big = await attach('10.1.2.1', r.trackingCode, 'big.txt', Buffer.alloc(t.config.publicUpload.fileLimit + 1, 0x61));
    expect(big.statusCode).toBe(413);
    const empty = await attach('10.1.2.1', r.trackingCode, 'empty.txt', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    const noName = await from('10.1.2.1', 'POST', `/api/public/cases/${r.trackingCode}/files`, Buffer.from('x'), {});
    expect(noName.statusCode).toBe(400);
    expect(json(noName).error.fields[0].field).toBe('fileName');
    const odd = await attach('10.1.2.1', r.trackingCode, 'note.txt', Buffer.from('hello'), 'text/html; <script>');
    expect(odd.statusCode, odd.body).toBe(200);
    const [link] = await t.database.db.select().from(caseFiles).where(eq(caseFiles.caseId, r.cases[0].id));
    const [row] = await t.database.db.select().from(files).where(eq(files.id, link.fileId));
    expect(row.mime).toBe('text/plain');
  });
});

describe('per-IP limits on the public routes', () => {
  it('filings: the limit applies per address with 429, a Chinese or English message and Retry-After, and resets', async () => {
    const ip = '10.2.0.1';
    for (let i = 0; i < LIMITS.filing.limit; i++) await fileFrom(ip);
    const over = await from(ip, 'POST', '/api/public/cases', filing());
    expect(over.statusCode).toBe(429);
    expect(json(over).error.code).toBe('RATE_LIMITED');
    expect(json(over).error.message).toMatch(/提交过于频繁，请 \d+ 秒后再试/);
    const retry = Number(over.headers['retry-after']);
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(Math.ceil(LIMITS.filing.windowMs / 1000));
    const en = await from(ip, 'POST', '/api/public/cases', filing(), { 'x-shangmi-locale': 'en-US' });
    expect(en.statusCode).toBe(429);
    expect(json(en).error.message).toMatch(/Too many requests .* try again in \d+ seconds/);
    // another address is not affected
    await fileFrom('10.2.0.2');
    // after the window the address may file again
    await new Promise((r) => setTimeout(r, LIMITS.filing.windowMs + 50));
    await fileFrom(ip);
  });

  it('lookups and material have their own buckets', async () => {
    const r = await fileFrom('10.3.0.1');
    const ip = '10.3.0.9';
    for (let i = 0; i < LIMITS.lookup.limit; i++) expect((await from(ip, 'GET', `/api/public/cases/${r.trackingCode}`)).statusCode).toBe(200);
    const over = await from(ip, 'GET', `/api/public/cases/${r.trackingCode}`);
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
    // unknown codes count too: a guesser is slowed down the same way
    expect((await from(ip, 'GET', `/api/public/cases/${otherValidCode(r.trackingCode)}`)).statusCode).toBe(429);
    // material (text and files share one bucket); lookups from this address are still refused, material is not yet
    for (let i = 0; i < LIMITS.material.limit / 2; i++) {
      expect((await from(ip, 'POST', `/api/public/cases/${r.trackingCode}/material`, { text: `补充材料 ${i}` })).statusCode).toBe(200);
      expect((await attach(ip, r.trackingCode, `p${i}.pdf`, Buffer.from(`page ${i}`))).statusCode).toBe(200);
    }
    expect((await attach(ip, r.trackingCode, 'more.pdf', Buffer.from('more'))).statusCode).toBe(429);
    expect((await from(ip, 'POST', `/api/public/cases/${r.trackingCode}/material`, { text: '再补充' })).statusCode).toBe(429);
    // the staff routes are not limited
    for (let i = 0; i < LIMITS.lookup.limit + 2; i++) expect((await jinfeng.get(`/api/cases/${r.cases[0].id}`)).statusCode).toBe(200);
  });

  it('off in the configuration: no limit', async () => {
    const t2 = await createTestApp({ rateLimits: null });
    try {
      for (let i = 0; i < LIMITS.filing.limit + 2; i++) {
        const res = await t2.app.inject({ method: 'POST', url: '/api/public/cases', remoteAddress: '10.4.0.1', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(filing()) });
        expect(res.statusCode, res.body).toBe(200);
      }
    } finally {
      await t2.close();
    }
  });
});

describe('following a case by e-mail', () => {
  it('the filer leaves an address on the tracking page; each step the page shows is e-mailed; one click stops it', async () => {
    const smtp = await startSmtp();
    const channels = channelsFor({ smtp: { url: smtp.url, host: null, port: 587, user: null, pass: null, from: 'noreply@shangmi.test' }, sms: { driver: 'off', webhookUrl: null } }, t.app.log);
    try {
      const r = await fileFrom('10.9.0.1');
      expect((await from('10.9.0.1', 'POST', `/api/public/cases/${r.trackingCode}/follow`, { email: 'not-an-address' })).statusCode).toBe(400);
      expect((await from('10.9.0.1', 'POST', `/api/public/cases/${otherValidCode(r.trackingCode)}/follow`, { email: 'filer@example.test' })).statusCode).toBe(404);
      const follow = await from('10.9.0.1', 'POST', `/api/public/cases/${r.trackingCode}/follow`, { email: 'Filer@Example.test' });
      expect(follow.statusCode, follow.body).toBe(200);
      // the address is kept sealed
      const [sub] = await t.database.db.select().from(caseSubscriptions).where(eq(caseSubscriptions.caseId, r.cases[0]!.id));
      expect(sub!.emailSealed).not.toContain('filer');
      // the district verifies the lead: a step the tracking page shows
      const id = r.cases[0]!.id;
      expect((await jinfeng.post(`/api/cases/${id}/actions`, { action: 'verify', reason: '核查线索' })).statusCode).toBe(200);
      const [queued] = await t.database.db.select().from(outbox).where(like(outbox.dedupeKey, `case-follow:${sub!.id}:%`));
      expect(queued!.recipient).toMatch(/^sealed:/);
      await sendOutboxOnce({ database: t.database, sealer: t.sealer, log: t.app.log, config: t.config }, channels);
      const [mail] = await smtp.waitFor(1);
      expect(mail!.to).toEqual(['filer@example.test']);
      expect(mail!.subject).toBe('【商秘通】案件进度：开始核查');
      expect(mail!.text).toContain(`查询码 ${r.trackingCode}`);
      expect(mail!.text).not.toContain('核查线索'); // the officer's reason is not the public's
      const token = /unsubscribe\?token=([\w-]+)/.exec(mail!.text)![1]!;
      // one click (the page posts the link's token): stopped; the next step sends nothing
      expect((await from('10.9.0.2', 'POST', '/api/public/cases/unfollow', { token })).statusCode).toBe(200);
      const filed = await jinfeng.post(`/api/cases/${id}/actions`, { action: 'file', reason: '符合立案条件', caseNumber: '银金市监立字〔2026〕99号' });
      expect(filed.statusCode, filed.body).toBe(200);
      expect(await t.database.db.select().from(outbox).where(like(outbox.dedupeKey, `case-follow:${sub!.id}:%`))).toHaveLength(1);
      // an unknown token answers the same
      expect((await from('10.9.0.2', 'POST', '/api/public/cases/unfollow', { token: 'x'.repeat(32) })).statusCode).toBe(200);
    } finally {
      channels.email?.close?.();
      await smtp.close();
    }
  });
});
