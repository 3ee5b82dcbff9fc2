import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Button, Descriptions, Drawer, Form, Input, List, Space, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { SERIOUS_STATES, SERIOUS_STATE_LABELS, formatDateTime, pick, type CreditSerious, type CreditSeriousDetail, type creditSeriousListQuery } from '@shangmi/shared';
import { creditApi, type SeriousStep } from '../../api/credit';
import type { Filters } from '../../api/lists';
import { useI18n } from '../../lib/i18n';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { FormModal } from '../../components/FormDialog';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { useServerTable } from '../../components/useServerTable';
import { SeriousStateTag } from './tags';

type SeriousFilters = Filters<typeof creditSeriousListQuery>;
type Allowed = CreditSeriousDetail['allowed'][number];
const STEP_OF: Record<Allowed, SeriousStep> = { notify: 'notify', heard: 'heard', decide: 'decide', not_list: 'not-list', publish: 'publish' };
const LABEL_OF = { notify: 'credit.notify', heard: 'credit.heard', decide: 'credit.decide', not_list: 'credit.notList', publish: 'credit.publishListing' } as const;

/** One entry of the list path (总局令第44号): notice and statement period, decision by the city, publication, shares. */
function SeriousDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['credit', 'serious', id], queryFn: ({ signal }) => creditApi.seriousGet(id!, signal), enabled: id !== null });
  const [step, setStep] = useState<Allowed | null>(null);
  const d = q.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title={d?.partyName ?? ''}>
      {d ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('credit.creditCode')}>{d.creditCode}</Descriptions.Item>
            <Descriptions.Item label={t('credit.decisionNo')}>
              <Link to={`/credit/records/${d.recordId}`}>{d.decisionNo}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('credit.seriousState')}>
              <SeriousStateTag state={d.state} />
            </Descriptions.Item>
            <Descriptions.Item label={t('credit.listedReason')}>{`${d.reason}（${d.basis}）`}</Descriptions.Item>
            <Descriptions.Item label={t('credit.statementDueOn')}>{d.statementDueOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('credit.statement')}>{d.statement ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('credit.listedOn')}>{d.listedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('credit.earlyFrom')}>{d.earlyFrom ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('credit.endsOn')}>{d.removedOn ?? d.endsOn ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Space wrap>
            {d.allowed.map((a) => (
              <Button key={a} type={a === 'not_list' ? 'default' : 'primary'} onClick={() => setStep(a)}>
                {t(LABEL_OF[a])}
              </Button>
            ))}
          </Space>
          {d.shares.length ? (
            <List
              size="small"
              header={t('credit.menuShared')}
              dataSource={d.shares}
              renderItem={(s) => (
                <List.Item>
                  {s.orgName} · {formatDateTime(s.sharedAt)} · {s.acknowledgedAt ? `${t('credit.acknowledged')} ${formatDateTime(s.acknowledgedAt)}` : '—'}
                </List.Item>
              )}
            />
          ) : null}
          <Timeline
            items={d.history.map((h) => ({
              key: h.id,
              content: (
                <>
                  <Typography.Text strong>{h.action}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {formatDateTime(h.at)} {h.userName ?? ''}
                  </Typography.Text>
                  {h.comment ? <div>{h.comment}</div> : null}
                </>
              ),
            }))}
          />
        </Space>
      ) : null}
      <FormModal<{ comment?: string; statement?: string }, CreditSeriousDetail>
        open={step !== null}
        title={step ? t(LABEL_OF[step]) : ''}
        name="seriousStep"
        onClose={() => setStep(null)}
        save={(v) => creditApi.seriousStep(d!.id, STEP_OF[step!], { comment: v.comment || undefined, statement: v.statement || undefined })}
        success={t('credit.done')}
        invalidate={['credit']}
      >
        {step === 'heard' ? (
          <Form.Item name="statement" label={t('credit.statement')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        ) : null}
        <Form.Item name="comment" label={t('credit.comment')} rules={[{ required: step === 'not_list' }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </FormModal>
    </Drawer>
  );
}

/** 严重违法失信名单: proposals, notices, decisions and listings in scope. */
export default function CreditSeriousPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('credit.menuSerious'));
  const [params] = useSearchParams();
  const st = params.get('state');
  const table = useServerTable<CreditSerious, SeriousFilters>({
    key: 'credit',
    fetch: creditApi.serious,
    initialFilters: st && (SERIOUS_STATES as readonly string[]).includes(st) ? { state: st as SeriousFilters['state'] } : {},
  });
  const [open, setOpen] = useState<number | null>(Number(useParams().id) || null);
  return (
    <>
      <PageHeader title={t('credit.menuSerious')} />
      <FilterBar<SeriousFilters> table={table} name="seriousFilter" instant keyword={{ placeholder: t('credit.search'), width: 240 }}>
        <FilterSelect name="state" label={t('credit.seriousState')} width={180} options={SERIOUS_STATES.map((k) => ({ value: k, label: pick(SERIOUS_STATE_LABELS[k], locale) }))} />
      </FilterBar>
      <ListCard<CreditSerious>
        table={table}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: t('credit.party'),
            dataIndex: 'partyName',
            render: (v: string, r) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(r.id)}>
                {v}
              </Button>
            ),
          },
          { title: t('credit.creditCode'), dataIndex: 'creditCode', width: 190 },
          { title: t('credit.seriousState'), dataIndex: 'state', width: 170, render: (v: CreditSerious['state']) => <SeriousStateTag state={v} /> },
          { title: t('credit.listedOn'), dataIndex: 'listedOn', width: 110, render: (v: string | null) => v ?? '—' },
          { title: t('credit.endsOn'), dataIndex: 'endsOn', width: 110, render: (v: string | null) => v ?? '—' },
          { title: t('credit.org'), dataIndex: 'orgName', width: 180 },
        ]}
      />
      <SeriousDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}
