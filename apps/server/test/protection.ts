/** What the protection file's tests share: an enterprise with its accounts, deposits made as the browser makes them. */
import crypto from 'node:crypto';
import { buildCreditCode } from '@shangmi/shared';
import { json, type Client, type TestApp } from './harness.js';

let serial = 0;
/** A valid credit code of a 金凤区 (640106) enterprise, unique in the run. */
export function creditCode(tag: string): string {
  // both check characters computed (the organisation code's is checked too)
  return buildCreditCode('91', '640106', `${String(++serial).padStart(4, '0')}${tag.slice(0, 4)}`);
}

export interface FileEnterprise {
  id: number;
  orgId: number;
  admin: Client;
}

/** An enterprise in 金凤区 with an administrator signed in (`<prefix>_admin`). */
export async function fileEnterprise(t: TestApp, admin: Client, prefix: string, name: string, tag = 'PT7E0'): Promise<FileEnterprise> {
  const res = await admin.post('/api/enterprises', { creditCode: creditCode(tag), name, districtCode: '640106' });
  if (res.statusCode !== 200) throw new Error(res.body);
  const e = json(res);
  await t.createUser({ username: `${prefix}_admin`, orgId: e.orgId, roles: ['enterprise_admin'] });
  return { id: e.id, orgId: e.orgId, admin: await t.loginAs(`${prefix}_admin`) };
}

/** A deposit body as the browser builds it: digests, a salt, the metadata JSON and the commitment, never the bytes. */
export function depositBody(files: { name: string; bytes: Buffer }[], title = '研发记录') {
  const salt = crypto.randomBytes(32).toString('hex');
  const digests = files.map((f) => ({
    name: f.name,
    size: f.bytes.length,
    sha256: crypto.createHash('sha256').update(f.bytes).digest('hex'),
    sm3: crypto.createHash('sm3').update(f.bytes).digest('hex'),
  }));
  const metadataJson = JSON.stringify({ title, files: digests.map((d) => ({ name: d.name, size: d.size })) });
  const c = crypto.createHash('sha256');
  c.update(Buffer.from(salt, 'hex'));
  for (const d of digests) c.update(Buffer.from(d.sha256, 'hex')).update(Buffer.from(d.sm3, 'hex'));
  c.update(crypto.createHash('sha256').update(metadataJson).digest());
  return { title, tags: [], files: digests, salt, metadataJson, commitment: c.digest('hex') };
}

/** A register entry that passes validation; override what a test is about. */
export function secretBody(name: string, over: Record<string, unknown> = {}) {
  return {
    code: null,
    name,
    category: 'technical',
    subKind: 'formula',
    level: 'important',
    department: '研发部',
    custodianName: '王工',
    summary: '产品配方的组分比例（内容不在平台）',
    createdOn: '2024-03-01',
    carriers: [{ kind: 'electronic', description: '配方表', location: 'PLM 系统' }],
    value: { advantages: ['cost', 'revenue'], formation: 'own_rd', notPublic: ['not_published', 'not_observable'], developmentCostFen: 120_000_000, advantageYears: 5, note: '降低成本约 12%' },
    ...over,
  };
}

/** The SHA-256 (hex) of a text as the browser computes it over UTF-8. */
export const textSha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** The token of an acknowledgement link. */
export const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);
