import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Select, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import {
  pick,
  REFERRAL_CHANNEL_LABELS,
  REFERRAL_CHANNELS,
  REFERRAL_OUTCOME_LABELS,
  REFERRAL_OUTCOMES_BY_CHANNEL,
  type Referral,
  type ReferralChannel,
  type ReferralOutcome,
} from '@shangmi/shared';
import { referralsApi } from '../../api/referrals';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';

interface CreateValues {
  channel: ReferralChannel;
  referredTo: string;
  referredOn: Dayjs;
  documents?: string[];
  note?: string;
}
interface OutcomeValues {
  outcome: ReferralOutcome;
  outcomeOn: Dayjs;
  outcomeSummary?: string;
}

/** 转介: the case's referrals to mediation, arbitration or a suit, and their outcomes (issue 24 item 4). */
export function CaseReferrals({ caseId }: { caseId: number }) {
  const { t, locale } = useI18n();
  const canHandle = useCan('cases:handle');
  const key = ['cases', caseId, 'referrals'];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => referralsApi.list(caseId, signal) });
  const [creating, setCreating] = useState(false);
  const [answering, setAnswering] = useState<Referral | null>(null);
  const channel = (c: ReferralChannel) => pick(REFERRAL_CHANNEL_LABELS[c], locale);
  const outcome = (o: ReferralOutcome) => pick(REFERRAL_OUTCOME_LABELS[o], locale);
  return (
    <Card
      title={t('referrals.title')}
      style={{ marginTop: 16 }}
      data-testid="case-referrals"
      extra={
        canHandle ? (
          <Button onClick={() => setCreating(true)} data-testid="referral-create">
            {t('referrals.create')}
          </Button>
        ) : null
      }
    >
      <Table<Referral>
        rowKey="id"
        size="small"
        pagination={false}
        loading={q.isPending}
        dataSource={q.data ?? []}
        locale={{ emptyText: t('referrals.none') }}
        columns={[
          { title: t('referrals.channel'), dataIndex: 'channel', render: (c: ReferralChannel) => channel(c) },
          { title: t('referrals.referredTo'), dataIndex: 'referredTo' },
          { title: t('referrals.referredOn'), dataIndex: 'referredOn', width: 110 },
          { title: t('referrals.documents'), dataIndex: 'documents', render: (d: string[]) => d.join('、') || '—' },
          {
            title: t('referrals.outcome'),
            key: 'outcome',
            render: (_, r) =>
              r.outcome ? (
                <span>
                  <Tag color={r.outcome === 'settled' ? 'green' : 'blue'}>{outcome(r.outcome)}</Tag>
                  {r.outcomeOn} {r.outcomeSummary ?? ''}
                </span>
              ) : canHandle ? (
                <Button size="small" type="link" onClick={() => setAnswering(r)}>
                  {t('referrals.recordOutcome')}
                </Button>
              ) : (
                <Tag>{t('referrals.pending')}</Tag>
              ),
          },
        ]}
      />
      <FormModal<CreateValues, Referral>
        open={creating}
        name="referralForm"
        title={t('referrals.create')}
        onClose={() => setCreating(false)}
        success={t('referrals.created')}
        invalidate={['cases', caseId]}
        initialValues={{ referredOn: dayjs(), documents: [] }}
        save={(v) => referralsApi.create(caseId, { channel: v.channel, referredTo: v.referredTo, referredOn: v.referredOn.format('YYYY-MM-DD'), documents: v.documents ?? [], note: v.note ?? null })}
      >
        <Form.Item name="channel" label={t('referrals.channel')} rules={[{ required: true }]}>
          <Select options={REFERRAL_CHANNELS.map((c) => ({ value: c, label: channel(c) }))} />
        </Form.Item>
        <Form.Item name="referredTo" label={t('referrals.referredTo')} extra={t('referrals.referredToHint')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="referredOn" label={t('referrals.referredOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="documents" label={t('referrals.documents')} extra={t('referrals.documentsHint')}>
          <Select mode="tags" open={false} />
        </Form.Item>
        <Form.Item name="note" label={t('referrals.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </FormModal>
      <FormModal<OutcomeValues, Referral>
        open={!!answering}
        name="referralOutcomeForm"
        title={t('referrals.recordOutcome')}
        onClose={() => setAnswering(null)}
        success={t('referrals.outcomeSaved')}
        invalidate={['cases', caseId]}
        initialValues={{ outcomeOn: dayjs() }}
        save={(v) => referralsApi.outcome(caseId, answering!.id, { outcome: v.outcome, outcomeOn: v.outcomeOn.format('YYYY-MM-DD'), outcomeSummary: v.outcomeSummary ?? null })}
      >
        <Form.Item name="outcome" label={t('referrals.outcome')} rules={[{ required: true }]}>
          <Select options={(answering ? REFERRAL_OUTCOMES_BY_CHANNEL[answering.channel] : []).map((o) => ({ value: o, label: outcome(o) }))} />
        </Form.Item>
        <Form.Item name="outcomeOn" label={t('referrals.outcomeOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="outcomeSummary" label={t('referrals.outcomeSummary')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

/** The cases dashboard's counts by channel (within the caller's scope). */
export function ReferralCountsCard() {
  const { t, locale } = useI18n();
  const q = useQuery({ queryKey: ['cases', 'referral-stats'], queryFn: ({ signal }) => referralsApi.stats(signal) });
  return (
    <Card title={t('referrals.byChannel')} style={{ marginTop: 16 }} data-testid="referral-counts">
      <Table
        rowKey="channel"
        size="small"
        pagination={false}
        loading={q.isPending}
        dataSource={q.data ?? []}
        columns={[
          { title: t('referrals.channel'), dataIndex: 'channel', render: (c: ReferralChannel) => pick(REFERRAL_CHANNEL_LABELS[c], locale) },
          { title: t('referrals.total'), dataIndex: 'total' },
          { title: t('referrals.pending'), dataIndex: 'pending' },
          { title: t('referrals.returned'), dataIndex: 'returned' },
          { title: t('referrals.settled'), dataIndex: 'settled' },
        ]}
      />
    </Card>
  );
}
