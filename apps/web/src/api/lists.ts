import type { Page } from '@shangmi/shared';

/** Paging state every list page keeps; sent as `page`, `pageSize`, `sort`, `order`. */
export interface PageParams {
  page: number;
  pageSize: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

export const DEFAULT_PAGE_SIZE = 20;
/** The API caps pageSize at 200; pickers that want "everything" ask for this much. */
export const MAX_PAGE_SIZE = 200;

/**
 * Lists answer `{ items, total, page, pageSize }`; a few catalogue routes (regions, possibly roles) may answer a bare
 * array. Accept both so the screen does not depend on that detail.
 */
export function asPage<T>(res: Page<T> | T[]): Page<T> {
  if (Array.isArray(res)) return { items: res, total: res.length, page: 1, pageSize: res.length };
  return res;
}
