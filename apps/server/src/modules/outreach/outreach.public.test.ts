/**
 * The public's subscriptions without an account and the quiz of a training, over the API on PGlite and PostgreSQL:
 * double opt-in (nothing counts before the link), the stop link in every message, a published article pushed through
 * the outbox to the confirmed subscribers of its category — once, however often it is announced — and a new version of
 * a model text to those who follow the model texts; the quiz scored after check-in, its best score kept, the
 * certificate held back below a required pass mark; scope and bad input change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, like } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { outbox, outreachEnrolments, outreachPublicSubscribers, outreachTrainings } from '../../db/schema/index.js';
import { systemCtx } from '../../platform/context.js';
import { createTestApp, json, type Client, type TestApp } from '../../../test/harness.js';
import { creditCode } from '../../../test/credit.js';
import { modelDocuments } from '../model-documents/model-documents.service.js';
import { announceDue } from './outreach.service.js';

let t: TestApp;
let writer: Client;
let publisher: Client;
let xq: Client;
let ent: Client;
let ent2: Client;
const ids: Record<string, number> = {};
const anon = () => t.client();
const subscriberRows = async () => (await t.database.db.select({ n: count() }).from(outreachPublicSubscribers))[0].n;
/** The outbox messages whose dedupe key starts so, with the address opened as the sender would. */
async function messages(prefix: string) {
  const rows = await t.database.db.select().from(outbox).where(like(outbox.dedupeKey, `${prefix}%`));
  return rows.map((r) => ({ ...r, to: t.sealer.open(r.recipient.slice('sealed:'.length), r.dedupeKey) }));
}
const tokenIn = (body: string, what: 'confirm' | 'stop') => new RegExp(`/subscribe/${what}\\?token=([\\w-]+)`).exec(body)![1]!;

async function subscribe(address: string, topics: string[], channel = 'email') {
  const res = await anon().post('/api/public/outreach/subscribe', { channel, address, topics });
  expect(res.statusCode, res.body).toBe(200);
  const [m] = (await messages('outreach-sub-confirm:')).filter((x) => x.to === address).sort((a, b) => b.id - a.id);
  return tokenIn(m!.body, 'confirm');
}

async function publishArticle(category: string, title: string) {
  const a = json(await writer.post('/api/outreach/articles', { category, title, body: '<p>正文</p>', tags: [] }));
  expect((await writer.post(`/api/outreach/articles/${a.id}/submit`, {})).statusCode).toBe(200);
  const res = await publisher.post(`/api/outreach/articles/${a.id}/publish`, {});
  expect(res.statusCode, res.body).toBe(200);
  return a.id as number;
}

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  const admin = await t.admin();
  const e1 = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏测验一号科技有限公司', districtCode: '640106' }));
  const e2 = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏测验二号科技有限公司', districtCode: '640106' }));
  await t.createUser({ username: 'pq_writer', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'pq_pub', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_staff'] });
  await t.createUser({ username: 'pq_xq', orgId: await t.orgId('兴庆区市场监督管理局'), roles: ['district_staff'] });
  await t.createUser({ username: 'pq_ent', orgId: e1.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'pq_ent2', orgId: e2.orgId, roles: ['enterprise_admin'] });
  writer = await t.loginAs('pq_writer');
  publisher = await t.loginAs('pq_pub');
  xq = await t.loginAs('pq_xq');
  ent = await t.loginAs('pq_ent');
  ent2 = await t.loginAs('pq_ent2');
});
afterAll(() => t?.close());

describe('subscriptions of the public (double opt-in, stop link, push through the outbox)', () => {
  const tokens: Record<string, string> = {};

  it('bad input names the field; nothing is written', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ address: 'not-an-address', topics: ['case'] }, 'address'],
      [{ channel: 'sms', address: '12345', topics: ['case'] }, 'address'],
      [{ address: 'a@example.com', topics: ['gossip'] }, 'topics.0'],
      [{ address: 'a@example.com', topics: [] }, 'topics'],
      [{ channel: 'fax', address: 'a@example.com', topics: ['case'] }, 'channel'],
    ];
    for (const [body, field] of cases) {
      const res = await anon().post('/api/public/outreach/subscribe', body, { 'x-shangmi-locale': 'en-US' });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(json(res).error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await subscriberRows()).toBe(0);
    expect(await messages('outreach-sub-confirm:')).toHaveLength(0);
  });

  it('a request stores nothing that counts until its link is opened; the link sets the topics, twice is the same', async () => {
    tokens.a = await subscribe('Reader.A@example.com'.toLowerCase(), ['case', 'model_texts']);
    tokens.b = await subscribe('reader.b@example.com', ['case']); // never confirmed
    tokens.c = await subscribe('reader.c@example.com', ['news']);
    tokens.d = await subscribe('13900000001', ['case'], 'sms');
    const [a] = await t.database.db.select().from(outreachPublicSubscribers).where(eq(outreachPublicSubscribers.channel, 'email')).limit(1);
    expect(a).toMatchObject({ topics: [], pendingTopics: ['case', 'model_texts'], confirmedAt: null });
    // the address is sealed, not kept in clear
    expect(JSON.stringify(await t.database.db.select().from(outreachPublicSubscribers))).not.toContain('reader.');
    for (const k of ['a', 'c', 'd']) {
      const res = await anon().post('/api/public/outreach/subscribe/confirm', { token: tokens[k] });
      expect(res.statusCode, res.body).toBe(200);
      expect(json(res).state).toBe('confirmed');
    }
    expect(json(await anon().post('/api/public/outreach/subscribe/confirm', { token: tokens.a })).topics).toEqual(['case', 'model_texts']);
    const unknown = await anon().post('/api/public/outreach/subscribe/confirm', { token: 'x'.repeat(32) });
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown).error.fields[0].field).toBe('token');
  });

  it('someone typing a confirmed address changes nothing until the owner opens the new link', async () => {
    await anon().post('/api/public/outreach/subscribe', { address: 'reader.c@example.com', topics: ['exposure'] });
    const [c] = await t.database.db.select().from(outreachPublicSubscribers).where(eq(outreachPublicSubscribers.tokenHash, (await import('../../platform/crypto.js')).sha256Hex(tokens.c!)));
    expect(c).toMatchObject({ topics: ['news'], pendingTopics: ['exposure'] });
    expect(await subscriberRows()).toBe(4); // the same address is one row
  });

  it('publishing a 以案说法 article queues one message per confirmed subscriber of 以案说法, with a stop link; announced again, nobody hears twice', async () => {
    ids.case1 = await publishArticle('case', '以案说法：前员工带走图纸被判赔偿');
    const pushed = await messages(`outreach-push:article.${ids.case1}:`);
    expect(pushed.map((m) => m.to).sort()).toEqual(['13900000001', 'reader.a@example.com']);
    const mail = pushed.find((m) => m.channel === 'email')!;
    expect(mail.subject).toContain('以案说法');
    expect(mail.body).toContain(`/portal/articles/${ids.case1}`);
    expect(pushed.find((m) => m.channel === 'sms')!.body).toMatch(/退订：\S+\/subscribe\/stop\?token=/);
    // withdrawn and published again, and the job run: the same dedupe keys, no second message
    expect((await publisher.post(`/api/outreach/articles/${ids.case1}/withdraw`, { comment: '更正错字' })).statusCode).toBe(200);
    await writer.post(`/api/outreach/articles/${ids.case1}/submit`, {});
    expect((await publisher.post(`/api/outreach/articles/${ids.case1}/publish`, {})).statusCode).toBe(200);
    await announceDue(systemCtx(t.app.deps, t.database.db, new Date()));
    expect(await messages(`outreach-push:article.${ids.case1}:`)).toHaveLength(2);
    // another category reaches only its own subscriber
    const news = await publishArticle('news', '我市启动商业秘密保护服务月');
    expect((await messages(`outreach-push:article.${news}:`)).map((m) => m.to)).toEqual(['reader.c@example.com']);
    tokens.aStop = tokenIn(mail.body, 'stop');
  });

  it('the stop link ends it: the next article does not reach them; an unknown link is a 404', async () => {
    const res = await anon().post('/api/public/outreach/subscribe/stop', { token: tokens.aStop });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({ state: 'stopped', topics: [] });
    const next = await publishArticle('case', '以案说法：保密协议的约定');
    expect((await messages(`outreach-push:article.${next}:`)).map((m) => m.to)).toEqual(['13900000001']);
    expect((await anon().post('/api/public/outreach/subscribe/stop', { token: 'y'.repeat(32) })).statusCode).toBe(404);
  });

  it('a new version of a model text reaches those who follow the model texts', async () => {
    tokens.e = await subscribe('reader.e@example.com', ['model_texts']);
    await anon().post('/api/public/outreach/subscribe/confirm', { token: tokens.e });
    const slug = 'visitor-notice';
    const first = modelDocuments().find((d) => d.slug === slug)!;
    const res = await publisher.post(`/api/model-documents/${slug}/versions`, { basedOn: first.version, version: '9.0', date: '2099-01-01', note: '测试推送', sections: first.sections });
    expect(res.statusCode, res.body).toBe(200);
    const pushed = await messages(`outreach-push:model-text.${slug}.9.0:`);
    expect(pushed.map((m) => m.to)).toEqual(['reader.e@example.com']);
    expect(pushed[0]!.body).toContain(`/model-documents/${slug}`);
  });
});

describe('the quiz of a training session', () => {
  const quiz = {
    questions: [
      { text: '商业秘密须具备哪些要件？', options: ['秘密性', '秘密性、价值性、保密措施'], answer: 1 },
      { text: '员工离职时应当？', options: ['交还载体并签署承诺', '无需处理'], answer: 0 },
      { text: '侵犯商业秘密由哪部法律规定？', options: ['反不正当竞争法', '消费者权益保护法', '广告法'], answer: 0 },
    ],
    passMark: 60,
    certificateNeedsPass: true,
  };

  it('the organiser sets it; bad questions name the field; others cannot; nothing changed on failure', async () => {
    const tr = json(await writer.post('/api/outreach/trainings', { title: '带测验的培训', audience: 'enterprises', heldOn: shanghaiDate(new Date()), startTime: '09:00', hours: 2, place: '金凤区', capacity: 5 }));
    ids.training = tr.id;
    ids.token = tr.checkinPath.split('/').pop();
    const bad = await writer.put(`/api/outreach/trainings/${tr.id}/quiz`, { quiz: { ...quiz, questions: [{ text: '？', options: ['一', '二'], answer: 3 }] } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields[0].field).toMatch(/^quiz\.questions/);
    const noMark = await writer.put(`/api/outreach/trainings/${tr.id}/quiz`, { quiz: { ...quiz, passMark: null } });
    expect(json(noMark).error.fields[0].field).toBe('quiz.passMark');
    expect((await xq.put(`/api/outreach/trainings/${tr.id}/quiz`, { quiz })).statusCode).toBe(404);
    expect((await ent.put(`/api/outreach/trainings/${tr.id}/quiz`, { quiz })).statusCode).toBe(403);
    expect((await t.database.db.select().from(outreachTrainings).where(eq(outreachTrainings.id, tr.id)))[0]!.quiz).toBeNull();
    const set = await writer.put(`/api/outreach/trainings/${tr.id}/quiz`, { quiz });
    expect(set.statusCode, set.body).toBe(200);
    expect(json(set).answers).toEqual([1, 0, 0]);
  });

  it('a participant sees no answers, answers only after check-in; the score is the share right, the best kept; the certificate waits for a pass', async () => {
    expect((await ent.post(`/api/outreach/trainings/${ids.training}/enrol`, {})).statusCode).toBe(200);
    expect((await ent2.post(`/api/outreach/trainings/${ids.training}/enrol`, {})).statusCode).toBe(200);
    const seen = json(await ent.get(`/api/outreach/trainings/${ids.training}/quiz`));
    expect(seen).toMatchObject({ answers: null, passMark: 60, mine: { score: null, attempts: 0 } });
    expect(JSON.stringify(seen)).not.toContain('"answer"');
    const early = await ent.post(`/api/outreach/trainings/${ids.training}/quiz`, { answers: [1, 0, 0] });
    expect(early.statusCode).toBe(409);
    expect(await t.database.db.select({ n: outreachEnrolments.quizAttempts }).from(outreachEnrolments).where(eq(outreachEnrolments.trainingId, ids.training))).toEqual([{ n: 0 }, { n: 0 }]);
    expect((await ent.post('/api/outreach/checkin', { token: ids.token })).statusCode).toBe(200);
    const enrolmentId = json(await ent.get(`/api/outreach/trainings/${ids.training}`)).mine.id;
    const short = await ent.post(`/api/outreach/trainings/${ids.training}/quiz`, { answers: [1] }, { 'x-shangmi-locale': 'en-US' });
    expect(short.statusCode).toBe(400);
    expect(json(short).error.fields[0]).toMatchObject({ field: 'answers' });
    const one = json(await ent.post(`/api/outreach/trainings/${ids.training}/quiz`, { answers: [0, 0, 1] }));
    expect(one).toEqual({ score: 33, correct: 1, total: 3, best: 33, passed: false });
    expect((await ent.get(`/api/outreach/trainings/${ids.training}/enrolments/${enrolmentId}/certificate`)).statusCode).toBe(409);
    const two = json(await ent.post(`/api/outreach/trainings/${ids.training}/quiz`, { answers: [1, 0, 0] }));
    expect(two).toEqual({ score: 100, correct: 3, total: 3, best: 100, passed: true });
    const worse = json(await ent.post(`/api/outreach/trainings/${ids.training}/quiz`, { answers: [0, 1, 1] }));
    expect(worse).toMatchObject({ score: 0, best: 100, passed: true });
    expect(json(await ent.get(`/api/outreach/trainings/${ids.training}`)).mine.quizScore).toBe(100);
    const cert = await ent.get(`/api/outreach/trainings/${ids.training}/enrolments/${enrolmentId}/certificate`);
    expect(cert.statusCode).toBe(200);
    // the questions cannot change once someone answered; another district sees nothing of it
    const change = await writer.put(`/api/outreach/trainings/${ids.training}/quiz`, { quiz: null });
    expect(change.statusCode).toBe(409);
    expect(json(change).error.fields[0].field).toBe('questions');
    expect((await xq.get(`/api/outreach/trainings/${ids.training}/quiz`)).statusCode).toBe(404);
  });
});
