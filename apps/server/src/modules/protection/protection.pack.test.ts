/**
 * The litigation pack on both databases: a zip with the Word summary, a manifest, the log key and the receipt of every
 * deposit involved; `shangmi verify` checks every receipt in it offline (with the acknowledgement documents it carries).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { CliIo } from '../../cli/io.js';
import { run as verify } from '../../cli/verify.js';
import { createTestApp, json, type Client, type Json, type TestApp } from '../../../test/harness.js';
import { depositBody, fileEnterprise, secretBody, tokenOf, type FileEnterprise } from '../../../test/protection.js';
import { integrate } from '../proofs/log.service.js';
import { loadLogKeys } from '../proofs/node-crypto.js';

let t: TestApp;
let admin: Client;
let ent: FileEnterprise;
let secretId: number;
let tmp: string;
const files = { recipe: crypto.randomBytes(5000), photo: crypto.randomBytes(800), nda: crypto.randomBytes(1200) };

const integrateNow = () => integrate(t.database, loadLogKeys(t.config.dataDir, t.config.logOrigin), t.config.logOrigin);

function cli() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { config: t.config, out: (l) => out.push(l), err: (l) => err.push(l), open: async () => t.database };
  return { io, out, err };
}

beforeAll(async () => {
  t = await createTestApp({ logIntervalMs: 0, rateLimits: null });
  admin = await t.admin();
  ent = await fileEnterprise(t, admin, 'pk', '宁夏证据包科技有限公司', 'YT7E0');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shangmi-pack-'));
  await integrateNow();
  secretId = json(await ent.admin.post('/api/protection/secrets', secretBody('高强铝合金热处理工艺', { code: 'JS-001', subKind: 'process', level: 'core' }))).id;
  const p1 = json(await ent.admin.post(`/api/protection/secrets/${secretId}/deposit`, depositBody([{ name: '工艺卡.xlsx', bytes: files.recipe }], '工艺卡'))).id;
  const p2 = json(await ent.admin.post('/api/proofs', depositBody([{ name: '样品.jpg', bytes: files.photo }], '样品照片'))).id;
  const p3 = json(await ent.admin.post('/api/proofs', depositBody([{ name: '保密协议.pdf', bytes: files.nda }], '保密协议'))).id;
  await ent.admin.post(`/api/protection/secrets/${secretId}/proofs`, { proofIds: [p2] });
  await ent.admin.post(`/api/protection/secrets/${secretId}/measures`, { requirementId: 'personnel.nda', takenOn: '2025-03-01', evidence: { kind: 'proof', proofId: p3 } });
  await ent.admin.post(`/api/protection/secrets/${secretId}/measures`, { requirementId: 'carriers.marking', takenOn: '2025-03-02', evidence: { kind: 'proof', proofId: p1 } });
  const person = json(await ent.admin.post('/api/protection/people', { name: '赵六', kind: 'employee', department: '热处理车间', agreementSignedOn: '2025-03-01' })).id;
  const sent = json(await ent.admin.post('/api/protection/notices', { personIds: [person], secretIds: [secretId] })).items[0];
  const token = tokenOf(sent.link);
  const n = json(await t.client().get(`/api/public/protection/notices/${token}`));
  await t.client().post(`/api/public/protection/notices/${token}/acknowledge`, { typedName: '赵六', textSha256: n.textSha256, agree: true });
  const tn = await ent.admin.post(`/api/protection/secrets/${secretId}/measures`, { requirementId: 'training.notice', takenOn: '2025-03-03', evidence: { kind: 'record', recordKind: 'notice', recordId: sent.noticeId } });
  if (tn.statusCode !== 200) throw new Error(tn.body);
  await integrateNow();
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the litigation pack', () => {
  let zip: JSZip;
  let manifest: Json;

  it('is a zip with the Word summary, the manifest, the log key and every receipt', async () => {
    const res = await ent.admin.get(`/api/protection/secrets/${secretId}/pack`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('维权证据包'));
    zip = await JSZip.loadAsync(res.rawPayload);
    const names = Object.keys(zip.files);
    expect(names).toEqual(expect.arrayContaining(['摘要.docx', 'manifest.json', 'log-key.txt', 'README.txt']));
    manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.format).toBe('shangmi-litigation-pack/v1');
    expect(manifest.secret).toMatchObject({ id: secretId, name: '高强铝合金热处理工艺', code: 'JS-001' });
    expect(manifest.proofs).toHaveLength(4);
    const roles = Object.fromEntries(manifest.proofs.map((p: Json) => [p.title, p.roles.sort()]));
    expect(roles).toMatchObject({ 工艺卡: ['carrier', 'evidence'], 样品照片: ['carrier'], 保密协议: ['evidence'] });
    expect(manifest.proofs.filter((p: Json) => p.roles.includes('acknowledgement'))).toHaveLength(1);
    expect(manifest.proofs.every((p: Json) => p.receipt && names.includes(p.receipt) && names.includes(p.record))).toBe(true);
    expect(manifest.acknowledgements[0]).toMatchObject({ person: '赵六', typedName: '赵六' });
    expect(manifest.measures.map((m: Json) => m.requirementId).sort()).toEqual(['carriers.marking', 'personnel.nda', 'training.notice']);
    expect(manifest.readiness.score).toBeGreaterThan(0);
    const doc = await JSZip.loadAsync(await zip.file('摘要.docx')!.async('nodebuffer'));
    const xml = await doc.file('word/document.xml')!.async('string');
    for (const s of ['商业秘密维权证据包', '高强铝合金热处理工艺', '赵六', '工艺卡', '涉密文件、图纸、样品上有“商业秘密”“机密”等标识']) expect(xml.includes(s), s).toBe(true);
    const detail = json(await ent.admin.get(`/api/protection/secrets/${secretId}`));
    expect(detail.history[0].action).toBe('pack');
  });

  it('each receipt in it verifies offline with `shangmi verify`, the acknowledgement with its document; a changed document does not', async () => {
    const keyFile = path.join(tmp, 'log-key.txt');
    fs.writeFileSync(keyFile, await zip.file('log-key.txt')!.async('string'));
    const byTitle: Record<string, Buffer> = { 工艺卡: files.recipe, 样品照片: files.photo, 保密协议: files.nda };
    for (const p of manifest.proofs as Json[]) {
      const receipt = path.join(tmp, path.basename(p.receipt));
      fs.writeFileSync(receipt, await zip.file(p.receipt)!.async('string'));
      const given: string[] = [];
      if (p.document) {
        const f = path.join(tmp, path.basename(p.document));
        fs.writeFileSync(f, await zip.file(p.document)!.async('nodebuffer'));
        given.push(f);
      } else if (byTitle[p.title]) {
        const f = path.join(tmp, p.files[0].name);
        fs.writeFileSync(f, byTitle[p.title]!);
        given.push(f);
      }
      const c = cli();
      const code = await verify([receipt, ...given, '--key', keyFile], c.io);
      expect(code, `${p.title}: ${c.err.join('\n')}`).toBe(0);
      expect(c.out.join('\n')).toContain('VALID');
      expect(c.out.join('\n')).toContain('✓');
      // the receipt alone (files not given) verifies as well: inclusion and the log's signature
      expect(await verify([receipt, '--key', keyFile], cli().io)).toBe(0);
    }
    const ack = (manifest.proofs as Json[]).find((p) => p.document)!;
    const changed = path.join(tmp, 'changed.json');
    fs.writeFileSync(changed, (await zip.file(ack.document)!.async('string')).replace('赵六', '赵七'));
    const c = cli();
    expect(await verify([path.join(tmp, path.basename(ack.receipt)), changed, '--key', keyFile], c.io)).toBe(1);
    expect(c.err.join('\n')).toContain('INVALID');
  });

  it('says which deposits are not in the log yet, and is the enterprise’s alone', async () => {
    const late = json(await ent.admin.post(`/api/protection/secrets/${secretId}/deposit`, depositBody([{ name: 'late.txt', bytes: Buffer.from('late') }], '待写入'))).id;
    const res = await ent.admin.get(`/api/protection/secrets/${secretId}/pack`);
    const m = JSON.parse(await (await JSZip.loadAsync(res.rawPayload)).file('manifest.json')!.async('string'));
    expect(m.proofs.find((p: Json) => p.proofId === late)).toMatchObject({ receipt: null, logIndex: null });
    const other = await fileEnterprise(t, admin, 'pk2', '宁夏别家证据包科技有限公司', 'EA7E0');
    expect((await other.admin.get(`/api/protection/secrets/${secretId}/pack`)).statusCode).toBe(404);
  });
});
