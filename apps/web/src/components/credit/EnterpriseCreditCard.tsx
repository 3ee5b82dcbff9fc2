import { Link } from 'react-router';
import { Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { PUBLISH_STATE_LABELS, fenToWan, pick, type CreditEnterpriseState } from '@shangmi/shared';
import { creditApi } from '../../api/credit';
import { useAuth } from '../../lib/auth';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';

type Brief = CreditEnterpriseState['records'][number];

/**
 * 信用状况 on the enterprise page (staff who see the enterprise and hold credit:read): whether it is on the
 * serious-violation list, how many penalties are on public view, and each record with its publication state.
 * An enterprise's own account has 本企业信用 instead.
 */
export function EnterpriseCreditCard({ enterpriseId }: { enterpriseId: number }) {
  const canRead = useCan('credit:read');
  const { me } = useAuth();
  if (!canRead || me?.orgKind === 'enterprise') return null;
  return <Body enterpriseId={enterpriseId} />;
}

function Body({ enterpriseId }: { enterpriseId: number }) {
  const { t, locale } = useI18n();
  const q = useQuery({ queryKey: ['credit', 'enterprise', enterpriseId], queryFn: ({ signal }) => creditApi.enterprise(enterpriseId, signal) });
  const d = q.data;
  return (
    <Card
      title={t('credit.enterpriseCard')}
      loading={q.isPending}
      className="enterprise-credit"
      extra={
        d ? (
          <Space>
            {d.listed ? <Tag color="red">{t('credit.onSeriousList')}</Tag> : null}
            <Typography.Text type="secondary">{t('credit.publicCount', { n: d.publicRecords })}</Typography.Text>
          </Space>
        ) : null
      }
    >
      {d && !d.records.length ? <Empty description={t('credit.noRecords')} /> : null}
      {d?.records.length ? (
        <Table<Brief>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={d.records}
          columns={[
            { title: t('credit.decisionNo'), dataIndex: 'decisionNo', render: (v: string, r) => <Link to={`/credit/records/${r.id}`}>{v}</Link> },
            { title: t('credit.decidedOn'), dataIndex: 'decidedOn', width: 110 },
            { title: t('credit.fine'), dataIndex: 'fineFen', width: 110, render: (v: number | null) => (v === null ? '—' : fenToWan(v)) },
            { title: t('credit.publishState'), dataIndex: 'publishState', width: 130, render: (v: Brief['publishState']) => pick(PUBLISH_STATE_LABELS[v], locale) },
            { title: t('credit.publicUntil'), dataIndex: 'publicUntil', width: 110, render: (v: string | null) => v ?? '—' },
          ]}
        />
      ) : null}
    </Card>
  );
}
