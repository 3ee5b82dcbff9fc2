import { useState } from 'react';
import { useParams } from 'react-router';
import { Button, Card, Descriptions, Form, Input, InputNumber, Progress, Space, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { FUNDING_CATEGORY_LABELS, FUNDING_LEVEL_LABELS, FUNDING_SOURCE_LABELS, pick, type BudgetLineDetail, type Spending } from '@shangmi/shared';
import { fundingApi } from '../../api/funding';
import { useCan } from '../../lib/access';
import { todayInShanghai } from '../../lib/dates';
import { useI18n } from '../../lib/i18n';
import { fenToYuan, yuanToFen } from '../../lib/money';
import { useDocumentTitle } from '../../lib/title';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

interface Values {
  spentOn: string;
  amountYuan: number;
  description: string;
  payee?: string;
  contractId?: number;
}

/** One budget line: amount, spent, left and the execution rate, its spending, and recording a new spending. */
export default function LinePage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const q = useQuery({ queryKey: ['funding', 'line', id], queryFn: ({ signal }) => fundingApi.line(id, signal) });
  useDocumentTitle(q.data?.title ?? t('funding.title'));
  const canSpend = useCan('funding:manage');
  const [open, setOpen] = useState(false);
  if (q.error) return <QueryError error={q.error} />;
  const l = q.data;
  return (
    <>
      <PageHeader
        title={l?.title ?? t('funding.title')}
        extra={
          canSpend ? (
            <Button type="primary" data-testid="fd-add-spending" onClick={() => setOpen(true)}>
              {t('funding.addSpending')}
            </Button>
          ) : null
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" loading={q.isLoading}>
          {l ? (
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('funding.year')}>{l.year}</Descriptions.Item>
              <Descriptions.Item label={t('funding.level')}>{[pick(FUNDING_LEVEL_LABELS[l.level], locale), l.districtName, l.parkName].filter(Boolean).join(' · ')}</Descriptions.Item>
              <Descriptions.Item label={t('funding.category')}>{`${pick(FUNDING_CATEGORY_LABELS[l.category], locale)} · ${pick(FUNDING_SOURCE_LABELS[l.source], locale)}`}</Descriptions.Item>
              <Descriptions.Item label={t('funding.amount')}>{fenToYuan(l.amountFen)}</Descriptions.Item>
              <Descriptions.Item label={t('funding.spent')}>{fenToYuan(l.spentFen)}</Descriptions.Item>
              <Descriptions.Item label={t('funding.remaining')}>{fenToYuan(l.remainingFen)}</Descriptions.Item>
              <Descriptions.Item label={t('funding.rate')} span={3}>
                <span data-testid="fd-rate">{`${(l.rate * 100).toFixed(2)}%`}</span>
                <Progress percent={Math.round(l.rate * 1000) / 10} size="small" showInfo={false} style={{ maxWidth: 320 }} />
              </Descriptions.Item>
            </Descriptions>
          ) : null}
        </Card>
        <Card size="small" title={t('funding.spendings')}>
          <Table<Spending>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={l?.spendingList ?? []}
            scroll={{ x: 640 }}
            columns={[
              { title: t('funding.spentOn'), dataIndex: 'spentOn', width: 120 },
              { title: t('funding.spendAmount'), dataIndex: 'amountFen', width: 150, render: (v: number) => fenToYuan(v) },
              { title: t('funding.description'), dataIndex: 'description' },
              { title: t('funding.payee'), dataIndex: 'payee', width: 180, render: (v: string | null) => v ?? '—' },
              { title: t('funding.contract'), dataIndex: 'contractNumber', width: 140, render: (v: string | null) => v ?? '—' },
            ]}
          />
        </Card>
      </Space>
      <FormModal<Values, BudgetLineDetail>
        open={open}
        onClose={() => setOpen(false)}
        title={t('funding.addSpending')}
        name="spendingForm"
        success={t('funding.addSpending')}
        initialValues={{ spentOn: todayInShanghai() }}
        rename={{ amountFen: 'amountYuan' }}
        save={(v) => fundingApi.addSpending(id, { spentOn: v.spentOn, amountFen: yuanToFen(v.amountYuan) ?? 0, description: v.description, payee: v.payee || null, contractId: v.contractId ?? null })}
        invalidate={['funding']}
      >
        <Form.Item name="spentOn" label={t('funding.spentOn')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="amountYuan" label={t('funding.spendAmount')} rules={[{ required: true }]}>
          <InputNumber precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label={t('funding.description')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="payee" label={t('funding.payee')}>
          <Input />
        </Form.Item>
        <Form.Item name="contractId" label={t('funding.contract')}>
          <InputNumber min={1} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </FormModal>
    </>
  );
}
