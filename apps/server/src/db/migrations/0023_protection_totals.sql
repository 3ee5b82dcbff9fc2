CREATE TABLE "protection_readiness_totals" (
	"org_id" integer PRIMARY KEY NOT NULL,
	"level_count" integer[] DEFAULT '{0,0,0}'::int[] NOT NULL,
	"level_sum" integer[] DEFAULT '{0,0,0}'::int[] NOT NULL,
	"histogram" integer[] DEFAULT '{}'::int[] NOT NULL,
	"item_expected" integer[] DEFAULT '{}'::int[] NOT NULL,
	"item_covered" integer[] DEFAULT '{}'::int[] NOT NULL,
	"item_sum" integer[] DEFAULT '{}'::int[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "protection_readiness_totals" ADD CONSTRAINT "protection_readiness_totals_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "secrets_org_level_readiness_idx" ON "secrets" USING btree ("org_id","level","readiness","id");--> statement-breakpoint
CREATE INDEX "secrets_active_readiness_idx" ON "secrets" USING btree ("org_id","readiness","id") WHERE "secrets"."status" = 'active';--> statement-breakpoint
CREATE INDEX "secrets_active_review_idx" ON "secrets" USING btree ("org_id","next_review_on") WHERE "secrets"."status" = 'active';--> statement-breakpoint
-- Hand-written (re-append after regenerating): the readiness totals of the secrets registered before this migration,
-- counted as modules/protection/totals.ts countTotals counts them (active secrets; levels core, important, general;
-- histogram[1 + score] for the scores 0–100; the items position by position of readiness_items).
INSERT INTO "protection_readiness_totals" ("org_id", "level_count", "level_sum", "histogram", "item_expected", "item_covered", "item_sum")
SELECT o.org_id,
       (SELECT array_agg((SELECT count(*)::int FROM secrets s WHERE s.org_id = o.org_id AND s.status = 'active' AND s.level = l.v) ORDER BY l.n) FROM unnest('{core,important,general}'::text[]) WITH ORDINALITY l(v, n)),
       (SELECT array_agg((SELECT coalesce(sum(s.readiness), 0)::int FROM secrets s WHERE s.org_id = o.org_id AND s.status = 'active' AND s.level = l.v) ORDER BY l.n) FROM unnest('{core,important,general}'::text[]) WITH ORDINALITY l(v, n)),
       (SELECT array_agg((SELECT count(*)::int FROM secrets s WHERE s.org_id = o.org_id AND s.status = 'active' AND s.readiness = g) ORDER BY g) FROM generate_series(0, 100) g),
       coalesce((SELECT array_agg(i.e ORDER BY i.n) FROM (SELECT x.n, count(*) FILTER (WHERE x.c >= 0)::int e FROM secrets s, unnest(s.readiness_items) WITH ORDINALITY x(c, n) WHERE s.org_id = o.org_id AND s.status = 'active' GROUP BY x.n) i), '{}'),
       coalesce((SELECT array_agg(i.v ORDER BY i.n) FROM (SELECT x.n, count(*) FILTER (WHERE x.c >= 100)::int v FROM secrets s, unnest(s.readiness_items) WITH ORDINALITY x(c, n) WHERE s.org_id = o.org_id AND s.status = 'active' GROUP BY x.n) i), '{}'),
       coalesce((SELECT array_agg(i.s ORDER BY i.n) FROM (SELECT x.n, coalesce(sum(x.c) FILTER (WHERE x.c >= 0), 0)::int s FROM secrets s, unnest(s.readiness_items) WITH ORDINALITY x(c, n) WHERE s.org_id = o.org_id AND s.status = 'active' GROUP BY x.n) i), '{}')
  FROM (SELECT DISTINCT org_id FROM secrets) o;
