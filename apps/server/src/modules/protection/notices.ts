/**
 * Confidentiality notices (保密告知): the enterprise names secrets by their register names to a person, who acknowledges
 * through a link without an account. The text shown is fixed when sent; the acknowledgement binds to its SHA-256, is
 * kept as a document and deposited in the proof log (docs/protection.md § Notices).
 */
import crypto from 'node:crypto';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Notice, NoticeSend, NoticeStatus, Page, PageQuery, PublicNotice } from '@shangmi/shared';
import { noticeSecrets, orgs, proofRecords, protectionNotices, protectionPeople, users } from '../../db/schema/index.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { pageTotal } from '../../platform/count-cache.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { queueMessage } from '../../platform/inbox.js';
import { depositFor, recomputeCommitment } from '../proofs/proofs.service.js';
import { addKnowers, ownPeople } from './people.js';
import { M } from './protection.messages.js';
import { refreshReadiness } from './readiness.js';
import { ownSecrets } from './register.js';
import { rules } from './rules.js';
import { addEvent, keeperOrg, ownRows } from './scope.js';

type NoticeRow = typeof protectionNotices.$inferSelect;

const sha256Hex = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');
const newToken = () => crypto.randomBytes(32).toString('base64url');
export const linkOf = (base: string, token: string) => `${base}/acknowledge/${token}`;

export function statusOf(n: Pick<NoticeRow, 'acknowledgedAt' | 'revokedAt' | 'expiresAt'>, now: Date): NoticeStatus {
  if (n.acknowledgedAt) return 'acknowledged';
  if (n.revokedAt) return 'revoked';
  return n.expiresAt <= now ? 'expired' : 'pending';
}

/** 2026年5月1日 */
const chineseDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The notice's text from the rules' wording: {person}, {enterprise}, {secrets} (one per line, numbered), {date}. */
export function noticeText(paragraphs: string[], v: { person: string; enterprise: string; secrets: { name: string; code: string | null }[]; date: string }): string {
  const secretLines = v.secrets.map((s, i) => `${i + 1}. ${s.name}${s.code ? `（编号 ${s.code}）` : ''}`).join('\n');
  return paragraphs
    .map((p) => p.replaceAll('{person}', v.person).replaceAll('{enterprise}', v.enterprise).replaceAll('{secrets}', secretLines).replaceAll('{date}', chineseDate(v.date)))
    .join('\n\n');
}

function toNotice(n: NoticeRow, personName: string, sentByName: string | null, proofLogIndex: number | null, now: Date): Notice {
  return {
    id: n.id,
    personId: n.personId,
    personName,
    secretIds: n.secretIds,
    secretNames: n.secretNames,
    status: statusOf(n, now),
    sentAt: n.sentAt.toISOString(),
    sentByName,
    expiresAt: n.expiresAt.toISOString(),
    acknowledgedAt: n.acknowledgedAt?.toISOString() ?? null,
    typedName: n.typedName,
    textSha256: n.textSha256,
    documentSha256: n.documentSha256,
    proofId: n.proofId,
    proofLogIndex,
  };
}

// ------------------------------------------------------------------------------------------------------------ sending

/**
 * One notice per person naming the chosen secrets; each gets its own link (shown once here, kept only as a hash). The
 * people become knowers of those secrets. With `sendEmail`, the link also goes by e-mail (through the outbox, the
 * address sealed) to those who have one, when the deployment sends e-mail.
 */
export async function sendNotices(ctx: Ctx, input: NoticeSend) {
  const { actor, orgId } = keeperOrg(ctx);
  const people = await ownPeople(ctx, input.personIds, 'personIds');
  const chosen = await ownSecrets(ctx, [...new Set(input.secretIds)]);
  if (chosen.length !== new Set(input.secretIds).size) throw fieldError('secretIds', M.secretNotFound);
  if (chosen.some((s) => s.status !== 'active')) throw fieldError('secretIds', M.notActiveSecret);
  const named = [...chosen].sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  const [org] = await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, orgId));
  const r = rules().notice;
  const expiresAt = new Date(ctx.now.getTime() + r.linkValidDays * 86_400_000);
  const base = ctx.deps.config.publicUrl;
  const items = [];
  for (const p of [...people].sort((a, b) => a.id - b.id)) {
    const token = newToken();
    const text = noticeText(r.paragraphs, { person: p.name, enterprise: org?.name ?? '', secrets: named, date: todayIn(ctx.now) });
    const [n] = await ctx.db
      .insert(protectionNotices)
      .values({
        orgId,
        personId: p.id,
        secretIds: named.map((s) => s.id),
        secretNames: named.map((s) => s.name),
        title: r.title.zh,
        text,
        textSha256: sha256Hex(text),
        tokenHash: sha256Hex(token),
        expiresAt,
        sentBy: actor.userId,
        sentAt: ctx.now,
      })
      .returning();
    await ctx.db.insert(noticeSecrets).values(named.map((s) => ({ noticeId: n!.id, secretId: s.id, personId: p.id })));
    const link = linkOf(base, token);
    const emailed = input.sendEmail && !!p.email && ctx.deps.config.smtp !== null;
    if (emailed) await emailLink(ctx, n!, p.email!, org?.name ?? '', link);
    items.push({ noticeId: n!.id, personId: p.id, personName: p.name, link, expiresAt: expiresAt.toISOString(), emailed });
  }
  const personIds = people.map((p) => p.id);
  await addKnowers(ctx, orgId, named.map((s) => s.id), personIds);
  await addEvent(ctx, named.map((s) => s.id), 'notice-sent', { people: people.map((p) => p.name) });
  await refreshReadiness(ctx, named.map((s) => s.id));
  ctx.audit = { action: 'protection.notice-send', targetType: 'protection_notice', targetId: items[0]?.noticeId ?? null, after: { notices: items.length, secrets: named.length } };
  return { items };
}

async function emailLink(ctx: Ctx, n: NoticeRow, address: string, enterprise: string, link: string) {
  const dedupeKey = `protection-notice:${n.id}:${n.tokenHash.slice(0, 16)}`;
  const until = todayIn(n.expiresAt);
  const body = [
    `${enterprise}向您发送了一份《商业秘密保密告知书》，请在 ${until} 前打开以下链接阅读并确认：`,
    link,
    '该链接只能使用一次，请勿转发。',
    '',
    `${enterprise} sent you a confidentiality notice. Please open this link before ${until} to read and acknowledge it:`,
    link,
    'The link works once; do not forward it.',
  ].join('\n');
  await queueMessage(ctx.db, { channel: 'email', sealedRecipient: ctx.deps.sealer.seal(address, dedupeKey), subject: `【商秘通】${enterprise}：商业秘密保密告知书`, body, dedupeKey }, ctx.now);
}

async function findNotice(ctx: Ctx, id: number, lock = false): Promise<NoticeRow> {
  const q = ctx.db.select().from(protectionNotices).where(and(eq(protectionNotices.id, id), ownRows(ctx, protectionNotices.orgId)));
  const [n] = lock ? await q.for('update') : await q;
  if (!n) throw notFound();
  return n;
}

/** A new link for a notice not yet acknowledged (lost or expired): the old one stops working. */
export async function reissueNotice(ctx: Ctx, id: number) {
  keeperOrg(ctx, 'record');
  const n = await findNotice(ctx, id, true);
  if (n.acknowledgedAt || n.revokedAt) throw conflict(M.noticeNotPending);
  const token = newToken();
  const expiresAt = new Date(ctx.now.getTime() + rules().notice.linkValidDays * 86_400_000);
  await ctx.db.update(protectionNotices).set({ tokenHash: sha256Hex(token), expiresAt }).where(eq(protectionNotices.id, id));
  const [p] = await ctx.db.select({ name: protectionPeople.name }).from(protectionPeople).where(eq(protectionPeople.id, n.personId));
  ctx.audit = { action: 'protection.notice-reissue', targetType: 'protection_notice', targetId: id };
  return { noticeId: id, personId: n.personId, personName: p?.name ?? '', link: linkOf(ctx.deps.config.publicUrl, token), expiresAt: expiresAt.toISOString(), emailed: false };
}

export async function revokeNotice(ctx: Ctx, id: number): Promise<Notice> {
  keeperOrg(ctx, 'record');
  const n = await findNotice(ctx, id, true);
  if (n.acknowledgedAt || n.revokedAt) throw conflict(M.noticeNotPending);
  await ctx.db.update(protectionNotices).set({ revokedAt: ctx.now }).where(eq(protectionNotices.id, id));
  ctx.audit = { action: 'protection.notice-revoke', targetType: 'protection_notice', targetId: id };
  return (await listNoticesOf(ctx, { ids: [id] }))[0]!;
}

// ------------------------------------------------------------------------------------------------------------ lists

type NoticeFilter = { personId?: number; secretId?: number; status?: NoticeStatus; ids?: number[] };

function noticeConditions(ctx: Ctx, q: NoticeFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [ownRows(ctx, protectionNotices.orgId)];
  if (q.ids) conds.push(inArray(protectionNotices.id, q.ids));
  if (q.personId) conds.push(eq(protectionNotices.personId, q.personId));
  if (q.secretId) conds.push(sql`exists (select 1 from notice_secrets ns where ns.notice_id = ${protectionNotices.id} and ns.secret_id = ${q.secretId})`);
  if (q.status === 'acknowledged') conds.push(sql`${protectionNotices.acknowledgedAt} is not null`);
  if (q.status === 'revoked') conds.push(sql`${protectionNotices.acknowledgedAt} is null and ${protectionNotices.revokedAt} is not null`);
  if (q.status === 'expired') conds.push(sql`${protectionNotices.acknowledgedAt} is null and ${protectionNotices.revokedAt} is null and ${protectionNotices.expiresAt} <= ${ctx.now}`);
  if (q.status === 'pending') conds.push(sql`${protectionNotices.acknowledgedAt} is null and ${protectionNotices.revokedAt} is null and ${protectionNotices.expiresAt} > ${ctx.now}`);
  return and(...conds);
}

function selectNotices(ctx: Ctx) {
  return ctx.db
    .select({ n: protectionNotices, personName: protectionPeople.name, sentByName: users.displayName, logIndex: proofRecords.logIndex })
    .from(protectionNotices)
    .innerJoin(protectionPeople, eq(protectionPeople.id, protectionNotices.personId))
    .leftJoin(users, eq(users.id, protectionNotices.sentBy))
    .leftJoin(proofRecords, eq(proofRecords.id, protectionNotices.proofId));
}

export async function listNotices(ctx: Ctx, q: NoticeFilter & PageQuery): Promise<Page<Notice>> {
  const where = noticeConditions(ctx, q);
  const [rows, total] = await Promise.all([
    selectNotices(ctx)
      .where(where)
      .orderBy(q.order === 'asc' ? protectionNotices.id : desc(protectionNotices.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    pageTotal(ctx.db, protectionNotices, where),
  ]);
  return { items: rows.map((r) => toNotice(r.n, r.personName, r.sentByName, r.logIndex, ctx.now)), ...total, page: q.page, pageSize: q.pageSize };
}

export async function listNoticesOf(ctx: Ctx, q: NoticeFilter & { order?: 'asc' | 'desc' }, limit = 500): Promise<Notice[]> {
  const rows = await selectNotices(ctx)
    .where(noticeConditions(ctx, q))
    .orderBy(q.order === 'asc' ? protectionNotices.id : desc(protectionNotices.id))
    .limit(limit);
  return rows.map((r) => toNotice(r.n, r.personName, r.sentByName, r.logIndex, ctx.now));
}

// ------------------------------------------------------------------------------------------------------------ the link

async function byToken(ctx: Ctx, token: string, lock: boolean): Promise<NoticeRow> {
  const q = ctx.db.select().from(protectionNotices).where(eq(protectionNotices.tokenHash, sha256Hex(token)));
  const [n] = lock ? await q.for('update') : await q;
  if (!n) throw notFound();
  return n;
}

/** Why a link no longer works: once acknowledged (409), withdrawn or past its time (410). */
function refuseUnlessPending(n: NoticeRow, now: Date): void {
  const status = statusOf(n, now);
  if (status === 'acknowledged') throw new AppError('CONFLICT', { message: M.noticeUsed });
  if (status === 'revoked') throw new AppError('GONE', { message: M.noticeRevoked });
  if (status === 'expired') throw new AppError('GONE', { message: M.noticeExpired });
}

/** What the person reads (public: the token is the credential). */
export async function publicNotice(ctx: Ctx, token: string): Promise<PublicNotice> {
  const n = await byToken(ctx, token, false);
  refuseUnlessPending(n, ctx.now);
  const [[p], [o]] = await Promise.all([
    ctx.db.select({ name: protectionPeople.name }).from(protectionPeople).where(eq(protectionPeople.id, n.personId)),
    ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, n.orgId)),
  ]);
  return { enterpriseName: o?.name ?? '', personName: p?.name ?? '', title: n.title, text: n.text, textSha256: n.textSha256, sentAt: n.sentAt.toISOString(), expiresAt: n.expiresAt.toISOString() };
}

const normalName = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/**
 * The person acknowledges: once (the row is locked and must still be pending), binding to the text they were shown (its
 * SHA-256 as their browser computed it must be the notice's), signed with their name. The acknowledgement document (the
 * text, who, when, from where) is kept byte for byte and deposited in the proof log for the enterprise.
 */
export async function acknowledge(ctx: Ctx, token: string, input: { typedName: string; textSha256: string }) {
  const n = await byToken(ctx, token, true);
  refuseUnlessPending(n, ctx.now);
  if (input.textSha256 !== n.textSha256) throw fieldError('textSha256', M.textChanged);
  const [p] = await ctx.db.select().from(protectionPeople).where(eq(protectionPeople.id, n.personId)).for('update');
  if (!p || normalName(input.typedName) !== normalName(p.name)) throw fieldError('typedName', M.nameMismatch);
  const [o] = await ctx.db.select({ name: orgs.name, path: orgs.path }).from(orgs).where(eq(orgs.id, n.orgId));
  const document = `${JSON.stringify(
    {
      format: 'shangmi-acknowledgement/v1',
      notice: n.id,
      enterprise: o?.name ?? '',
      person: p.name,
      title: n.title,
      secrets: n.secretNames,
      text: n.text,
      textSha256: n.textSha256,
      sentAt: n.sentAt.toISOString(),
      acknowledgedAt: ctx.now.toISOString(),
      typedName: input.typedName,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    },
    null,
    2,
  )}\n`;
  const bytes = Buffer.from(document, 'utf8');
  const documentSha256 = sha256Hex(bytes);
  const file = { name: `acknowledgement-${n.id}.json`, size: bytes.length, sha256: documentSha256, sm3: crypto.createHash('sm3').update(bytes).digest('hex') };
  const title = `保密告知确认 #${n.id}`;
  const salt = crypto.randomBytes(32).toString('hex');
  const metadataJson = JSON.stringify({ title, files: [{ name: file.name, size: file.size }] });
  const deposit = { title, description: null, tags: ['保密告知确认'], files: [file], salt, metadataJson, commitment: '' };
  deposit.commitment = recomputeCommitment(deposit);
  const proof = await depositFor(ctx, { orgId: n.orgId, orgPath: o?.path ?? '', userId: null, userName: null }, deposit);
  await ctx.db
    .update(protectionNotices)
    .set({ acknowledgedAt: ctx.now, typedName: input.typedName, document, documentSha256, proofId: proof.id, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 500) ?? null })
    .where(eq(protectionNotices.id, n.id));
  await ctx.db.update(noticeSecrets).set({ acknowledgedAt: ctx.now }).where(eq(noticeSecrets.noticeId, n.id));
  await ctx.db.update(protectionPeople).set({ lastAcknowledgedAt: ctx.now }).where(eq(protectionPeople.id, p.id));
  await addEvent(ctx, n.secretIds, 'acknowledged', { noticeId: n.id, person: p.name, documentSha256 });
  await refreshReadiness(ctx, n.secretIds);
  ctx.audit = { action: 'protection.acknowledge', targetType: 'protection_notice', targetId: n.id, after: { documentSha256, proof: proof.id } };
  return { acknowledgedAt: ctx.now.toISOString(), documentSha256 };
}

/** The acknowledgement document as deposited (the enterprise's download; the pack carries it too). */
export async function acknowledgementDocument(ctx: Ctx, id: number): Promise<{ name: string; bytes: Buffer }> {
  const n = await findNotice(ctx, id);
  if (!n.document) throw notFound();
  return { name: `acknowledgement-${n.id}.json`, bytes: Buffer.from(n.document, 'utf8') };
}

/** Acknowledged notices naming a secret, with their documents (the litigation pack). */
export async function acknowledgementsOf(ctx: Ctx, secretId: number) {
  return ctx.db
    .select({ n: protectionNotices, personName: protectionPeople.name })
    .from(noticeSecrets)
    .innerJoin(protectionNotices, eq(protectionNotices.id, noticeSecrets.noticeId))
    .innerJoin(protectionPeople, eq(protectionPeople.id, protectionNotices.personId))
    .where(and(eq(noticeSecrets.secretId, secretId), ownRows(ctx, protectionNotices.orgId)))
    .orderBy(protectionNotices.id);
}
