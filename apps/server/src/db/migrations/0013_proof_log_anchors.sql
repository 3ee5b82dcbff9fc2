ALTER TABLE "proof_log_head" ADD COLUMN "halted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "proof_log_head" ADD COLUMN "anchored_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "proof_log_head" ADD COLUMN "anchored_at" timestamp (3) with time zone;