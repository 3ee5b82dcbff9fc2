import type { z } from 'zod';
import type { PageQuery } from '@shangmi/shared';

/** Paging state every list page keeps; sent as `page`, `pageSize`, `sort`, `order`. */
export interface PageParams {
  page: number;
  pageSize: number;
  sort?: string;
  order?: PageQuery['order'];
}

/**
 * A list route's filters as the client writes them: the fields of the shared query schema (its parsed types, so ids are
 * numbers and enums their values), every one optional. Type-only: nothing of zod reaches the browser bundle from here.
 */
export type Filters<S extends z.ZodType> = Partial<z.output<S>>;

/** A list route's whole query: its filters, the page and the order. */
export type ListQuery<S extends z.ZodType> = Filters<S> & Partial<PageQuery>;

export const DEFAULT_PAGE_SIZE = 20;
/** The API caps pageSize at 200; pickers that want "everything" ask for this much. */
export const MAX_PAGE_SIZE = 200;
