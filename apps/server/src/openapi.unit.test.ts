/**
 * The one typed contract: docs/openapi.json is what the routes declare (regenerate with `npm run openapi`), every
 * operation has its operationId, and a route without one, or with one taken, stops the start.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentApp, OPENAPI_FILE, openapiText } from './openapi.js';

type Doc = { paths: Record<string, Record<string, { operationId?: string }>>; components?: { schemas?: Record<string, unknown> } };

/** What differs between two documents, by operation and by component (a readable failure, not a 500 kB diff). */
function differences(a: Doc, b: Doc): string[] {
  const out: string[] = [];
  const ops = (d: Doc) => new Map(Object.entries(d.paths).flatMap(([p, byMethod]) => Object.entries(byMethod).map(([m, op]) => [`${m.toUpperCase()} ${p}`, JSON.stringify(op)])));
  const [oa, ob] = [ops(a), ops(b)];
  for (const k of new Set([...oa.keys(), ...ob.keys()])) if (oa.get(k) !== ob.get(k)) out.push(`operation ${k}: ${!oa.has(k) ? 'new' : !ob.has(k) ? 'gone' : 'changed'}`);
  const [ca, cb] = [a.components?.schemas ?? {}, b.components?.schemas ?? {}];
  for (const k of new Set([...Object.keys(ca), ...Object.keys(cb)])) if (JSON.stringify(ca[k]) !== JSON.stringify(cb[k])) out.push(`component ${k}: ${!(k in ca) ? 'new' : !(k in cb) ? 'gone' : 'changed'}`);
  return out;
}

describe('docs/openapi.json', () => {
  it('is the API as the routes declare it (else: npm run openapi, and commit it)', async () => {
    const fresh = await openapiText();
    const committed = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : '{"paths":{}}';
    const changes = differences(JSON.parse(committed) as Doc, JSON.parse(fresh) as Doc);
    expect(changes, 'docs/openapi.json is out of date: run `npm run openapi` and commit it').toEqual([]);
    expect(fresh === committed, 'docs/openapi.json differs in form: run `npm run openapi`').toBe(true);
  });

  it('names every operation module.verb, each name once', () => {
    const doc = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as Doc;
    const ids = Object.values(doc.paths).flatMap((byMethod) => Object.values(byMethod).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThan(150);
    expect(ids.filter((id) => !id || !/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a route without an operationId, or with a taken one, stops the start', async () => {
    const { app, close } = await documentApp();
    try {
      const handler = async () => ({ ok: true });
      expect(() => app.get('/api/nameless', { schema: {}, config: { access: 'public' } }, handler)).toThrow(/declares no operationId/);
      expect(() => app.get('/api/twice', { schema: { operationId: 'orgs.list' }, config: { access: 'public' } }, handler)).toThrow(/orgs\.list .* is taken by GET \/api\/orgs/);
      expect(() => app.get('/api/free', { schema: { operationId: 'test.free' }, config: { access: 'public' } }, handler)).not.toThrow();
    } finally {
      await close();
    }
  });
});
