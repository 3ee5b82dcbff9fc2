import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { depsOf } from '../../../test/actors.js';
import { startSmtp, type LocalSmtp } from '../../../test/smtp.js';
import { notifications, outbox, users } from '../../db/schema/index.js';
import { notify, queueMessage } from '../../platform/inbox.js';
import { channelsFor, type Channels } from '../../platform/outbox.js';
import { sendOutboxOnce } from './inbox.jobs.js';

let t: TestApp;
let smtp: LocalSmtp;
let channels: Channels;
const ids: Record<string, number> = {};
const clients: Record<string, Client> = {};

const tell = (userIds: number[], title: string, extra: Partial<Parameters<typeof notify>[3]> = {}) =>
  notify(t.database.db, t.config, userIds, { event: 'task', title: { zh: title, en: `EN ${title}` }, body: { zh: `正文 ${title}`, en: `Body ${title}` }, link: '/sites/1', record: { kind: 'sites.acceptance', id: 1 }, ...extra });
const send = () => sendOutboxOnce(depsOf(t), channels, { leaseMs: 5_000 });

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ smtp: { url: smtp.url, host: null, port: 587, user: null, pass: null, from: '商秘通 <noreply@shangmi.test>' }, publicUrl: 'https://shangmi.example' });
  channels = channelsFor(t.config, t.app.log);
  const jinfeng = await t.orgId('金凤区市场监督管理局');
  for (const name of ['ann', 'bob', 'cai']) {
    ids[name] = await t.createUser({ username: `inbox_${name}`, orgId: jinfeng, roles: ['district_staff'] });
    clients[name] = await t.loginAs(`inbox_${name}`);
  }
  await t.database.db.update(users).set({ email: 'ann@example.test', phone: '13800000001' }).where(eq(users.id, ids.ann!));
  await t.database.db.update(users).set({ email: 'bob@example.test' }).where(eq(users.id, ids.bob!));
});
afterAll(async () => {
  channels?.email?.close?.();
  await t?.close();
  await smtp?.close();
});

describe('the inbox', () => {
  it('each user reads only their own notices; marking another’s marks nothing', async () => {
    await tell([ids.ann!], '甲的通知');
    await tell([ids.bob!], '乙的通知');
    const ann = json(await clients.ann!.get('/api/inbox'));
    const bob = json(await clients.bob!.get('/api/inbox'));
    expect(ann.items.map((n: Json) => n.title)).toEqual(['甲的通知']);
    expect(bob.items.map((n: Json) => n.title)).toEqual(['乙的通知']);
    const annsId = ann.items[0].id;
    expect(json(await clients.bob!.post('/api/inbox/read', { ids: [annsId] }))).toEqual({ marked: 0 });
    expect(json(await clients.ann!.get('/api/inbox/unread'))).toEqual({ unread: 1, capped: false });
    expect(json(await clients.ann!.post('/api/inbox/read', { ids: [annsId] }))).toEqual({ marked: 1 });
    expect(json(await clients.ann!.get('/api/inbox/unread'))).toEqual({ unread: 0, capped: false });
    // anonymous: nothing
    expect((await t.client().get('/api/inbox')).statusCode).toBe(401);
  });

  it('lists with filters (kind, read/unread, dates), in the reader’s language, newest first; mark all read', async () => {
    await tell([ids.cai!], '任务一');
    await tell([ids.cai!], '结果一', { event: 'decision' });
    await tell([ids.cai!], '任务二');
    const c = clients.cai!;
    const all = json(await c.get('/api/inbox'));
    expect(all.items.map((n: Json) => n.title)).toEqual(['任务二', '结果一', '任务一']);
    expect(all.items[0]).toMatchObject({ event: 'task', body: '正文 任务二', link: '/sites/1', recordKind: 'sites.acceptance', recordId: 1, readAt: null });
    expect(json(await c.get('/api/inbox?event=decision')).items.map((n: Json) => n.title)).toEqual(['结果一']);
    await c.post('/api/inbox/read', { ids: [all.items[1].id] });
    expect(json(await c.get('/api/inbox?read=unread')).total).toBe(2);
    expect(json(await c.get('/api/inbox?read=read')).items.map((n: Json) => n.title)).toEqual(['结果一']);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(json(await c.get(`/api/inbox?from=${today}&to=${today}`)).total).toBe(3);
    expect(json(await c.get('/api/inbox?to=2020-01-01')).total).toBe(0);
    c.locale = 'en-US';
    expect(json(await c.get('/api/inbox?pageSize=1')).items[0]).toMatchObject({ title: 'EN 任务二', body: 'Body 任务二' });
    c.locale = 'zh-CN';
    expect(json(await c.post('/api/inbox/read-all'))).toEqual({ marked: 2 });
    expect(json(await c.get('/api/inbox/unread')).unread).toBe(0);
    expect((await c.get('/api/inbox?read=maybe')).statusCode).toBe(400);
  });

  it('a notice written in a transaction that rolls back leaves nothing, in the inbox or the outbox', async () => {
    const before = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(outbox);
    await t.database.db
      .transaction(async (tx) => {
        await notify(tx, t.config, [ids.ann!], { event: 'task', title: { zh: '回滚的通知', en: 'rolled back' } });
        throw new Error('the request failed');
      })
      .catch(() => undefined);
    expect(await t.database.db.select().from(notifications).where(eq(notifications.titleZh, '回滚的通知'))).toHaveLength(0);
    expect(await t.database.db.select({ n: sql<number>`count(*)::int` }).from(outbox)).toEqual(before);
  });
});

describe('channels and preferences', () => {
  it('each user chooses channels per kind; e-mail goes only with an address and the choice, SMS only when chosen', async () => {
    const prefs = json(await clients.ann!.get('/api/inbox/prefs'));
    expect(prefs.channels).toEqual({ email: { configured: true, address: true }, sms: { configured: true, address: true } });
    expect(prefs.items.find((p: Json) => p.event === 'task')).toEqual({ event: 'task', email: true, sms: false });
    const put = await clients.ann!.put('/api/inbox/prefs', { items: [{ event: 'decision', email: false, sms: true }] });
    expect(put.statusCode, put.body).toBe(200);
    expect(json(put).items.find((p: Json) => p.event === 'decision')).toEqual({ event: 'decision', email: false, sms: true });
    const w = await tell([ids.ann!, ids.bob!, ids.cai!], '审核结果通知', { event: 'decision' });
    // ann: SMS only (chose it); bob: e-mail (default); cai: no address, inbox only
    expect(w).toEqual({ notices: 3, messages: 2 });
    const rows = await t.database.db
      .select({ channel: outbox.channel, recipient: outbox.recipient })
      .from(outbox)
      .where(eq(outbox.subject, '【商秘通】审核结果通知'));
    expect(rows.sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
      { channel: 'email', recipient: 'bob@example.test' },
      { channel: 'sms', recipient: '13800000001' },
    ]);
    const bad = await clients.ann!.put('/api/inbox/prefs', { items: [{ event: 'gossip', email: true, sms: true }] });
    expect(bad.statusCode).toBe(400);
  });

  it('the e-mail arrives in the SMTP server with its text, link and a Message-ID of its outbox row; sent once', async () => {
    await send(); // what the earlier tests queued
    const start = smtp.received.length;
    await tell([ids.bob!], '站点验收待审核：示范站', { body: { zh: '请在 5 个工作日内审核', en: 'Please review within 5 working days' }, link: '/sites/42' });
    const [row] = await t.database.db.select().from(outbox).where(and(eq(outbox.subject, '【商秘通】站点验收待审核：示范站'), eq(outbox.channel, 'email')));
    expect(row!.status).toBe('pending');
    expect(await send()).toMatchObject({ sent: 1, failed: 0 });
    const mails = await smtp.waitFor(start + 1);
    const mail = mails[start]!;
    expect(mail.to).toEqual(['bob@example.test']);
    expect(mail.from).toBe('noreply@shangmi.test');
    expect(mail.subject).toBe('【商秘通】站点验收待审核：示范站');
    expect(mail.text).toContain('请在 5 个工作日内审核');
    expect(mail.text).toContain('查看：https://shangmi.example/sites/42');
    expect(mail.text).toContain('Please review within 5 working days');
    expect(mail.messageId).toMatch(new RegExp(`^<outbox\\.${row!.id}\\.[0-9a-f]{16}@shangmi\\.test>$`));
    const [after] = await t.database.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(after).toMatchObject({ status: 'sent', attempts: 1, leaseUntil: null });
    expect(await send()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(start + 1);
  });

  it('an address kept sealed is opened only to send; a failing server is retried with back-off, then given up', async () => {
    const key = 'test:sealed:1';
    await queueMessage(t.database.db, { channel: 'email', sealedRecipient: t.sealer.seal('reporter@example.test', key), subject: '案件进度', body: '您的投诉已受理', dedupeKey: key });
    const [stored] = await t.database.db.select().from(outbox).where(eq(outbox.dedupeKey, key));
    expect(stored!.recipient).not.toContain('reporter@');
    const start = smtp.received.length;
    await send();
    expect((await smtp.waitFor(start + 1))[start]!.to).toEqual(['reporter@example.test']);
    // a server that is gone: the message waits with its error, its next attempt later each time
    const dead = channelsFor({ smtp: { ...t.config.smtp!, url: 'smtp://127.0.0.1:1' }, sms: { driver: 'off', webhookUrl: null } }, t.app.log);
    await tell([ids.bob!], '服务器故障时的通知');
    const [row] = await t.database.db.select().from(outbox).where(eq(outbox.subject, '【商秘通】服务器故障时的通知'));
    expect(await sendOutboxOnce(depsOf(t), dead, { leaseMs: 5_000, maxAttempts: 2 })).toMatchObject({ sent: 0, retried: 1 });
    const [waiting] = await t.database.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting!.lastError).toBeTruthy();
    expect(waiting!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    await t.database.db.update(outbox).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(outbox.id, row!.id));
    expect(await sendOutboxOnce(depsOf(t), dead, { leaseMs: 5_000, maxAttempts: 2 })).toMatchObject({ failed: 1 });
    const [gone] = await t.database.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(gone).toMatchObject({ status: 'failed', attempts: 2 });
    dead.email?.close?.();
  });

  it('a campaign-size fan-out is one statement: every enterprise user told, with their e-mail queued', async () => {
    const jinfeng = await t.orgId('金凤区市场监督管理局');
    const made = await Promise.all(Array.from({ length: 30 }, (_, i) => t.createUser({ username: `inbox_fan_${i}`, orgId: jinfeng, roles: ['district_staff'] })));
    await t.database.db.update(users).set({ email: sql`${users.username} || '@example.test'` }).where(inArray(users.id, made));
    const w = await notify(t.database.db, t.config, sql`select id from users where username like 'inbox_fan_%'`, { event: 'campaign', title: { zh: '体检活动催办', en: 'Campaign reminder' } });
    expect(w).toEqual({ notices: 30, messages: 30 });
  });
});
