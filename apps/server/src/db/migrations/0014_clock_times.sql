ALTER TABLE "case_clocks" ADD COLUMN "started_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "case_clocks" ADD COLUMN "due_latest" date;--> statement-breakpoint
ALTER TABLE "case_clocks" ADD COLUMN "due_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "case_clocks" ADD COLUMN "closed_at" timestamp (3) with time zone;--> statement-breakpoint
-- the 24-hour hand-over becomes a limit in hours: open and closed ones count from their approval
UPDATE "case_clocks" SET "started_at" = s."approved_at", "due_at" = s."approved_at" + interval '24 hours',
  "due_on" = ((s."approved_at" + interval '24 hours') AT TIME ZONE 'Asia/Shanghai')::date, "provisional" = false
  FROM "case_shares" s WHERE "case_clocks"."share_id" = s."id" AND "case_clocks"."rule_key" = 'transfer.handover' AND s."approved_at" IS NOT NULL;
