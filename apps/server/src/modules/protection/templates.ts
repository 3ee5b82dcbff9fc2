/** The template generator: the library's model documents filled from the enterprise's profile and register. */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { fillModelDocument, ruleLabel, templatesFile, type ModelDocument, type TemplateSpec } from '@shangmi/shared';
import { enterprises, protectionPeople, secretKnowers, secretMeasures, secrets } from '../../db/schema/index.js';
import { todayIn } from '../../platform/calendar.js';
import { parseConfigText } from '../../platform/config-file.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { get as modelDocument, modelDocuments } from '../model-documents/model-documents.service.js';
import { findPerson } from './people.js';
import { M } from './protection.messages.js';
import { currentMeasures } from './readiness.js';
import { rules } from './rules.js';
import { keeperOrg, ownRows } from './scope.js';

export const TEMPLATES_FILE = path.resolve(import.meta.dirname, '../../../../../config/protection/templates.yaml');

let cache: TemplateSpec[] | null = null;

/** The fill specs, read and checked on first use: each must name a document the library has. */
export function templateSpecs(): TemplateSpec[] {
  if (!cache) {
    const specs = parseConfigText(fs.readFileSync(TEMPLATES_FILE, 'utf8'), 'config/protection/templates.yaml', templatesFile).data;
    const slugs = new Set(modelDocuments().map((d) => d.slug));
    const missing = specs.filter((t) => !slugs.has(t.slug)).map((t) => t.slug);
    if (missing.length) throw new Error(`config/protection/templates.yaml: no model document ${missing.join(', ')}`);
    cache = specs;
  }
  return cache;
}

export function listTemplates() {
  return templateSpecs().map((t) => {
    const d = modelDocument(t.slug);
    return { slug: t.slug, title: d.title, purpose: d.purpose, needs: t.needs, fills: t.fills };
  });
}

const chineseDate = (d: string | null) => (d ? `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日` : null);

/**
 * One filled document: the enterprise's name and credit code from its record; for a person, their name, post and the
 * secrets they know (or those chosen); for the register, a row per active secret with its carriers, who knows it and
 * its measures. Nothing is stored: the file is made on request.
 */
export async function filledTemplate(ctx: Ctx, slug: string, q: { personId?: number; secretIds?: number[] }): Promise<{ doc: ModelDocument; personName: string | null }> {
  const { orgId } = keeperOrg(ctx, 'record');
  const spec = templateSpecs().find((t) => t.slug === slug);
  if (!spec) throw notFound();
  const base = modelDocument(slug);
  const [e] = await ctx.db.select().from(enterprises).where(eq(enterprises.orgId, orgId));
  const values: Record<string, string | null> = {
    'enterprise.name': e?.name ?? ctx.actor!.orgName,
    'enterprise.creditCode': e?.creditCode ?? null,
    'enterprise.legalRep': e?.legalRep ?? null,
    'enterprise.address': e?.opAddress ?? e?.regAddress ?? null,
    today: chineseDate(todayIn(ctx.now)),
  };
  let personName: string | null = null;
  let secretIds = q.secretIds ?? [];
  if (spec.needs !== 'none') {
    if (!q.personId) throw fieldError('personId', spec.needs === 'partner' ? M.templateNeedsPartner : M.templateNeedsPerson);
    const p = await findPerson(ctx, q.personId).catch(() => {
      throw fieldError('personId', M.personNotFound);
    });
    personName = p.name;
    values['person.name'] = p.name;
    values['person.post'] = [p.department, p.position].filter(Boolean).join(' ') || null;
    values['person.organisation'] = p.organisation ?? p.name;
    values['person.departedOn'] = chineseDate(p.departedOn);
    if (!q.secretIds) secretIds = (await ctx.db.select({ id: secretKnowers.secretId }).from(secretKnowers).where(eq(secretKnowers.personId, p.id))).map((r) => r.id);
  }
  const named = secretIds.length
    ? await ctx.db.select().from(secrets).where(and(inArray(secrets.id, secretIds), ownRows(ctx, secrets.orgId))).orderBy(secrets.name)
    : [];
  if (q.secretIds && named.length !== new Set(q.secretIds).size) throw fieldError('secretIds', M.secretNotFound);
  const r = rules();
  const level = (l: string) => ruleLabel(r.levels, l).zh;
  let rows: string[][] | undefined;
  if (spec.table?.rows === 'knownSecrets') rows = named.map((s, i) => [String(i + 1), `${s.code ? `${s.code} ` : ''}${s.name}`, level(s.level), '工作接触']);
  if (spec.table?.rows === 'register') rows = await registerRows(ctx, orgId);
  const doc = fillModelDocument(base, spec, { values, secrets: named.map((s) => ({ code: s.code, name: s.name })), rows });
  return { doc, personName };
}

/** The register as the template's table: 编号, 名称, 简要说明, 类别, 密级, 载体及存放位置, 知悉范围, 保密期限, 措施, 责任人. */
async function registerRows(ctx: Ctx, orgId: number): Promise<string[][]> {
  const r = rules();
  const list = await ctx.db.select().from(secrets).where(and(eq(secrets.orgId, orgId), eq(secrets.status, 'active'))).orderBy(secrets.code, secrets.name).limit(2000);
  if (!list.length) return [];
  const ids = list.map((s) => s.id);
  const [{ framework }, knowers, measures] = await Promise.all([
    currentMeasures(ctx),
    ctx.db
      .select({ secretId: secretKnowers.secretId, name: protectionPeople.name })
      .from(secretKnowers)
      .innerJoin(protectionPeople, eq(protectionPeople.id, secretKnowers.personId))
      .where(inArray(secretKnowers.secretId, ids)),
    ctx.db.select({ secretId: secretMeasures.secretId, requirementId: secretMeasures.requirementId, evidenceKind: secretMeasures.evidenceKind }).from(secretMeasures).where(inArray(secretMeasures.secretId, ids)),
  ]);
  const texts = new Map(framework.dimensions.flatMap((d) => d.requirements.map((x) => [x.id, x.text.zh] as const)));
  return list.map((s) => {
    const who = knowers.filter((k) => k.secretId === s.id).map((k) => k.name);
    const carriers = (s.carriers as { kind: string; description?: string | null; location?: string | null }[]).map(
      (c) => [ruleLabel(r.carrierKinds, c.kind).zh, c.description, c.location].filter(Boolean).join('：'),
    );
    const ms = measures.filter((m) => m.secretId === s.id).map((m) => `${texts.get(m.requirementId) ?? m.requirementId}${m.evidenceKind === 'none' ? '' : '（有证据）'}`);
    return [
      s.code ?? '',
      s.name,
      s.summary ?? '',
      ruleLabel(r.categories, s.category).zh,
      ruleLabel(r.levels, s.level).zh,
      carriers.join('；'),
      who.length > 5 ? `${who.slice(0, 5).join('、')}等 ${who.length} 人` : who.join('、'),
      '长期',
      ms.join('；'),
      s.custodianName ?? '',
    ];
  });
}
