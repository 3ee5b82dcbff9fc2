import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Progress, Space, Table, Tag } from 'antd';
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
  const [reversing, setReversing] = useState<Spending | null>(null);
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
              {
                // a reversal shows what it cancels and why; an entry shows it was reversed, or the button to reverse it
                key: 'reversal',
                width: 200,
                render: (_: unknown, s: Spending) =>
                  s.reversesId !== null ? (
                    <span data-testid={`fd-reversal-${s.reversesId}`}>
                      <Tag color="orange">{t('funding.reversalOf')}</Tag>
                      {s.reason}
                    </span>
                  ) : s.reversedById !== null ? (
                    <Tag data-testid={`fd-reversed-${s.id}`}>{t('funding.reversed')}</Tag>
                  ) : canSpend ? (
                    <Button size="small" danger data-testid={`fd-reverse-${s.id}`} onClick={() => setReversing(s)}>
                      {t('funding.reverse')}
                    </Button>
                  ) : null,
              },
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
      <FormModal<{ reason: string }, BudgetLineDetail>
        open={reversing !== null}
        onClose={() => setReversing(null)}
        title={t('funding.reverseTitle')}
        name="reverseForm"
        success={t('funding.reverse')}
        save={(v) => fundingApi.reverseSpending(id, reversing!.id, { reason: v.reason })}
        invalidate={['funding']}
        before={<Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('funding.reverseHint')} description={reversing ? `${reversing.spentOn} · ${fenToYuan(reversing.amountFen)} · ${reversing.description}` : null} />}
      >
        <Form.Item name="reason" label={t('funding.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormModal>
    </>
  );
}
