/** Writing enterprises: create, update (moving the node with a district or site change), merge a duplicate. */
import { eq } from 'drizzle-orm';
import { ENTERPRISE_SELF_FIELDS, type Enterprise, type EnterpriseCreate, type EnterpriseUpdate } from '@shangmi/shared';
import { enterprises } from '../../db/schema/index.js';
import { requireActor } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { assertOnlyFields, conflict, fieldError } from '../../platform/errors.js';
import { findOrgInScope, moveOrgSubtree, requireBureau, setOrgFields } from '../orgs/orgs.service.js';
import { checkDistrict, checkPark } from '../regions/regions.service.js';
import { moveOrgUsers } from '../users/users.service.js';
import { findEnterpriseInScope, getEnterprise } from './read.js';
import { type Row, assertStaff, isEnterpriseUser, outsideScope, visibleTo } from './scope.js';
import { assertCreditCodeFree, auditView, checkCreditCode, checkIndustry, checkKinds, checkSite, checkSize, defaultDistrict, insertEnterprise, orgFieldsOf, regionOf, resolveRegion, searchVector } from './validation.js';
import { msg } from './enterprises.messages.js';

export type EnterprisesMerged = (ctx: Ctx, merge: { fromId: number; intoId: number }) => Promise<void>;
declare module '../../platform/hooks.js' {
  interface HookMap {
    /** modules holding rows about an enterprise (cultivation, checkups…) move them to the record it was merged into */
    'enterprises.merged': EnterprisesMerged;
  }
}

export async function createEnterprise(ctx: Ctx, input: EnterpriseCreate): Promise<Enterprise> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  const creditCode = checkCreditCode(input.creditCode);
  const region = await resolveRegion(ctx, actor, { ...input, creditCode });
  const districtCode = checkDistrict(region, input.districtCode === undefined ? await defaultDistrict(ctx, actor, region, creditCode) : input.districtCode);
  const siteFields = await checkSite(ctx, region.code, input.siteOrgId ?? null);
  const bureau = await requireBureau(ctx, region.code, districtCode);
  if (!visibleTo(actor, { orgId: -1, orgPath: bureau.path, ...siteFields })) throw outsideScope('districtCode');
  await assertCreditCodeFree(ctx, actor, region.code, creditCode);
  const row = await insertEnterprise(ctx, {
    regionCode: region.code,
    creditCode,
    name: input.name,
    legalRep: input.legalRep ?? null,
    regAddress: input.regAddress ?? null,
    opAddress: input.opAddress ?? null,
    districtCode,
    parkId: checkPark(region, input.parkId ?? null),
    ...(await checkIndustry(ctx, input.industryCode ?? null)),
    size: await checkSize(ctx, input.size ?? null),
    kinds: await checkKinds(ctx, input.kinds),
    products: input.products ?? null,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    contactEmail: input.contactEmail ?? null,
    ...siteFields,
    status: 'active',
    source: 'staff',
    createdBy: actor.userId,
  });
  ctx.audit = { targetType: 'enterprise', targetId: row.id, after: auditView(row) };
  return getEnterprise(ctx, row.id);
}

export async function updateEnterprise(ctx: Ctx, id: number, input: EnterpriseUpdate): Promise<Enterprise> {
  const actor = requireActor(ctx);
  // locked: the organisation's fields and the search vector are written from the whole record as it is now
  const before = await findEnterpriseInScope(ctx, id, undefined, { lock: true });
  if (isEnterpriseUser(actor)) assertOnlyFields(input, ENTERPRISE_SELF_FIELDS, msg.keptByBureau);
  if (before.status === 'merged') throw conflict(msg.mergedReadOnly);
  if (input.status !== undefined && input.status !== before.status && before.status === 'pending') {
    throw fieldError('status', msg.pendingNotEdited, 'CONFLICT');
  }
  const region = await regionOf(ctx, before.regionCode);
  const set: Partial<typeof enterprises.$inferInsert> = {};
  for (const k of ['name', 'legalRep', 'regAddress', 'opAddress', 'products', 'contactName', 'contactPhone', 'contactEmail', 'status'] as const) {
    if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
  }
  if (input.creditCode !== undefined) {
    const creditCode = checkCreditCode(input.creditCode);
    if (creditCode !== before.creditCode) {
      await assertCreditCodeFree(ctx, actor, before.regionCode, creditCode, id);
      set.creditCode = creditCode;
    }
  }
  if (input.parkId !== undefined) set.parkId = checkPark(region, input.parkId);
  if (input.industryCode !== undefined) Object.assign(set, await checkIndustry(ctx, input.industryCode));
  if (input.size !== undefined) set.size = await checkSize(ctx, input.size);
  if (input.kinds !== undefined) set.kinds = await checkKinds(ctx, input.kinds);
  if (input.siteOrgId !== undefined && input.siteOrgId !== before.siteOrgId) Object.assign(set, await checkSite(ctx, before.regionCode, input.siteOrgId));

  let bureau: Awaited<ReturnType<typeof requireBureau>> | undefined;
  if (input.districtCode !== undefined && input.districtCode !== before.districtCode) {
    set.districtCode = checkDistrict(region, input.districtCode);
    bureau = await requireBureau(ctx, before.regionCode, set.districtCode);
  }
  // the actor must still see the record afterwards: no pushing it out of one's own area
  const placement = {
    orgId: before.orgId,
    orgPath: bureau ? `${bureau.path}${before.orgId}/` : before.orgPath,
    siteOrgId: set.siteOrgId !== undefined ? set.siteOrgId : before.siteOrgId,
    siteOrgPath: set.siteOrgPath !== undefined ? set.siteOrgPath : before.siteOrgPath,
  };
  if (!visibleTo(actor, placement)) throw outsideScope(bureau ? 'districtCode' : 'siteOrgId');

  const merged = { ...before, ...set };
  await setOrgFields(ctx, before.orgId, orgFieldsOf(merged));
  if (bureau) {
    const [org, parent] = [await findOrgInScope(ctx, before.orgId), await findOrgInScope(ctx, bureau.id, 'districtCode')];
    if (org.parentId !== parent.id) await moveOrgSubtree(ctx, org, parent, { keepDistrict: true });
  }
  const textChanged = (['name', 'creditCode', 'regAddress', 'opAddress', 'products'] as const).some((k) => set[k] !== undefined);
  const [after] = await ctx.db
    .update(enterprises)
    .set({ ...set, ...(textChanged ? { search: searchVector(merged) } : {}), updatedAt: ctx.now })
    .where(eq(enterprises.id, id))
    .returning();
  ctx.audit = { targetType: 'enterprise', targetId: id, before: auditView(before), after: auditView(after) };
  return getEnterprise(ctx, id);
}

/**
 * Folds a duplicate into the surviving record: the duplicate becomes `merged` (pointing at it), its users move to the
 * survivor's organisation, its organisation is disabled, and records merged into it earlier now point at the survivor.
 */
export async function mergeEnterprise(ctx: Ctx, id: number, intoId: number): Promise<Enterprise> {
  const actor = requireActor(ctx);
  assertStaff(actor);
  if (id === intoId) throw fieldError('intoId', msg.mergeIntoItself);
  // both locked, the lower id first (two merges of the same pair in opposite directions must not deadlock)
  const [first, second] = id < intoId ? [id, intoId] : [intoId, id];
  const locked = new Map<number, Row>();
  locked.set(first, await findEnterpriseInScope(ctx, first, first === intoId ? 'intoId' : undefined, { lock: true }));
  locked.set(second, await findEnterpriseInScope(ctx, second, second === intoId ? 'intoId' : undefined, { lock: true }));
  const source = locked.get(id)!;
  const target = locked.get(intoId)!;
  if (source.status === 'merged') throw conflict(msg.alreadyMerged);
  if (target.status !== 'active') {
    throw fieldError('intoId', msg.mergeIntoActive, 'CONFLICT');
  }
  if (source.regionCode !== target.regionCode) throw fieldError('intoId', msg.otherRegion, 'CONFLICT');
  const movedUserIds = await moveOrgUsers(ctx, source.orgId, { id: target.orgId, path: target.orgPath });
  await ctx.db.update(enterprises).set({ mergedIntoId: target.id, updatedAt: ctx.now }).where(eq(enterprises.mergedIntoId, source.id));
  await ctx.db.update(enterprises).set({ status: 'merged', mergedIntoId: target.id, updatedAt: ctx.now }).where(eq(enterprises.id, source.id));
  await setOrgFields(ctx, source.orgId, { status: 'disabled' });
  for (const listener of ctx.deps.hooks.all('enterprises.merged')) await listener(ctx, { fromId: source.id, intoId: target.id });
  const brief = (e: Row) => ({ id: e.id, name: e.name, creditCode: e.creditCode, status: e.status });
  ctx.audit = {
    targetType: 'enterprise',
    targetId: source.id,
    before: { source: auditView(source), target: brief(target) },
    after: { source: { status: 'merged', mergedIntoId: target.id }, target: brief(target), movedUserIds },
  };
  return getEnterprise(ctx, target.id);
}
