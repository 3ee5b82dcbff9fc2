import { App, Button, Space, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { formatDateTime, type CreditShare, type creditShareListQuery } from '@shangmi/shared';
import { creditApi } from '../../api/credit';
import type { Filters } from '../../api/lists';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { useServerTable } from '../../components/useServerTable';

/**
 * 共享名单 (a partner department: 财政、发改、住建 …): the current serious-violation list in its region, with the joint
 * measures this department applies and their basis; it acknowledges each entry.
 */
export default function CreditSharedPage() {
  const { t, pick } = useI18n();
  useDocumentTitle(t('credit.sharedTitle'));
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const table = useServerTable<CreditShare & { id: number }, Filters<typeof creditShareListQuery>>({
    key: 'credit',
    fetch: async (q, signal) => {
      const page = await creditApi.shared(q, signal);
      return { ...page, items: page.items.map((x) => ({ ...x, id: x.seriousId })) };
    },
  });
  const ack = async (ids: number[]) => {
    try {
      await creditApi.acknowledge(ids);
      message.success(t('credit.acknowledged'));
      await queryClient.invalidateQueries({ queryKey: ['credit'] });
    } catch (e) {
      onError(e);
    }
  };
  return (
    <>
      <PageHeader title={t('credit.sharedTitle')} />
      <ListCard<CreditShare & { id: number }>
        table={table}
        scroll={{ x: 1100 }}
        columns={[
          { title: t('credit.party'), dataIndex: 'partyName', width: 220 },
          { title: t('credit.creditCode'), dataIndex: 'creditCode', width: 190 },
          { title: t('credit.listedReason'), dataIndex: 'reason' },
          { title: t('credit.listedOn'), dataIndex: 'listedOn', width: 110 },
          { title: t('credit.endsOn'), dataIndex: 'endsOn', width: 110 },
          {
            title: t('credit.measures'),
            dataIndex: 'measures',
            render: (v: CreditShare['measures']) => (
              <Space wrap size={4}>
                {v.map((m) => (
                  <Tag key={m.key} title={m.basis}>
                    {pick(m.zh, m.en)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('credit.acknowledge'),
            width: 170,
            render: (_, s) =>
              s.acknowledgedAt ? (
                `${t('credit.acknowledged')} ${formatDateTime(s.acknowledgedAt)}`
              ) : (
                <Button size="small" type="primary" onClick={() => ack([s.seriousId])}>
                  {t('credit.acknowledge')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}
