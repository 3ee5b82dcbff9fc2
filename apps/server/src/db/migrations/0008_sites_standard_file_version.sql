ALTER TABLE "site_imports" ADD COLUMN "region_code" text;--> statement-breakpoint
ALTER TABLE "site_standards" ADD COLUMN "file_version" integer;--> statement-breakpoint
UPDATE "site_standards" SET "file_version" = "version" WHERE "source" = 'file';
