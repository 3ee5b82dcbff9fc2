import type { ReactNode } from 'react';
import { Card, Table, type TableProps } from 'antd';
import { QueryError } from './QueryError';
import type { ServerTable } from './useServerTable';

/**
 * A list's table on its card: the server's page, its error with a retry, paging and sorting wired to useServerTable.
 * `toolbar`: what acts on the selected rows, above the table (e.g. 批量驳回).
 */
export function ListCard<T extends object>({
  table,
  toolbar,
  ...props
}: { table: ServerTable<T>; toolbar?: ReactNode } & Omit<TableProps<T>, keyof ServerTable<T>['tableProps']>) {
  return (
    <Card>
      {table.error ? <QueryError error={table.error} onRetry={() => void table.refetch()} /> : null}
      {toolbar}
      <Table<T> {...table.tableProps} size="middle" {...props} />
    </Card>
  );
}
