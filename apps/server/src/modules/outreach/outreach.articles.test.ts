/**
 * Articles and the public portal over the API, on PGlite and PostgreSQL: a writer submits, someone else publishes (at
 * once or scheduled) or returns, each step on the engine; script in rich text never reaches the public page or the
 * feed; an image upload is judged by its bytes and size; the scheduled publication is announced once and each
 * subscriber is told once; the portal and the feed show only what is published and due.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { notifications, outreachArticles, workflowSteps } from '../../db/schema/index.js';
import { systemCtx } from '../../platform/context.js';
import { createTestApp, json, type Client, type TestApp } from '../../../test/harness.js';
import { creditCode } from '../../../test/credit.js';
import { announceDue } from './outreach.service.js';

let t: TestApp;
let admin: Client;
let writer: Client;
let publisher: Client;
let xq: Client;
let ent: Client;
const ids: Record<string, number> = {};
const anon = () => t.client();
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const noticesFor = async (userId: number, kind: string, id: number) =>
  (await t.database.db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.recordKind, kind), eq(notifications.recordId, id))))[0].n;
const articleCount = async () => (await t.database.db.select({ n: count() }).from(outreachArticles))[0].n;

const input = (over: Record<string, unknown> = {}) => ({
  category: 'case',
  title: '以案说法：离职员工带走客户名单被判赔偿',
  summary: '一起典型的侵犯商业秘密案件',
  body: '<p>案情：<strong>某公司</strong>前员工……</p>',
  tags: ['以案说法', '离职'],
  ...over,
});

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  admin = await t.admin();
  const city = await t.orgId('银川市市场监督管理局');
  const jinfeng = await t.orgId('金凤区市场监督管理局');
  const xingqing = await t.orgId('兴庆区市场监督管理局');
  const e1 = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏订阅一号科技有限公司', districtCode: '640106' }));
  const e2 = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏订阅二号科技有限公司', districtCode: '640106' }));
  await t.createUser({ username: 'ar_writer', orgId: jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'ar_pub', orgId: city, roles: ['city_staff'] });
  await t.createUser({ username: 'ar_xq', orgId: xingqing, roles: ['district_staff'] });
  ids.ent = await t.createUser({ username: 'ar_ent', orgId: e1.orgId, roles: ['enterprise_admin'] });
  ids.entNoSub = await t.createUser({ username: 'ar_ent2', orgId: e2.orgId, roles: ['enterprise_admin'] });
  writer = await t.loginAs('ar_writer');
  publisher = await t.loginAs('ar_pub');
  xq = await t.loginAs('ar_xq');
  ent = await t.loginAs('ar_ent');
});
afterAll(() => t?.close());

describe('articles on the engine', () => {
  it('a subscriber chooses topics (their own, replaced as a set)', async () => {
    const res = await ent.put('/api/outreach/subscriptions', { topics: [{ topic: 'articles' }, { topic: 'events', districtCode: '640106' }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).topics).toHaveLength(2);
    const bad = await ent.put('/api/outreach/subscriptions', { topics: [{ topic: 'gossip' }] });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].field).toMatch(/^topics/);
    expect(json(await ent.get('/api/outreach/subscriptions')).topics).toHaveLength(2);
  });

  it('script in rich text is removed before it is stored; the text stays', async () => {
    const evil =
      '<p onclick="steal()">正文<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">链接</a>' +
      '<a href="&#106;avascript:alert(4)">二</a><iframe src="https://evil.example"></iframe><svg><script>alert(5)</script></svg>' +
      '<scr<script>ipt>alert(6)</script><a href="https://example.com/x" target="_blank">好链接</a></p><style>p{}</style>';
    const res = await writer.post('/api/outreach/articles', input({ body: evil }));
    expect(res.statusCode, res.body).toBe(200);
    const a = json(res);
    ids.article = a.id;
    expect(a.body).not.toMatch(/<script|<iframe|<svg|<style|\son\w+=|javascript:/i);
    // every tag left is one the allow-list writes, with its own attributes only
    expect([...a.body.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]).every((tag) => ['p', 'img', 'a'].includes(tag))).toBe(true);
    expect(a.body).toContain('<p>正文<img><a>链接</a><a>二</a>');
    // the broken tag's remains are text (escaped), not markup
    expect(a.body).toContain('ipt&gt;alert(6)');
    expect(a.body).toContain('<a href="https://example.com/x" rel="noopener noreferrer nofollow">好链接</a>');
    expect(a).toMatchObject({ state: 'draft', allowed: expect.arrayContaining(['edit', 'submit']) });
    // nothing left once made safe
    const empty = await writer.post('/api/outreach/articles', input({ body: '<script>alert(1)</script>' }));
    expect(empty.statusCode).toBe(400);
    expect(json(empty).error.fields[0].field).toBe('body');
  });

  it('an image is judged by its bytes and size: a disguised or oversized file is refused, nothing written', async () => {
    const before = await articleCount();
    const fake = await writer.upload('photo.png', Buffer.from('%PDF-1.4 not an image'), 'image/png');
    const refused = await writer.post('/api/outreach/articles', input({ imageFileIds: [fake.id] }));
    expect(refused.statusCode).toBe(400);
    expect(json(refused).error.fields[0]).toMatchObject({ field: 'imageFileIds' });
    const big = await writer.upload('big.png', Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 1)]), 'image/png');
    const tooBig = await writer.post('/api/outreach/articles', input({ imageFileIds: [big.id] }));
    expect(tooBig.statusCode).toBe(400);
    expect(json(tooBig).error.fields[0].message).toContain('5 MB');
    // someone else's image
    const others = await xq.upload('xq.png', PNG, 'image/png');
    expect((await writer.post('/api/outreach/articles', input({ imageFileIds: [others.id] }))).statusCode).toBe(400);
    expect(await articleCount()).toBe(before);
    const img = await writer.upload('figure.png', PNG, 'image/png');
    ids.image = img.id;
    const ok = await writer.patch(`/api/outreach/articles/${ids.article}`, { imageFileIds: [img.id], body: `<p>正文</p><img src="/api/public/outreach/articles/${ids.article}/files/${img.id}" alt="图">` });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('submit → publish by someone else, each step on the engine; the writer cannot publish their own', async () => {
    expect((await writer.post(`/api/outreach/articles/${ids.article}/publish`, {})).statusCode).toBe(409);
    expect(json(await writer.post(`/api/outreach/articles/${ids.article}/submit`, {})).state).toBe('review');
    expect((await writer.patch(`/api/outreach/articles/${ids.article}`, { title: '改' })).statusCode).toBe(409);
    // another district does not see it; the enterprise cannot act
    expect((await xq.post(`/api/outreach/articles/${ids.article}/publish`, {})).statusCode).toBe(404);
    expect((await ent.get(`/api/outreach/articles/${ids.article}`)).statusCode).toBe(403);
    // the writer holds outreach:publish too (district staff), but the engine keeps the duties apart
    const own = await writer.post(`/api/outreach/articles/${ids.article}/publish`, {});
    expect(own.statusCode).toBe(403);
    expect(json(own).error.code).toBe('SEPARATION_OF_DUTIES');
    const noReason = await publisher.post(`/api/outreach/articles/${ids.article}/return`, {});
    expect(noReason.statusCode).toBe(400);
    expect(json(noReason).error.fields[0].field).toBe('comment');
    expect(json(await publisher.post(`/api/outreach/articles/${ids.article}/return`, { comment: '请补充判决书文号' })).state).toBe('returned');
    await writer.post(`/api/outreach/articles/${ids.article}/submit`, {});
    const pub = json(await publisher.post(`/api/outreach/articles/${ids.article}/publish`, { comment: '同意' }));
    expect(pub).toMatchObject({ state: 'published', allowed: ['withdraw'] });
    expect(pub.announcedAt).not.toBeNull();
    const steps = await t.database.db.select().from(workflowSteps).where(and(eq(workflowSteps.kind, 'outreach.article'), eq(workflowSteps.recordId, ids.article)));
    expect(steps.map((s) => s.transition)).toEqual(['submit', 'return', 'submit', 'publish']);
    // the subscriber was told once; someone not subscribed was not
    expect(await noticesFor(ids.ent, 'outreach.article', ids.article)).toBe(1);
    expect(await noticesFor(ids.entNoSub, 'outreach.article', ids.article)).toBe(0);
  });

  it('the portal home, the article and the feed show it, with no script; its image is served inline', async () => {
    const homeRes = await anon().get('/api/public/outreach/home?regionCode=640100');
    // public and cached: browsers and proxies may keep it a minute (the server's own copy is forgotten on each commit)
    expect(homeRes.headers['cache-control']).toBe('public, max-age=60');
    const home = json(homeRes);
    expect(home.cases.map((a: { id: number }) => a.id)).toContain(ids.article);
    const page = await anon().get(`/api/public/outreach/articles/${ids.article}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('public, max-age=60');
    expect(page.body).not.toMatch(/script|onerror|javascript/i);
    const feed = await anon().get('/api/public/outreach/feed.atom?regionCode=640100');
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(feed.body).toContain(`/portal/articles/${ids.article}</id>`);
    expect(feed.body).not.toMatch(/<script|onerror/i);
    const img = await anon().get(`/api/public/outreach/articles/${ids.article}/files/${ids.image}`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['content-disposition']).toBe('inline');
    // a file not linked to the article is not served through it
    const other = await writer.upload('not-linked.png', PNG, 'image/png');
    expect((await anon().get(`/api/public/outreach/articles/${ids.article}/files/${other.id}`)).statusCode).toBe(404);
  });

  // the home and the article above were just cached: the withdrawal's commit forgets them (the next read is fresh)
  it('a draft or a withdrawn article is not public', async () => {
    const draft = json(await writer.post('/api/outreach/articles', input({ title: '草稿不公开' })));
    const hidden = await anon().get(`/api/public/outreach/articles/${draft.id}`);
    expect(hidden.statusCode).toBe(404);
    // a refusal is not marked public: no browser or proxy keeps it
    expect(hidden.headers['cache-control']).toBeUndefined();
    const noReason = await publisher.post(`/api/outreach/articles/${ids.article}/withdraw`, {});
    expect(noReason.statusCode).toBe(400);
    expect(json(await publisher.post(`/api/outreach/articles/${ids.article}/withdraw`, { comment: '判决被改判' })).state).toBe('withdrawn');
    expect((await anon().get(`/api/public/outreach/articles/${ids.article}`)).statusCode).toBe(404);
    expect(json(await anon().get('/api/public/outreach/home?regionCode=640100')).cases.map((a: { id: number }) => a.id)).not.toContain(ids.article);
  });

  it('scheduled publishing: not public before its time; the job announces it once; each subscriber told once', async () => {
    const a = json(await writer.post('/api/outreach/articles', input({ category: 'guide', title: '商业秘密保护工作指南（2026 年版）' })));
    await writer.post(`/api/outreach/articles/${a.id}/submit`, {});
    const past = await publisher.post(`/api/outreach/articles/${a.id}/publish`, { publishAt: '2020-01-01T00:00:00+08:00' });
    expect(past.statusCode).toBe(400);
    expect(json(past).error.fields[0].field).toBe('publishAt');
    const at = new Date(Date.now() + 3600_000);
    const pub = json(await publisher.post(`/api/outreach/articles/${a.id}/publish`, { publishAt: at.toISOString() }));
    expect(pub).toMatchObject({ state: 'published', announcedAt: null });
    expect((await anon().get(`/api/public/outreach/articles/${a.id}`)).statusCode).toBe(404);
    const run = (now: Date) => t.database.db.transaction((tx) => announceDue(systemCtx(t.app.deps, tx, now)));
    expect(await run(new Date())).toBe(0);
    expect(await noticesFor(ids.ent, 'outreach.article', a.id)).toBe(0);
    const later = new Date(at.getTime() + 60_000);
    expect(await run(later)).toBe(1);
    expect(await run(later)).toBe(0);
    expect(await noticesFor(ids.ent, 'outreach.article', a.id)).toBe(1);
    expect(await noticesFor(ids.entNoSub, 'outreach.article', a.id)).toBe(0);
    // withdrawn and published again: announced again, but the subscriber is still told only once
    await publisher.post(`/api/outreach/articles/${a.id}/withdraw`, { comment: '更正' });
    await writer.post(`/api/outreach/articles/${a.id}/submit`, {});
    await publisher.post(`/api/outreach/articles/${a.id}/publish`, {});
    expect(await noticesFor(ids.ent, 'outreach.article', a.id)).toBe(1);
    const home = json(await anon().get('/api/public/outreach/home?regionCode=640100'));
    expect(home.guides.map((g: { id: number }) => g.id)).toContain(a.id);
  });

  it('events are announced to the district’s subscribers once', async () => {
    const ev = json(await writer.post('/api/outreach/events', { kind: 'enterprise', title: '送法进企业', heldOn: '2030-05-01', districtCode: '640106' }));
    expect(await noticesFor(ids.ent, 'outreach.event', ev.id)).toBe(1);
    const elsewhere = json(await xq.post('/api/outreach/events', { kind: 'community', title: '进社区', heldOn: '2030-05-02', districtCode: '640104' }));
    expect(await noticesFor(ids.ent, 'outreach.event', elsewhere.id)).toBe(0);
    const home = json(await anon().get('/api/public/outreach/home?regionCode=640100'));
    expect(home.events.map((e: { id: number }) => e.id)).toEqual(expect.arrayContaining([ev.id, elsewhere.id]));
  });
});
