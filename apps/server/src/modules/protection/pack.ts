/**
 * The litigation pack (维权证据包) of one secret: a zip with a Word summary, the receipt and private record of every
 * deposit involved (the secret's own proofs, its measures' evidence, the acknowledgements of notices naming it), the
 * acknowledgement documents themselves, the log's verifier key and a machine-readable manifest. Every receipt verifies
 * offline with `shangmi verify` (docs/protection.md § Litigation pack).
 */
import { Packer } from 'docx';
import { eq, inArray } from 'drizzle-orm';
import JSZip from 'jszip';
import { formatDateTime } from '@shangmi/shared';
import { enterprises, protectionDepartures, protectionPeople } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { logInfoOf, receiptsFor } from '../proofs/proofs.service.js';
import { secretHistory } from './detail.js';
import { evidenceProofIds, listMeasures, listSecretProofs } from './measures.js';
import { acknowledgementsOf } from './notices.js';
import { buildPackDocx } from './pack-docx.js';
import type { PackData } from './pack-data.js';
import { listKnowers } from './people.js';
import { computeReadiness, currentMeasures } from './readiness.js';
import { getSecret } from './register.js';
import { addEvent, findSecret, keeperOrg } from './scope.js';

export type { PackData } from './pack-data.js';

export const PACK_FORMAT = 'shangmi-litigation-pack/v1';

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);

/** Everything the pack holds, gathered once (the Word summary and the manifest are two views of it). */
async function gather(ctx: Ctx, id: number): Promise<{ data: PackData; files: Map<string, Buffer | string> }> {
  const { orgId } = keeperOrg(ctx, 'record');
  const row = await findSecret(ctx, id);
  const info = logInfoOf(ctx.deps.config);
  const [secret, readiness, measures, linked, knowers, acks, history, evidence, [e]] = await Promise.all([
    getSecret(ctx, id),
    computeReadiness(ctx, [row]).then((m) => m.get(id)!),
    listMeasures(ctx, [id], orgId),
    listSecretProofs(ctx, [id]),
    listKnowers(ctx, id),
    acknowledgementsOf(ctx, id),
    secretHistory(ctx, id),
    evidenceProofIds(ctx, id),
    ctx.db.select({ name: enterprises.name, creditCode: enterprises.creditCode }).from(enterprises).where(eq(enterprises.orgId, orgId)),
  ]);
  await currentMeasures(ctx);
  const acknowledged = acks.filter((a) => a.n.acknowledgedAt);
  const roles = new Map<number, Set<'carrier' | 'evidence' | 'acknowledgement'>>();
  const role = (pid: number | null, r: 'carrier' | 'evidence' | 'acknowledgement') => {
    if (pid === null) return;
    if (!roles.has(pid)) roles.set(pid, new Set());
    roles.get(pid)!.add(r);
  };
  for (const p of linked) role(p.proofId, 'carrier');
  for (const m of measures) role(m.proofId, 'evidence');
  for (const pid of evidence) if (!roles.has(pid)) role(pid, 'evidence');
  for (const a of acknowledged) role(a.n.proofId, 'acknowledgement');
  const receipts = await receiptsFor(ctx, [...roles.keys()], info);
  const files = new Map<string, Buffer | string>();
  const documents = new Map(acknowledged.map((a) => [a.n.proofId, a.n] as const));
  const proofs: PackData['proofs'] = [];
  for (const [pid, r] of [...roles.entries()].sort((a, b) => a[0] - b[0])) {
    const got = receipts.get(pid);
    if (!got) continue;
    // named by 日志序号 as every page shows it (proofFileName), not the record's id
    const base = `proof-${got.proof.logIndex === null ? `pending-${pid}` : `log-${got.proof.logIndex}`}-${safeName(got.proof.title)}`;
    const receiptPath = got.receipt ? `receipts/${base}.tlog-proof` : null;
    if (got.receipt) files.set(receiptPath!, got.receipt);
    const recordPath = `records/${base}.json`;
    files.set(recordPath, `${JSON.stringify(got.record, null, 2)}\n`);
    const doc = documents.get(pid);
    const docPath = doc?.document ? `acknowledgements/acknowledgement-${doc.id}.json` : null;
    if (docPath) files.set(docPath, Buffer.from(doc!.document!, 'utf8'));
    proofs.push({
      proofId: pid,
      title: got.proof.title,
      roles: [...r],
      files: got.proof.files,
      commitment: got.proof.commitment,
      logIndex: got.proof.logIndex,
      integratedAt: got.proof.integratedAt,
      receipt: receiptPath,
      record: recordPath,
      document: docPath,
    });
  }
  const personIds = knowers.map((k) => k.personId);
  const departures = personIds.length
    ? await ctx.db
        .select({ d: protectionDepartures, name: protectionPeople.name })
        .from(protectionDepartures)
        .innerJoin(protectionPeople, eq(protectionPeople.id, protectionDepartures.personId))
        .where(inArray(protectionDepartures.personId, personIds))
    : [];
  const keys = info.keys();
  const data: PackData = {
    generatedAt: ctx.now.toISOString(),
    enterprise: { name: e?.name ?? ctx.actor!.orgName, creditCode: e?.creditCode ?? null },
    secret,
    readiness,
    measures,
    proofs,
    knowers,
    acknowledgements: acks.map((a) => ({
      noticeId: a.n.id,
      person: a.personName,
      secrets: a.n.secretNames,
      sentAt: a.n.sentAt.toISOString(),
      acknowledgedAt: a.n.acknowledgedAt?.toISOString() ?? null,
      typedName: a.n.typedName,
      documentSha256: a.n.documentSha256,
      proofId: a.n.proofId,
    })),
    departures: departures.map((d) => ({ person: d.name, departedOn: d.d.departedOn, items: d.d.items as Record<string, string | null>, completedOn: d.d.completedOn })),
    history,
    log: { origin: info.origin, keys: [keys.current.vkey, ...keys.retired] },
  };
  return { data, files };
}

const README = (data: PackData) => `商业秘密维权证据包 / Litigation pack
${data.enterprise.name} · ${data.secret.name} · 生成于 generated ${formatDateTime(data.generatedAt)}（北京时间 Asia/Shanghai）

内容 Contents
  摘要.docx                   秘密事项、历史、保密措施及证据、知悉人员与告知确认、离职交接 (the Word summary)
  manifest.json               机器可读清单 (machine-readable manifest, format ${PACK_FORMAT})
  receipts/*.tlog-proof       存证回执 (C2SP tlog-proof receipts)
  records/*.json              存证私有记录：文件名、摘要、盐值 (private records: file names, digests, salt)
  acknowledgements/*.json     保密告知确认文书原文（已存证）(acknowledgement documents, deposited)
  log-key.txt                 存证日志验证公钥 (the log's verifier key)

离线核验 Verify offline (no network, no account):
  npx shangmi verify receipts/<回执>.tlog-proof [原始文件…] --key log-key.txt
  例 e.g. npx shangmi verify receipts/proof-log-12-….tlog-proof acknowledgements/acknowledgement-3.json --key log-key.txt
  也可使用 docs/proofs-verify.py（Python + openssl）或平台公开页面 /verify。
  Files hashed in the enterprise's browser are not in the pack (the platform never held them): give them to the
  verifier with the receipt; the record lists each file's SHA-256 and SM3.
`;

/**
 * The zip and a suggested file name. Built outside a write transaction (a receipt that fails its check halts the log
 * on its own connection); `recordPack` notes the pack in the secret's history afterwards.
 */
export async function litigationPack(ctx: Ctx, id: number): Promise<{ zip: Buffer; name: string; ascii: string; data: PackData }> {
  const { data, files } = await gather(ctx, id);
  const zip = new JSZip();
  zip.file('摘要.docx', await Packer.toBuffer(buildPackDocx(data)));
  const { profile: _profile, ...readiness } = data.readiness;
  zip.file('manifest.json', `${JSON.stringify({ format: PACK_FORMAT, ...data, readiness }, null, 2)}\n`);
  zip.file('log-key.txt', `${data.log.keys.join('\n')}\n`);
  zip.file('README.txt', README(data));
  for (const [path, content] of files) zip.file(path, content);
  const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const stamp = data.generatedAt.slice(0, 10);
  return { zip: buf, name: `维权证据包-${safeName(data.secret.name)}-${stamp}.zip`, ascii: `litigation-pack-${id}-${stamp}.zip`, data };
}

export async function recordPack(ctx: Ctx, id: number, data: Pick<PackData, 'proofs' | 'acknowledgements'>): Promise<void> {
  await findSecret(ctx, id);
  await addEvent(ctx, id, 'pack', { proofs: data.proofs.length, acknowledgements: data.acknowledgements.filter((a) => a.acknowledgedAt).length });
  ctx.audit = { action: 'protection.pack', targetType: 'secret', targetId: id, after: { proofs: data.proofs.length } };
}
