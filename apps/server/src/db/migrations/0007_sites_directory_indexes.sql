CREATE INDEX "sites_host_trgm_idx" ON "sites" USING gin ("host_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "sites_address_trgm_idx" ON "sites" USING gin ("address" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "sites_public_order_idx" ON "sites" USING btree ("district_code" NULLS FIRST,"kind","name","id") WHERE "sites"."status" in ('accredited', 'operating');