ALTER TABLE "cultivation_entries" ADD COLUMN "intention_signed_on" date;--> statement-breakpoint
ALTER TABLE "cultivation_entries" ADD COLUMN "intention_note" text;