import { Card, Table, type TableProps } from 'antd';
import { QueryError } from './QueryError';
import type { ServerTable } from './useServerTable';

/** A list's table on its card: the server's page, its error with a retry, paging and sorting wired to useServerTable. */
export function ListCard<T extends object>({ table, ...props }: { table: ServerTable<T> } & Omit<TableProps<T>, keyof ServerTable<T>['tableProps']>) {
  return (
    <Card>
      {table.error ? <QueryError error={table.error} onRetry={() => void table.refetch()} /> : null}
      <Table<T> {...table.tableProps} size="middle" {...props} />
    </Card>
  );
}
