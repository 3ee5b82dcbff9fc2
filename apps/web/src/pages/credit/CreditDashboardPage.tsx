import { useState } from 'react';
import { Card, InputNumber, Space, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { CreditDashboard } from '@shangmi/shared';
import { creditApi } from '../../api/credit';
import { useI18n } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';

type Row = CreditDashboard['rows'][number];
const COUNT_LABELS = {
  decided: 'credit.decided',
  onTime: 'credit.dOnTime',
  late: 'credit.dLate',
  overdue: 'credit.dOverdue',
  pending: 'credit.dPending',
  public: 'credit.dPublic',
  withdrawn: 'credit.dWithdrawn',
  repaired: 'credit.dRepaired',
  serious: 'credit.dSerious',
} as const;
type Count = keyof typeof COUNT_LABELS;

/** 信用看板: per district, decisions and their publication — on time, late, overdue, withdrawn, repaired, listed. */
export default function CreditDashboardPage() {
  const { t } = useI18n();
  useDocumentTitle(t('credit.menuDashboard'));
  const [year, setYear] = useState<number | null>(new Date().getFullYear());
  const q = useQuery({ queryKey: ['credit', 'dashboard', year], queryFn: ({ signal }) => creditApi.dashboard(year ?? undefined, signal) });
  const regions = useRegionOptions();
  const districtName = (code: string | null) => (code ? regions.districtLabel(code) : t('credit.cityLevel'));
  const n = (k: Count) => ({ title: t(COUNT_LABELS[k]), dataIndex: k, width: 100, align: 'right' as const });
  return (
    <>
      <PageHeader title={t('credit.menuDashboard')}>
        <Space>
          {t('credit.dashboardYear')}
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => setYear(v)} />
        </Space>
      </PageHeader>
      {q.error ? <QueryError error={q.error} /> : null}
      <Card size="small">
        <Table<Row>
          size="small"
          rowKey={(r) => r.districtCode ?? 'city'}
          loading={q.isFetching}
          pagination={false}
          dataSource={q.data?.rows ?? []}
          scroll={{ x: 1000 }}
          columns={[{ title: t('credit.district'), dataIndex: 'districtCode', render: districtName }, n('decided'), n('onTime'), n('late'), n('overdue'), n('pending'), n('public'), n('withdrawn'), n('repaired'), n('serious')]}
          summary={() =>
            q.data ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('credit.total')}</Table.Summary.Cell>
                {(Object.keys(COUNT_LABELS) as Count[]).map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 1} align="right">
                    {q.data.total[k]}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
    </>
  );
}
