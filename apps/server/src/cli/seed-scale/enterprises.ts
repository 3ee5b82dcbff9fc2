/** Enterprises at scale (`--enterprises N`): the generated profiles stored the way the application stores them. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf, textArrayLiteral } from '../../db/sql.js';
import { dropSecondaryIndexes, reserveIds } from './common.js';
import { type DistrictRef, enterpriseGenerator, enterpriseTokenizer } from './enterprise-profiles.js';

/** Rows per INSERT … SELECT FROM unnest statement when seeding enterprises. */
const ENTERPRISE_BATCH = 10_000;

/**
 * N enterprises, as the application stores them: per enterprise an organisation node of kind `enterprise` under its
 * district bureau (ids from the orgs sequence, path `<bureau path><id>/`) and the registry row pointing at it, with the
 * search vector built from the shared tokenizer's tokens by the same SQL the service uses. A quarter are served by a
 * site of their district, a few sit in a park; statuses, sizes, kinds and industries as a city's registry has them.
 *
 * One transaction. The enterprises table's secondary indexes are dropped first and rebuilt at the end (the same
 * definitions, read from pg_indexes): building a GIN index once is several times faster than growing it row by row,
 * and the result is the same index. While PostgreSQL writes one batch, the next is generated and tokenized here.
 *
 * `from`: the generator's first row (the benchmark's growth step adds rows `from` … `from + n - 1` to a registry seeded
 * with rows 0 … `from - 1`). Credit codes are a bijection of the row number, so no added row collides; the generator is
 * walked past the first `from` rows, so a registry grown in steps holds the same enterprises as one seeded at once.
 */
export async function seedEnterprises(db: Db, n: number, seed: number, log: (line: string) => void, phase: (name: string) => void, from = 0): Promise<number> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = on`); // see the users' transaction
    await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
    const bureaus = rowsOf<{ id: number; path: string; district_code: string; region_code: string }>(
      await tx.execute(sql`select id, path, district_code, region_code from orgs where kind = 'district_bureau' and district_code is not null order by id`),
    );
    const bureauOf = new Map(bureaus.map((b) => [b.district_code, b]));
    const districts = rowsOf<DistrictRef>(await tx.execute(sql`select code, name from districts order by sort, code`)).filter((d) => bureauOf.has(d.code));
    if (!districts.length) throw new Error('no district bureaus: configure a region under config/regions/ first');
    const sitesOf = new Map<string, { id: number; path: string }[]>();
    for (const s of rowsOf<{ id: number; path: string; district_code: string | null }>(
      await tx.execute(sql`select id, path, district_code from orgs where kind = 'site' and status = 'active' order by id`),
    )) {
      if (s.district_code) sitesOf.set(s.district_code, [...(sitesOf.get(s.district_code) ?? []), { id: s.id, path: s.path }]);
    }
    const parkRows = rowsOf<{ id: number; district_code: string | null; region_code: string }>(await tx.execute(sql`select id, district_code, region_code from parks order by id`));
    const parksOf = new Map(
      districts.map((d) => [d.code, parkRows.filter((p) => p.district_code === d.code || (!p.district_code && p.region_code === bureauOf.get(d.code)!.region_code)).map((p) => p.id)]),
    );

    const rebuildIndexes = await dropSecondaryIndexes(tx, 'enterprises', log);

    const firstOrg = await reserveIds(tx, 'orgs', n);
    const firstEnt = await reserveIds(tx, 'enterprises', n);
    const gen = enterpriseGenerator(seed, districts);
    for (let i = 0; i < from; i++) gen(i); // the generator is sequential: rows before `from` are drawn (and dropped)
    const tokens = enterpriseTokenizer();
    const now = Date.now();
    let pending: Promise<void> | null = null;
    const dbMs = { orgs: 0, enterprises: 0 };
    let genMs = 0;
    for (let start = 0; start < n; start += ENTERPRISE_BATCH) {
      let tg = performance.now();
      const m = Math.min(ENTERPRISE_BATCH, n - start);
      const c = {
        id: [] as number[], orgId: [] as number[], parentId: [] as number[], path: [] as string[], region: [] as string[], credit: [] as string[],
        name: [] as string[], legalRep: [] as (string | null)[], regAddress: [] as (string | null)[], opAddress: [] as (string | null)[],
        district: [] as string[], park: [] as (number | null)[], industry: [] as string[], section: [] as string[], size: [] as (string | null)[],
        kinds: [] as string[], products: [] as (string | null)[], contactName: [] as (string | null)[], contactPhone: [] as (string | null)[],
        contactEmail: [] as (string | null)[], siteId: [] as (number | null)[], sitePath: [] as (string | null)[], status: [] as string[],
        orgStatus: [] as string[], mergedInto: [] as (number | null)[], source: [] as string[], strong: [] as string[], weak: [] as string[],
        createdAt: [] as string[], updatedAt: [] as string[],
      };
      for (let k = 0; k < m; k++) {
        // let the driver hand PostgreSQL the next statement of the batch in flight
        if (k % 1000 === 999) {
          genMs += performance.now() - tg;
          await new Promise((r) => setImmediate(r));
          tg = performance.now();
        }
        const j = start + k; // row of this call (ids), and of the generator (credit code, profile)
        const i = from + j;
        const e = gen(i);
        const b = bureauOf.get(e.districtCode)!;
        const orgId = firstOrg + j;
        const sites = sitesOf.get(e.districtCode) ?? [];
        const site = sites.length && e.draw[0] < 0.25 ? sites[Math.floor((e.draw[0] / 0.25) * sites.length)] : null;
        const parks = parksOf.get(e.districtCode) ?? [];
        const park = parks.length && e.draw[1] < 0.08 ? parks[Math.floor((e.draw[1] / 0.08) * parks.length)] : null;
        // a merged record points at an earlier one of the same call (the first has none to point at)
        const status = e.status === 'merged' && j === 0 ? 'closed' : e.status;
        const { strong, weak } = tokens(e);
        const created = Math.min(e.createdAt, now);
        c.id.push(firstEnt + j);
        c.orgId.push(orgId);
        c.parentId.push(b.id);
        c.path.push(`${b.path}${orgId}/`);
        c.region.push(b.region_code);
        c.credit.push(e.creditCode);
        c.name.push(e.name);
        c.legalRep.push(e.legalRep);
        c.regAddress.push(e.regAddress);
        c.opAddress.push(e.opAddress);
        c.district.push(e.districtCode);
        c.park.push(park);
        c.industry.push(e.industryCode);
        c.section.push(e.industrySection);
        c.size.push(e.size);
        c.kinds.push(textArrayLiteral(e.kinds));
        c.products.push(e.products);
        c.contactName.push(e.contactName);
        c.contactPhone.push(e.contactPhone);
        c.contactEmail.push(e.contactEmail);
        c.siteId.push(site?.id ?? null);
        c.sitePath.push(site?.path ?? null);
        c.status.push(status);
        c.orgStatus.push(status === 'merged' ? 'disabled' : 'active');
        c.mergedInto.push(status === 'merged' ? firstEnt + Math.floor(e.draw[2] * j) : null);
        c.source.push(e.source);
        c.strong.push(strong);
        c.weak.push(weak);
        c.createdAt.push(new Date(created).toISOString());
        c.updatedAt.push(new Date(created + Math.floor(e.draw[3] * (now - created))).toISOString());
      }
      const p = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;
      const insertOrgs = sql`
        insert into orgs (id, parent_id, path, name, kind, region_code, district_code, credit_code, contact_name, contact_phone, address,
                          sort, status, created_at, updated_at)
        select id, parent_id, path, name, 'enterprise', region_code, district_code, credit_code, contact_name, contact_phone,
               coalesce(reg_address, op_address), 0, status, created_at, updated_at
          from unnest(${p(c.orgId, 'int')}, ${p(c.parentId, 'int')}, ${p(c.path, 'text')}, ${p(c.name, 'text')}, ${p(c.region, 'text')},
                      ${p(c.district, 'text')}, ${p(c.credit, 'text')}, ${p(c.contactName, 'text')}, ${p(c.contactPhone, 'text')},
                      ${p(c.regAddress, 'text')}, ${p(c.opAddress, 'text')}, ${p(c.orgStatus, 'text')}, ${p(c.createdAt, 'timestamptz')},
                      ${p(c.updatedAt, 'timestamptz')})
            as t(id, parent_id, path, name, region_code, district_code, credit_code, contact_name, contact_phone, reg_address, op_address,
                 status, created_at, updated_at)`;
      const insertEnterprises = sql`
        insert into enterprises (id, org_id, org_path, region_code, credit_code, name, legal_rep, reg_address, op_address, district_code,
                                 park_id, industry_code, industry_section, size, kinds, products, contact_name, contact_phone, contact_email,
                                 site_org_id, site_org_path, status, merged_into_id, source, search, created_at, updated_at)
        select id, org_id, org_path, region_code, credit_code, name, legal_rep, reg_address, op_address, district_code, park_id,
               industry_code, industry_section, size, kinds::text[], products, contact_name, contact_phone, contact_email, site_org_id,
               site_org_path, status, merged_into_id, source, setweight(to_tsvector('simple', strong), 'A') || to_tsvector('simple', weak),
               created_at, updated_at
          from unnest(${p(c.id, 'int')}, ${p(c.orgId, 'int')}, ${p(c.path, 'text')}, ${p(c.region, 'text')}, ${p(c.credit, 'text')},
                      ${p(c.name, 'text')}, ${p(c.legalRep, 'text')}, ${p(c.regAddress, 'text')}, ${p(c.opAddress, 'text')},
                      ${p(c.district, 'text')}, ${p(c.park, 'int')}, ${p(c.industry, 'text')}, ${p(c.section, 'text')}, ${p(c.size, 'text')},
                      ${p(c.kinds, 'text')}, ${p(c.products, 'text')}, ${p(c.contactName, 'text')}, ${p(c.contactPhone, 'text')},
                      ${p(c.contactEmail, 'text')}, ${p(c.siteId, 'int')}, ${p(c.sitePath, 'text')}, ${p(c.status, 'text')},
                      ${p(c.mergedInto, 'int')}, ${p(c.source, 'text')}, ${p(c.strong, 'text')}, ${p(c.weak, 'text')},
                      ${p(c.createdAt, 'timestamptz')}, ${p(c.updatedAt, 'timestamptz')})
            as t(id, org_id, org_path, region_code, credit_code, name, legal_rep, reg_address, op_address, district_code, park_id,
                 industry_code, industry_section, size, kinds, products, contact_name, contact_phone, contact_email, site_org_id,
                 site_org_path, status, merged_into_id, source, strong, weak, created_at, updated_at)`;
      genMs += performance.now() - tg;
      // the database writes this batch while the loop generates and tokenizes the next one
      if (pending) await pending;
      pending = (async () => {
        const t = performance.now();
        await tx.execute(insertOrgs);
        const t2 = performance.now();
        await tx.execute(insertEnterprises);
        dbMs.orgs += t2 - t;
        dbMs.enterprises += performance.now() - t2;
      })();
      pending.catch(() => undefined); // awaited on the next turn; this only keeps an early failure from being "unhandled"
      const done = start + m;
      if (done % 100_000 === 0 || done === n) {
        log(
          `  enterprises ${done.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} (database so far: orgs ${(dbMs.orgs / 1000).toFixed(1)} s, ` +
            `enterprises ${(dbMs.enterprises / 1000).toFixed(1)} s; generating and tokenizing ${(genMs / 1000).toFixed(1)} s)`,
        );
      }
    }
    await pending;
    phase('enterprises');
    await rebuildIndexes();
    phase('enterprise indexes');
  });
  return n;
}
