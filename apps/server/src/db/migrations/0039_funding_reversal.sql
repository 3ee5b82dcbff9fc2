ALTER TABLE "funding_spendings" ADD COLUMN "reverses_id" integer;--> statement-breakpoint
ALTER TABLE "funding_spendings" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "funding_spendings" ADD CONSTRAINT "funding_spendings_reverses_id_funding_spendings_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."funding_spendings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "funding_spendings_reverses_uq" ON "funding_spendings" USING btree ("reverses_id");