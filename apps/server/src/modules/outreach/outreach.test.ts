/**
 * Trainings, events and the year's counts over the API, on PGlite and PostgreSQL: an officer organises a training, an
 * enterprise enrols and checks in by the QR link on the day (once), its hours add up and its certificate is a Word
 * file; capacity and scope hold; bad input names the field and changes nothing; events run plan → done; the counts
 * per organiser are what the service ledger reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { outreachEnrolments, outreachEvents, outreachTrainings } from '../../db/schema/index.js';
import { createTestApp, json, type Client, type TestApp } from '../../../test/harness.js';
import { creditCode } from '../../../test/credit.js';
import { activityCounts } from './outreach.service.js';

let t: TestApp;
let admin: Client;
let city: Client;
let jf: Client;
let xq: Client;
let ent: Client;
let ent2: Client;
let entOther: Client;
const org: Record<string, number> = {};
const ids: Record<string, number> = {};
const today = () => shanghaiDate(new Date());
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const year = () => Number(today().slice(0, 4));
const trainingRows = async () => (await t.database.db.select({ n: count() }).from(outreachTrainings))[0].n;
const enrolmentRows = async () => (await t.database.db.select({ n: count() }).from(outreachEnrolments))[0].n;

const trainingInput = (over: Record<string, unknown> = {}) => ({
  title: '商业秘密保护实务培训',
  audience: 'enterprises',
  heldOn: today(),
  startTime: '09:30',
  hours: 2.5,
  place: '金凤区市场监管局三楼会议室',
  capacity: 2,
  ...over,
});

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  const e1 = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏培训一号科技有限公司', districtCode: '640106' }));
  const e2 = json(await admin.post('/api/enterprises', { creditCode: creditCode('640106'), name: '宁夏培训二号科技有限公司', districtCode: '640106' }));
  const e3 = json(await admin.post('/api/enterprises', { creditCode: creditCode('640104'), name: '宁夏培训三号科技有限公司', districtCode: '640104' }));
  await t.createUser({ username: 'or_city', orgId: org.city, roles: ['city_staff'] });
  ids.jfUser = await t.createUser({ username: 'or_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  ids.jfColleague = await t.createUser({ username: 'or_jf2', orgId: org.jinfeng, roles: ['district_staff'] });
  ids.xqUser = await t.createUser({ username: 'or_xq', orgId: org.xingqing, roles: ['district_staff'] });
  ids.ent = await t.createUser({ username: 'or_ent', orgId: e1.orgId, roles: ['enterprise_admin'] });
  ids.ent2 = await t.createUser({ username: 'or_ent2', orgId: e2.orgId, roles: ['enterprise_admin'] });
  ids.ent3 = await t.createUser({ username: 'or_ent3', orgId: e3.orgId, roles: ['enterprise_admin'] });
  city = await t.loginAs('or_city');
  jf = await t.loginAs('or_jf');
  xq = await t.loginAs('or_xq');
  ent = await t.loginAs('or_ent');
  ent2 = await t.loginAs('or_ent2');
  entOther = await t.loginAs('or_ent3');
});
afterAll(() => t?.close());

describe('trainings', () => {
  it('an officer organises a training; an enterprise finds it among the open ones and enrols', async () => {
    const res = await jf.post('/api/outreach/trainings', trainingInput());
    expect(res.statusCode, res.body).toBe(200);
    const tr = json(res);
    expect(tr).toMatchObject({ orgId: org.jinfeng, hours: 2.5, capacity: 2, enrolled: 0, state: 'planned', mayManage: true });
    expect(tr.checkinPath).toMatch(/^\/checkin\/[\w-]{20,}$/);
    ids.training = tr.id;
    ids.token = tr.checkinPath.split('/').pop();

    const open = json(await ent.get('/api/outreach/trainings?view=open'));
    const mine = open.items.find((x: { id: number }) => x.id === ids.training);
    expect(mine).toMatchObject({ mayManage: false, checkinPath: null, mine: null });
    const enrolled = json(await ent.post(`/api/outreach/trainings/${ids.training}/enrol`));
    expect(enrolled).toMatchObject({ enrolled: 1, mine: { checkedInAt: null, hours: 0 } });
  });

  it('scope: another district neither sees nor manages it; an enterprise cannot organise', async () => {
    expect((await xq.get(`/api/outreach/trainings/${ids.training}`)).statusCode).toBe(404);
    expect((await xq.get(`/api/outreach/trainings/${ids.training}/enrolments`)).statusCode).toBe(404);
    expect((await xq.patch(`/api/outreach/trainings/${ids.training}`, { capacity: 50 })).statusCode).toBe(404);
    expect(json(await xq.get('/api/outreach/trainings')).items.map((x: { id: number }) => x.id)).not.toContain(ids.training);
    // the city sees below it
    expect((await city.get(`/api/outreach/trainings/${ids.training}/enrolments`)).statusCode).toBe(200);
    expect((await ent.post('/api/outreach/trainings', trainingInput())).statusCode).toBe(403);
    expect((await ent.get(`/api/outreach/trainings/${ids.training}/enrolments`)).statusCode).toBe(403);
    // an officers' training is not offered to an enterprise
    const officers = json(await jf.post('/api/outreach/trainings', trainingInput({ audience: 'officers', title: '执法人员业务培训' })));
    ids.officers = officers.id;
    expect((await ent.get(`/api/outreach/trainings/${officers.id}`)).statusCode).toBe(404);
    expect((await ent.post(`/api/outreach/trainings/${officers.id}/enrol`)).statusCode).toBe(404);
    expect((await xq.post(`/api/outreach/trainings/${officers.id}/enrol`)).statusCode).toBe(200);
  });

  it('enrolment limits: once per person, never past the capacity — nothing changes on refusal', async () => {
    const again = await ent.post(`/api/outreach/trainings/${ids.training}/enrol`);
    expect(again.statusCode).toBe(409);
    expect(json(again).error.fields[0].field).toBe('userIds');
    expect(json(await ent2.post(`/api/outreach/trainings/${ids.training}/enrol`)).enrolled).toBe(2);
    const before = await enrolmentRows();
    const full = await entOther.post(`/api/outreach/trainings/${ids.training}/enrol`);
    expect(full.statusCode).toBe(409);
    expect(json(full).error.fields[0]).toMatchObject({ field: 'capacity' });
    expect(json(full).error.fields[0].message).toContain('名额已满');
    // the organiser cannot enrol past it either, nor shrink the capacity below the enrolled
    const past = await jf.post(`/api/outreach/trainings/${ids.training}/enrolments`, { userIds: [ids.jfColleague] });
    expect(past.statusCode).toBe(409);
    expect(json(past).error.fields[0].field).toBe('userIds');
    const shrink = await jf.patch(`/api/outreach/trainings/${ids.training}`, { capacity: 1 });
    expect(shrink.statusCode).toBe(400);
    expect(json(shrink).error.fields[0].field).toBe('capacity');
    expect(await enrolmentRows()).toBe(before);
    expect(json(await jf.get(`/api/outreach/trainings/${ids.training}`)).enrolled).toBe(2);
  });

  it('two enrolments at once for the last place: one gets it (the training row is locked)', async () => {
    const last = json(await jf.post('/api/outreach/trainings', trainingInput({ capacity: 1, title: '最后一个名额' })));
    const [a, b] = await Promise.all([ent.post(`/api/outreach/trainings/${last.id}/enrol`), entOther.post(`/api/outreach/trainings/${last.id}/enrol`)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const rows = await t.database.db.select().from(outreachEnrolments).where(eq(outreachEnrolments.trainingId, last.id));
    expect(rows).toHaveLength(1);
    expect(json(await jf.get(`/api/outreach/trainings/${last.id}`)).enrolled).toBe(1);
  });

  it('the organiser enrols people of its scope only (all or none)', async () => {
    const tr = json(await jf.post('/api/outreach/trainings', trainingInput({ audience: 'officers', capacity: 10, title: '内部学习交流' })));
    const before = await enrolmentRows();
    const outside = await jf.post(`/api/outreach/trainings/${tr.id}/enrolments`, { userIds: [ids.jfColleague, ids.xqUser] });
    expect(outside.statusCode).toBe(400);
    expect(json(outside).error.fields[0].field).toBe('userIds');
    expect(await enrolmentRows()).toBe(before);
    const list = json(await jf.post(`/api/outreach/trainings/${tr.id}/enrolments`, { userIds: [ids.jfColleague] }));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ userId: ids.jfColleague, checkedInAt: null });
  });

  it('bad input names the field, in Chinese or English, and writes nothing', async () => {
    const before = await trainingRows();
    const cases: [Record<string, unknown>, string][] = [
      [trainingInput({ place: null, onlineUrl: null }), 'place'],
      [trainingInput({ hours: 0.3 }), 'hours'],
      [trainingInput({ capacity: 0 }), 'capacity'],
      [trainingInput({ heldOn: '2026-02-30' }), 'heldOn'],
      [trainingInput({ startTime: '25:00' }), 'startTime'],
      [trainingInput({ onlineUrl: 'javascript:alert(1)' }), 'onlineUrl'],
      [trainingInput({ audience: 'everyone' }), 'audience'],
      [trainingInput({ materialFileIds: [999999] }), 'materialFileIds'],
    ];
    for (const [body, field] of cases) {
      const res = await jf.post('/api/outreach/trainings', body);
      expect(res.statusCode, field).toBe(400);
      expect(json(res).error.fields.map((f: { field: string }) => f.field), field).toContain(field);
    }
    jf.locale = 'en-US';
    const en = json(await jf.post('/api/outreach/trainings', trainingInput({ place: null })));
    jf.locale = 'zh-CN';
    expect(en.error.fields[0].message).toMatch(/place or an online link/);
    expect(await trainingRows()).toBe(before);
  });

  it('check-in by the QR link: only enrolled, only on the day, only once; the hours add up', async () => {
    const info = json(await ent.get(`/api/outreach/checkin/${ids.token}`));
    expect(info).toMatchObject({ trainingId: ids.training, title: '商业秘密保护实务培训' });
    const bad = await ent.post('/api/outreach/checkin', { token: 'not-a-real-token' });
    expect(bad.statusCode).toBe(404);
    expect(json(bad).error.fields[0].field).toBe('token');
    // not enrolled
    expect((await entOther.post('/api/outreach/checkin', { token: ids.token })).statusCode).toBe(409);

    const first = await ent.post('/api/outreach/checkin', { token: ids.token });
    expect(first.statusCode, first.body).toBe(200);
    expect(json(first)).toMatchObject({ trainingId: ids.training, hours: 2.5 });
    const twice = await ent.post('/api/outreach/checkin', { token: ids.token });
    expect(twice.statusCode).toBe(409);
    expect(json(twice).error.message).toContain('已签到');

    // a session of another day: enrolled, but the check-in is refused and nothing changes
    const tomorrow = json(await jf.post('/api/outreach/trainings', trainingInput({ heldOn: addDays(today(), 1), title: '明天的培训' })));
    await ent.post(`/api/outreach/trainings/${tomorrow.id}/enrol`);
    const token = json(await jf.get(`/api/outreach/trainings/${tomorrow.id}`)).checkinPath.split('/').pop();
    const early = await ent.post('/api/outreach/checkin', { token });
    expect(early.statusCode).toBe(409);
    expect(json(early).error.message).toContain(addDays(today(), 1));
    const [e] = await t.database.db.select().from(outreachEnrolments).where(eq(outreachEnrolments.trainingId, tomorrow.id));
    expect(e.checkedInAt).toBeNull();
    expect(e.minutes).toBe(0);

    // a second session today adds its hours
    const second = json(await jf.post('/api/outreach/trainings', trainingInput({ hours: 1, title: '下午场' })));
    await ent.post(`/api/outreach/trainings/${second.id}/enrol`);
    const t2 = json(await jf.get(`/api/outreach/trainings/${second.id}`)).checkinPath.split('/').pop();
    expect((await ent.post('/api/outreach/checkin', { token: t2 })).statusCode).toBe(200);

    const mine = json(await ent.get(`/api/outreach/my-training?year=${year()}`));
    expect(mine.hours).toBe(3.5);
    expect(mine.sessions.filter((s: { checkedInAt: string | null }) => s.checkedInAt)).toHaveLength(2);
    const hours = json(await jf.get(`/api/outreach/hours?year=${year()}`));
    expect(hours.find((h: { userId: number }) => h.userId === ids.ent)).toMatchObject({ sessions: 2, hours: 3.5 });
    // the other district does not see the enterprise's hours (its node is under 金凤区)
    expect(json(await xq.get(`/api/outreach/hours?year=${year()}`)).find((h: { userId: number }) => h.userId === ids.ent)).toBeUndefined();
    expect(json(await jf.get(`/api/outreach/trainings/${ids.training}`)).state).toBe('held');
  });

  it('a certificate for a check-in (Word), to the person or the organiser only', async () => {
    const mine = json(await ent.get(`/api/outreach/my-training?year=${year()}`));
    const s = mine.sessions.find((x: { trainingId: number }) => x.trainingId === ids.training);
    expect(s.certificateNo).toMatch(/^SMPX-\d{4}-/);
    const doc = await ent.get(`/api/outreach/trainings/${ids.training}/enrolments/${s.enrolmentId}/certificate`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    expect(doc.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await jf.get(`/api/outreach/trainings/${ids.training}/enrolments/${s.enrolmentId}/certificate`)).statusCode).toBe(200);
    expect((await ent2.get(`/api/outreach/trainings/${ids.training}/enrolments/${s.enrolmentId}/certificate`)).statusCode).toBe(404);
    // enrolled but not checked in: no certificate
    const e2 = json(await jf.get(`/api/outreach/trainings/${ids.training}/enrolments`)).find((x: { userId: number }) => x.userId === ids.ent2);
    expect((await ent2.get(`/api/outreach/trainings/${ids.training}/enrolments/${e2.id}/certificate`)).statusCode).toBe(409);
  });
});

describe('events and the counts', () => {
  it('plan → done with results; a future event takes no results; cancelled is final', async () => {
    const ev = json(await jf.post('/api/outreach/events', { kind: 'park', title: '商业秘密保护进园区', heldOn: today(), place: '银川经济技术开发区', districtCode: '640106' }));
    expect(ev).toMatchObject({ state: 'planned', orgId: org.jinfeng });
    const bad = await jf.post(`/api/outreach/events/${ev.id}/result`, { participants: -1, result: '' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['participants', 'result']));
    const done = json(await jf.post(`/api/outreach/events/${ev.id}/result`, { participants: 120, reach: 3000, links: ['https://weibo.com/1'], result: '发放资料 300 份' }));
    expect(done).toMatchObject({ state: 'done', participants: 120, reach: 3000 });
    const future = json(await jf.post('/api/outreach/events', { kind: 'live', title: '以案说法直播', heldOn: addDays(today(), 3) }));
    expect((await jf.post(`/api/outreach/events/${future.id}/result`, { participants: 1, result: '提前' })).statusCode).toBe(409);
    expect((await xq.get(`/api/outreach/events/${future.id}`)).statusCode).toBe(404);
    expect((await jf.post(`/api/outreach/events/${future.id}/cancel`)).statusCode).toBe(200);
    expect((await jf.patch(`/api/outreach/events/${future.id}`, { title: '改名' })).statusCode).toBe(409);
    const wrongDistrict = await jf.post('/api/outreach/events', { kind: 'community', title: '进社区', heldOn: today(), districtCode: '110101' });
    expect(wrongDistrict.statusCode).toBe(400);
    expect(json(wrongDistrict).error.fields[0].field).toBe('districtCode');
    const ends = await jf.post('/api/outreach/events', { kind: 'service_month', title: '服务月', heldOn: today(), endsOn: addDays(today(), -1) });
    expect(json(ends).error.fields[0].field).toBe('endsOn');
    expect((await t.database.db.select({ n: count() }).from(outreachEvents))[0].n).toBe(2);
  });

  it('per organiser and month, within scope; activityCounts gives the ledger its numbers', async () => {
    const c = json(await city.get(`/api/outreach/counts?year=${year()}`));
    const jin = c.byOrganiser.find((r: { orgId: number }) => r.orgId === org.jinfeng);
    // held trainings (with a check-in): the morning and afternoon sessions; participants and hours from check-ins
    expect(jin).toMatchObject({ trainings: 2, trainingParticipants: 2, trainingHours: 3.5, events: 1, eventParticipants: 120, reach: 3000 });
    const month = Number(today().slice(5, 7));
    expect(c.byMonth[month - 1]).toMatchObject({ trainings: 2, hours: 3.5, events: 1, reach: 3000 });
    // per district (the organiser's): 金凤区 640106 carries its bureau's figures; 兴庆区 sees only its own district
    expect(c.byDistrict.find((d: { districtCode: string | null }) => d.districtCode === '640106')).toMatchObject({ trainings: 2, participants: 2, hours: 3.5, events: 1, reach: 3000 });
    const xqCounts = json(await xq.get(`/api/outreach/counts?year=${year()}`));
    expect(xqCounts.byDistrict.find((d: { districtCode: string | null }) => d.districtCode === '640106')).toBeUndefined();
    expect(json(await xq.get(`/api/outreach/counts?year=${year()}`)).byOrganiser.find((r: { orgId: number }) => r.orgId === org.jinfeng)).toBeUndefined();
    const ledger = await activityCounts(t.database.db, { year: year(), orgIds: [org.jinfeng, org.xingqing] });
    expect(ledger).toEqual([expect.objectContaining({ orgId: org.jinfeng, trainings: 2, events: 1 })]);
    expect(await activityCounts(t.database.db, { year: year() - 1, orgIds: [org.jinfeng] })).toEqual([]);
    const xlsx = await city.get(`/api/outreach/counts/export?year=${year()}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });
});
