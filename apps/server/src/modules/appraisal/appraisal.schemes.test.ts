/**
 * The appraisal scheme edited on the web (考核方案管理), over the API on PGlite and PostgreSQL: the shipped file is version
 * 1; only the city makes, edits, publishes and deletes versions (a district reads them; another region's answer 404);
 * server-side checks naming the field in the user's language (weights summing to the total, rules referring to known
 * indicators, keys unique, the shape) and changing nothing; a published version is never edited; a round in progress
 * keeps the version it was opened with (also through a refresh); a round opened later takes the newest published
 * version; every write audited with its before/after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { AppraisalScheme } from '@shangmi/shared';
import { appraisalRounds, appraisalSchemeVersions, oplog, oplogPending, orgs } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { createTestApp, ok, refused, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { forgetValues } from '../steering/steering.service.js';

let t: TestApp;
const c: Record<string, Client> = {};
let v1: Json;
let v2: Json;
let round: Json;

const db = () => t.database.db;
const versions = () => db().select().from(appraisalSchemeVersions).orderBy(appraisalSchemeVersions.id);
const logged = async (action: string) =>
  rowsOf<{ target_type: string; target_id: string; before: Json; after: Json }>(
    await db().execute(sql`select target_type, target_id, before, after from (select target_type, target_id, before, after, action, result, at from ${oplog} union all select target_type, target_id, before, after, action, result, at from ${oplogPending}) x where action = ${action} and result = 'success' order by at`),
  );
/** The 2026 scheme with the stations item worth 20 and the health checks 5 (the base still 100). */
const reweighted = (s: AppraisalScheme): AppraisalScheme => ({
  ...s,
  items: s.items.map((i) => (i.key === 'stations' ? { ...i, points: 20 } : i.key === 'checkups' ? { ...i, points: 5 } : i)),
});

beforeAll(async () => {
  t = await createTestApp({ rateLimits: null });
  await t.createUser({ username: 'sv_city', orgId: await t.orgId('银川市市场监督管理局'), roles: ['city_staff'] });
  await t.createUser({ username: 'sv_jf', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff'] });
  // a district officer given the manage permission too: still not the city
  await t.createUser({ username: 'sv_jf_boss', orgId: await t.orgId('金凤区市场监督管理局'), roles: ['district_staff', 'city_staff'] });
  await db().execute(sql`insert into regions (code, name, name_en) values ('640200', '石嘴山市', 'Shizuishan') on conflict do nothing`);
  const [root] = await db().select().from(orgs).where(eq(orgs.kind, 'platform'));
  const [f] = await db().insert(orgs).values({ parentId: root!.id, path: '/', name: '石嘴山市市场监督管理局', kind: 'city_bureau', regionCode: '640200' }).returning();
  await db().update(orgs).set({ path: `${root!.path}${f!.id}/` }).where(eq(orgs.id, f!.id));
  await t.createUser({ username: 'sv_foreign', orgId: f!.id, roles: ['city_staff'] });
  for (const u of ['city', 'jf', 'jf_boss', 'foreign']) c[u] = await t.loginAs(`sv_${u}`);
  forgetValues();
});
afterAll(async () => t?.close());

describe('the versions', () => {
  it('the shipped file is version 1, published; the city and a district read it; another region sees none of it', async () => {
    const list = await ok(await c.city!.get('/api/appraisal/scheme-versions'));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ regionCode: '640100', year: 2026, version: 1, status: 'published', source: 'file', rounds: [] });
    v1 = await ok(await c.jf!.get(`/api/appraisal/scheme-versions/${list[0].id}`));
    expect(v1.scheme.items.find((i: Json) => i.key === 'stations').points).toBe(15);
    expect(await ok(await c.jf!.get('/api/appraisal/scheme-versions?year=2026'))).toHaveLength(1);
    refused(await c.foreign!.get(`/api/appraisal/scheme-versions/${v1.id}`), 404);
    refused(await c.foreign!.get('/api/appraisal/scheme-versions?regionCode=640100'), 404);
    expect(await ok(await c.foreign!.get('/api/appraisal/scheme-versions'))).toEqual([]);
    expect((await ok(await c.city!.get('/api/appraisal/schemes'))).map((s: Json) => [s.regionCode, s.year])).toEqual([['640100', 2026]]);
  });

  it('only the city edits: a district (403), a district officer holding the permission (403), another region (404)', async () => {
    const before = await versions();
    const scheme = reweighted(v1.scheme);
    refused(await c.jf!.post('/api/appraisal/scheme-versions', { scheme }), 403);
    const e = refused(await c.jf_boss!.post('/api/appraisal/scheme-versions', { scheme }), 403);
    expect(e.message).toContain('市局');
    refused(await c.foreign!.post('/api/appraisal/scheme-versions', { scheme }), 404);
    refused(await c.jf!.post(`/api/appraisal/scheme-versions/${v1.id}/publish`), 403);
    expect(await versions()).toEqual(before);
  });

  it('server-side checks name the field in the user’s language and change nothing', async () => {
    const before = await versions();
    const s = v1.scheme as AppraisalScheme;
    // weights: the base items must sum to the total (100)
    const short = { ...s, items: s.items.map((i) => (i.key === 'stations' ? { ...i, points: 10 } : i)) };
    let e = refused(await c.city!.post('/api/appraisal/scheme-versions', { scheme: short }), 400, 'scheme.items');
    expect(e.fields[0].message).toMatch(/^评分项：基础项分值合计为 95，应为 100$/);
    c.city!.locale = 'en-US';
    e = refused(await c.city!.post('/api/appraisal/scheme-versions', { scheme: short }), 400, 'scheme.items');
    expect(e.fields[0].message).toContain("the base items' points sum to 95, not 100");
    expect(e.fields[0].message).not.toMatch(/[\u4e00-\u9fff]/);
    c.city!.locale = 'zh-CN';
    // a rule must refer to a known indicator
    const unknown = { ...s, items: s.items.map((i, n) => (n === 2 ? { ...i, rule: { type: 'linear', indicator: 'sites.nothing', target: 3, cap: 1, targets: {} } } : i)) } as AppraisalScheme;
    e = refused(await c.city!.post('/api/appraisal/scheme-versions', { scheme: unknown }), 400, 'scheme.items.2.rule.indicator');
    expect(e.fields[0].message).toContain('sites.nothing');
    // keys unique
    refused(await c.city!.post('/api/appraisal/scheme-versions', { scheme: { ...s, items: [...s.items, { ...s.items[12]!, points: 1 }] } }), 400, 'scheme.items.16.key');
    // the shape (a negative weight, an unknown rule type)
    refused(await c.city!.post('/api/appraisal/scheme-versions', { scheme: { ...s, items: s.items.map((i, n) => (n === 0 ? { ...i, points: -15 } : i)) } }), 400, 'scheme.items.0.points');
    refused(await c.city!.post('/api/appraisal/scheme-versions', { scheme: { ...s, items: s.items.map((i, n) => (n === 1 ? { ...i, rule: { type: 'guess' } } : i)) } }), 400);
    expect(await versions()).toEqual(before);
    expect(await logged('appraisal.createSchemeVersion')).toEqual([]);
  });
});

describe('a round in progress keeps its version', () => {
  it('the city opens 2026 on version 1', async () => {
    round = await ok(await c.city!.post('/api/appraisal/rounds', { year: 2026 }));
    expect(round).toMatchObject({ schemeVersion: 1, status: 'open' });
    expect(round.scheme.items.find((i: Json) => i.key === 'stations').points).toBe(15);
    expect((await ok(await c.city!.get(`/api/appraisal/scheme-versions/${v1.id}`))).rounds).toEqual([{ id: round.id, year: 2026, status: 'open' }]);
  });

  it('version 2: a draft (a new row), edited, published — audited; one draft at a time; a published version is never edited', async () => {
    v2 = await ok(await c.city!.post('/api/appraisal/scheme-versions', { scheme: { ...v1.scheme, note: '第二版草稿' } }));
    expect(v2).toMatchObject({ version: 2, status: 'draft', source: 'edit', createdByName: expect.any(String), publishedAt: null });
    refused(await c.city!.post('/api/appraisal/scheme-versions', { scheme: v1.scheme }), 409, 'scheme.year');
    // the draft's edit: checked as a new one; its region and year stay
    refused(await c.city!.put(`/api/appraisal/scheme-versions/${v2.id}`, { scheme: { ...v1.scheme, year: 2027 } }), 400, 'scheme.year');
    v2 = await ok(await c.city!.put(`/api/appraisal/scheme-versions/${v2.id}`, { scheme: reweighted(v1.scheme) }));
    expect(v2.scheme.items.find((i: Json) => i.key === 'stations').points).toBe(20);
    v2 = await ok(await c.city!.post(`/api/appraisal/scheme-versions/${v2.id}/publish`));
    expect(v2).toMatchObject({ version: 2, status: 'published', publishedAt: expect.any(String) });
    // published: never edited, never published again, never deleted
    const before = await versions();
    refused(await c.city!.put(`/api/appraisal/scheme-versions/${v2.id}`, { scheme: v1.scheme }), 409);
    refused(await c.city!.put(`/api/appraisal/scheme-versions/${v1.id}`, { scheme: v1.scheme }), 409);
    refused(await c.city!.post(`/api/appraisal/scheme-versions/${v2.id}/publish`), 409);
    refused(await c.city!.delete(`/api/appraisal/scheme-versions/${v1.id}`), 409);
    expect(await versions()).toEqual(before);
    expect((await versions()).map((v) => [v.version, v.status, v.scheme.items.find((i) => i.key === 'stations')!.points])).toEqual([
      [1, 'published', 15],
      [2, 'published', 20],
    ]);
    // audited: who made which version, the weights before and after the edit, the publication
    const [created] = await logged('appraisal.createSchemeVersion');
    expect(created).toMatchObject({ target_type: 'appraisal_scheme', target_id: String(v2.id), after: { version: 2, status: 'draft', year: 2026 } });
    const [edited] = await logged('appraisal.updateSchemeVersion');
    expect(edited!.before.items).toContain('stations:15:linear:sites.stations_points');
    expect(edited!.after.items).toContain('stations:20:linear:sites.stations_points');
    expect((await logged('appraisal.publishSchemeVersion'))[0]).toMatchObject({ target_id: String(v2.id), after: { status: 'published', version: 2 } });
  });

  it('the open round still reads version 1, also after a refresh; the schemes in force are version 2', async () => {
    await ok(await c.city!.post(`/api/appraisal/rounds/${round.id}/refresh`));
    const now = await ok(await c.city!.get(`/api/appraisal/rounds/${round.id}`));
    expect(now.schemeVersion).toBe(1);
    expect(now.scheme).toEqual(round.scheme);
    const [row] = await db().select().from(appraisalRounds).where(eq(appraisalRounds.id, round.id));
    expect(row!.scheme.items.find((i) => i.key === 'stations')!.points).toBe(15);
    const sheet = await ok(await c.city!.get(`/api/appraisal/sheets/${now.sheets[0].id}`));
    expect(sheet.items.find((i: Json) => i.key === 'stations').points).toBe(15);
    expect((await ok(await c.jf!.get('/api/appraisal/schemes')))[0].items.find((i: Json) => i.key === 'stations').points).toBe(20);
  });

  it('a round opened later takes the newest published version (2027: version 1 then 2; a draft is not taken)', async () => {
    const y27 = { ...v1.scheme, year: 2027, effectiveFrom: '2027-01-01' };
    const a = await ok(await c.city!.post('/api/appraisal/scheme-versions', { scheme: y27 }));
    expect(a).toMatchObject({ year: 2027, version: 1, status: 'draft' });
    refused(await c.city!.post('/api/appraisal/rounds', { year: 2027 }), 400, 'year');
    await ok(await c.city!.post(`/api/appraisal/scheme-versions/${a.id}/publish`));
    const b = await ok(await c.city!.post('/api/appraisal/scheme-versions', { scheme: reweighted(y27) }));
    await ok(await c.city!.post(`/api/appraisal/scheme-versions/${b.id}/publish`));
    const draft = await ok(await c.city!.post('/api/appraisal/scheme-versions', { scheme: y27 }));
    const r27 = await ok(await c.city!.post('/api/appraisal/rounds', { year: 2027 }));
    expect(r27.schemeVersion).toBe(2);
    expect(r27.scheme.items.find((i: Json) => i.key === 'stations').points).toBe(20);
    // a draft may be dropped; then it is gone from the list
    await ok(await c.city!.delete(`/api/appraisal/scheme-versions/${draft.id}`));
    refused(await c.city!.get(`/api/appraisal/scheme-versions/${draft.id}`), 404);
    expect((await ok(await c.city!.get('/api/appraisal/scheme-versions?year=2027'))).map((v: Json) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'published'],
    ]);
    expect((await logged('appraisal.deleteSchemeVersion'))[0]).toMatchObject({ target_id: String(draft.id), before: { version: 3, status: 'draft' } });
  });
});
