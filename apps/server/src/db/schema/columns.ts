import { timestamp } from 'drizzle-orm/pg-core';

/** Millisecond precision so a value read back equals the value written (the audit chain hashes it). */
export const tstz = () => timestamp({ withTimezone: true, precision: 3 });
export const createdAt = () => tstz().notNull().defaultNow();
export const updatedAt = () => tstz().notNull().defaultNow();
