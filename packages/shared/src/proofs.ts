import { z } from 'zod';
import { idValue, optionalText, pageOf, pageQuery, text } from './common.js';

/**
 * Existence proofs (存证). The browser hashes the files (SHA-256 and SM3) and draws a 32-byte salt; the server keeps the
 * enterprise's private record and logs only the salted commitment (docs/proofs.md). Log formats: ./tlog.ts and ./merkle.ts.
 */
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, { error: '64 hex digits' });

export const proofFile = z.strictObject({
  name: text(255),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  sha256: hex64,
  sm3: hex64,
});
export type ProofFile = z.infer<typeof proofFile>;

export const proofTag = z.string().trim().min(1).max(30);

/** The deposit form's own labels: its `description` is a 说明 (the platform-wide label is a complaint's 具体情况). */
export const PROOF_LABELS = { description: { zh: '说明', en: 'Description' } };

export const proofDeposit = z.strictObject({
  title: text(200),
  description: optionalText(2000),
  tags: z.array(proofTag).max(10).default([]),
  files: z.array(proofFile).min(1).max(50),
  salt: hex64,
  /** the exact JSON text whose SHA-256 the commitment holds (title and file names and sizes, as the browser wrote it) */
  metadataJson: z.string().min(2).max(65536),
  /** SHA-256(salt ‖ sha256₁ ‖ sm3₁ ‖ … ‖ SHA-256(metadataJson)), hex; the server recomputes it */
  commitment: hex64,
});
export type ProofDeposit = z.infer<typeof proofDeposit>;

/**
 * The name of a deposit's downloads, by the one number the pages show for it — its 日志序号 #N (the log index) — so a
 * receipt for entry #6 is 存证-日志序号6, never the record's database id (it was 存证-7). A deposit not yet in the log
 * has no number: 存证-待入日志. `ascii`: the fallback for clients that cannot read a UTF-8 file name.
 */
export function proofFileName(logIndex: number | null, ext: 'tlog-proof' | 'json'): { name: string; ascii: string } {
  return logIndex === null ? { name: `存证-待入日志.${ext}`, ascii: `proof-pending.${ext}` } : { name: `存证-日志序号${logIndex}.${ext}`, ascii: `proof-log-${logIndex}.${ext}` };
}

export const proofRecord = z.object({
  id: idValue,
  title: z.string(),
  description: z.string().nullable(),
  tags: z.array(z.string()),
  /** the free-text reference deposits carried before the register existed (matched to register names and numbers) */
  secretRef: z.string().nullable(),
  /** the register's secrets this deposit is linked to (shown to those who may read the register) */
  secrets: z.array(z.object({ id: idValue, name: z.string() })),
  files: z.array(z.object({ name: z.string(), size: z.number(), sha256: z.string(), sm3: z.string() })),
  commitment: z.string(),
  logIndex: z.number().int().nullable(),
  integratedAt: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});
export type ProofRecord = z.infer<typeof proofRecord>;

export const proofListQuery = z.object({
  q: optionalText(100),
  tag: optionalText(30),
});

/**
 * Tags: `tags` replaces the whole set; `add` / `remove` change only what they name, so two people editing one record's
 * tags at once both keep their change (the page sends these).
 */
export const proofTagsUpdate = z
  .strictObject({ tags: z.array(proofTag).max(10).optional(), add: z.array(proofTag).max(10).optional(), remove: z.array(proofTag).max(10).optional() })
  .refine((v) => (v.tags === undefined) !== (v.add === undefined && v.remove === undefined), {
    message: 'tags, or add/remove',
    path: ['tags'],
  });
export type ProofTagsUpdate = z.infer<typeof proofTagsUpdate>;

/** The private record as downloaded (JSON): everything needed, with the files, to recompute the entry. */
export const proofPrivateRecord = z.object({
  format: z.literal('shangmi-proof-record/v1'),
  title: z.string(),
  description: z.string().nullable(),
  tags: z.array(z.string()),
  secretRef: z.string().nullable(),
  files: z.array(z.object({ name: z.string(), size: z.number(), sha256: z.string(), sm3: z.string() })),
  salt: z.string(),
  metadataJson: z.string(),
  commitment: z.string(),
  logOrigin: z.string(),
  logIndex: z.number().nullable(),
  integratedAt: z.string().nullable(),
});

export const logKeyResponse = z.object({
  origin: z.string(),
  /** the current verifier key, `<name>+<hex key id>+<base64(0x01 ‖ Ed25519 key)>` */
  key: z.string(),
  /** retired keys: checkpoints they signed still verify */
  previous: z.array(z.string()),
});

const uint = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const inclusionQuery = z.object({ index: uint, size: uint });
export const consistencyQuery = z.object({ from: uint, to: uint });
export const sizeParams = z.object({ size: uint });
export const proofHashes = z.object({ hashes: z.array(z.string()) });

export const cosignatureSubmit = z.strictObject({
  /** the checkpoint note with the witness's cosignature line(s) (c2sp.org/tlog-cosignature, Ed25519 cosignature/v1) */
  note: z.string().min(1).max(16384),
});
export const cosignatureResult = z.object({ accepted: z.array(z.string()) });

export const witness = z.object({ id: idValue, name: z.string(), label: z.string(), vkey: z.string(), active: z.boolean(), createdAt: z.string() });
export type Witness = z.infer<typeof witness>;
export const witnessCreate = z.strictObject({ label: text(100), vkey: text(300) });

export const receiptRefresh = z.strictObject({ receipt: z.string().min(1).max(65536) });
export const receiptText = z.object({ receipt: z.string() });

export const proofCertificate = z.object({
  record: proofRecord,
  origin: z.string(),
  checkpointSize: z.number().int(),
  checkpointRoot: z.string(),
  logKey: z.string(),
  witnesses: z.array(z.string()),
  verifyUrl: z.string(),
  /** data: URL of a PNG QR code pointing at verifyUrl */
  qr: z.string(),
  enterpriseName: z.string(),
});
export type ProofCertificate = z.infer<typeof proofCertificate>;

/** The log's state: whether it is signing, or halted by a failed self-check (and since when, and why). */
export const proofLogStatus = z.object({
  size: z.number().int(),
  signedAt: z.string().nullable(),
  halted: z.string().nullable(),
  haltedAt: z.string().nullable(),
});
export type ProofLogStatus = z.infer<typeof proofLogStatus>;

// -- the routes' request and response shapes
export const proofListPageQuery = proofListQuery.extend(pageQuery.shape);
export const proofPage = pageOf(proofRecord);
export const witnessList = z.array(witness);
export const proofTagList = z.array(z.string());
