CREATE TABLE "upload_budget" (
	"day" date NOT NULL,
	"key" text NOT NULL,
	"files" integer NOT NULL,
	"bytes" bigint NOT NULL,
	CONSTRAINT "upload_budget_day_key_pk" PRIMARY KEY("day","key")
);
