/**
 * Surveys over the API, on PGlite and PostgreSQL: built from a template, sent to a district's enterprises (a task in
 * each account's inbox), answered by account and by link token, drafts; the server's answer check (a required question
 * skipped, an answer to a question hidden by skip logic, a 100,000-character text, a second answer by the same account
 * or token → 4xx naming the question, nothing changed); a closed survey refuses answers; anonymous answers carry
 * nothing that identifies the respondent; results per question, the cross-tab by district, the Excel export; scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, readXlsx, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCode } from '../../../test/protection.js';

let t: TestApp;
let admin: Client;
const c: Record<string, Client> = {};
const org: Record<string, number> = {};
const ent: Record<string, Json> = {};
const count = async (table: string) => Number((await t.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);
const ok = async (res: { statusCode: number; body: string }) => {
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as Json;
};
const refusal = (res: { statusCode: number; body: string }) => ({ status: res.statusCode, ...JSON.parse(res.body).error });

/** A complete answer to the template (protection-needs): has_system = yes hides why_not; infringed = no hides the detail. */
const answer = (extra: Record<string, unknown> = {}) => ({ has_system: 'yes', awareness: 4, services: ['training', 'legal'], infringed: 'no', satisfaction: { policy: 'good', station: 'fair' }, suggestion: '希望多组织培训', ...extra });

// the public link routes' per-address budget, small here (the tests above send about a dozen from 127.0.0.1)
const SURVEY_BUDGET = 30;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { survey: { limit: SURVEY_BUDGET, windowMs: 600_000 } } });
  admin = await t.admin();
  org.city = await t.orgId('银川市市场监督管理局');
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  ent.a = await ok(await admin.post('/api/enterprises', { creditCode: creditCode('QT0A'), name: '宁夏问卷甲科技有限公司', districtCode: '640106' }));
  ent.b = await ok(await admin.post('/api/enterprises', { creditCode: creditCode('QT0B'), name: '宁夏问卷乙科技有限公司', districtCode: '640106' }));
  ent.x = await ok(await admin.post('/api/enterprises', { creditCode: creditCode('QT0X'), name: '宁夏问卷兴庆科技有限公司', districtCode: '640104' }));
  await t.createUser({ username: 'sv_city', orgId: org.city, roles: ['city_staff'] });
  await t.createUser({ username: 'sv_xq', orgId: org.xingqing, roles: ['district_staff'] });
  await t.createUser({ username: 'sv_ent_a', orgId: ent.a.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'sv_ent_b', orgId: ent.b.orgId, roles: ['enterprise_admin'] });
  await t.createUser({ username: 'sv_ent_x', orgId: ent.x.orgId, roles: ['enterprise_admin'] });
  for (const u of ['city', 'xq', 'ent_a', 'ent_b', 'ent_x']) c[u] = await t.loginAs(`sv_${u}`);
});
afterAll(async () => t?.close());

describe('a named survey from the template, sent to 金凤区', () => {
  let id: number;

  it('the builder refuses a definition whose skip logic points forward, naming the field', async () => {
    const bad = refusal(
      await c.city.post('/api/listening/surveys', {
        title: '测试',
        sections: [
          {
            id: 's1',
            title: '一',
            questions: [
              { id: 'q1', kind: 'text', title: '说明', showIf: { question: 'q2', anyOf: ['a'] } },
              { id: 'q2', kind: 'single', title: '选择', options: [{ value: 'a', label: 'A' }] },
            ],
          },
        ],
      }),
    );
    expect(bad).toMatchObject({ status: 400, fields: [{ field: 'sections.0.questions.0.showIf' }] });
    expect(await count('listening_surveys')).toBe(0);
  });

  it('the city builds it from the template and sends it to 金凤区: each account gets a task', async () => {
    const templates = await ok(await c.city.get('/api/listening/surveys/templates'));
    expect(templates.map((x: Json) => x.title)).toContain('企业商业秘密保护需求调查');
    const s = await ok(await c.city.post('/api/listening/surveys/from-template', { template: 'protection-needs' }));
    id = s.id;
    expect(s).toMatchObject({ status: 'draft', title: '企业商业秘密保护需求调查', anonymous: false });
    expect(refusal(await c.city.post(`/api/listening/surveys/${id}/distribute`, { districtCodes: ['640199'] }))).toMatchObject({ status: 400 });
    expect((await ok(await c.city.get(`/api/listening/surveys/${id}`))).status).toBe('draft');
    const sent = await ok(await c.city.post(`/api/listening/surveys/${id}/distribute`, { districtCodes: ['640106'] }));
    expect(sent).toMatchObject({ status: 'open', targets: 2 });
    const tasks = (await ok(await c.ent_a.get('/api/inbox'))).items.filter((x: Json) => x.link === `/listening/answer/${id}`);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].event).toBe('task');
    expect((await ok(await c.ent_x.get('/api/inbox'))).items.filter((x: Json) => x.link === `/listening/answer/${id}`)).toHaveLength(0);
    expect((await ok(await c.ent_a.get('/api/listening/my/surveys'))).map((x: Json) => x.id)).toEqual([id]);
    // an enterprise it was not sent to does not see it
    expect((await c.ent_x.get(`/api/listening/my/surveys/${id}`)).statusCode).toBe(404);
    // once sent, its questions are fixed
    expect(refusal(await c.city.patch(`/api/listening/surveys/${id}`, { title: '改' })).status).toBe(409);
  });

  it('scope: another district does not see the city’s survey; an enterprise cannot read results', async () => {
    expect((await c.xq.get(`/api/listening/surveys/${id}`)).statusCode).toBe(404);
    expect((await c.xq.get(`/api/listening/surveys/${id}/results`)).statusCode).toBe(404);
    expect((await c.ent_a.get(`/api/listening/surveys/${id}/results`)).statusCode).toBe(403);
  });

  it('a draft is saved and read back', async () => {
    await ok(await c.ent_a.put(`/api/listening/my/surveys/${id}/draft`, { answers: { has_system: 'no' } }));
    expect((await ok(await c.ent_a.get(`/api/listening/my/surveys/${id}`))).draft).toEqual({ has_system: 'no' });
    expect(refusal(await c.ent_a.put(`/api/listening/my/surveys/${id}/draft`, { answers: { has_system: 'maybe' } })).fields[0].field).toBe('answers.has_system');
  });

  it('bad answers are refused naming the question, and change nothing', async () => {
    const submit = (answers: Record<string, unknown>) => c.ent_a.post(`/api/listening/my/surveys/${id}/answer`, { answers });
    const skipped = refusal(await submit(answer({ awareness: undefined })));
    expect(skipped).toMatchObject({ status: 400, fields: [{ field: 'answers.awareness' }] });
    expect(skipped.fields[0].message).toContain('必答');
    const hidden = refusal(await submit(answer({ why_not: ['cost'] })));
    expect(hidden).toMatchObject({ status: 400, fields: [{ field: 'answers.why_not' }] });
    const long = refusal(await submit(answer({ suggestion: '长'.repeat(100_000) })));
    expect(long).toMatchObject({ status: 400, fields: [{ field: 'answers.suggestion' }] });
    expect(long.fields[0].message).toContain('100000');
    const shown = refusal(await submit(answer({ has_system: 'no' })));
    expect(shown.fields[0].field).toBe('answers.why_not');
    const unknown = refusal(await submit(answer({ q99: 'x' })));
    expect(unknown.fields[0].field).toBe('answers.q99');
    // in English too
    c.ent_a.locale = 'en-US';
    expect(refusal(await submit(answer({ awareness: undefined }))).fields[0].message).toContain('is required');
    c.ent_a.locale = 'zh-CN';
    expect(await count('listening_responses')).toBe(0);
    expect((await ok(await c.ent_a.get(`/api/listening/my/surveys/${id}`))).answered).toBe(false);
  });

  it('one answer per account: the second is refused; the draft is gone', async () => {
    await ok(await c.ent_a.post(`/api/listening/my/surveys/${id}/answer`, { answers: answer({ has_system: 'no', why_not: ['cost', 'no_staff'] }) }));
    const again = refusal(await c.ent_a.post(`/api/listening/my/surveys/${id}/answer`, { answers: answer() }));
    expect(again.status).toBe(409);
    expect(await count('listening_responses')).toBe(1);
    const form = await ok(await c.ent_a.get(`/api/listening/my/surveys/${id}`));
    expect(form).toMatchObject({ answered: true, draft: null });
    await ok(await c.ent_b.post(`/api/listening/my/surveys/${id}/answer`, { answers: answer({ infringed: 'yes', infringement_detail: '前员工带走客户名单' }) }));
  });

  it('link tokens: one answer each; an unknown token is not found', async () => {
    const { tokens, links, qr } = await ok(await c.city.post(`/api/listening/surveys/${id}/tokens`, { count: 2 }));
    expect(tokens).toHaveLength(2);
    expect(links[0]).toBe(`/s/${tokens[0]}`);
    // each link's QR code, the whole address under the public URL
    expect(qr).toHaveLength(2);
    expect(qr[0]).toContain('<svg');
    const anon = t.client();
    const form = await ok(await anon.get(`/api/public/listening/s/${tokens[0]}`));
    expect(form).toMatchObject({ id, answered: false });
    await ok(await anon.put(`/api/public/listening/s/${tokens[0]}/draft`, { answers: { has_system: 'partial' } }));
    expect((await ok(await anon.get(`/api/public/listening/s/${tokens[0]}`))).draft).toEqual({ has_system: 'partial' });
    await ok(await anon.post(`/api/public/listening/s/${tokens[0]}/answer`, { answers: answer({ has_system: 'partial' }) }));
    const second = refusal(await anon.post(`/api/public/listening/s/${tokens[0]}/answer`, { answers: answer() }));
    expect(second).toMatchObject({ status: 409, fields: [{ field: 'token' }] });
    expect((await anon.get(`/api/public/listening/s/${'x'.repeat(32)}`)).statusCode).toBe(404);
    expect(await count('listening_responses')).toBe(3);
  });

  it('the same token sent eight times at once: exactly one answer is kept (PostgreSQL runs them concurrently)', async () => {
    const { tokens } = await ok(await c.city.post(`/api/listening/surveys/${id}/tokens`, { count: 1 }));
    const before = await count('listening_responses');
    const results = await Promise.all(Array.from({ length: 8 }, () => t.client().post(`/api/public/listening/s/${tokens[0]}/answer`, { answers: answer({ has_system: 'partial' }) })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect(await count('listening_responses')).toBe(before + 1);
    // the results below count three answers: this one is taken out again
    await t.database.query(`delete from listening_responses where survey_id = ${id} and enterprise_id is null and answers->>'has_system' = 'partial' and id = (select max(id) from listening_responses where survey_id = ${id} and enterprise_id is null)`);
  });

  it('results: counts per question, the cross-tab by district, free text listed, the Excel export', async () => {
    const r = await ok(await c.city.get(`/api/listening/surveys/${id}/results?by=district`));
    expect(r.responses).toBe(3);
    const q = (qid: string) => r.questions.find((x: Json) => x.id === qid);
    expect(Object.fromEntries(q('has_system').counts.map((x: Json) => [x.value, x.count]))).toEqual({ no: 1, yes: 1, partial: 1 });
    expect(Object.fromEntries(q('services').counts.map((x: Json) => [x.value, x.count]))).toEqual({ training: 3, legal: 3 });
    expect(q('satisfaction').counts).toEqual(expect.arrayContaining([{ value: 'policy=good', count: 3 }]));
    expect(q('awareness').counts).toEqual([{ value: '4', count: 3 }]);
    expect(q('infringement_detail').texts).toEqual(['前员工带走客户名单']);
    // named answers by account carry their district; the link's answer has none
    expect(q('has_system').cross).toEqual(expect.arrayContaining([{ group: '640106', value: 'no', count: 1 }, { group: '', value: 'partial', count: 1 }]));
    const rows = await readXlsx(await c.city.get(`/api/listening/surveys/${id}/export`));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('贵企业是否已建立商业秘密保护制度？');
    expect(rows.flat()).toContain('宁夏问卷乙科技有限公司');
  });

  it('a named text answer becomes a need (source survey) assigned in the same request; refusals leave no need', async () => {
    const r = await ok(await c.city.get(`/api/listening/surveys/${id}/results`));
    const [a] = r.questions.find((x: Json) => x.id === 'infringement_detail').textAnswers;
    expect(a).toMatchObject({ text: '前员工带走客户名单', enterpriseId: expect.any(Number), enterpriseName: expect.stringMatching(/^宁夏问卷/) });
    const tomorrow = new Date(Date.now() + 86_400_000 * 7).toISOString().slice(0, 10);
    const body = { enterpriseId: a.enterpriseId, kind: 'need', category: 'rights', title: '前员工带走客户名单，希望获得维权指导', detail: a.text, source: 'survey', sourceId: id, assigneeOrgId: org.jinfeng, dueOn: tomorrow };
    const before = await count('listening_needs');
    expect(refusal(await c.city.post('/api/listening/needs', { ...body, dueOn: '2020-01-01' }))).toMatchObject({ status: 400, fields: [{ field: 'dueOn' }] });
    expect(refusal(await c.city.post('/api/listening/needs', { ...body, dueOn: undefined }))).toMatchObject({ status: 400, fields: [{ field: 'dueOn' }] });
    // an enterprise that sent no named answer to this survey; a survey outside the caller's scope
    expect(refusal(await c.city.post('/api/listening/needs', { ...body, enterpriseId: ent.x.id }))).toMatchObject({ status: 400, fields: [{ field: 'enterpriseId' }] });
    expect(refusal(await c.xq.post('/api/listening/needs', { ...body, enterpriseId: ent.x.id, assigneeOrgId: undefined, dueOn: undefined }))).toMatchObject({ status: 400, fields: [{ field: 'sourceId' }] });
    expect(await count('listening_needs')).toBe(before);
    const need = await ok(await c.city.post('/api/listening/needs', body));
    expect(need).toMatchObject({ source: 'survey', sourceId: id, enterpriseId: a.enterpriseId, state: 'assigned', assigneeName: '金凤区市场监督管理局', dueOn: tomorrow, detail: '前员工带走客户名单' });
    expect(await count('listening_needs')).toBe(before + 1);
    // the enterprise sees its need; the survey's other respondent does not
    const owner = a.enterpriseId === ent.a.id ? c.ent_a : c.ent_b;
    const other = a.enterpriseId === ent.a.id ? c.ent_b : c.ent_a;
    expect((await owner.get(`/api/listening/needs/${need.id}`)).statusCode).toBe(200);
    expect((await other.get(`/api/listening/needs/${need.id}`)).statusCode).toBe(404);
  });

  it('a closed survey takes no more answers, by account or by link', async () => {
    const { tokens } = await ok(await c.city.post(`/api/listening/surveys/${id}/tokens`, { count: 1 }));
    await ok(await c.city.post(`/api/listening/surveys/${id}/close`));
    const byToken = refusal(await t.client().post(`/api/public/listening/s/${tokens[0]}/answer`, { answers: answer() }));
    expect(byToken.status).toBe(409);
    expect(byToken.message).toContain('不能作答');
    await t.database.query(`update listening_survey_targets set answered = false where survey_id = ${id}`);
    expect(refusal(await c.ent_a.post(`/api/listening/my/surveys/${id}/answer`, { answers: answer() })).status).toBe(409);
    expect(await count('listening_responses')).toBe(3);
  });
});

describe('an anonymous survey', () => {
  it('its answers carry nothing that identifies the respondent', async () => {
    const s = await ok(await c.city.post('/api/listening/surveys/from-template', { template: 'protection-needs', title: '匿名满意度调查' }));
    await ok(await c.city.patch(`/api/listening/surveys/${s.id}`, { anonymous: true }));
    await ok(await c.city.post(`/api/listening/surveys/${s.id}/distribute`, { enterpriseIds: [ent.a.id] }));
    await ok(await c.ent_a.put(`/api/listening/my/surveys/${s.id}/draft`, { answers: { has_system: 'yes' } }));
    await ok(await c.ent_a.post(`/api/listening/my/surveys/${s.id}/answer`, { answers: answer() }));
    const rows = await t.database.query<Json>(`select * from listening_responses where survey_id = ${s.id}`);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({ enterprise_id: null, enterprise_org_id: null, district_code: null, industry_section: null, enterprise_kind: null });
    // only the answers and the day: no time, user or token column exists, and the id is not the sequence's next
    expect(Object.keys(row).sort()).toEqual(['answers', 'district_code', 'enterprise_id', 'enterprise_kind', 'enterprise_org_id', 'id', 'industry_section', 'submitted_on', 'survey_id']);
    expect(Number(row.id)).toBeGreaterThanOrEqual(2 ** 30);
    expect(JSON.stringify(row.answers)).not.toContain('宁夏问卷甲');
    // no draft left behind under the enterprise's key; the operation log names the survey, never the answer row
    expect(await count(`listening_drafts where survey_id = ${s.id}`)).toBe(0);
    const log = await t.database.query<Json>(`select target_type, target_id, after from oplog where action = 'listening.answerSurvey' order by seq desc limit 1`);
    expect(log[0]).toMatchObject({ target_type: 'listening_survey', target_id: String(s.id) });
    expect(JSON.stringify(log[0].after)).not.toContain(String(row.id));
    // the receipt still stops a second answer
    expect(refusal(await c.ent_a.post(`/api/listening/my/surveys/${s.id}/answer`, { answers: answer() })).status).toBe(409);
    // its text answers name no enterprise, so none can be turned into an enterprise's need
    const res = await ok(await c.city.get(`/api/listening/surveys/${s.id}/results`));
    const texts = res.questions.flatMap((q: Json) => q.textAnswers);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((x: Json) => x.enterpriseId === null && x.enterpriseName === null)).toBe(true);
    expect(refusal(await c.city.post('/api/listening/needs', { enterpriseId: ent.a.id, title: '匿名答卷中的建议', source: 'survey', sourceId: s.id })).fields[0].field).toBe('enterpriseId');
    const rows2 = await readXlsx(await c.city.get(`/api/listening/surveys/${s.id}/export`));
    expect(rows2[0]).not.toContain('企业');
  });
});

describe('the public link routes', () => {
  it('have a per-address budget: beyond it 429 with a clear message and Retry-After, nothing saved; another address is not affected', async () => {
    const s = await ok(await c.city.post('/api/listening/surveys/from-template', { template: 'protection-needs', title: '链接限流测试' }));
    await ok(await c.city.post(`/api/listening/surveys/${s.id}/distribute`, { enterpriseIds: [ent.a.id] }));
    const { tokens } = await ok(await c.city.post(`/api/listening/surveys/${s.id}/tokens`, { count: 2 }));
    const from = (remoteAddress: string, method: 'PUT' | 'POST', url: string, payload: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method, url, payload: payload as Record<string, unknown>, remoteAddress, headers });
    const flood = '10.9.8.7';
    // the budget counts every try, a wrong token's too (answers and drafts alike)
    for (let i = 0; i < SURVEY_BUDGET - 1; i++) expect((await from(flood, 'PUT', `/api/public/listening/s/${'y'.repeat(32)}/draft`, { answers: {} })).statusCode).toBe(404);
    expect((await from(flood, 'PUT', `/api/public/listening/s/${tokens[0]}/draft`, { answers: { has_system: 'yes' } })).statusCode).toBe(200);
    const before = await count(`listening_responses where survey_id = ${s.id}`);
    const drafts = await count('listening_drafts');
    const refused = await from(flood, 'POST', `/api/public/listening/s/${tokens[0]}/answer`, { answers: answer() });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json().error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.json().error.message).toMatch(/^提交过于频繁，请 \d+ 秒后再试$/);
    const en = await from(flood, 'PUT', `/api/public/listening/s/${tokens[0]}/draft`, { answers: { has_system: 'no' } }, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(429);
    expect(en.json().error.message).toMatch(/^Too many requests from your address; try again in \d+ seconds$/);
    expect(await count(`listening_responses where survey_id = ${s.id}`)).toBe(before);
    expect(await count('listening_drafts')).toBe(drafts);
    // the form itself stays readable, and another address answers
    expect((await t.app.inject({ method: 'GET', url: `/api/public/listening/s/${tokens[0]}`, remoteAddress: flood })).statusCode).toBe(200);
    expect((await from('10.9.8.8', 'POST', `/api/public/listening/s/${tokens[1]}/answer`, { answers: answer() })).statusCode).toBe(200);
    expect(await count(`listening_responses where survey_id = ${s.id}`)).toBe(before + 1);
  });
});
