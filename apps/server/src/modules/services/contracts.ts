/**
 * Government-purchased service contracts (政府购买服务, 财政部令第102号): a city or district bureau purchases from a
 * provider or a site, with a budget, a period and quotas per service kind. Delivered counts are the ledger's rows
 * counted against the contract (ledger.ts); payments are recorded against the budget under the contract's row lock;
 * acceptance runs on the engine (`services.contract`); the performance evaluation (绩效评价) is one sheet per contract.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Contract, ContractEvaluationSheet, ContractPaymentRow, ContractState, contractCreate, contractEvaluation, contractPayment, contractPaymentReverse } from '@shangmi/shared';
import type { z } from 'zod';
import { contractPayments, orgs, serviceContracts, serviceLedger } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import { todayIn } from '../../platform/calendar.js';
import type { Ctx } from '../../platform/context.js';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { registerUniqueField } from '../../platform/errors.js';
import { instanceOf, mayTake, takeStep, type Home } from '../../platform/workflow/index.js';
import { checkServiceKinds } from './providers.js';
import { contractPath } from './paths.js';
import { contractScope, findContract, isDelivererUser, isEnterpriseUser, requireDeliverer, type ContractRow } from './scope.js';
import { msg } from './services.messages.js';

registerUniqueField('service_contracts_number_uq', 'number');

const homeOf = (c: ContractRow): Home => ({ orgId: c.providerOrgId, orgPath: c.providerOrgPath, alsoPaths: [c.purchaserOrgPath], regionCode: c.regionCode, label: `${c.number} ${c.title}` });

async function toContracts(ctx: Ctx, rows: ContractRow[]): Promise<Contract[]> {
  if (!rows.length) return [];
  const actor = requireActor(ctx);
  const ids = rows.map((r) => r.id);
  const delivered = await ctx.db
    .select({ contractId: serviceLedger.contractId, serviceKind: serviceLedger.serviceKind, n: sql<number>`count(*)::int` })
    .from(serviceLedger)
    .where(inArray(serviceLedger.contractId, ids))
    .groupBy(serviceLedger.contractId, serviceLedger.serviceKind);
  const pays = await ctx.db.select().from(contractPayments).where(inArray(contractPayments.contractId, ids)).orderBy(asc(contractPayments.id));
  const reversedBy = new Map(pays.filter((p) => p.reversesId !== null).map((p) => [p.reversesId!, p.id]));
  const paymentsOf = (id: number): ContractPaymentRow[] =>
    pays
      .filter((p) => p.contractId === id)
      .map((p) => ({ id: p.id, paidOn: p.paidOn, amountFen: p.amountFen, note: p.note, reversesId: p.reversesId, reversedById: reversedBy.get(p.id) ?? null, reason: p.reason, createdAt: p.createdAt.toISOString() }));
  const names = new Map((await ctx.db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, [...new Set(rows.flatMap((r) => [r.purchaserOrgId, r.providerOrgId]))]))).map((o) => [o.id, o.name]));
  const out: Contract[] = [];
  for (const r of rows) {
    const inst = await instanceOf(ctx, contractPath, r.id);
    const home = homeOf(r);
    const purchaser = r.purchaserOrgPath.startsWith(actor.orgPath) || actor.scope === 'all';
    out.push({
      id: r.id,
      number: r.number,
      title: r.title,
      purchaserOrgId: r.purchaserOrgId,
      purchaserName: names.get(r.purchaserOrgId) ?? '',
      providerOrgId: r.providerOrgId,
      providerName: names.get(r.providerOrgId) ?? '',
      budgetFen: r.budgetFen,
      paidFen: r.paidFen,
      startOn: r.startOn,
      endOn: r.endOn,
      state: r.state as ContractState,
      progress: r.quotas.map((q) => ({ serviceKind: q.serviceKind, quota: q.quota, delivered: Number(delivered.find((d) => d.contractId === r.id && d.serviceKind === q.serviceKind)?.n ?? 0) })),
      evaluation: (r.evaluation as ContractEvaluationSheet | null) ?? null,
      payments: paymentsOf(r.id),
      allowed: [
        ...(['submit', 'accept', 'return'] as const).filter((s) => mayTake(actor, contractPath, inst, s, home)),
        ...(purchaser && actor.permissions.has('services:contracts') && !isDelivererUser(actor) ? (['pay', 'evaluate'] as const) : []),
      ],
    });
  }
  return out;
}

export async function listContracts(ctx: Ctx, q: { state?: ContractState }): Promise<Contract[]> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select()
    .from(serviceContracts)
    .where(and(contractScope(actor), q.state ? eq(serviceContracts.state, q.state) : undefined))
    .orderBy(desc(serviceContracts.id))
    .limit(500);
  return toContracts(ctx, rows);
}

export async function getContract(ctx: Ctx, id: number): Promise<Contract> {
  return (await toContracts(ctx, [await findContract(ctx, id)]))[0]!;
}

/** The purchaser is the actor's own bureau (city or district). */
export async function createContract(ctx: Ctx, input: z.output<typeof contractCreate>): Promise<Contract> {
  const actor = requireActor(ctx);
  if (isEnterpriseUser(actor) || isDelivererUser(actor) || !actor.regionCode) throw forbidden(msg.purchaserBureau);
  const [own] = await ctx.db.select({ kind: orgs.kind, path: orgs.path }).from(orgs).where(eq(orgs.id, actor.orgId));
  if (!own || (own.kind !== 'city_bureau' && own.kind !== 'district_bureau')) throw forbidden(msg.purchaserBureau);
  if (input.endOn < input.startOn) throw fieldError('endOn', msg.endBeforeStart);
  const kinds = input.quotas.map((q) => q.serviceKind);
  if (new Set(kinds).size !== kinds.length) throw fieldError('quotas', { zh: '服务类型重复', en: 'repeat a service kind' });
  await checkServiceKinds(ctx, kinds, 'quotas');
  const d = await requireDeliverer(ctx, input.providerOrgId, actor.regionCode, 'providerOrgId');
  const [row] = await ctx.db
    .insert(serviceContracts)
    .values({
      regionCode: actor.regionCode,
      purchaserOrgId: actor.orgId,
      purchaserOrgPath: own.path,
      providerOrgId: d.orgId,
      providerOrgPath: d.orgPath,
      number: input.number,
      title: input.title,
      budgetFen: input.budgetFen,
      startOn: input.startOn,
      endOn: input.endOn,
      quotas: input.quotas,
      createdBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  // rows recorded before the contract was entered, in its period and kinds, count against it too
  await ctx.db.execute(sql`
    update ${serviceLedger} set contract_id = ${row.id}
     where org_id = ${d.orgId} and contract_id is null and occurred_on between ${input.startOn} and ${input.endOn}
       and service_kind = any(${`{${kinds.join(',')}}`}::text[])`);
  ctx.audit = { targetType: 'service_contract', targetId: row.id, after: { number: row.number, providerOrgId: row.providerOrgId, budgetFen: row.budgetFen, quotas: row.quotas } };
  return getContract(ctx, row.id);
}

export async function contractStep(ctx: Ctx, id: number, name: 'submit' | 'accept' | 'return', input: { comment?: string | null }): Promise<Contract> {
  const before = await findContract(ctx, id, { lock: true });
  const res = await takeStep(ctx, contractPath, id, name, { home: homeOf(before), comment: input.comment });
  await ctx.db.update(serviceContracts).set({ state: res.to, updatedAt: ctx.now }).where(eq(serviceContracts.id, id));
  ctx.audit = { targetType: 'service_contract', targetId: id, before: { state: before.state }, after: { state: res.to } };
  return getContract(ctx, id);
}

function requirePurchaser(ctx: Ctx, c: ContractRow) {
  const actor = requireActor(ctx);
  if (isDelivererUser(actor) || !(actor.scope === 'all' || c.purchaserOrgPath.startsWith(actor.orgPath))) throw forbidden();
}

/** A payment against the budget: the row is locked, so two payments at once cannot overrun it together. */
export async function addPayment(ctx: Ctx, id: number, input: z.output<typeof contractPayment>): Promise<Contract> {
  const c = await findContract(ctx, id, { lock: true });
  requirePurchaser(ctx, c);
  if (c.paidFen + input.amountFen > c.budgetFen) throw fieldError('amountFen', msg.overBudget(c.budgetFen - c.paidFen));
  await ctx.db.insert(contractPayments).values({ contractId: id, paidOn: input.paidOn, amountFen: input.amountFen, note: input.note ?? null, createdBy: ctx.actor!.userId, createdAt: ctx.now });
  await ctx.db.update(serviceContracts).set({ paidFen: sql`${serviceContracts.paidFen} + ${input.amountFen}`, updatedAt: ctx.now }).where(eq(serviceContracts.id, id));
  ctx.audit = { targetType: 'service_contract', targetId: id, before: { paidFen: c.paidFen }, after: { paidFen: c.paidFen + input.amountFen, paidOn: input.paidOn } };
  return getContract(ctx, id);
}

/** The performance evaluation sheet: indicators with weights (adding up to 100) and scores; the total is weighted. */
export async function evaluateContract(ctx: Ctx, id: number, input: z.output<typeof contractEvaluation>): Promise<Contract> {
  const c = await findContract(ctx, id, { lock: true });
  requirePurchaser(ctx, c);
  if (input.scores.reduce((a, s) => a + s.weight, 0) !== 100) throw fieldError('scores', msg.evaluationWeights);
  const total = Math.round(input.scores.reduce((a, s) => a + (s.weight * s.score) / 100, 0) * 10) / 10;
  const evaluation = { ...input, total, at: ctx.now.toISOString(), by: ctx.actor!.displayName };
  await ctx.db.update(serviceContracts).set({ evaluation, updatedAt: ctx.now }).where(eq(serviceContracts.id, id));
  ctx.audit = { targetType: 'service_contract', targetId: id, before: { evaluation: c.evaluation }, after: { total } };
  return getContract(ctx, id);
}

/**
 * 冲销: a wrong payment is never deleted or edited — a new entry of the opposite amount with its reason cancels it, so
 * the paid amount drops back and the audit log shows who reversed what and why (as funding's reversal.ts). Under the
 * contract's row lock like every payment; a payment is reversed at most once, and a reversal itself cannot be reversed.
 */
export async function reversePayment(ctx: Ctx, id: number, paymentId: number, input: z.output<typeof contractPaymentReverse>): Promise<Contract> {
  const c = await findContract(ctx, id, { lock: true });
  requirePurchaser(ctx, c);
  const [entry] = await ctx.db
    .select()
    .from(contractPayments)
    .where(and(eq(contractPayments.id, paymentId), eq(contractPayments.contractId, id)));
  if (!entry) throw notFound();
  if (entry.reversesId !== null) throw conflict(msg.reversalOfReversal);
  const [done] = await ctx.db.select({ id: contractPayments.id }).from(contractPayments).where(eq(contractPayments.reversesId, paymentId));
  if (done) throw conflict(msg.paymentReversed);
  const [row] = await ctx.db
    .insert(contractPayments)
    .values({ contractId: id, paidOn: todayIn(ctx.now), amountFen: -entry.amountFen, note: entry.note, reversesId: entry.id, reason: input.reason, createdBy: ctx.actor!.userId, createdAt: ctx.now })
    .returning({ id: contractPayments.id });
  await ctx.db.update(serviceContracts).set({ paidFen: sql`${serviceContracts.paidFen} - ${entry.amountFen}`, updatedAt: ctx.now }).where(eq(serviceContracts.id, id));
  ctx.audit = {
    targetType: 'service_contract',
    targetId: id,
    before: { paidFen: c.paidFen },
    after: { paidFen: c.paidFen - entry.amountFen, reversed: entry.id, reversal: row!.id, amountFen: -entry.amountFen, reason: input.reason },
  };
  return getContract(ctx, id);
}
