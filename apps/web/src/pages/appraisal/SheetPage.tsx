import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { APPRAISAL_ROUND_STATUS_LABELS, APPRAISAL_SHEET_STATE_LABELS, pick, type AppraisalSheet, type AppraisalSheetItem } from '@shangmi/shared';
import { appraisalApi } from '../../api/appraisal';
import { useCan } from '../../lib/access';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FileUploader } from '../../components/FileUploader';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

type Dialog = { kind: 'evidence' | 'score'; item: AppraisalSheetItem } | { kind: 'object' } | { kind: 'answer' } | null;
const n2 = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const CITY_SCORED = ['manual', 'bonus', 'deduction'];

/**
 * One district's sheet: every item with its figure, target, score and evidence. The district adds evidence to the manual
 * items and submits, and may object once after publication; the city scores the manual, bonus and deduction items and
 * answers an objection (upheld: re-scoring an item in the same answer).
 */
export default function SheetPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const id = Number(useParams().id);
  const q = useQuery({ queryKey: ['appraisal', 'sheet', id], queryFn: ({ signal }) => appraisalApi.sheet(id, signal) });
  const s = q.data;
  useDocumentTitle(s ? `${s.districtName} · ${t('appraisal.sheet')}` : t('appraisal.sheet'));
  const manage = useCan('appraisal:manage');
  const submitter = useCan('appraisal:submit') && !manage;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [uploading, setUploading] = useState(false);
  if (q.error) return <QueryError error={q.error} />;
  const filling = !!s && s.state === 'filling' && (s.roundStatus === 'open' || s.roundStatus === 'scoring');
  const scoring = !!s && manage && s.roundStatus === 'scoring' && s.state === 'submitted';
  const submit = () =>
    appraisalApi.submit(id).then(() => {
      message.success(t('appraisal.submitted'));
      return qc.invalidateQueries({ queryKey: ['appraisal'] });
    }, onError);

  return (
    <>
      <PageHeader
        title={s ? `${s.districtName} · ${t('appraisal.sheet')}` : t('appraisal.sheet')}
        extra={
          <Space wrap>
            {submitter && filling ? (
              <Popconfirm title={t('appraisal.submitConfirm')} onConfirm={submit}>
                <Button type="primary" data-testid="ap-submit">
                  {t('appraisal.submit')}
                </Button>
              </Popconfirm>
            ) : null}
            {submitter && s?.state === 'published' && !s.objected ? (
              <Button danger data-testid="ap-object" onClick={() => setDialog({ kind: 'object' })}>
                {t('appraisal.object')}
              </Button>
            ) : null}
            {manage && s?.state === 'objected' ? (
              <Button type="primary" data-testid="ap-answer" onClick={() => setDialog({ kind: 'answer' })}>
                {t('appraisal.answer')}
              </Button>
            ) : null}
            <Button icon={<FileWordOutlined />} onClick={() => appraisalApi.sheetFile(id, 'docx').catch(onError)}>
              {t('appraisal.exportSheetWord')}
            </Button>
            <Button icon={<FileExcelOutlined />} onClick={() => appraisalApi.sheetFile(id, 'xlsx').catch(onError)}>
              {t('appraisal.exportSheetExcel')}
            </Button>
          </Space>
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" loading={q.isLoading}>
          {s ? <Summary s={s} /> : null}
        </Card>
        {s?.objection ? (
          <Alert
            type={s.objection.decision ? 'info' : 'warning'}
            data-testid="ap-objection"
            title={`${t('appraisal.objection')}：${s.objection.reason}`}
            description={s.objection.answer ? `${s.objection.decision === 'upheld' ? t('appraisal.upheld') : t('appraisal.rejected')}：${s.objection.answer}` : null}
          />
        ) : null}
        <Card size="small" title={`${pick(s?.title ?? { zh: '', en: '' }, locale)}`}>
          <Table<AppraisalSheetItem>
            rowKey="key"
            size="small"
            pagination={false}
            data-testid="ap-items"
            scroll={{ x: 960 }}
            dataSource={s?.items ?? []}
            columns={[
              { title: t('appraisal.group'), dataIndex: 'group', width: 100, render: (v: AppraisalSheetItem['group']) => pick(v, locale) },
              { title: t('appraisal.item'), dataIndex: 'name', render: (v: AppraisalSheetItem['name'], i) => <span data-testid={`ap-item-${i.key}`}>{pick(v, locale)}</span> },
              { title: t('appraisal.ruleType'), dataIndex: 'type', width: 100, render: (v: AppraisalSheetItem['type']) => t(`appraisal.rule.${v}`) },
              { title: t('appraisal.points'), dataIndex: 'points', width: 70, align: 'right' },
              { title: t('appraisal.value'), dataIndex: 'value', width: 90, align: 'right', render: (v: number | null, i) => (v === null ? (i.indicator ? t('appraisal.noData') : '—') : Number.isInteger(v) ? v : v.toFixed(1)) },
              { title: t('appraisal.target'), dataIndex: 'target', width: 70, align: 'right', render: (v: number | null) => v ?? '—' },
              { title: t('appraisal.score'), dataIndex: 'score', width: 80, align: 'right', render: (v: number | null) => (v === null ? <Tag>{t('appraisal.notScored')}</Tag> : <b data-testid="ap-score">{n2(v)}</b>) },
              {
                title: t('appraisal.evidence'),
                key: 'evidence',
                render: (_, i) => (
                  <>
                    {i.evidence ? <div>{i.evidence}</div> : null}
                    {i.files.map((f) => (
                      <div key={f.id}>
                        <a href={`/api/appraisal/sheets/${id}/files/${f.id}`}>{f.name}</a>
                      </div>
                    ))}
                    {i.reason ? <Typography.Text type="secondary">{`${t('appraisal.reason')}：${i.reason}`}</Typography.Text> : null}
                  </>
                ),
              },
              {
                title: '',
                key: 'act',
                width: 110,
                render: (_, i) =>
                  submitter && filling && i.type === 'manual' ? (
                    <Button size="small" data-testid={`ap-evidence-${i.key}`} onClick={() => setDialog({ kind: 'evidence', item: i })}>
                      {t('appraisal.addEvidence')}
                    </Button>
                  ) : scoring && CITY_SCORED.includes(i.type) ? (
                    <Button size="small" data-testid={`ap-score-${i.key}`} onClick={() => setDialog({ kind: 'score', item: i })}>
                      {t('appraisal.scoreItem')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
      </Space>
      <Dialogs id={id} s={s} dialog={dialog} onClose={() => setDialog(null)} uploading={uploading} setUploading={setUploading} />
    </>
  );
}

function Summary({ s }: { s: AppraisalSheet }) {
  const { t, locale } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 4 }}>
      <Descriptions.Item label={t('appraisal.state')}>
        <Tag data-testid="ap-sheet-state">{pick(APPRAISAL_SHEET_STATE_LABELS[s.state], locale)}</Tag>
        <Tag>{pick(APPRAISAL_ROUND_STATUS_LABELS[s.roundStatus], locale)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('appraisal.base')}>{n2(s.base)}</Descriptions.Item>
      <Descriptions.Item label={`${t('appraisal.bonus')} / ${t('appraisal.deduction')}`}>{`+${n2(s.bonus)} / −${n2(s.deduction)}`}</Descriptions.Item>
      <Descriptions.Item label={t('appraisal.total')}>
        <b data-testid="ap-total">{n2(s.total)}</b>
        {s.rank ? <span data-testid="ap-rank">{` · ${t('appraisal.rank')} ${s.rank}`}</span> : null}
      </Descriptions.Item>
      <Descriptions.Item label={t('appraisal.points')} span={2}>
        {t('appraisal.caps', { bonus: s.bonusCap, deduction: s.deductionCap })}
      </Descriptions.Item>
      {s.objectionDue ? <Descriptions.Item label={t('appraisal.objection')}>{t('appraisal.objectionDue', { due: s.objectionDue })}</Descriptions.Item> : null}
      <Descriptions.Item label={t('appraisal.ranking')}>
        <Link to="/appraisal">{t('appraisal.title')}</Link>
      </Descriptions.Item>
    </Descriptions>
  );
}

interface DialogProps {
  id: number;
  s: AppraisalSheet | undefined;
  dialog: Dialog;
  onClose: () => void;
  uploading: boolean;
  setUploading: (b: boolean) => void;
}

function Dialogs({ id, s, dialog, onClose, uploading, setUploading }: DialogProps) {
  const { t, locale } = useI18n();
  const item = dialog && 'item' in dialog ? dialog.item : null;
  const rescorable = (s?.items ?? []).filter((i) => CITY_SCORED.includes(i.type));
  return (
    <>
      <FormModal<{ evidence: string; fileIds?: number[] }, AppraisalSheet>
        open={dialog?.kind === 'evidence'}
        onClose={onClose}
        title={item ? `${t('appraisal.addEvidence')} · ${pick(item.name, locale)}` : ''}
        name="apEvidence"
        success={t('appraisal.evidenceSaved')}
        wait={uploading ? t('appraisal.files') : null}
        initialValues={{ evidence: item?.evidence ?? '' }}
        save={(v) => appraisalApi.evidence(id, item!.key, { evidence: v.evidence, fileIds: v.fileIds ?? [] })}
        invalidate={['appraisal']}
      >
        <Form.Item name="evidence" label={t('appraisal.evidence')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="fileIds" label={t('appraisal.files')}>
          <FileUploader onBusyChange={setUploading} />
        </Form.Item>
      </FormModal>
      <FormModal<{ score: number; reason?: string }, AppraisalSheet>
        open={dialog?.kind === 'score'}
        onClose={onClose}
        title={item ? `${t('appraisal.scoreItem')} · ${pick(item.name, locale)}（0–${item.points}）` : ''}
        name="apScore"
        success={t('appraisal.scored')}
        initialValues={{ score: item?.score ?? undefined, reason: item?.reason ?? '' }}
        save={(v) => appraisalApi.score(id, item!.key, { score: v.score, reason: v.reason || null })}
        invalidate={['appraisal']}
      >
        <Form.Item name="score" label={t('appraisal.score')} rules={[{ required: true }]}>
          <InputNumber min={0} max={item?.points} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('appraisal.reason')} rules={[{ required: item?.type === 'bonus' || item?.type === 'deduction' }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </FormModal>
      <FormModal<{ reason: string }, AppraisalSheet>
        open={dialog?.kind === 'object'}
        onClose={onClose}
        title={t('appraisal.object')}
        name="apObject"
        success={t('appraisal.objectSent')}
        save={(v) => appraisalApi.object(id, v.reason)}
        invalidate={['appraisal']}
      >
        <Alert type="warning" title={t('appraisal.objectHint')} style={{ marginBottom: 16 }} />
        <Form.Item name="reason" label={t('appraisal.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </FormModal>
      <FormModal<{ decision: 'upheld' | 'rejected'; reason: string; key?: string; score?: number }, AppraisalSheet>
        open={dialog?.kind === 'answer'}
        onClose={onClose}
        title={t('appraisal.answer')}
        name="apAnswer"
        success={t('appraisal.answered')}
        initialValues={{ decision: 'rejected' }}
        rename={{ 'scores.0.key': 'key', 'scores.0.score': 'score', scores: 'key' }}
        save={(v) => appraisalApi.answer(id, { decision: v.decision, reason: v.reason, scores: v.decision === 'upheld' && v.key ? [{ key: v.key, score: v.score ?? 0 }] : [] })}
        invalidate={['appraisal']}
      >
        <Form.Item name="decision" label={t('appraisal.decision')} rules={[{ required: true }]}>
          <Radio.Group options={[{ value: 'rejected', label: t('appraisal.rejected') }, { value: 'upheld', label: t('appraisal.upheld') }]} />
        </Form.Item>
        <Form.Item name="reason" label={t('appraisal.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.decision !== b.decision}>
          {({ getFieldValue }) =>
            getFieldValue('decision') === 'upheld' ? (
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="key" label={t('appraisal.rescore')} style={{ flex: 2 }}>
                  <Select options={rescorable.map((i) => ({ value: i.key, label: `${pick(i.name, locale)}（${i.score ?? '—'} / ${i.points}）` }))} />
                </Form.Item>
                <Form.Item name="score" label={t('appraisal.score')} style={{ flex: 1 }}>
                  <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Space.Compact>
            ) : null
          }
        </Form.Item>
      </FormModal>
    </>
  );
}
