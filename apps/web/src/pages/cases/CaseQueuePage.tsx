import { Link, useSearchParams } from 'react-router';
import { Card, Table, Tag } from 'antd';
import { queueQuery, type QueueItem } from '@shangmi/shared';
import { casesApi } from '../../api/cases';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { QueryError } from '../../components/QueryError';
import { useServerTable } from '../../components/useServerTable';
import { filtersFromParams } from '../../lib/filters';
import { ClockStateTag, DueDate, useCaseLabels } from './labels';

/** 我的待办: every open statutory clock in the user's scope, soonest due first. */
export default function CaseQueuePage() {
  const l = useCaseLabels();
  const { t } = l;
  useDocumentTitle(t('cases.menuQueue'));
  const [params, setParams] = useSearchParams();
  // ?overdue=true (the home page's 已逾期 tile): only the clocks past their due date
  const filters = filtersFromParams(queueQuery, params, ['overdue'] as const);
  const table = useServerTable<QueueItem, typeof filters>({ key: 'cases-queue', fetch: casesApi.queue, initialFilters: filters });
  return (
    <>
      <PageHeader title={t('cases.menuQueue')}>
        {table.filters.overdue ? (
          <Tag
            color="red"
            closable
            data-testid="queue-overdue"
            onClose={() => {
              setParams({});
              table.setFilters({});
            }}
          >
            {t('cases.onlyOverdue')}
          </Tag>
        ) : null}
      </PageHeader>
      <Card>
        {table.error ? <QueryError error={table.error} /> : null}
        <Table<QueueItem>
          {...table.tableProps}
          size="middle"
          locale={{ emptyText: t('cases.queueEmpty') }}
          columns={[
            { title: t('cases.dueOn'), dataIndex: 'dueOn', width: 230, render: (_: unknown, c) => <DueDate clock={c} /> },
            { title: t('cases.state'), dataIndex: 'state', width: 110, render: (_: unknown, c) => <ClockStateTag state={c.state} /> },
            { title: t('cases.clock'), dataIndex: 'ruleKey', render: (_: unknown, c) => l.msg(c.label) },
            { title: t('cases.caseTitle'), dataIndex: 'caseTitle', render: (v: string, c) => <Link to={`/cases/${c.caseId}`}>{v}</Link> },
            { title: t('cases.caseStatus'), dataIndex: 'caseStatus', width: 120, render: (v: string) => l.status(v) },
            { title: t('cases.org'), dataIndex: 'orgName' },
          ]}
        />
      </Card>
    </>
  );
}
