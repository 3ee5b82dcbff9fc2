import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Page } from '@shangmi/shared';
import type { PageParams } from '../api/lists';
import { I18nProvider } from '../lib/i18n';
import { useServerTable } from './useServerTable';

interface Row {
  id: number;
}
type Filters = { q?: string; status?: 'active' | 'disabled'; sort?: 'username' | 'createdAt' };

/** A list route that answers `total` rows (ten per call at most) and records every query it was asked. */
function route(total: number, capped = false) {
  const asked: (Filters & PageParams)[] = [];
  const fetch = async (query: Filters & PageParams): Promise<Page<Row>> => {
    asked.push(query);
    return { items: Array.from({ length: Math.min(10, total) }, (_, i) => ({ id: i + 1 })), total, page: query.page, pageSize: query.pageSize, capped };
  };
  return { asked, fetch, last: () => asked[asked.length - 1] };
}

function wrapper({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return (
    <QueryClientProvider client={client}>
      <I18nProvider>{children}</I18nProvider>
    </QueryClientProvider>
  );
}

const sorter = (columnKey: string, order: 'ascend' | 'descend' | undefined) => ({ columnKey, order, column: undefined, field: columnKey });

describe('useServerTable', () => {
  it('asks the first page with the initial filters, and gives the table its rows, total and words', async () => {
    const r = route(57);
    const { result } = renderHook(() => useServerTable<Row, Filters>({ key: 'users', fetch: r.fetch, initialFilters: { status: 'active' } }), { wrapper });
    await waitFor(() => expect(result.current.tableProps.dataSource).toHaveLength(10));
    expect(r.last()).toEqual({ status: 'active', page: 1, pageSize: 20 });
    const p = result.current.tableProps.pagination;
    expect(p.total).toBe(57);
    expect(p.showTotal?.(57, [1, 20])).toBe('共 57 条');
    expect(result.current.exportQuery).toEqual({ status: 'active' });
  });

  it('says "more than" when the server capped its count', async () => {
    const r = route(10_000, true);
    const { result } = renderHook(() => useServerTable<Row, Filters>({ key: 'logs', fetch: r.fetch }), { wrapper });
    await waitFor(() => expect(result.current.data).toBeDefined());
    expect(result.current.tableProps.pagination.showTotal?.(10_000, [1, 20])).toMatch(/10000/);
    expect(result.current.tableProps.pagination.showTotal?.(10_000, [1, 20])).not.toBe('共 10000 条');
  });

  it('maps a sorted column to the route’s sort and order, back to page 1; paging keeps the sort; new filters go back to page 1', async () => {
    const r = route(57);
    const { result } = renderHook(() => useServerTable<Row, Filters>({ key: 'users', fetch: r.fetch, sortable: { username: 'username' } }), { wrapper });
    await waitFor(() => expect(r.asked).toHaveLength(1));
    const change = (...args: Parameters<NonNullable<typeof result.current.tableProps.onChange>>) => act(() => result.current.tableProps.onChange?.(...args));

    change({ current: 3, pageSize: 20 }, {}, [], { action: 'paginate', currentDataSource: [] });
    await waitFor(() => expect(r.last()).toEqual({ page: 3, pageSize: 20 }));

    change({ current: 3, pageSize: 20 }, {}, sorter('username', 'descend'), { action: 'sort', currentDataSource: [] });
    await waitFor(() => expect(r.last()).toEqual({ sort: 'username', order: 'desc', page: 1, pageSize: 20 }));

    change({ current: 2, pageSize: 20 }, {}, sorter('username', 'descend'), { action: 'paginate', currentDataSource: [] });
    await waitFor(() => expect(r.last()).toEqual({ sort: 'username', order: 'desc', page: 2, pageSize: 20 }));

    // a column the server cannot sort by is not sent
    change({ current: 2, pageSize: 20 }, {}, sorter('orgName', 'ascend'), { action: 'sort', currentDataSource: [] });
    await waitFor(() => expect(r.last()).toEqual({ page: 1, pageSize: 20 }));

    change({ current: 4, pageSize: 20 }, {}, [], { action: 'paginate', currentDataSource: [] });
    await waitFor(() => expect(r.last()?.page).toBe(4));
    change({ current: 4, pageSize: 50 }, {}, [], { action: 'paginate', currentDataSource: [] });
    await waitFor(() => expect(r.last()).toEqual({ page: 1, pageSize: 50 }));

    change({ current: 2, pageSize: 50 }, {}, [], { action: 'paginate', currentDataSource: [] });
    await waitFor(() => expect(r.last()?.page).toBe(2));
    act(() => result.current.setFilters({ q: '王' }));
    await waitFor(() => expect(r.last()).toEqual({ q: '王', page: 1, pageSize: 50 }));
    expect(result.current.exportQuery).toEqual({ q: '王' });
  });
});
