/** Commit: the valid rows, in one transaction, written set-based (nodes and records per 5,000 rows, updates per 500). */
import { eq, sql } from 'drizzle-orm';
import { type ImportColumnKey, type ImportJob } from '@shangmi/shared';
import { enterpriseImports } from '../../db/schema/index.js';
import { rowsOf, textArrayLiteral } from '../../db/sql.js';
import { requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { conflict } from '../../platform/errors.js';
import type { Progress } from '../../platform/http.js';
import { insertOrgNodes, setOrgNodesFields } from '../orgs/orgs.service.js';
import { orgFieldsOf, searchText, searchVector, updateEnterprise } from './enterprises.service.js';
import { type EnterpriseRow, type Lookup, type ValidRow, bureauFor, checkFile } from './imports.check.js';
import { ownJob, toJob } from './imports.jobs.js';
import { msg } from './enterprises.messages.js';

const CHUNK = 500;
const INSERT_CHUNK = 5000;

/**
 * Writes the rows that are valid now (the registry may have moved since the check: a row that became a duplicate
 * stops the commit, which then asks for a new check). New records get their organisation nodes and records in
 * batches; existing ones (upsert) are updated with the cells the file filled, in batches too.
 */
export async function commitImport(req: { ctx(): Ctx; mutate<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> }, id: number, progress: (p: Progress) => void): Promise<ImportJob> {
  const ctx = req.ctx();
  const actor = requireActor(ctx);
  const { job, file } = await ownJob(ctx, id);
  if (job.status === 'committed') throw conflict(msg.importCommitted);
  return req.mutate(async (tx) => {
    const r = await checkFile(tx, file, { mode: job.mode, regionCode: job.regionCode ?? undefined }, progress);
    if (r.errorRows > job.errorRows) {
      throw conflict(msg.importChanged(r.errorRows, job.errorRows));
    }
    const fresh = r.valid.filter((v) => !r.existing.has(v.creditCode));
    const updates = r.valid.filter((v) => r.existing.has(v.creditCode));
    const total = r.valid.length;
    let done = 0;
    progress({ phase: 'write', done, total });
    const insertedIds = await insertRows(tx, actor, r.lookup, fresh, (n) => progress({ phase: 'write', done: (done += n), total }));
    await updateRows(tx, r.lookup, updates, r.existing, (n) => progress({ phase: 'write', done: (done += n), total }));
    const [after] = await tx.db
      .update(enterpriseImports)
      .set({ status: 'committed', inserted: fresh.length, updated: updates.length, committedAt: tx.now, updatedAt: tx.now })
      .where(eq(enterpriseImports.id, id))
      .returning();
    tx.audit = {
      targetType: 'enterprise_import',
      targetId: id,
      after: {
        file: file.name,
        sha256: file.sha256,
        mode: job.mode,
        inserted: fresh.length,
        updated: updates.length,
        insertedIds: insertedIds.length ? [insertedIds[0], insertedIds[insertedIds.length - 1]] : [],
        updatedIds: updates.map((v) => r.existing.get(v.creditCode)!.id).slice(0, 1000),
      },
    };
    return toJob(after, file.name, ctx.locale);
  });
}

/** A column of values as one bound array parameter (`unnest` turns the arrays back into rows). */
const col = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;

/**
 * New records in batches of 5,000: the organisation nodes through orgs' bulk insert (ids drawn from their sequence
 * first: a node's path holds its own id), then one `INSERT … SELECT FROM unnest(arrays)` for the records — a statement
 * per column set, not per row.
 */
async function insertRows(ctx: Ctx, actor: Actor, l: Lookup, rows: ValidRow[], advanced: (n: number) => void): Promise<number[]> {
  const ids: number[] = [];
  const now = ctx.now.toISOString();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const nodes = await insertOrgNodes(
      ctx,
      'enterprise',
      l.region.code,
      chunk.map((v) => {
        const bureau = bureauFor(l, v.districtCode);
        return { parentId: bureau.id, parentPath: bureau.path, ...orgFieldsOf(v) };
      }),
    );
    const orgIds = nodes.map((n) => n.id);
    const paths = nodes.map((n) => n.path);
    const search = chunk.map((v) => searchText(v));
    const pick = <K extends keyof ValidRow>(k: K) => chunk.map((v) => v[k]);
    const inserted = await ctx.db.execute(sql`
      insert into enterprises (org_id, org_path, region_code, credit_code, name, legal_rep, reg_address, op_address, district_code, park_id,
        industry_code, industry_section, size, kinds, products, contact_name, contact_phone, contact_email, site_org_id, site_org_path,
        status, source, search, created_by, created_at, updated_at)
      select org_id, org_path, ${l.region.code}, credit_code, name, legal_rep, reg_address, op_address, district_code, park_id,
        industry_code, industry_section, size, kinds::text[], products, contact_name, contact_phone, contact_email, site_org_id,
        site_org_path, 'active', 'import', setweight(to_tsvector('simple', strong), 'A') || to_tsvector('simple', weak),
        ${actor.userId}::int, ${now}::timestamptz, ${now}::timestamptz
      from unnest(${col(orgIds, 'int')}, ${col(paths, 'text')}, ${col(pick('creditCode'), 'text')}, ${col(pick('name'), 'text')},
        ${col(pick('legalRep'), 'text')}, ${col(pick('regAddress'), 'text')}, ${col(pick('opAddress'), 'text')},
        ${col(pick('districtCode'), 'text')}, ${col(pick('parkId'), 'int')}, ${col(pick('industryCode'), 'text')},
        ${col(pick('industrySection'), 'text')}, ${col(pick('size'), 'text')}, ${col(chunk.map((v) => textArrayLiteral(v.kinds)), 'text')},
        ${col(pick('products'), 'text')}, ${col(pick('contactName'), 'text')}, ${col(pick('contactPhone'), 'text')},
        ${col(pick('contactEmail'), 'text')}, ${col(pick('siteOrgId'), 'int')}, ${col(pick('siteOrgPath'), 'text')},
        ${col(search.map((x) => x.strong), 'text')}, ${col(search.map((x) => x.weak), 'text')})
        as t(org_id, org_path, credit_code, name, legal_rep, reg_address, op_address, district_code, park_id, industry_code,
          industry_section, size, kinds, products, contact_name, contact_phone, contact_email, site_org_id, site_org_path, strong, weak)
      returning id`);
    ids.push(...rowsOf<{ id: number }>(inserted).map((x) => Number(x.id)));
    advanced(chunk.length);
  }
  return ids;
}

/** Upsert: each existing record takes the cells its row filled; the rest of the record stays as it was. */
async function updateRows(ctx: Ctx, l: Lookup, rows: ValidRow[], existing: Map<string, EnterpriseRow>, advanced: (n: number) => void) {
  const moving: { id: number; districtCode: string | null }[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const merged = chunk.map((v) => {
      const e = existing.get(v.creditCode)!;
      const has = (k: ImportColumnKey) => v.filled.has(k);
      if (has('district') && v.districtCode !== e.districtCode) moving.push({ id: e.id, districtCode: v.districtCode });
      return {
        ...e,
        name: v.name,
        legalRep: has('legalRep') ? v.legalRep : e.legalRep,
        parkId: has('park') ? v.parkId : e.parkId,
        industryCode: has('industry') ? v.industryCode : e.industryCode,
        industrySection: has('industry') ? v.industrySection : e.industrySection,
        size: has('size') ? v.size : e.size,
        kinds: has('kinds') ? v.kinds : e.kinds,
        products: has('products') ? v.products : e.products,
        regAddress: has('regAddress') ? v.regAddress : e.regAddress,
        opAddress: has('opAddress') ? v.opAddress : e.opAddress,
        contactName: has('contactName') ? v.contactName : e.contactName,
        contactPhone: has('contactPhone') ? v.contactPhone : e.contactPhone,
        contactEmail: has('contactEmail') ? v.contactEmail : e.contactEmail,
        siteOrgId: has('site') ? v.siteOrgId : e.siteOrgId,
        siteOrgPath: has('site') ? v.siteOrgPath : e.siteOrgPath,
      };
    });
    const values = sql.join(
      merged.map(
        (m) =>
          sql`(${m.id}::int, ${m.name}::text, ${m.legalRep}::text, ${m.parkId}::int, ${m.industryCode}::text, ${m.industrySection}::text, ${m.size}::text, ${textArrayLiteral(m.kinds)}::text[], ${m.products}::text, ${m.regAddress}::text, ${m.opAddress}::text, ${m.contactName}::text, ${m.contactPhone}::text, ${m.contactEmail}::text, ${m.siteOrgId}::int, ${m.siteOrgPath}::text, ${searchVector(m)})`,
      ),
      sql`, `,
    );
    await ctx.db.execute(sql`
      update enterprises as e set name = v.name, legal_rep = v.legal_rep, park_id = v.park_id, industry_code = v.industry_code,
        industry_section = v.industry_section, size = v.size, kinds = v.kinds, products = v.products, reg_address = v.reg_address,
        op_address = v.op_address, contact_name = v.contact_name, contact_phone = v.contact_phone, contact_email = v.contact_email,
        site_org_id = v.site_org_id, site_org_path = v.site_org_path, search = v.search, updated_at = ${ctx.now.toISOString()}::timestamptz
      from (values ${values}) as v(id, name, legal_rep, park_id, industry_code, industry_section, size, kinds, products, reg_address,
        op_address, contact_name, contact_phone, contact_email, site_org_id, site_org_path, search)
      where e.id = v.id`);
    await setOrgNodesFields(ctx, merged.map((m) => ({ id: m.orgId, ...orgFieldsOf(m) })));
    advanced(chunk.length);
  }
  // a new district moves the organisation node (and its users): the registry's own path for that, row by row
  for (const m of moving) await updateEnterprise(ctx, m.id, { districtCode: m.districtCode });
}
