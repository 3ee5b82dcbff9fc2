CREATE TABLE "service_assignee_tallies" (
	"org_id" integer PRIMARY KEY NOT NULL,
	"open_requests" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_n" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_ledger_rollup" (
	"parent_path" text NOT NULL,
	"region_code" text NOT NULL,
	"district_code" text,
	"service_kind" text NOT NULL,
	"month" date NOT NULL,
	"n" integer NOT NULL,
	"hours" double precision NOT NULL,
	"people" bigint NOT NULL,
	"enterprise_services" integer NOT NULL,
	CONSTRAINT "service_ledger_rollup_key" UNIQUE NULLS NOT DISTINCT("parent_path","region_code","district_code","service_kind","month")
);
--> statement-breakpoint
CREATE TABLE "service_ledger_tallies" (
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"org_kind" text NOT NULL,
	"region_code" text NOT NULL,
	"district_code" text,
	"service_kind" text NOT NULL,
	"month" date NOT NULL,
	"n" integer NOT NULL,
	"hours" double precision NOT NULL,
	"people" bigint NOT NULL,
	"enterprise_services" integer NOT NULL,
	CONSTRAINT "service_ledger_tallies_key" UNIQUE NULLS NOT DISTINCT("org_id","org_path","org_kind","region_code","district_code","service_kind","month")
);
--> statement-breakpoint
CREATE INDEX "service_ledger_rollup_parent_idx" ON "service_ledger_rollup" USING btree ("parent_path" text_pattern_ops);--> statement-breakpoint
-- ==== hand-written (services, issue 15's benchmark): keep after the generated statements when renumbering ====
-- The ledger's aggregates (service_ledger_tallies per organisation, service_ledger_rollup per parent node) and the
-- assignees' load and rating (service_assignee_tallies) are kept by statement triggers in the writing transaction: one
-- upsert per statement adding the statement's change (`n = t.n + excluded.n`, in key order so that two writers never
-- wait on each other crosswise), never a read-merge-write. Rows reaching 0 stay (harmless). A restore (cli/restore.ts
-- sets shangmi.restoring) loads the aggregates as they were backed up: its rows must not be counted twice.
CREATE FUNCTION shangmi_service_ledger_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('shangmi.restoring', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    WITH d AS (SELECT l.org_id, l.org_path, l.org_kind, l.region_code, l.district_code, l.service_kind, date_trunc('month', l.occurred_on)::date AS month, 1 AS n, l.hours::float8 AS hours, l.people::bigint AS people, (l.enterprise_id IS NOT NULL)::int AS es FROM new_rows l),
      a AS (INSERT INTO service_ledger_tallies AS t (org_id, org_path, org_kind, region_code, district_code, service_kind, month, n, hours, people, enterprise_services)
            SELECT org_id, org_path, org_kind, region_code, district_code, service_kind, month, sum(n), sum(hours), sum(people), sum(es) FROM d GROUP BY org_id, org_path, org_kind, region_code, district_code, service_kind, month HAVING sum(n) <> 0 OR sum(hours) <> 0 OR sum(people) <> 0 OR sum(es) <> 0 ORDER BY org_id, org_path, org_kind, region_code, district_code, service_kind, month
            ON CONFLICT ON CONSTRAINT service_ledger_tallies_key DO UPDATE
            SET n = t.n + excluded.n, hours = t.hours + excluded.hours, people = t.people + excluded.people, enterprise_services = t.enterprise_services + excluded.enterprise_services)
    INSERT INTO service_ledger_rollup AS t (parent_path, region_code, district_code, service_kind, month, n, hours, people, enterprise_services)
    SELECT regexp_replace(org_path, '[0-9]+/$', ''), region_code, district_code, service_kind, month, sum(n), sum(hours), sum(people), sum(es)
      FROM d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 OR sum(hours) <> 0 OR sum(people) <> 0 OR sum(es) <> 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT service_ledger_rollup_key DO UPDATE
    SET n = t.n + excluded.n, hours = t.hours + excluded.hours, people = t.people + excluded.people, enterprise_services = t.enterprise_services + excluded.enterprise_services;
  ELSIF TG_OP = 'DELETE' THEN
    WITH d AS (SELECT l.org_id, l.org_path, l.org_kind, l.region_code, l.district_code, l.service_kind, date_trunc('month', l.occurred_on)::date AS month, -1 AS n, -l.hours::float8 AS hours, -l.people::bigint AS people, -(l.enterprise_id IS NOT NULL)::int AS es FROM old_rows l),
      a AS (INSERT INTO service_ledger_tallies AS t (org_id, org_path, org_kind, region_code, district_code, service_kind, month, n, hours, people, enterprise_services)
            SELECT org_id, org_path, org_kind, region_code, district_code, service_kind, month, sum(n), sum(hours), sum(people), sum(es) FROM d GROUP BY org_id, org_path, org_kind, region_code, district_code, service_kind, month HAVING sum(n) <> 0 OR sum(hours) <> 0 OR sum(people) <> 0 OR sum(es) <> 0 ORDER BY org_id, org_path, org_kind, region_code, district_code, service_kind, month
            ON CONFLICT ON CONSTRAINT service_ledger_tallies_key DO UPDATE
            SET n = t.n + excluded.n, hours = t.hours + excluded.hours, people = t.people + excluded.people, enterprise_services = t.enterprise_services + excluded.enterprise_services)
    INSERT INTO service_ledger_rollup AS t (parent_path, region_code, district_code, service_kind, month, n, hours, people, enterprise_services)
    SELECT regexp_replace(org_path, '[0-9]+/$', ''), region_code, district_code, service_kind, month, sum(n), sum(hours), sum(people), sum(es)
      FROM d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 OR sum(hours) <> 0 OR sum(people) <> 0 OR sum(es) <> 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT service_ledger_rollup_key DO UPDATE
    SET n = t.n + excluded.n, hours = t.hours + excluded.hours, people = t.people + excluded.people, enterprise_services = t.enterprise_services + excluded.enterprise_services;
  ELSE
    WITH d AS (SELECT l.org_id, l.org_path, l.org_kind, l.region_code, l.district_code, l.service_kind, date_trunc('month', l.occurred_on)::date AS month, 1 AS n, l.hours::float8 AS hours, l.people::bigint AS people, (l.enterprise_id IS NOT NULL)::int AS es FROM new_rows l UNION ALL SELECT l.org_id, l.org_path, l.org_kind, l.region_code, l.district_code, l.service_kind, date_trunc('month', l.occurred_on)::date AS month, -1 AS n, -l.hours::float8 AS hours, -l.people::bigint AS people, -(l.enterprise_id IS NOT NULL)::int AS es FROM old_rows l),
      a AS (INSERT INTO service_ledger_tallies AS t (org_id, org_path, org_kind, region_code, district_code, service_kind, month, n, hours, people, enterprise_services)
            SELECT org_id, org_path, org_kind, region_code, district_code, service_kind, month, sum(n), sum(hours), sum(people), sum(es) FROM d GROUP BY org_id, org_path, org_kind, region_code, district_code, service_kind, month HAVING sum(n) <> 0 OR sum(hours) <> 0 OR sum(people) <> 0 OR sum(es) <> 0 ORDER BY org_id, org_path, org_kind, region_code, district_code, service_kind, month
            ON CONFLICT ON CONSTRAINT service_ledger_tallies_key DO UPDATE
            SET n = t.n + excluded.n, hours = t.hours + excluded.hours, people = t.people + excluded.people, enterprise_services = t.enterprise_services + excluded.enterprise_services)
    INSERT INTO service_ledger_rollup AS t (parent_path, region_code, district_code, service_kind, month, n, hours, people, enterprise_services)
    SELECT regexp_replace(org_path, '[0-9]+/$', ''), region_code, district_code, service_kind, month, sum(n), sum(hours), sum(people), sum(es)
      FROM d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 OR sum(hours) <> 0 OR sum(people) <> 0 OR sum(es) <> 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT service_ledger_rollup_key DO UPDATE
    SET n = t.n + excluded.n, hours = t.hours + excluded.hours, people = t.people + excluded.people, enterprise_services = t.enterprise_services + excluded.enterprise_services;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER service_ledger_tally_inserted AFTER INSERT ON service_ledger REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shangmi_service_ledger_tally();
--> statement-breakpoint
CREATE TRIGGER service_ledger_tally_updated AFTER UPDATE ON service_ledger REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shangmi_service_ledger_tally();
--> statement-breakpoint
CREATE TRIGGER service_ledger_tally_deleted AFTER DELETE ON service_ledger REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shangmi_service_ledger_tally();
--> statement-breakpoint
CREATE FUNCTION shangmi_service_ledger_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM service_ledger_tallies;
  DELETE FROM service_ledger_rollup;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER service_ledger_tally_truncated AFTER TRUNCATE ON service_ledger FOR EACH STATEMENT EXECUTE FUNCTION shangmi_service_ledger_tally_truncated();
--> statement-breakpoint
CREATE FUNCTION shangmi_service_assignee_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('shangmi.restoring', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO service_assignee_tallies AS t (org_id, open_requests, rating_sum, rating_n)
    SELECT org_id, sum(open), sum(rsum), sum(rn) FROM (SELECT h.assignee_org_id AS org_id, (h.state IN ('assigned', 'accepted'))::int AS open, coalesce(h.rating, 0)::int AS rsum, (h.rating IS NOT NULL)::int AS rn FROM new_rows h WHERE h.assignee_org_id IS NOT NULL) x
     GROUP BY org_id HAVING sum(open) <> 0 OR sum(rsum) <> 0 OR sum(rn) <> 0 ORDER BY org_id
    ON CONFLICT (org_id) DO UPDATE SET open_requests = t.open_requests + excluded.open_requests, rating_sum = t.rating_sum + excluded.rating_sum, rating_n = t.rating_n + excluded.rating_n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO service_assignee_tallies AS t (org_id, open_requests, rating_sum, rating_n)
    SELECT org_id, sum(open), sum(rsum), sum(rn) FROM (SELECT h.assignee_org_id AS org_id, -(h.state IN ('assigned', 'accepted'))::int AS open, -coalesce(h.rating, 0)::int AS rsum, -(h.rating IS NOT NULL)::int AS rn FROM old_rows h WHERE h.assignee_org_id IS NOT NULL) x
     GROUP BY org_id HAVING sum(open) <> 0 OR sum(rsum) <> 0 OR sum(rn) <> 0 ORDER BY org_id
    ON CONFLICT (org_id) DO UPDATE SET open_requests = t.open_requests + excluded.open_requests, rating_sum = t.rating_sum + excluded.rating_sum, rating_n = t.rating_n + excluded.rating_n;
  ELSE
    INSERT INTO service_assignee_tallies AS t (org_id, open_requests, rating_sum, rating_n)
    SELECT org_id, sum(open), sum(rsum), sum(rn) FROM (SELECT h.assignee_org_id AS org_id, (h.state IN ('assigned', 'accepted'))::int AS open, coalesce(h.rating, 0)::int AS rsum, (h.rating IS NOT NULL)::int AS rn FROM new_rows h WHERE h.assignee_org_id IS NOT NULL UNION ALL SELECT h.assignee_org_id AS org_id, -(h.state IN ('assigned', 'accepted'))::int AS open, -coalesce(h.rating, 0)::int AS rsum, -(h.rating IS NOT NULL)::int AS rn FROM old_rows h WHERE h.assignee_org_id IS NOT NULL) x
     GROUP BY org_id HAVING sum(open) <> 0 OR sum(rsum) <> 0 OR sum(rn) <> 0 ORDER BY org_id
    ON CONFLICT (org_id) DO UPDATE SET open_requests = t.open_requests + excluded.open_requests, rating_sum = t.rating_sum + excluded.rating_sum, rating_n = t.rating_n + excluded.rating_n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER help_requests_tally_inserted AFTER INSERT ON help_requests REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shangmi_service_assignee_tally();
--> statement-breakpoint
CREATE TRIGGER help_requests_tally_updated AFTER UPDATE ON help_requests REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shangmi_service_assignee_tally();
--> statement-breakpoint
CREATE TRIGGER help_requests_tally_deleted AFTER DELETE ON help_requests REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shangmi_service_assignee_tally();
--> statement-breakpoint
CREATE FUNCTION shangmi_service_assignee_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM service_assignee_tallies;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER help_requests_tally_truncated AFTER TRUNCATE ON help_requests FOR EACH STATEMENT EXECUTE FUNCTION shangmi_service_assignee_tally_truncated();
--> statement-breakpoint
-- the rows already there
WITH d AS (SELECT l.org_id, l.org_path, l.org_kind, l.region_code, l.district_code, l.service_kind, date_trunc('month', l.occurred_on)::date AS month, 1 AS n, l.hours::float8 AS hours, l.people::bigint AS people, (l.enterprise_id IS NOT NULL)::int AS es FROM service_ledger l),
  a AS (INSERT INTO service_ledger_tallies AS t (org_id, org_path, org_kind, region_code, district_code, service_kind, month, n, hours, people, enterprise_services)
        SELECT org_id, org_path, org_kind, region_code, district_code, service_kind, month, sum(n), sum(hours), sum(people), sum(es) FROM d GROUP BY org_id, org_path, org_kind, region_code, district_code, service_kind, month HAVING sum(n) <> 0 OR sum(hours) <> 0 OR sum(people) <> 0 OR sum(es) <> 0 ORDER BY org_id, org_path, org_kind, region_code, district_code, service_kind, month
        ON CONFLICT ON CONSTRAINT service_ledger_tallies_key DO UPDATE
        SET n = t.n + excluded.n, hours = t.hours + excluded.hours, people = t.people + excluded.people, enterprise_services = t.enterprise_services + excluded.enterprise_services)
INSERT INTO service_ledger_rollup AS t (parent_path, region_code, district_code, service_kind, month, n, hours, people, enterprise_services)
SELECT regexp_replace(org_path, '[0-9]+/$', ''), region_code, district_code, service_kind, month, sum(n), sum(hours), sum(people), sum(es)
  FROM d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 OR sum(hours) <> 0 OR sum(people) <> 0 OR sum(es) <> 0 ORDER BY 1, 2, 3, 4, 5
ON CONFLICT ON CONSTRAINT service_ledger_rollup_key DO UPDATE
SET n = t.n + excluded.n, hours = t.hours + excluded.hours, people = t.people + excluded.people, enterprise_services = t.enterprise_services + excluded.enterprise_services;
--> statement-breakpoint
INSERT INTO service_assignee_tallies AS t (org_id, open_requests, rating_sum, rating_n)
SELECT org_id, sum(open), sum(rsum), sum(rn) FROM (SELECT h.assignee_org_id AS org_id, (h.state IN ('assigned', 'accepted'))::int AS open, coalesce(h.rating, 0)::int AS rsum, (h.rating IS NOT NULL)::int AS rn FROM help_requests h WHERE h.assignee_org_id IS NOT NULL) x
 GROUP BY org_id HAVING sum(open) <> 0 OR sum(rsum) <> 0 OR sum(rn) <> 0 ORDER BY org_id
ON CONFLICT (org_id) DO UPDATE SET open_requests = t.open_requests + excluded.open_requests, rating_sum = t.rating_sum + excluded.rating_sum, rating_n = t.rating_n + excluded.rating_n;
