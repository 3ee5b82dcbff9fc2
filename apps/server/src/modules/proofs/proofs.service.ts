import { and, arrayContains, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import JSZip from 'jszip';
import QRCode from 'qrcode';
import {
  type ProofCertificate,
  type ProofDeposit,
  type ProofRecord,
  type ProofTagsUpdate,
  type Witness,
} from '@shangmi/shared';
import {
  checkNote,
  commitment,
  cosignedMessage,
  formatExtra,
  formatTlogProof,
  fromHex,
  parseExtra,
  parseNote,
  parseTlogProof,
  parseVerifierKey,
  SIG_COSIGNATURE_V1,
  signatureLine,
  toBase64,
  toHex,
  utf8,
  encodeEntry,
} from '@shangmi/shared/tlog';
import { orgs, proofCosignatures, proofRecords, proofWitnesses, secretProofs, secrets, users } from '../../db/schema/index.js';
import { rowsOf } from '../../db/sql.js';
import { containsPattern, requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError, notFound } from '../../platform/errors.js';
import { checkpointNote, servingProof, verifiedInclusion } from './log.service.js';
import { ed25519Verify, loadLogKeys, sha256, type LogKeys } from './node-crypto.js';
import { msg } from './proofs.messages.js';

type Row = typeof proofRecords.$inferSelect;
type FileDigest = { name: string; size: number; sha256: string; sm3: string };

/** The log's name and keys, wired once per app (routes hand them in). */
export interface LogInfo {
  origin: string;
  keys: () => LogKeys;
}

const logInfos = new Map<string, LogInfo>();

/** The log's name and keys for another module's work (the litigation pack's receipts and key file), read once per data folder. */
export function logInfoOf(config: { dataDir: string; logOrigin: string }): LogInfo {
  const key = `${config.dataDir}\u0000${config.logOrigin}`;
  let info = logInfos.get(key);
  if (!info) {
    let keys: LogKeys | undefined;
    info = { origin: config.logOrigin, keys: () => (keys ??= loadLogKeys(config.dataDir, config.logOrigin)) };
    logInfos.set(key, info);
  }
  return info;
}

// ------------------------------------------------------------------------------------------------ scope

/**
 * A deposit is its enterprise's private record: only accounts of that enterprise see it (a member with scope `self`
 * sees their own deposits). Bureau staff see none — the register of secrets is not theirs to read.
 */
function recordScope(ctx: Ctx): SQL {
  const actor = requireActor(ctx);
  if (actor.scope === 'self') return and(eq(proofRecords.orgId, actor.orgId), eq(proofRecords.createdBy, actor.userId))!;
  return eq(proofRecords.orgId, actor.orgId);
}

async function findRecord(ctx: Ctx, id: number, opts: { lock?: boolean } = {}): Promise<Row & { createdByName: string | null }> {
  const q = ctx.db
    .select({ r: proofRecords, createdByName: users.displayName })
    .from(proofRecords)
    .leftJoin(users, eq(users.id, proofRecords.createdBy))
    .where(and(eq(proofRecords.id, id), recordScope(ctx)));
  const [r] = opts.lock ? await q.for('update', { of: proofRecords }) : await q;
  if (!r) throw notFound();
  return { ...r.r, createdByName: r.createdByName };
}

type LinkedSecret = { id: number; name: string };

const toRecord = (r: Row & { createdByName: string | null }, secrets: LinkedSecret[] = []): ProofRecord => ({
  id: r.id,
  title: r.title,
  description: r.description,
  tags: r.tags,
  secretRef: r.secretRef,
  secrets,
  files: r.files as FileDigest[],
  commitment: r.commitment,
  logIndex: r.logIndex,
  integratedAt: r.integratedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  createdByName: r.createdByName,
});

/**
 * The register's secrets each deposit is linked to (the link `secret_ref` stood for, kept by the protection module), for
 * those who may read the register: one read-only query for the page rather than a call per row.
 */
async function linkedSecrets(ctx: Ctx, proofIds: number[]): Promise<Map<number, LinkedSecret[]>> {
  const out = new Map<number, LinkedSecret[]>();
  const actor = ctx.actor;
  if (!proofIds.length || !actor || actor.orgKind !== 'enterprise' || !actor.permissions.has('protection:read')) return out;
  const rows = await ctx.db
    .select({ proofId: secretProofs.proofId, id: secrets.id, name: secrets.name })
    .from(secretProofs)
    .innerJoin(secrets, eq(secrets.id, secretProofs.secretId))
    .where(and(inArray(secretProofs.proofId, proofIds), eq(secrets.orgId, actor.orgId)))
    .orderBy(secrets.name);
  for (const r of rows) out.set(r.proofId, [...(out.get(r.proofId) ?? []), { id: r.id, name: r.name }]);
  return out;
}

// ------------------------------------------------------------------------------------------------ deposits

/** Recomputes the commitment from what the browser sent; a mismatch is a client bug, refused before anything is logged. */
export function recomputeCommitment(input: Pick<ProofDeposit, 'salt' | 'files' | 'metadataJson'>): string {
  return toHex(
    commitment(
      sha256,
      fromHex(input.salt),
      input.files.map((f) => ({ sha256: fromHex(f.sha256), sm3: fromHex(f.sm3) })),
      sha256(utf8(input.metadataJson)),
    ),
  );
}

export async function deposit(ctx: Ctx, input: ProofDeposit): Promise<ProofRecord> {
  const actor = requireActor(ctx);
  if (actor.orgKind !== 'enterprise') throw new AppError('FORBIDDEN', { message: msg.onlyEnterprisesDeposit });
  return depositFor(ctx, { orgId: actor.orgId, orgPath: actor.orgPath, userId: actor.userId, userName: actor.displayName }, input);
}

/**
 * A deposit for an enterprise, by one of its users or by the platform on its behalf (`userId` null: an acknowledgement
 * a person gave through a notice's link, deposited by the protection module). Checks the commitment like every deposit.
 */
export async function depositFor(
  ctx: Ctx,
  owner: { orgId: number; orgPath: string; userId: number | null; userName: string | null },
  input: ProofDeposit,
): Promise<ProofRecord> {
  try {
    JSON.parse(input.metadataJson);
  } catch {
    throw fieldError('metadataJson', msg.notJson);
  }
  if (recomputeCommitment(input) !== input.commitment) throw fieldError('commitment', msg.commitmentMismatch);
  const [row] = await ctx.db
    .insert(proofRecords)
    .values({
      orgId: owner.orgId,
      orgPath: owner.orgPath,
      title: input.title,
      description: input.description ?? null,
      tags: [...new Set(input.tags)],
      files: input.files,
      salt: input.salt,
      metadataJson: input.metadataJson,
      commitment: input.commitment,
      createdBy: owner.userId,
      createdAt: ctx.now,
    })
    .returning();
  await ctx.db.execute(sql`insert into proof_pending (record_id, commitment) values (${row!.id}, decode(${input.commitment}, 'hex'))`);
  // the audit chain is read by the bureau (oplog scope): it gets the commitment, never the title or file names
  ctx.audit = { action: 'proofs.deposit', targetType: 'proof', targetId: row!.id, after: { files: input.files.length, commitment: input.commitment } };
  return toRecord({ ...row!, createdByName: owner.userName }, []);
}

export async function listRecords(ctx: Ctx, q: { q?: string | null; tag?: string | null; page: number; pageSize: number; order: 'asc' | 'desc' }) {
  const conds: (SQL | undefined)[] = [recordScope(ctx)];
  if (q.q) conds.push(or(ilike(proofRecords.title, containsPattern(q.q)), ilike(proofRecords.description, containsPattern(q.q)), eq(proofRecords.commitment, q.q.toLowerCase())));
  if (q.tag) conds.push(arrayContains(proofRecords.tags, [q.tag]));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ r: proofRecords, createdByName: users.displayName })
      .from(proofRecords)
      .leftJoin(users, eq(users.id, proofRecords.createdBy))
      .where(where)
      .orderBy(q.order === 'asc' ? proofRecords.id : desc(proofRecords.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(proofRecords).where(where),
  ]);
  const linked = await linkedSecrets(ctx, rows.map((r) => r.r.id));
  return { items: rows.map((r) => toRecord({ ...r.r, createdByName: r.createdByName }, linked.get(r.r.id))), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Every tag the caller's deposits carry (the workspace's tag filter). */
export async function listTags(ctx: Ctx): Promise<string[]> {
  const rows = await ctx.db.selectDistinct({ tag: sql<string>`unnest(${proofRecords.tags})` }).from(proofRecords).where(recordScope(ctx));
  return rows.map((r) => r.tag).sort((a, b) => a.localeCompare(b, 'zh'));
}

export async function getRecord(ctx: Ctx, id: number): Promise<ProofRecord> {
  return toRecord(await findRecord(ctx, id), (await linkedSecrets(ctx, [id])).get(id));
}

export async function setTags(ctx: Ctx, id: number, input: ProofTagsUpdate): Promise<ProofRecord> {
  // locked: add/remove apply to the set as it is now, not as another request is about to leave it
  const r = await findRecord(ctx, id, { lock: true });
  const removed = new Set(input.remove ?? []);
  const next = input.tags ? [...new Set(input.tags)] : [...new Set([...r.tags.filter((t) => !removed.has(t)), ...(input.add ?? [])])];
  if (next.length > 10) throw fieldError('add', msg.tooManyTags);
  await ctx.db.update(proofRecords).set({ tags: next }).where(eq(proofRecords.id, id));
  ctx.audit = { action: 'proofs.tags', targetType: 'proof', targetId: id, before: { tags: r.tags.length }, after: { tags: next.length } };
  return toRecord({ ...r, tags: next }, (await linkedSecrets(ctx, [id])).get(id));
}

// ------------------------------------------------------------------------------------------------ receipts

function notIntegrated(): AppError {
  return new AppError('CONFLICT', { message: msg.notYetInLog });
}

/** A `.tlog-proof` receipt for an entry at the log's latest checkpoint. */
export async function receiptFor(ctx: Ctx, extra: string, index: number): Promise<string> {
  const cp = await checkpointNote(ctx.db);
  if (!cp || cp.size <= index) throw notIntegrated();
  const hashes = await servingProof(ctx.deps.database, ctx.now, () => verifiedInclusion(ctx.db, index, cp.size), ctx.deps.config);
  return formatTlogProof({ extra: utf8(extra), index, hashes, checkpoint: cp.note });
}

function extraOf(r: Row): string {
  if (r.logIndex === null || !r.integratedAt) throw notIntegrated();
  const files = r.files as FileDigest[];
  return formatExtra({
    integratedAtMs: r.integratedAt.getTime(),
    salt: fromHex(r.salt),
    metadataDigest: sha256(utf8(r.metadataJson)),
    files: files.map((f) => ({ sha256: fromHex(f.sha256), sm3: fromHex(f.sm3) })),
  });
}

export async function receipt(ctx: Ctx, id: number): Promise<{ text: string; record: Row }> {
  const r = await findRecord(ctx, id);
  return { text: await receiptFor(ctx, extraOf(r), r.logIndex!), record: r };
}

export async function privateRecord(ctx: Ctx, id: number, log: LogInfo) {
  const r = await findRecord(ctx, id);
  return {
    format: 'shangmi-proof-record/v1' as const,
    title: r.title,
    description: r.description,
    tags: r.tags,
    secretRef: r.secretRef,
    files: r.files as FileDigest[],
    salt: r.salt,
    metadataJson: r.metadataJson,
    commitment: r.commitment,
    logOrigin: log.origin,
    logIndex: r.logIndex,
    integratedAt: r.integratedAt?.toISOString() ?? null,
  };
}

/**
 * Refreshes any receipt to the latest checkpoint (public: it holds nothing the receipt did not): the entry is
 * recomputed from the receipt's extra and must be the one stored at its index.
 */
export async function refreshReceipt(ctx: Ctx, text: string): Promise<string> {
  let index: number;
  let extraText: string;
  let entry: Uint8Array;
  try {
    const p = parseTlogProof(text);
    if (!p.extra) throw new Error('no extra');
    extraText = new TextDecoder().decode(p.extra);
    const x = parseExtra(extraText);
    index = p.index;
    entry = encodeEntry(commitment(sha256, x.salt, x.files, x.metadataDigest), x.integratedAtMs);
  } catch {
    throw fieldError('receipt', msg.notReceipt);
  }
  const [stored] = rowsOf<{ entry: Uint8Array }>(await ctx.db.execute(sql`select entry from proof_entries where idx = ${index}`));
  if (!stored || Buffer.compare(Buffer.from(stored.entry), Buffer.from(entry)) !== 0) throw fieldError('receipt', msg.noSuchEntry);
  return receiptFor(ctx, extraText, index);
}

/**
 * Receipts and private records of several of the caller's deposits at one checkpoint (the litigation pack): a deposit
 * not yet integrated gets no receipt; one the caller does not see is left out.
 */
export async function receiptsFor(ctx: Ctx, ids: number[], log: LogInfo): Promise<Map<number, { receipt: string | null; record: Awaited<ReturnType<typeof privateRecord>>; proof: ProofRecord }>> {
  const out = new Map<number, { receipt: string | null; record: Awaited<ReturnType<typeof privateRecord>>; proof: ProofRecord }>();
  if (!ids.length) return out;
  const rows = await ctx.db
    .select({ r: proofRecords, createdByName: users.displayName })
    .from(proofRecords)
    .leftJoin(users, eq(users.id, proofRecords.createdBy))
    .where(and(inArray(proofRecords.id, [...new Set(ids)]), recordScope(ctx)))
    .orderBy(proofRecords.id);
  const cp = await checkpointNote(ctx.db);
  for (const { r, createdByName } of rows) {
    const integrated = r.logIndex !== null && !!r.integratedAt && !!cp && cp.size > r.logIndex;
    const receipt = integrated
      ? formatTlogProof({ extra: utf8(extraOf(r)), index: r.logIndex!, hashes: await servingProof(ctx.deps.database, ctx.now, () => verifiedInclusion(ctx.db, r.logIndex!, cp!.size)), checkpoint: cp!.note })
      : null;
    const record = {
      format: 'shangmi-proof-record/v1' as const,
      title: r.title,
      description: r.description,
      tags: r.tags,
      secretRef: r.secretRef,
      files: r.files as FileDigest[],
      salt: r.salt,
      metadataJson: r.metadataJson,
      commitment: r.commitment,
      logOrigin: log.origin,
      logIndex: r.logIndex,
      integratedAt: r.integratedAt?.toISOString() ?? null,
    };
    out.set(r.id, { receipt, record, proof: toRecord({ ...r, createdByName }) });
  }
  return out;
}

export async function exportZip(ctx: Ctx, log: LogInfo): Promise<Buffer> {
  const rows = await ctx.db
    .select({ r: proofRecords, createdByName: users.displayName })
    .from(proofRecords)
    .leftJoin(users, eq(users.id, proofRecords.createdBy))
    .where(recordScope(ctx))
    .orderBy(proofRecords.id)
    .limit(5000);
  const zip = new JSZip();
  const keys = log.keys();
  zip.file('log-key.txt', `${[keys.current.vkey, ...keys.retired].join('\n')}\n`);
  let pending = 0;
  for (const { r } of rows) {
    // named by 日志序号 as the pages show it (the database id is no number the enterprise ever sees)
    const base = `${r.logIndex === null ? `待入日志${++pending}` : `日志序号${r.logIndex}`}-${r.title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60)}`;
    zip.file(`${base}.json`, JSON.stringify(await privateRecord(ctx, r.id, log), null, 2));
    if (r.logIndex !== null) zip.file(`${base}.tlog-proof`, await receiptFor(ctx, extraOf(r), r.logIndex));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export async function certificate(ctx: Ctx, id: number, log: LogInfo, baseUrl: string): Promise<ProofCertificate> {
  const r = await findRecord(ctx, id);
  if (r.logIndex === null) throw notIntegrated();
  const cp = await checkpointNote(ctx.db);
  if (!cp) throw notIntegrated();
  const [org] = await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, r.orgId));
  const wit = await activeWitnessKeys(ctx);
  const check = await checkNote(sha256, ed25519Verify, parseNote(cp.note), [], wit.map((w) => parseVerifierKey(sha256, w)));
  const verifyUrl = `${baseUrl}/verify?log=${encodeURIComponent(log.origin)}&index=${r.logIndex}&c=${r.commitment.slice(0, 16)}`;
  return {
    record: toRecord(r),
    origin: log.origin,
    checkpointSize: cp.size,
    checkpointRoot: toBase64(cp.root),
    logKey: log.keys().current.vkey,
    witnesses: check.witnesses.map((w) => w.name),
    verifyUrl,
    qr: await QRCode.toDataURL(verifyUrl, { margin: 1, width: 240 }),
    enterpriseName: org?.name ?? '',
  };
}

// ------------------------------------------------------------------------------------------------ witnesses

const toWitness = (w: typeof proofWitnesses.$inferSelect): Witness => ({ id: w.id, name: w.name, label: w.label, vkey: w.vkey, active: w.active, createdAt: w.createdAt.toISOString() });

export async function listWitnesses(ctx: Ctx): Promise<Witness[]> {
  return (await ctx.db.select().from(proofWitnesses).orderBy(proofWitnesses.name)).map(toWitness);
}

async function activeWitnessKeys(ctx: Ctx): Promise<string[]> {
  return (await ctx.db.select({ vkey: proofWitnesses.vkey }).from(proofWitnesses).where(eq(proofWitnesses.active, true))).map((w) => w.vkey);
}

export async function addWitness(ctx: Ctx, input: { label: string; vkey: string }): Promise<Witness> {
  const actor = requireActor(ctx);
  let name: string;
  try {
    const k = parseVerifierKey(sha256, input.vkey);
    if (k.type !== SIG_COSIGNATURE_V1) throw new Error('type');
    name = k.name;
  } catch {
    throw fieldError('vkey', msg.notWitnessKey);
  }
  const [w] = await ctx.db.insert(proofWitnesses).values({ name, label: input.label, vkey: input.vkey.trim(), createdBy: actor.userId }).returning();
  ctx.audit = { action: 'proofs.witness-add', targetType: 'proof_witness', targetId: w!.id, after: { name, label: input.label } };
  return toWitness(w!);
}

export async function disableWitness(ctx: Ctx, id: number): Promise<Witness> {
  const [w] = await ctx.db.update(proofWitnesses).set({ active: false }).where(eq(proofWitnesses.id, id)).returning();
  if (!w) throw notFound();
  ctx.audit = { action: 'proofs.witness-disable', targetType: 'proof_witness', targetId: id };
  return toWitness(w);
}

/**
 * A witness submits a checkpoint it cosigned: the body must be a checkpoint the log signed, byte for byte; each
 * cosignature/v1 line by a registered witness that verifies is kept (one per witness and size).
 */
export async function submitCosignature(ctx: Ctx, noteText: string): Promise<string[]> {
  let note;
  let size: number;
  try {
    note = parseNote(noteText);
    size = Number(note.text.split('\n')[1]);
  } catch {
    throw fieldError('note', msg.notCheckpoint);
  }
  const cp = await checkpointNote(ctx.db, Number.isSafeInteger(size) ? size : -1);
  if (!cp || parseNote(cp.note).text !== note.text) throw fieldError('note', msg.notOurCheckpoint);
  const witnesses = await ctx.db.select().from(proofWitnesses).where(eq(proofWitnesses.active, true));
  const accepted: string[] = [];
  for (const w of witnesses) {
    const k = parseVerifierKey(sha256, w.vkey);
    for (const sig of note.signatures) {
      if (sig.name !== k.name || toHex(sig.keyId) !== toHex(k.keyId) || sig.signature.length !== 72) continue;
      const ts = Number(Buffer.from(sig.signature).readBigUInt64BE(0));
      if (!(await ed25519Verify(k.publicKey, cosignedMessage(note.text, ts), sig.signature.slice(8)))) {
        throw fieldError('note', msg.badCosignature(k.name));
      }
      await ctx.db
        .insert(proofCosignatures)
        .values({ size, witnessId: w.id, line: signatureLine(sig.name, sig.keyId, sig.signature), timestamp: ts })
        .onConflictDoUpdate({ target: [proofCosignatures.size, proofCosignatures.witnessId], set: { line: signatureLine(sig.name, sig.keyId, sig.signature), timestamp: ts } });
      accepted.push(k.name);
    }
  }
  if (accepted.length === 0) throw fieldError('note', msg.noWitnessCosignature);
  ctx.audit = { action: 'proofs.cosign', targetType: 'proof_checkpoint', targetId: size, after: { witnesses: accepted } };
  return accepted;
}

