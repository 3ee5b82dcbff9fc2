/** The measures protecting each secret (the framework's 第六条 requirements, with evidence) and its existence proofs. */
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { MeasureCatalog, MeasureCreate, MeasureEvidence, MeasureUpdate, ProofDeposit, ProofRecord, RecordKind, SecretMeasure, SecretProof } from '@shangmi/shared';
import { proofRecords, protectionDepartures, protectionNotices, protectionPeople, secretMeasures, secretProofs, users } from '../../db/schema/index.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { depositFor } from '../proofs/proofs.service.js';
import { M } from './protection.messages.js';
import { currentMeasures, refreshReadiness } from './readiness.js';
import { addEvent, findSecret, keeperOrg } from './scope.js';

/** The current framework's measure requirements, as the measure form offers them. */
export async function measureCatalog(ctx: Ctx): Promise<MeasureCatalog> {
  const { frameworkId, framework, requirements } = await currentMeasures(ctx);
  const byId = new Map(framework.dimensions.flatMap((d) => d.requirements.map((r) => [r.id, { d, r }] as const)));
  return {
    frameworkId,
    frameworkTitle: framework.title,
    items: requirements.map((m) => {
      const { d, r } = byId.get(m.id)!;
      return {
        id: m.id,
        dimensionId: d.id,
        dimensionName: d.name,
        text: r.text,
        guidance: r.guidance,
        evidence: r.evidence,
        legalBasis: r.legalBasis,
        items: m.items,
        importance: m.importance,
        share: m.share,
        documents: r.documents ?? [],
      };
    }),
  };
}

// ------------------------------------------------------------------------------------------------------------ evidence

/** The evidence must be the enterprise's own: its proof, or its record (a notice only once acknowledged). */
async function checkEvidence(ctx: Ctx, orgId: number, e: MeasureEvidence): Promise<void> {
  if (e.kind === 'proof') {
    const [p] = await ctx.db.select({ id: proofRecords.id }).from(proofRecords).where(and(eq(proofRecords.id, e.proofId), eq(proofRecords.orgId, orgId)));
    if (!p) throw fieldError('evidence.proofId', M.proofNotFound);
  }
  if (e.kind === 'record') {
    const found = await recordLabels(ctx, orgId, [{ kind: e.recordKind, id: e.recordId }]);
    const label = found.get(`${e.recordKind}:${e.recordId}`);
    if (!label) throw fieldError('evidence.recordId', M.recordNotFound);
    if (e.recordKind === 'notice' && !label.acknowledged) throw fieldError('evidence.recordId', M.noticeNotAcknowledged);
  }
}

/** Labels of platform records used as evidence (`notice:12` → 告知书 #12 · 张三 · 2026-05-01), the enterprise's only. */
async function recordLabels(ctx: Ctx, orgId: number, refs: { kind: RecordKind; id: number }[]): Promise<Map<string, { label: string; acknowledged: boolean }>> {
  const out = new Map<string, { label: string; acknowledged: boolean }>();
  const ids = (k: RecordKind) => [...new Set(refs.filter((r) => r.kind === k).map((r) => r.id))];
  const day = (d: Date | string | null) => (d === null ? '' : typeof d === 'string' ? d : todayIn(d));
  const notices =
    ids('notice').length
      ? await ctx.db
          .select({ id: protectionNotices.id, name: protectionPeople.name, at: protectionNotices.acknowledgedAt })
          .from(protectionNotices)
          .innerJoin(protectionPeople, eq(protectionPeople.id, protectionNotices.personId))
          .where(and(inArray(protectionNotices.id, ids('notice')), eq(protectionNotices.orgId, orgId)))
      : [];
  const departures =
    ids('departure').length
      ? await ctx.db
          .select({ id: protectionDepartures.id, name: protectionPeople.name, on: protectionDepartures.departedOn })
          .from(protectionDepartures)
          .innerJoin(protectionPeople, eq(protectionPeople.id, protectionDepartures.personId))
          .where(and(inArray(protectionDepartures.id, ids('departure')), eq(protectionDepartures.orgId, orgId)))
      : [];
  const people =
    ids('person').length
      ? await ctx.db
          .select({ id: protectionPeople.id, name: protectionPeople.name, on: protectionPeople.agreementSignedOn })
          .from(protectionPeople)
          .where(and(inArray(protectionPeople.id, ids('person')), eq(protectionPeople.orgId, orgId)))
      : [];
  for (const n of notices) out.set(`notice:${n.id}`, { label: `告知书 #${n.id} · ${n.name}${n.at ? ` · ${day(n.at)}` : ''}`, acknowledged: n.at !== null });
  for (const d of departures) out.set(`departure:${d.id}`, { label: `离职交接 · ${d.name} · ${d.on}`, acknowledged: true });
  for (const p of people) out.set(`person:${p.id}`, { label: `保密协议 · ${p.name}${p.on ? ` · ${p.on}` : ''}`, acknowledged: true });
  return out;
}

const evidenceColumns = (e: MeasureEvidence) => ({
  evidenceKind: e.kind,
  proofId: e.kind === 'proof' ? e.proofId : null,
  recordKind: e.kind === 'record' ? e.recordKind : null,
  recordId: e.kind === 'record' ? e.recordId : null,
});

// ------------------------------------------------------------------------------------------------------------ measures

export async function listMeasures(ctx: Ctx, secretIds: number[], orgId: number): Promise<(SecretMeasure & { secretId: number })[]> {
  if (!secretIds.length) return [];
  // one after another: also called inside write transactions (one connection, one query at a time)
  const { framework, requirements } = await currentMeasures(ctx);
  const rows = await ctx.db
    .select({ m: secretMeasures, proofTitle: proofRecords.title, proofLogIndex: proofRecords.logIndex, createdByName: users.displayName })
    .from(secretMeasures)
    .leftJoin(proofRecords, eq(proofRecords.id, secretMeasures.proofId))
    .leftJoin(users, eq(users.id, secretMeasures.createdBy))
    .where(and(inArray(secretMeasures.secretId, secretIds), eq(secretMeasures.orgId, orgId)))
    .orderBy(secretMeasures.takenOn, secretMeasures.id);
  const texts = new Map(framework.dimensions.flatMap((d) => d.requirements.map((r) => [r.id, r.text] as const)));
  const items = new Map(requirements.map((r) => [r.id, r.items]));
  const labels = await recordLabels(
    ctx,
    orgId,
    rows.filter((r) => r.m.recordKind && r.m.recordId).map((r) => ({ kind: r.m.recordKind!, id: r.m.recordId! })),
  );
  return rows.map(({ m, proofTitle, proofLogIndex, createdByName }) => ({
    id: m.id,
    secretId: m.secretId,
    requirementId: m.requirementId,
    text: texts.get(m.requirementId) ?? null,
    items: items.get(m.requirementId) ?? [],
    takenOn: m.takenOn,
    note: m.note,
    evidenceKind: m.evidenceKind,
    proofId: m.proofId,
    proofTitle: proofTitle ?? null,
    proofLogIndex: proofLogIndex ?? null,
    recordKind: m.recordKind,
    recordId: m.recordId,
    recordLabel: m.recordKind && m.recordId ? (labels.get(`${m.recordKind}:${m.recordId}`)?.label ?? null) : null,
    createdAt: m.createdAt.toISOString(),
    createdByName: createdByName ?? null,
  }));
}

async function oneMeasure(ctx: Ctx, secretId: number, measureId: number, orgId: number): Promise<SecretMeasure> {
  const m = (await listMeasures(ctx, [secretId], orgId)).find((x) => x.id === measureId);
  if (!m) throw notFound();
  return m;
}

export async function addMeasure(ctx: Ctx, secretId: number, input: MeasureCreate): Promise<SecretMeasure> {
  const { actor, orgId } = keeperOrg(ctx, 'record');
  await findSecret(ctx, secretId, { lock: true });
  const { requirements } = await currentMeasures(ctx);
  if (!requirements.some((r) => r.id === input.requirementId)) throw fieldError('requirementId', M.unknownRequirement);
  if (input.takenOn > todayIn(ctx.now)) throw fieldError('takenOn', M.futureDate);
  await checkEvidence(ctx, orgId, input.evidence);
  const [dup] = await ctx.db
    .select({ id: secretMeasures.id })
    .from(secretMeasures)
    .where(and(eq(secretMeasures.secretId, secretId), eq(secretMeasures.requirementId, input.requirementId)));
  if (dup) throw fieldError('requirementId', M.measureTaken, 'CONFLICT');
  const [row] = await ctx.db
    .insert(secretMeasures)
    .values({ secretId, orgId, requirementId: input.requirementId, takenOn: input.takenOn, note: input.note ?? null, ...evidenceColumns(input.evidence), createdBy: actor.userId, createdAt: ctx.now })
    .returning({ id: secretMeasures.id });
  await addEvent(ctx, secretId, 'measure-added', { requirementId: input.requirementId, evidence: input.evidence.kind, takenOn: input.takenOn });
  await refreshReadiness(ctx, [secretId]);
  ctx.audit = { action: 'protection.measure-add', targetType: 'secret', targetId: secretId, after: { measure: row!.id, evidence: input.evidence.kind } };
  return oneMeasure(ctx, secretId, row!.id, orgId);
}

export async function updateMeasure(ctx: Ctx, secretId: number, measureId: number, input: MeasureUpdate): Promise<SecretMeasure> {
  const { orgId } = keeperOrg(ctx, 'record');
  await findSecret(ctx, secretId, { lock: true });
  const [m] = await ctx.db.select().from(secretMeasures).where(and(eq(secretMeasures.id, measureId), eq(secretMeasures.secretId, secretId)));
  if (!m) throw notFound();
  if (input.takenOn && input.takenOn > todayIn(ctx.now)) throw fieldError('takenOn', M.futureDate);
  if (input.evidence) await checkEvidence(ctx, orgId, input.evidence);
  await ctx.db
    .update(secretMeasures)
    .set({
      ...(input.takenOn ? { takenOn: input.takenOn } : {}),
      ...(input.note !== undefined ? { note: input.note ?? null } : {}),
      ...(input.evidence ? evidenceColumns(input.evidence) : {}),
    })
    .where(eq(secretMeasures.id, measureId));
  await addEvent(ctx, secretId, 'measure-updated', { requirementId: m.requirementId, evidence: input.evidence?.kind ?? m.evidenceKind });
  await refreshReadiness(ctx, [secretId]);
  ctx.audit = { action: 'protection.measure-update', targetType: 'secret', targetId: secretId, after: { measure: measureId } };
  return oneMeasure(ctx, secretId, measureId, orgId);
}

export async function removeMeasure(ctx: Ctx, secretId: number, measureId: number): Promise<{ ok: true }> {
  keeperOrg(ctx, 'record');
  await findSecret(ctx, secretId, { lock: true });
  const [m] = await ctx.db.delete(secretMeasures).where(and(eq(secretMeasures.id, measureId), eq(secretMeasures.secretId, secretId))).returning();
  if (!m) throw notFound();
  await addEvent(ctx, secretId, 'measure-removed', { requirementId: m.requirementId });
  await refreshReadiness(ctx, [secretId]);
  ctx.audit = { action: 'protection.measure-remove', targetType: 'secret', targetId: secretId, after: { measure: measureId } };
  return { ok: true };
}

// ------------------------------------------------------------------------------------------------------------ proofs

export async function listSecretProofs(ctx: Ctx, secretIds: number[]): Promise<(SecretProof & { secretId: number })[]> {
  if (!secretIds.length) return [];
  const rows = await ctx.db
    .select({ link: secretProofs, p: proofRecords, linkedByName: users.displayName })
    .from(secretProofs)
    .innerJoin(proofRecords, eq(proofRecords.id, secretProofs.proofId))
    .leftJoin(users, eq(users.id, secretProofs.linkedBy))
    .where(inArray(secretProofs.secretId, secretIds))
    .orderBy(desc(secretProofs.linkedAt), desc(secretProofs.proofId));
  return rows.map(({ link, p, linkedByName }) => ({
    secretId: link.secretId,
    proofId: p.id,
    title: p.title,
    fileCount: (p.files as unknown[]).length,
    logIndex: p.logIndex,
    integratedAt: p.integratedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    linkedAt: link.linkedAt.toISOString(),
    linkedByName: linkedByName ?? null,
    source: link.source,
  }));
}

/** Links existing deposits of the enterprise to a secret (each once; a deposit of another enterprise is refused). */
export async function linkProofs(ctx: Ctx, secretId: number, proofIds: number[]): Promise<SecretProof[]> {
  const { actor, orgId } = keeperOrg(ctx, 'record');
  await findSecret(ctx, secretId, { lock: true });
  const ids = [...new Set(proofIds)];
  const own = await ctx.db.select({ id: proofRecords.id }).from(proofRecords).where(and(inArray(proofRecords.id, ids), eq(proofRecords.orgId, orgId)));
  if (own.length !== ids.length) throw fieldError('proofIds', M.proofNotFound);
  await ctx.db
    .insert(secretProofs)
    .values(ids.map((proofId) => ({ secretId, proofId, orgId, source: 'link' as const, linkedBy: actor.userId, linkedAt: ctx.now })))
    .onConflictDoNothing();
  await addEvent(ctx, secretId, 'proofs-linked', { proofIds: ids });
  await refreshReadiness(ctx, [secretId]);
  ctx.audit = { action: 'protection.proofs-link', targetType: 'secret', targetId: secretId, after: { proofs: ids.length } };
  return listSecretProofs(ctx, [secretId]);
}

export async function unlinkProof(ctx: Ctx, secretId: number, proofId: number): Promise<{ ok: true }> {
  keeperOrg(ctx, 'record');
  await findSecret(ctx, secretId, { lock: true });
  const [gone] = await ctx.db.delete(secretProofs).where(and(eq(secretProofs.secretId, secretId), eq(secretProofs.proofId, proofId))).returning();
  if (!gone) throw notFound();
  await addEvent(ctx, secretId, 'proof-unlinked', { proofId });
  await refreshReadiness(ctx, [secretId]);
  ctx.audit = { action: 'protection.proof-unlink', targetType: 'secret', targetId: secretId, after: { proofId } };
  return { ok: true };
}

/**
 * A deposit made from the secret's page (the files hashed in the browser, as on 我的存证) and linked to it in the same
 * transaction: the proofs module keeps the deposit, this module the link.
 */
export async function depositForSecret(ctx: Ctx, secretId: number, input: ProofDeposit): Promise<ProofRecord> {
  const { actor, orgId, orgPath } = keeperOrg(ctx, 'record');
  await findSecret(ctx, secretId, { lock: true });
  const record = await depositFor(ctx, { orgId, orgPath, userId: actor.userId, userName: actor.displayName }, input);
  await ctx.db.insert(secretProofs).values({ secretId, proofId: record.id, orgId, source: 'deposit', linkedBy: actor.userId, linkedAt: ctx.now });
  await addEvent(ctx, secretId, 'proof-deposited', { proofId: record.id, files: input.files.length });
  await refreshReadiness(ctx, [secretId]);
  ctx.audit = { ...ctx.audit, after: { ...(ctx.audit.after as object), secret: secretId } };
  return { ...record, secrets: [{ id: secretId, name: (await findSecret(ctx, secretId)).name }] };
}

/** The deposits a measure or a link makes part of a secret's evidence (the litigation pack's receipts). */
export async function evidenceProofIds(ctx: Ctx, secretId: number): Promise<number[]> {
  const linked = await ctx.db.select({ id: secretProofs.proofId }).from(secretProofs).where(eq(secretProofs.secretId, secretId));
  const measured = await ctx.db.select({ id: secretMeasures.proofId }).from(secretMeasures).where(and(eq(secretMeasures.secretId, secretId), isNotNull(secretMeasures.proofId)));
  return [...new Set([...linked, ...measured].map((r) => r.id!))];
}

