-- Cultivation stages and site acceptance move onto the workflow engine: each record's path becomes a workflow instance
-- (its state is the module's copy: cultivation_entries.review, sites.acceptance) and the path's events move from the
-- modules' event tables into workflow_steps, so the history reads as before (the modules show both, merged by time).
-- States the old events do not name are reconstructed: a request went to the district, or to the city when the
-- enterprise (the site) has no district.

INSERT INTO "workflow_instances" ("kind", "record_id", "region_code", "org_id", "org_path", "paths", "label", "state", "version", "round", "submitted_by", "submitted_at", "entered_at", "created_at")
SELECT 'cultivation.stage', ce."id", ce."region_code", en."org_id", en."org_path",
       array(SELECT DISTINCT p FROM unnest(array[en."org_path", ce."site_org_path", en."site_org_path"]) AS p WHERE p IS NOT NULL),
       en."name", ce."review",
       (SELECT count(*) FROM "cultivation_events" ev WHERE ev."entry_id" = ce."id" AND ev."action" IN ('requested', 'cancelled', 'district_passed', 'district_returned', 'city_passed', 'city_returned'))::int,
       jsonb_strip_nulls(jsonb_build_object('requested', ce."requested_by", 'district_passed', ce."district_reviewed_by")),
       ce."requested_by", ce."requested_at", coalesce(ce."returned_at", ce."district_reviewed_at", ce."requested_at", ce."stage_changed_at"), ce."created_at"
  FROM "cultivation_entries" ce JOIN "enterprises" en ON en."id" = ce."enterprise_id"
 WHERE ce."review" <> 'none'
    OR EXISTS (SELECT 1 FROM "cultivation_events" ev WHERE ev."entry_id" = ce."id" AND ev."action" IN ('requested', 'cancelled', 'district_passed', 'district_returned', 'city_passed', 'city_returned'));
--> statement-breakpoint
INSERT INTO "workflow_steps" ("instance_id", "kind", "record_id", "at", "user_id", "user_name", "org_id", "org_name", "transition", "from_state", "to_state", "comment", "file_ids", "data")
SELECT wi."id", 'cultivation.stage', s."entry_id", s."at", s."user_id", s."user_name", s."org_id", s."org_name", s."action",
       coalesce(lag(s.to_state) OVER (PARTITION BY s."entry_id" ORDER BY s."at", s."id"), 'none'), s.to_state, s."comment", s."file_ids",
       jsonb_build_object('fromStage', s."from_stage", 'toStage', s."to_stage")
  FROM (SELECT ev.*, CASE ev."action"
                       WHEN 'requested' THEN CASE WHEN en."district_code" IS NULL THEN 'city' ELSE 'district' END
                       WHEN 'cancelled' THEN 'none'
                       WHEN 'district_passed' THEN 'city'
                       WHEN 'city_passed' THEN 'none'
                       ELSE 'returned' END AS to_state
          FROM "cultivation_events" ev
          JOIN "cultivation_entries" ce ON ce."id" = ev."entry_id"
          JOIN "enterprises" en ON en."id" = ce."enterprise_id"
         WHERE ev."action" IN ('requested', 'cancelled', 'district_passed', 'district_returned', 'city_passed', 'city_returned')) s
  JOIN "workflow_instances" wi ON wi."kind" = 'cultivation.stage' AND wi."record_id" = s."entry_id"
 ORDER BY s."at", s."id";
--> statement-breakpoint
DELETE FROM "cultivation_events" WHERE "action" IN ('requested', 'cancelled', 'district_passed', 'district_returned', 'city_passed', 'city_returned');
--> statement-breakpoint
INSERT INTO "workflow_instances" ("kind", "record_id", "region_code", "org_id", "org_path", "paths", "label", "state", "version", "round", "submitted_by", "submitted_at", "entered_at", "created_at")
SELECT 'sites.acceptance', s."id", s."region_code", s."org_id", s."org_path", array[s."org_path"], s."name", coalesce(s."acceptance", 'none'),
       (SELECT count(*) FROM "site_events" ev WHERE ev."site_id" = s."id" AND ev."action" IN ('submitted', 'withdrawn', 'district_passed', 'district_returned', 'city_returned', 'city_approved'))::int,
       coalesce(jsonb_strip_nulls(jsonb_build_object('submitted', a."submitted_by", 'district_passed', a."district_by")), '{}'::jsonb),
       a."submitted_by", a."submitted_at", coalesce(a."returned_at", a."city_at", a."district_at", a."submitted_at", s."status_changed_at"), s."created_at"
  FROM "sites" s LEFT JOIN "site_acceptances" a ON a."id" = s."acceptance_id"
 WHERE s."acceptance" IS NOT NULL
    OR EXISTS (SELECT 1 FROM "site_events" ev WHERE ev."site_id" = s."id" AND ev."action" IN ('submitted', 'withdrawn', 'district_passed', 'district_returned', 'city_returned', 'city_approved'));
--> statement-breakpoint
INSERT INTO "workflow_steps" ("instance_id", "kind", "record_id", "at", "user_id", "user_name", "org_id", "org_name", "transition", "from_state", "to_state", "comment", "file_ids", "data")
SELECT wi."id", 'sites.acceptance', e."site_id", e."at", e."user_id", e."user_name", e."org_id", e."org_name", e."action",
       coalesce(lag(e.to_state) OVER (PARTITION BY e."site_id" ORDER BY e."at", e."id"), 'none'), e.to_state, e."comment", e."file_ids",
       jsonb_build_object('fromStatus', e."from_status", 'toStatus', e."to_status") || coalesce(e."data", '{}'::jsonb)
  FROM (SELECT ev.*, CASE ev."action"
                       WHEN 'submitted' THEN CASE WHEN st."district_code" IS NULL THEN 'city' ELSE 'district' END
                       WHEN 'withdrawn' THEN 'withdrawn'
                       WHEN 'district_passed' THEN 'city'
                       WHEN 'city_approved' THEN 'approved'
                       ELSE 'returned' END AS to_state
          FROM "site_events" ev JOIN "sites" st ON st."id" = ev."site_id"
         WHERE ev."action" IN ('submitted', 'withdrawn', 'district_passed', 'district_returned', 'city_returned', 'city_approved')) e
  JOIN "workflow_instances" wi ON wi."kind" = 'sites.acceptance' AND wi."record_id" = e."site_id"
 ORDER BY e."at", e."id";
--> statement-breakpoint
DELETE FROM "site_events" WHERE "action" IN ('submitted', 'withdrawn', 'district_passed', 'district_returned', 'city_returned', 'city_approved');
