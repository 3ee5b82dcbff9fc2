import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { DictType, dictItemCreate, dictItemUpdate, dictTypeCreate } from '@shangmi/shared';
import { dictItems, dictTypes } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { sha256Hex } from '../../platform/crypto.js';
import { AppError, fieldError, notFound } from '../../platform/errors.js';
import { common } from '../../platform/messages.js';

/** Every dictionary with its items; `version` changes whenever anything in them does, so clients cache safely. */
export async function allDicts(ctx: Ctx): Promise<{ version: string; types: DictType[] }> {
  const [types, items] = await Promise.all([
    ctx.db.select().from(dictTypes).orderBy(asc(dictTypes.code)),
    ctx.db.select().from(dictItems).orderBy(asc(dictItems.typeCode), asc(dictItems.sort), asc(dictItems.id)),
  ]);
  const stamp = [...types.map((t) => `${t.code}:${t.updatedAt.getTime()}`), ...items.map((i) => `${i.id}:${i.updatedAt.getTime()}`)].join('|');
  return {
    version: sha256Hex(stamp).slice(0, 16),
    types: types.map((t) => ({
      code: t.code,
      nameZh: t.nameZh,
      nameEn: t.nameEn,
      system: t.system,
      items: items
        .filter((i) => i.typeCode === t.code)
        .map((i) => ({
          id: i.id,
          typeCode: i.typeCode,
          value: i.value,
          labelZh: i.labelZh,
          labelEn: i.labelEn,
          parentValue: i.parentValue,
          sort: i.sort,
          enabled: i.enabled,
          system: i.system,
        })),
    })),
  };
}

/** Whether `value` is an enabled item of dictionary `type` (modules validate their dictionary fields with it). */
export async function isDictValue(ctx: Ctx, type: string, value: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: dictItems.id })
    .from(dictItems)
    .where(and(eq(dictItems.typeCode, type), eq(dictItems.value, value), eq(dictItems.enabled, true)));
  return !!row;
}

/** Labels of the enabled and disabled items of some dictionaries: type → value → label (exports print labels, not codes). */
export async function dictLabels(ctx: Ctx, types: string[]): Promise<Map<string, Map<string, { zh: string; en: string }>>> {
  const rows = types.length
    ? await ctx.db
        .select({ typeCode: dictItems.typeCode, value: dictItems.value, zh: dictItems.labelZh, en: dictItems.labelEn })
        .from(dictItems)
        .where(inArray(dictItems.typeCode, types))
    : [];
  const out = new Map(types.map((t) => [t, new Map<string, { zh: string; en: string }>()]));
  for (const r of rows) out.get(r.typeCode)?.set(r.value, { zh: r.zh, en: r.en });
  return out;
}

/** The top ancestor of a dictionary value (an industry division's section letter); null when the value is unknown. */
export async function dictRoot(ctx: Ctx, type: string, value: string): Promise<string | null> {
  let current = value;
  // a hierarchy a few levels deep (GB/T 4754 has four); the bound only guards against a cycle an admin made
  for (let depth = 0; depth < 10; depth++) {
    const [row] = await ctx.db
      .select({ parentValue: dictItems.parentValue })
      .from(dictItems)
      .where(and(eq(dictItems.typeCode, type), eq(dictItems.value, current)));
    if (!row) return depth === 0 ? null : current;
    if (!row.parentValue) return current;
    current = row.parentValue;
  }
  return current;
}

export async function createDictType(ctx: Ctx, input: z.infer<typeof dictTypeCreate>) {
  const [dup] = await ctx.db.select().from(dictTypes).where(eq(dictTypes.code, input.code));
  if (dup) throw fieldError('code', common.taken, 'CONFLICT');
  await ctx.db.insert(dictTypes).values({ ...input, system: false, createdAt: ctx.now, updatedAt: ctx.now });
  ctx.audit = { targetType: 'dict', targetId: input.code, after: input };
}

async function findType(ctx: Ctx, code: string) {
  const [t] = await ctx.db.select().from(dictTypes).where(eq(dictTypes.code, code));
  if (!t) throw notFound();
  return t;
}

async function touchType(ctx: Ctx, code: string) {
  await ctx.db.update(dictTypes).set({ updatedAt: ctx.now }).where(eq(dictTypes.code, code));
}

async function checkParent(ctx: Ctx, code: string, parentValue: string | null | undefined) {
  if (!parentValue) return;
  const [p] = await ctx.db.select().from(dictItems).where(and(eq(dictItems.typeCode, code), eq(dictItems.value, parentValue)));
  if (!p) throw fieldError('parentValue', { zh: '上级值不存在', en: 'is not a value of this dictionary' });
}

export async function createDictItem(ctx: Ctx, code: string, input: z.infer<typeof dictItemCreate>) {
  await findType(ctx, code);
  const [dup] = await ctx.db.select().from(dictItems).where(and(eq(dictItems.typeCode, code), eq(dictItems.value, input.value)));
  if (dup) throw fieldError('value', common.exists, 'CONFLICT');
  await checkParent(ctx, code, input.parentValue);
  const [row] = await ctx.db
    .insert(dictItems)
    .values({ ...input, parentValue: input.parentValue ?? null, typeCode: code, system: false, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  await touchType(ctx, code);
  ctx.audit = { targetType: 'dict_item', targetId: row.id, after: { typeCode: code, ...input } };
  return row;
}

export async function updateDictItem(ctx: Ctx, code: string, id: number, input: z.infer<typeof dictItemUpdate>) {
  const [before] = await ctx.db.select().from(dictItems).where(and(eq(dictItems.typeCode, code), eq(dictItems.id, id))).for('update');
  if (!before) throw notFound();
  if (input.parentValue !== undefined) {
    if (input.parentValue === before.value) throw fieldError('parentValue', { zh: '不能是自身', en: 'cannot be the item itself' });
    await checkParent(ctx, code, input.parentValue);
  }
  const [after] = await ctx.db
    .update(dictItems)
    .set({ ...input, updatedAt: ctx.now })
    .where(eq(dictItems.id, id))
    .returning();
  await touchType(ctx, code);
  ctx.audit = {
    targetType: 'dict_item',
    targetId: id,
    before: { labelZh: before.labelZh, labelEn: before.labelEn, enabled: before.enabled, sort: before.sort, parentValue: before.parentValue },
    after: { labelZh: after.labelZh, labelEn: after.labelEn, enabled: after.enabled, sort: after.sort, parentValue: after.parentValue },
  };
  return after;
}

export async function deleteDictItem(ctx: Ctx, code: string, id: number) {
  const [row] = await ctx.db.select().from(dictItems).where(and(eq(dictItems.typeCode, code), eq(dictItems.id, id))).for('update');
  if (!row) throw notFound();
  if (row.system) {
    throw new AppError('CONFLICT', { message: { zh: '系统预置项不能删除，可以停用', en: 'Built-in items cannot be deleted; disable them instead' } });
  }
  const [child] = await ctx.db
    .select({ id: dictItems.id })
    .from(dictItems)
    .where(and(eq(dictItems.typeCode, code), eq(dictItems.parentValue, row.value)));
  if (child) throw new AppError('CONFLICT', { message: { zh: '还有下级项，不能删除', en: 'It still has child items' } });
  await ctx.db.delete(dictItems).where(eq(dictItems.id, id));
  await touchType(ctx, code);
  ctx.audit = { targetType: 'dict_item', targetId: id, before: { typeCode: code, value: row.value, labelZh: row.labelZh } };
}

