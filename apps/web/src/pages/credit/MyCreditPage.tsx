import { useState } from 'react';
import { Button, Card, Empty, Form, Input, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { PENALTY_KIND_LABELS, PUBLICATION_TERM_LABELS, REPAIR_KIND_LABELS, fenToWan, formatDateTime, pick, type CreditMine, type CreditRepairDetail, type RepairKind } from '@shangmi/shared';
import { creditApi } from '../../api/credit';
import { useCan } from '../../lib/access';
import { todayInShanghai } from '../../lib/dates';
import { useI18n } from '../../lib/i18n';
import { FileUploader } from '../../components/FileUploader';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { QueryError } from '../../components/QueryError';
import { RepairDrawer } from './RepairDrawer';
import { PublishStateTag, RepairStateTag, SeriousStateTag } from './tags';

type MineRecord = CreditMine['records'][number];
type MineSerious = CreditMine['serious'][number];

/**
 * 本企业信用 (an enterprise's own account): its penalty records with their terms, its listing, and its applications; it
 * applies for credit repair (a published record, from the day the rules allow) or early removal, with its materials.
 */
export default function MyCreditPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('credit.mineTitle'));
  const canApply = useCan('credit:apply');
  const q = useQuery({ queryKey: ['credit', 'mine'], queryFn: ({ signal }) => creditApi.mine(signal) });
  const [apply, setApply] = useState<{ kind: RepairKind; targetId: number } | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [uploading, setUploading] = useState(false);
  if (q.error) return <QueryError error={q.error} />;
  const d = q.data;
  const today = todayInShanghai();
  const openApp = (kind: RepairKind, id: number) => d?.repairs.some((r) => r.kind === kind && (kind === 'record' ? r.recordId : r.seriousId) === id && ['district', 'city', 'returned'].includes(r.state));
  return (
    <>
      <PageHeader title={t('credit.mineTitle')}>{d ? <Typography.Text type="secondary">{`${d.partyName}（${d.creditCode}）`}</Typography.Text> : null}</PageHeader>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={t('credit.records')}>
          <Table<MineRecord>
            size="small"
            rowKey="id"
            loading={q.isLoading}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description={t('credit.mineNone')} /> }}
            dataSource={d?.records ?? []}
            columns={[
              { title: t('credit.decisionNo'), dataIndex: 'decisionNo' },
              { title: t('credit.decidedOn'), dataIndex: 'decidedOn', width: 110 },
              { title: t('credit.penaltyKinds'), dataIndex: 'penaltyKinds', render: (v: MineRecord['penaltyKinds']) => v.map((k) => pick(PENALTY_KIND_LABELS[k], locale)).join('、') },
              { title: t('credit.fine'), dataIndex: 'fineFen', width: 110, render: (v: number | null) => (v === null ? '—' : fenToWan(v)) },
              { title: t('credit.publishState'), dataIndex: 'publishState', width: 120, render: (v: MineRecord['publishState']) => <PublishStateTag state={v} /> },
              { title: t('credit.term'), dataIndex: 'term', width: 120, render: (v: MineRecord['term']) => (v ? pick(PUBLICATION_TERM_LABELS[v], locale) : '—') },
              { title: t('credit.publicUntil'), dataIndex: 'publicUntil', width: 110, render: (v: string | null) => v ?? '—' },
              {
                title: t('credit.repairFrom'),
                width: 220,
                render: (_, r) => {
                  if (r.publishState !== 'public') return '—';
                  if (r.repairClosed) return <Typography.Text type="secondary">{t('credit.repairClosed', { reason: pick(r.repairClosed, locale) })}</Typography.Text>;
                  if (!r.repairFrom) return '—';
                  if (r.repairFrom > today) return t('credit.repairOpensOn', { date: r.repairFrom });
                  if (!canApply || openApp('record', r.id)) return r.repairFrom;
                  return (
                    <Button size="small" type="primary" onClick={() => setApply({ kind: 'record', targetId: r.id })}>
                      {t('credit.apply')}
                    </Button>
                  );
                },
              },
            ]}
          />
        </Card>
        {d?.serious.length ? (
          <Card size="small" title={t('credit.serious')}>
            <Table<MineSerious>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.serious}
              columns={[
                { title: t('credit.listedReason'), dataIndex: 'reason' },
                { title: t('credit.seriousState'), dataIndex: 'state', width: 160, render: (v: MineSerious['state']) => <SeriousStateTag state={v} /> },
                { title: t('credit.listedOn'), dataIndex: 'listedOn', width: 110, render: (v: string | null) => v ?? '—' },
                { title: t('credit.endsOn'), dataIndex: 'endsOn', width: 110, render: (v: string | null) => v ?? '—' },
                {
                  title: t('credit.earlyFrom'),
                  width: 200,
                  render: (_, s) =>
                    s.state !== 'listed' || !s.earlyFrom ? '—' : s.earlyFrom > today || !canApply || openApp('serious', s.id) ? s.earlyFrom : (
                      <Button size="small" onClick={() => setApply({ kind: 'serious', targetId: s.id })}>
                        {t('credit.applyEarly')}
                      </Button>
                    ),
                },
              ]}
            />
          </Card>
        ) : null}
        <Card size="small" title={t('credit.repairs')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d?.repairs ?? []}
            columns={[
              {
                title: t('credit.repairKind'),
                dataIndex: 'kind',
                render: (v: RepairKind, r) => (
                  <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(r.id)}>
                    {pick(REPAIR_KIND_LABELS[v], locale)}
                  </Button>
                ),
              },
              { title: t('credit.decisionNo'), dataIndex: 'decisionNo', width: 200 },
              { title: t('credit.repairState'), dataIndex: 'state', width: 130, render: (v: CreditRepairDetail['state']) => <RepairStateTag state={v} /> },
              { title: t('credit.appliedAt'), dataIndex: 'appliedAt', width: 170, render: (v: string) => formatDateTime(v) },
              { title: t('credit.decisionComment'), dataIndex: 'decisionComment', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </Card>
      </Space>
      <FormModal<{ reason: string; fileIds: number[] }, CreditRepairDetail>
        open={apply !== null}
        title={apply?.kind === 'serious' ? t('credit.applyEarlyTitle') : t('credit.applyTitle')}
        name="repairApply"
        onClose={() => setApply(null)}
        wait={uploading ? t('credit.materials') : null}
        save={(v) => creditApi.repairApply({ kind: apply!.kind, targetId: apply!.targetId, reason: v.reason, fileIds: v.fileIds ?? [] })}
        success={t('credit.applied')}
        invalidate={['credit']}
        rename={{ targetId: 'reason' }}
      >
        <Form.Item name="reason" label={t('credit.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
        <Form.Item name="fileIds" label={t('credit.materials')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <FileUploader onBusyChange={setUploading} />
        </Form.Item>
      </FormModal>
      <RepairDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}
