import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { creditCodes } from '../../../test/fixtures.js';
import { COUNT_CAP, forgetCounts } from '../../platform/count-cache.js';

let t: TestApp;
let admin: Client;
let jinfeng: Client;
let xingqing: Client;
const org: Record<string, number> = {};
const creditCode = creditCodes('HM5C');
const todos = async (c: Client) => {
  const res = await c.get('/api/home/todos');
  expect(res.statusCode, res.body).toBe(200);
  return Object.fromEntries((json(res).items as Json[]).map((i) => [i.key, i])) as Record<string, { count: number; path: string }>;
};
/** the total the module's own list gives for the item's page filter */
const listTotal = async (c: Client, path: string) => {
  const [page, query] = path.split('?');
  const api = { '/enterprises': '/api/enterprises', '/cultivation': '/api/cultivation', '/sites': '/api/sites', '/cases/queue': '/api/cases/queue', '/credit/records': '/api/credit/records', '/credit/serious': '/api/credit/serious', '/credit/repairs': '/api/credit/repairs', '/listening/needs': '/api/listening/needs', '/services/requests': '/api/services/requests', '/outreach/articles': '/api/outreach/articles' }[page!]!;
  return json(await c.get(`${api}?pageSize=1${query ? `&${query}` : ''}`)).total as number;
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  org.jinfeng = await t.orgId('金凤区市场监督管理局');
  org.xingqing = await t.orgId('兴庆区市场监督管理局');
  await t.createUser({ username: 'home_jf', orgId: org.jinfeng, roles: ['district_staff'] });
  await t.createUser({ username: 'home_xq', orgId: org.xingqing, roles: ['district_staff'] });
  [jinfeng, xingqing] = await Promise.all(['home_jf', 'home_xq'].map((u) => t.loginAs(u)));
  // two registrations waiting in 金凤区, one in 兴庆区
  for (const [division, name] of [
    ['640106', '首页待办一有限公司'],
    ['640106', '首页待办二有限公司'],
    ['640104', '首页待办三有限公司'],
  ]) {
    const res = await t.client().post('/api/enterprises/register', {
      creditCode: creditCode(division!),
      name,
      contactName: '王五',
      contactPhone: '13700000003',
      password: 'Strong#Pass2026',
    });
    expect(res.statusCode, res.body).toBe(200);
  }
});
afterAll(async () => t?.close());

describe('home to-dos', () => {
  it('counts what waits for each user within their scope, as the module’s own list does', async () => {
    const jf = await todos(jinfeng);
    const xq = await todos(xingqing);
    expect(jf['enterprises.pending']).toEqual({ key: 'enterprises.pending', count: 2, path: '/enterprises?status=pending' });
    expect(xq['enterprises.pending']!.count).toBe(1);
    // every item agrees with the list it opens, for the same user
    for (const [c, items] of [
      [jinfeng, jf],
      [xingqing, xq],
    ] as const) {
      for (const [key, item] of Object.entries(items)) if (!item.path.startsWith('/assessments')) expect(item.count, key).toBe(await listTotal(c, item.path));
    }
    // a confirmation takes it off the list
    const pending = json(await jinfeng.get('/api/enterprises?status=pending&pageSize=10')).items as Json[];
    expect((await jinfeng.post(`/api/enterprises/${pending[0].id}/confirm`)).statusCode).toBe(200);
    expect((await todos(jinfeng))['enterprises.pending']!.count).toBe(1);
  });

  it('counts the queue’s overdue time limits as the queue marks them', async () => {
    const filed = await jinfeng.post('/api/cases', {
      tracks: ['complaint', 'report'],
      title: '首页待办：前员工带走配方',
      description: '某公司前技术员离职后将配方交给竞争对手使用。',
      respondentName: '宁夏某某化工有限公司',
      respondentCreditCode: creditCode('640106'),
      anonymous: true,
      source: 'phone',
    });
    expect(filed.statusCode, filed.body).toBe(200);
    const before = await todos(jinfeng);
    expect(before['cases.queue']!.count).toBeGreaterThanOrEqual(2);
    expect(before['cases.overdue']!.count).toBe(0);
    // one of the new clocks' limits long past
    const id = json(filed).cases[0].id as number;
    await t.database.query(`update case_clocks set due_on = '2020-01-02' where case_id = $1`, [id]);
    forgetCounts(); // counts are cached for 10 s and forgotten on every write through the API; this one went around it
    const after = await todos(jinfeng);
    const queue = json(await jinfeng.get('/api/cases/queue?pageSize=200')).items as Json[];
    expect(after['cases.overdue']!.count).toBeGreaterThanOrEqual(1);
    expect(after['cases.overdue']!.count).toBe(queue.filter((q) => q.state === 'overdue').length);
    expect(after['cases.queue']!.count).toBe(queue.length);
    // the tile opens the queue filtered to what it counts
    expect(after['cases.overdue']!.path).toBe('/cases/queue?overdue=true');
    const late = json(await jinfeng.get('/api/cases/queue?pageSize=200&overdue=true'));
    expect(late.total).toBe(after['cases.overdue']!.count);
    expect((late.items as Json[]).every((q) => q.state === 'overdue')).toBe(true);
    expect((late.items as Json[]).map((q) => q.caseId)).toContain(id);
    // another district's officer sees none of it
    expect((await todos(xingqing))['cases.overdue']!.count).toBe(0);
  });

  it('shows only the work the user may act on', async () => {
    const district = await todos(jinfeng);
    // a district officer reviews; the city approves
    expect(Object.keys(district)).toEqual(expect.arrayContaining(['cases.queue', 'cases.overdue', 'enterprises.pending', 'cultivation.district', 'sites.district']));
    expect(district['cultivation.city']).toBeUndefined();
    expect(district['sites.city']).toBeUndefined();
    // an enterprise: its health-check tasks and drafts, nothing of the bureau's
    const pending = json(await admin.get('/api/enterprises?status=pending&pageSize=10')).items as Json[];
    expect((await admin.post(`/api/enterprises/${pending[0].id}/confirm`)).statusCode).toBe(200);
    const ent = json(await admin.get(`/api/enterprises/${pending[0].id}`));
    await t.createUser({ username: 'home_ent', orgId: ent.orgId, roles: ['enterprise_admin'] });
    const entUser = await t.loginAs('home_ent');
    const mine = await todos(entUser);
    expect(Object.keys(mine).sort()).toEqual(['assessments.drafts', 'assessments.tasks', 'services.confirm']);
    expect(mine['assessments.drafts']!.count).toBe(0);
    // its tasks open its own list (the campaigns page is the bureau's: 403 for an enterprise)
    expect(mine['assessments.tasks']!.path).toBe('/assessments');
    expect(mine['assessments.tasks']!.count).toBe(0);
    // a campaign gives it a task: counted as its campaign list (GET /api/assessments/campaigns) shows open tasks
    await t.createUser({ username: 'home_campaign', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_staff'] });
    const launched = await (await t.loginAs('home_campaign')).post('/api/assessments/campaigns', { title: '首页待办体检', deadline: '2026-12-31', criteria: { enterpriseIds: [ent.id] } });
    expect(launched.statusCode, launched.body).toBe(200);
    const open = (json(await entUser.get('/api/assessments/campaigns')) as Json[]).filter((c) => c.task && !c.task.completedAt).length;
    expect(open).toBe(1);
    expect((await todos(entUser))['assessments.tasks']!.count).toBe(open);
    // a user with no permission to act: nothing (a provider's staff now act on help requests and needs: a credit partner); signed out: 401
    const partnerOrg = json(await admin.post('/api/orgs', { parentId: org.jinfeng, name: '首页待办协同部门', kind: 'other' })).id;
    await t.createUser({ username: 'home_partner', orgId: partnerOrg, roles: ['credit_partner'] });
    expect(await todos(await t.loginAs('home_partner'))).toEqual({});
    // a provider's staff: the help requests assigned to them to accept (services, issue 15) and the needs assigned to them
    // (listening, issue 17), both at zero
    const providerOrg = json(await admin.post('/api/orgs', { parentId: org.jinfeng, name: '首页待办服务机构', kind: 'provider' })).id;
    await t.createUser({ username: 'home_provider', orgId: providerOrg, roles: ['provider_staff'] });
    const provider = await todos(await t.loginAs('home_provider'));
    expect(Object.keys(provider).sort()).toEqual(['listening.needs', 'services.accept']);
    expect(provider['listening.needs']).toEqual({ key: 'listening.needs', count: 0, path: '/listening/needs?state=assigned' });
    expect(provider['services.accept']!.count).toBe(0);
    expect((await t.client().get('/api/home/todos')).statusCode).toBe(401);
  });

  it('the steps waiting on the workflow engine: the district’s review, then the city’s approval, each in its own scope', async () => {
    const e = json(await jinfeng.post('/api/enterprises', { creditCode: creditCode('640106'), name: '首页待办培育有限公司' }));
    const entry = json(await jinfeng.post('/api/cultivation', { enterpriseId: e.id, year: 2026, batch: 1 }));
    const file = await admin.upload('申请材料.pdf', Buffer.from('%PDF-1.4 todo'));
    expect((await admin.post(`/api/cultivation/${entry.id}/request`, { toStage: 'cultivating', comment: '申请', fileIds: [file.id] })).statusCode).toBe(200);
    const jf = await todos(jinfeng);
    expect(jf['cultivation.district']).toEqual({ key: 'cultivation.district', count: 1, path: '/cultivation?review=district' });
    expect(jf['cultivation.district']!.count).toBe(await listTotal(jinfeng, jf['cultivation.district']!.path));
    expect((await todos(xingqing))['cultivation.district']!.count).toBe(0);
    expect((await jinfeng.post(`/api/cultivation/${entry.id}/review`, { decision: 'pass' })).statusCode).toBe(200);
    expect((await todos(jinfeng))['cultivation.district']!.count).toBe(0);
    await t.createUser({ username: 'home_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_staff'] });
    const city = await todos(await t.loginAs('home_city'));
    expect(city['cultivation.city']!.count).toBe(1);
    // the one who asked may not approve: the city administrator who requested sees nothing to approve
    expect((await todos(admin))['cultivation.city']!.count).toBe(0);
  });

  it('a count past the cap shows as "10,000+" (capped), counted without walking the whole backlog', async () => {
    // 10,001 stage requests waiting for 金凤区's review, written beside the app (the engine's table, as its paths are)
    const [{ path }] = await t.database.query<{ path: string }>(`select path from orgs where id = $1`, [org.jinfeng]);
    const [{ id: enterpriseOrg, path: enterprisePath }] = await t.database.query<{ id: number; path: string }>(
      `select id, path from orgs where path like $1 and kind = 'enterprise' limit 1`,
      [`${path}%`],
    );
    await t.database.query(
      `insert into workflow_instances (kind, record_id, org_id, org_path, paths, state)
       select 'cultivation.stage', 900000 + g, $1, $2, array[$2], 'district' from generate_series(1, $3) g`,
      [enterpriseOrg, enterprisePath, COUNT_CAP + 1],
    );
    forgetCounts();
    const jf = await todos(jinfeng);
    expect(jf['cultivation.district']).toEqual({ key: 'cultivation.district', count: COUNT_CAP, capped: true, path: '/cultivation?review=district' });
    // below the cap the count is exact and says nothing of a cap
    expect(jf['enterprises.pending']).toEqual({ key: 'enterprises.pending', count: 1, path: '/enterprises?status=pending' });
    await t.database.query(`delete from workflow_instances where record_id > 900000 and kind = 'cultivation.stage'`);
    forgetCounts();
  });
});

