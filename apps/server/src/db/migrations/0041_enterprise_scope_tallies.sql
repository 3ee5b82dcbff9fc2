DROP TABLE "enterprise_tallies" CASCADE;
--> statement-breakpoint
CREATE TABLE "enterprise_tallies" (
	"scope_path" text NOT NULL,
	"district_code" text,
	"industry_section" text,
	"size" text,
	"status" text NOT NULL,
	"kind" text,
	"region_code" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "enterprise_tallies_key" UNIQUE NULLS NOT DISTINCT("scope_path","district_code","industry_section","size","status","kind","region_code")
);
--> statement-breakpoint
-- Hand-written from here to the end (issue 23): the tallies keyed by scope node. Every organisation whose data scope
-- shows an enterprise — the organisations above its own node, its serving site and the organisations above that, each
-- node once — and `/` (everything) get one row per combination of the statistics' columns, so a bureau's 企业统计 and
-- its list's total read one key. The triggers of 0021 stay (insert, update, delete, truncate); their function now
-- writes the new key. A restore (cli/restore.ts) loads the tallies as backed up and says so with shangmi.restoring.
CREATE FUNCTION shangmi_tally_scopes(org_path text, site_org_path text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT DISTINCT substr(p, 1, i)
    FROM unnest(ARRAY[regexp_replace(org_path, '[0-9]+/$', ''), site_org_path]) AS p, generate_series(1, length(p)) AS i
   WHERE substr(p, i, 1) = '/'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shangmi_enterprise_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('shangmi.restoring', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO enterprise_tallies AS t (scope_path, district_code, industry_section, size, status, kind, region_code, n)
    SELECT s.scope_path, e.district_code, e.industry_section, e.size, e.status, k.kind, e.region_code, count(*)::int
      FROM new_rows e
     CROSS JOIN LATERAL shangmi_tally_scopes(e.org_path, e.site_org_path) AS s(scope_path)
     CROSS JOIN LATERAL (SELECT NULL::text AS kind UNION ALL SELECT unnest(e.kinds)) k
     GROUP BY 1, 2, 3, 4, 5, 6, 7
     ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT enterprise_tallies_key DO UPDATE SET n = t.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO enterprise_tallies AS t (scope_path, district_code, industry_section, size, status, kind, region_code, n)
    SELECT s.scope_path, e.district_code, e.industry_section, e.size, e.status, k.kind, e.region_code, -count(*)::int
      FROM old_rows e
     CROSS JOIN LATERAL shangmi_tally_scopes(e.org_path, e.site_org_path) AS s(scope_path)
     CROSS JOIN LATERAL (SELECT NULL::text AS kind UNION ALL SELECT unnest(e.kinds)) k
     GROUP BY 1, 2, 3, 4, 5, 6, 7
     ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT enterprise_tallies_key DO UPDATE SET n = t.n + excluded.n;
  ELSE
    -- an update: the new rows counted in, the old ones out; what did not change cancels out and is not written
    INSERT INTO enterprise_tallies AS t (scope_path, district_code, industry_section, size, status, kind, region_code, n)
    SELECT s.scope_path, e.district_code, e.industry_section, e.size, e.status, k.kind, e.region_code, sum(e.d)::int
      FROM (SELECT org_path, site_org_path, district_code, industry_section, size, status, kinds, region_code, 1 AS d FROM new_rows
            UNION ALL
            SELECT org_path, site_org_path, district_code, industry_section, size, status, kinds, region_code, -1 FROM old_rows) e
     CROSS JOIN LATERAL shangmi_tally_scopes(e.org_path, e.site_org_path) AS s(scope_path)
     CROSS JOIN LATERAL (SELECT NULL::text AS kind UNION ALL SELECT unnest(e.kinds)) k
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(e.d) <> 0
     ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT enterprise_tallies_key DO UPDATE SET n = t.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- the enterprises already there (the table was created empty above)
INSERT INTO enterprise_tallies (scope_path, district_code, industry_section, size, status, kind, region_code, n)
SELECT s.scope_path, e.district_code, e.industry_section, e.size, e.status, k.kind, e.region_code, count(*)::int
  FROM enterprises e
 CROSS JOIN LATERAL shangmi_tally_scopes(e.org_path, e.site_org_path) AS s(scope_path)
 CROSS JOIN LATERAL (SELECT NULL::text AS kind UNION ALL SELECT unnest(e.kinds)) k
 GROUP BY 1, 2, 3, 4, 5, 6, 7
 ORDER BY 1, 2, 3, 4, 5, 6, 7;
