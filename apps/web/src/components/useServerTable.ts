import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TablePaginationConfig, TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import type { Page } from '@shangmi/shared';
import type { Query } from '../api/client';
import { DEFAULT_PAGE_SIZE } from '../api/lists';
import { useT } from '../lib/i18n';

interface Options<T> {
  /** first element of the query key; mutations invalidate by it */
  key: string;
  fetch: (query: Query, signal?: AbortSignal) => Promise<Page<T>>;
  initialFilters?: Query;
  /** columns the server can sort by (antd column key → API `sort` value) */
  sortable?: Record<string, string>;
}

/**
 * State of a server-paginated, filterable, sortable antd Table. `query` is what goes to the list route; `exportQuery`
 * is the same without paging, for the `/export` twin.
 */
export function useServerTable<T>({ key, fetch, initialFilters = {}, sortable = {} }: Options<T>) {
  const t = useT();
  const [filters, setFiltersState] = useState<Query>(initialFilters);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const [sort, setSort] = useState<{ sort?: string; order?: 'asc' | 'desc' }>({});

  const exportQuery: Query = { ...filters, ...sort };
  const query: Query = { ...exportQuery, page, pageSize };

  const result = useQuery({
    queryKey: [key, 'list', query],
    queryFn: ({ signal }) => fetch(query, signal),
    placeholderData: keepPreviousData,
  });

  const setFilters = (next: Query) => {
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
    } satisfies Partial<TableProps<T>>,
  };
}
