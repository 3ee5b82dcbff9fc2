CREATE TABLE "service_candidates" (
	"org_id" integer NOT NULL,
	"service_kind" text NOT NULL,
	"district_code" text NOT NULL,
	"region_code" text NOT NULL,
	"org_kind" text NOT NULL,
	"offering_id" integer NOT NULL,
	"same_district" boolean NOT NULL,
	"open_requests" integer DEFAULT 0 NOT NULL,
	"rating" double precision,
	"score" double precision NOT NULL,
	"qualified_until" date,
	CONSTRAINT "service_candidates_org_id_service_kind_district_code_pk" PRIMARY KEY("org_id","service_kind","district_code")
);
--> statement-breakpoint
ALTER TABLE "contract_payments" ADD COLUMN "reverses_id" integer;--> statement-breakpoint
ALTER TABLE "contract_payments" ADD COLUMN "reason" text;--> statement-breakpoint
CREATE INDEX "service_candidates_walk_idx" ON "service_candidates" USING btree ("region_code","service_kind","district_code","score" DESC NULLS LAST,"open_requests","org_id");--> statement-breakpoint
ALTER TABLE "contract_payments" ADD CONSTRAINT "contract_payments_reverses_id_contract_payments_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."contract_payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contract_payments_reverses_uq" ON "contract_payments" USING btree ("reverses_id");--> statement-breakpoint
-- ==== hand-written (services, issue 15: the suggestion's candidates): keep after the generated statements when renumbering ====
-- The fill from the existing catalogue, registry and tallies: the statement of catalogue `refreshCandidates(ctx, 'all')`
-- (apps/server/src/modules/services/candidates.ts) with the weights of config/services/rules.json at the time of writing
-- (sameDistrict 2, defaultRating 3.5, openRequestPenalty 0.5); the module's timed job rescores if the rules differ.
INSERT INTO service_candidates (org_id, service_kind, district_code, region_code, org_kind, offering_id, same_district, open_requests, rating, score, qualified_until)
SELECT f.org_id, f.service_kind, d.district, f.region_code, f.org_kind, f.id, d.same, coalesce(t.open_requests, 0),
       (t.rating_sum::float8 / nullif(t.rating_n, 0)),
       round((((CASE WHEN d.same THEN 2::float8 ELSE 0 END) + coalesce((t.rating_sum::float8 / nullif(t.rating_n, 0)), 3.5::float8) - 0.5::float8 * coalesce(t.open_requests, 0))::float8)::numeric, 2)::float8,
       q.until
  FROM (SELECT DISTINCT ON (o.org_id, o.service_kind) o.id, o.org_id, o.service_kind, o.region_code, o.org_kind, o.district_code
          FROM service_offerings o WHERE o.active ORDER BY o.org_id, o.service_kind, o.id) f
  LEFT JOIN service_providers p ON p.org_id = f.org_id
  LEFT JOIN service_assignee_tallies t ON t.org_id = f.org_id
  LEFT JOIN LATERAL (SELECT min(q.valid_until) AS until FROM provider_qualifications q WHERE q.provider_id = p.id) q ON true
  CROSS JOIN LATERAL (
    SELECT coalesce(f.district_code, '*') AS district, f.district_code IS NOT NULL AS same WHERE f.org_kind = 'site'
    UNION ALL
    SELECT x, f.district_code IS NOT NULL AND x = f.district_code FROM unnest(p.districts) AS x WHERE f.org_kind = 'provider' AND cardinality(p.districts) > 0
    UNION ALL
    SELECT '*', false WHERE f.org_kind = 'provider' AND cardinality(p.districts) = 0
  ) d
 WHERE f.org_kind = 'site' OR coalesce(p.active, false)
ON CONFLICT DO NOTHING;
