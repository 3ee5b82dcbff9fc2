CREATE TABLE "enterprise_tallies" (
	"parent_path" text NOT NULL,
	"site_org_path" text,
	"region_code" text NOT NULL,
	"district_code" text,
	"industry_section" text,
	"size" text,
	"status" text NOT NULL,
	"kind" text,
	"n" integer NOT NULL,
	CONSTRAINT "enterprise_tallies_key" UNIQUE NULLS NOT DISTINCT("parent_path","site_org_path","region_code","district_code","industry_section","size","status","kind")
);
--> statement-breakpoint
CREATE INDEX "enterprise_tallies_parent_idx" ON "enterprise_tallies" USING btree ("parent_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "enterprise_tallies_site_idx" ON "enterprise_tallies" USING btree ("site_org_path" text_pattern_ops);
--> statement-breakpoint
-- Chinese search within a scope (issue 23 item 3): the search vector also holds one lexeme `@<path>` per organisation
-- above the enterprise's own node and above its serving site, so a bureau's scoped search is one text query
-- (`words && '@<bureau path>'`) answered by the text index alone — GIN intersects the word's posting list with the
-- scope's, skipping through the larger one — instead of a bitmap of the whole district beside the text hits. Words
-- are letters, digits and Han bigrams (shared/search.ts), so no word is such a lexeme, and no query word (a prefix
-- match for letters and digits) can match one. Kept by a row trigger whatever
-- writes the row (the service's new search text, an organisation moved in SQL, the scale seeder).
CREATE FUNCTION shangmi_scoped_search(search tsvector, org_path text, site_org_path text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ts_delete(search, coalesce((SELECT array_agg(lexeme) FROM unnest(search) WHERE lexeme LIKE '@%'), '{}'::text[]))
         || array_to_tsvector(coalesce((
              SELECT array_agg(DISTINCT '@' || substr(p, 1, i))
                FROM unnest(ARRAY[org_path, site_org_path]) AS p, generate_series(2, length(p)) AS i
               WHERE substr(p, i, 1) = '/'), '{}'::text[]))
$$;
--> statement-breakpoint
CREATE FUNCTION shangmi_enterprise_search_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search = OLD.search AND NEW.org_path = OLD.org_path AND NEW.site_org_path IS NOT DISTINCT FROM OLD.site_org_path THEN
    RETURN NEW;
  END IF;
  NEW.search := shangmi_scoped_search(NEW.search, NEW.org_path, NEW.site_org_path);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER enterprises_search_scope BEFORE INSERT OR UPDATE ON enterprises FOR EACH ROW EXECUTE FUNCTION shangmi_enterprise_search_scope();
--> statement-breakpoint
UPDATE enterprises SET search = shangmi_scoped_search(search, org_path, site_org_path);
--> statement-breakpoint
-- 企业统计 from maintained aggregates (issue 23 item 2): every statement that writes enterprises adds its rows' changes to
-- enterprise_tallies in the same transaction (one upsert per statement, in key order so that two writers never wait on
-- each other crosswise). A restore (cli/restore.ts) loads the tallies as they were backed up and says so with
-- shangmi.restoring: its enterprise rows must not be counted twice.
CREATE FUNCTION shangmi_enterprise_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('shangmi.restoring', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO enterprise_tallies AS t (parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind, n)
    SELECT parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind, sum(d)::int
      FROM (
      SELECT regexp_replace(e.org_path, '[0-9]+/$', '') AS parent_path, e.site_org_path, e.region_code, e.district_code,
             e.industry_section, e.size, e.status, k.kind, 1 AS d
        FROM new_rows e CROSS JOIN LATERAL (SELECT NULL::text AS kind UNION ALL SELECT unnest(e.kinds)) k) x
     GROUP BY parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind
    HAVING sum(d) <> 0
     ORDER BY parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind
    ON CONFLICT ON CONSTRAINT enterprise_tallies_key DO UPDATE SET n = t.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO enterprise_tallies AS t (parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind, n)
    SELECT parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind, sum(d)::int
      FROM (
      SELECT regexp_replace(e.org_path, '[0-9]+/$', '') AS parent_path, e.site_org_path, e.region_code, e.district_code,
             e.industry_section, e.size, e.status, k.kind, -1 AS d
        FROM old_rows e CROSS JOIN LATERAL (SELECT NULL::text AS kind UNION ALL SELECT unnest(e.kinds)) k) x
     GROUP BY parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind
    HAVING sum(d) <> 0
     ORDER BY parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind
    ON CONFLICT ON CONSTRAINT enterprise_tallies_key DO UPDATE SET n = t.n + excluded.n;
  ELSE
    INSERT INTO enterprise_tallies AS t (parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind, n)
    SELECT parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind, sum(d)::int
      FROM (
      SELECT regexp_replace(e.org_path, '[0-9]+/$', '') AS parent_path, e.site_org_path, e.region_code, e.district_code,
             e.industry_section, e.size, e.status, k.kind, 1 AS d
        FROM new_rows e CROSS JOIN LATERAL (SELECT NULL::text AS kind UNION ALL SELECT unnest(e.kinds)) k
      UNION ALL
      SELECT regexp_replace(e.org_path, '[0-9]+/$', '') AS parent_path, e.site_org_path, e.region_code, e.district_code,
             e.industry_section, e.size, e.status, k.kind, -1 AS d
        FROM old_rows e CROSS JOIN LATERAL (SELECT NULL::text AS kind UNION ALL SELECT unnest(e.kinds)) k) x
     GROUP BY parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind
    HAVING sum(d) <> 0
     ORDER BY parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind
    ON CONFLICT ON CONSTRAINT enterprise_tallies_key DO UPDATE SET n = t.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER enterprises_tally_inserted AFTER INSERT ON enterprises REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shangmi_enterprise_tally();
--> statement-breakpoint
CREATE TRIGGER enterprises_tally_updated AFTER UPDATE ON enterprises REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shangmi_enterprise_tally();
--> statement-breakpoint
CREATE TRIGGER enterprises_tally_deleted AFTER DELETE ON enterprises REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shangmi_enterprise_tally();
--> statement-breakpoint
CREATE FUNCTION shangmi_enterprise_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM enterprise_tallies;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER enterprises_tally_truncated AFTER TRUNCATE ON enterprises FOR EACH STATEMENT EXECUTE FUNCTION shangmi_enterprise_tally_truncated();
--> statement-breakpoint
-- the enterprises already there
INSERT INTO enterprise_tallies AS t (parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind, n)
SELECT parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind, sum(d)::int
  FROM (
      SELECT regexp_replace(e.org_path, '[0-9]+/$', '') AS parent_path, e.site_org_path, e.region_code, e.district_code,
             e.industry_section, e.size, e.status, k.kind, 1 AS d
        FROM enterprises e CROSS JOIN LATERAL (SELECT NULL::text AS kind UNION ALL SELECT unnest(e.kinds)) k) x
 GROUP BY parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind
HAVING sum(d) <> 0
 ORDER BY parent_path, site_org_path, region_code, district_code, industry_section, size, status, kind
ON CONFLICT ON CONSTRAINT enterprise_tallies_key DO UPDATE SET n = t.n + excluded.n;
