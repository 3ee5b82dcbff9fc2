import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TablePaginationConfig, TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import type { Page } from '@shangmi/shared';
import type { Query } from '../api/client';
import { DEFAULT_PAGE_SIZE, type PageParams } from '../api/lists';
import { useT } from '../lib/i18n';

/** The `sort` values a list's filters allow (any text where the route declares none). */
type SortOf<F> = F extends { sort?: infer S } ? Extract<NonNullable<S>, string> : string;

interface Options<T, F extends Query> {
  /** first element of the query key; mutations invalidate by it */
  key: string;
  fetch: (query: F & PageParams, signal?: AbortSignal) => Promise<Page<T>>;
  initialFilters?: F;
  /** columns the server can sort by (antd column key → API `sort` value) */
  sortable?: Record<string, SortOf<F>>;
}

/** What a list page holds of its server-paginated list (ListCard and FilterBar take it whole). */
export interface ServerTable<T, F extends Query = Query> {
  filters: F;
  /** new filters start again at page 1 */
  setFilters: (next: F) => void;
  /** what goes to the list route: filters, sort and page */
  query: F & PageParams;
  /** the same without paging, for the `/export` twin */
  exportQuery: F & Partial<PageParams>;
  data: Page<T> | undefined;
  error: Error | null;
  refetch: () => Promise<unknown>;
  tableProps: {
    dataSource: T[];
    loading: boolean;
    pagination: TablePaginationConfig;
    onChange: TableProps<T>['onChange'];
    rowKey: 'id';
  };
}

/**
 * State of a server-paginated, filterable, sortable antd Table. `F` is the list route's filters (api/<domain>.ts derives
 * them from the shared query schema); `query` is what goes to the list route, `exportQuery` the same without paging.
 */
export function useServerTable<T, F extends Query = Query>({ key, fetch, initialFilters, sortable = {} }: Options<T, F>): ServerTable<T, F> {
  const t = useT();
  const [filters, setFiltersState] = useState<F>(initialFilters ?? ({} as F));
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const [sort, setSort] = useState<{ sort?: SortOf<F>; order?: 'asc' | 'desc' }>({});

  const exportQuery: F & Partial<PageParams> = { ...filters, ...sort };
  const query: F & PageParams = { ...exportQuery, page, pageSize };

  const result = useQuery({
    queryKey: [key, 'list', query],
    queryFn: ({ signal }) => fetch(query, signal),
    placeholderData: keepPreviousData,
  });

  const setFilters = (next: F) => {
    setFiltersState(next);
    setPage(1);
  };

  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total: result.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (total) => (result.data?.capped ? t('common.totalCapped', { total }) : t('common.total', { total })),
  };

  const onChange: TableProps<T>['onChange'] = (p, _filters, sorter) => {
    const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<T> | undefined;
    const column = s?.columnKey !== undefined ? sortable[String(s.columnKey)] : undefined;
    const nextSort = column && s?.order ? { sort: column, order: s.order === 'ascend' ? ('asc' as const) : ('desc' as const) } : {};
    const sortChanged = nextSort.sort !== sort.sort || nextSort.order !== sort.order;
    setSort(nextSort);
    if (p.pageSize && p.pageSize !== pageSize) {
      setPageSize(p.pageSize);
      setPage(1);
    } else {
      setPage(sortChanged ? 1 : (p.current ?? 1));
    }
  };

  return {
    filters,
    setFilters,
    query,
    exportQuery,
    data: result.data,
    error: result.error,
    refetch: result.refetch,
    tableProps: {
      dataSource: result.data?.items ?? [],
      loading: result.isFetching,
      pagination,
      onChange,
      rowKey: 'id',
    },
  };
}
