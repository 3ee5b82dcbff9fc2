ALTER TABLE "help_requests" ALTER COLUMN "enterprise_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "help_requests" ALTER COLUMN "requested_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "help_requests" ADD COLUMN "public_name" text;--> statement-breakpoint
ALTER TABLE "help_requests" ADD COLUMN "need_id" integer;--> statement-breakpoint
ALTER TABLE "help_requests" ADD COLUMN "follow_ups" jsonb DEFAULT '[]'::jsonb NOT NULL;