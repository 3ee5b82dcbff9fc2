import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Radio, Table, Typography } from 'antd';
import type { SiteDetail, StandardItem } from '@shangmi/shared';
import { sitesApi } from '../../api/sites';
import { useT } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { FormModal } from '../../components/FormDialog';
import { nullIfEmpty } from '../../lib/forms';
import { FileUploader } from '../../components/FileUploader';
import { useRefresh, ReasonModal } from './SiteModals';

/** 撤回验收申请: the applicant takes back an acceptance under review, giving the reason. */
export function WithdrawModal({ site, open, onClose }: { site: SiteDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <ReasonModal
      open={open}
      title={t('sites.withdrawTitle')}
      hint={t('sites.withdrawHint')}
      okText={t('sites.withdraw')}
      danger
      onSubmit={(reason) => sitesApi.withdraw(site.id, reason)}
      onClose={onClose}
    />
  );
}

/** 申请验收: the self-evaluation against the standard, a score, a note and evidence per item. */
export function SubmitModal({ site, open, onClose }: { site: SiteDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const onError = useErrorHandler();
  const refresh = useRefresh();
  const { message } = App.useApp();
  const std = site.standard;
  const [statement, setStatement] = useState('');
  const [rows, setRows] = useState<Record<string, { score: number; note: string; fileIds: number[] }>>({});
  const [busyItems, setBusyItems] = useState<Record<string, boolean>>({});
  const busy = Object.values(busyItems).some(Boolean);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (open && std) setRows(Object.fromEntries(std.items.map((it) => [it.code, { score: it.weight, note: '', fileIds: [] }])));
  }, [open, std]);
  if (!std) return null;
  const total = Object.values(rows).reduce((a, r) => a + (r.score ?? 0), 0);
  const patch = (code: string, p: Partial<{ score: number; note: string; fileIds: number[] }>) => setRows((x) => ({ ...x, [code]: { ...x[code], ...p } }));
  const save = async () => {
    setSaving(true);
    try {
      await sitesApi.submit(site.id, {
        statement,
        items: std.items.map((it) => ({ code: it.code, score: rows[it.code]?.score ?? 0, note: nullIfEmpty(rows[it.code]?.note), fileIds: rows[it.code]?.fileIds ?? [] })),
      });
      message.success(t('sites.submitted'));
      await refresh();
      onClose();
    } catch (e) {
      onError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('sites.submitTitle', { title: std.title })}
      width={1100}
      onCancel={onClose}
      onOk={save}
      okButtonProps={{ disabled: busy || !statement.trim() }}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('sites.submitHint', { pass: std.passScore, total: std.totalScore, now: total })} />
      <Form layout="vertical" name="siteSubmit">
        <Form.Item label={t('sites.statement')} required>
          <Input.TextArea id="siteSubmit_statement" rows={2} maxLength={2000} value={statement} onChange={(e) => setStatement(e.target.value)} />
        </Form.Item>
      </Form>
      <Table<StandardItem>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={std.items}
        columns={[
          { title: t('sites.itemCode'), dataIndex: 'code', width: 60 },
          {
            title: t('sites.itemTitle'),
            key: 'title',
            render: (_, it) => (
              <>
                <Typography.Text type="secondary">{it.category}</Typography.Text> {it.title}
                {it.required ? <Typography.Text type="danger"> *</Typography.Text> : null}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('sites.evidenceNeeded', { evidence: it.evidence })}
                  </Typography.Text>
                </div>
              </>
            ),
          },
          {
            title: t('sites.selfScore'),
            key: 'score',
            width: 110,
            render: (_, it) => (
              <InputNumber
                aria-label={`${it.code} ${t('sites.selfScore')}`}
                min={0}
                max={it.weight}
                value={rows[it.code]?.score}
                onChange={(v) => patch(it.code, { score: Number(v ?? 0) })}
                addonAfter={`/${it.weight}`}
                style={{ width: 100 }}
              />
            ),
          },
          { title: t('sites.note'), key: 'note', width: 180, render: (_, it) => <Input maxLength={1000} value={rows[it.code]?.note} onChange={(e) => patch(it.code, { note: e.target.value })} /> },
          {
            title: t('sites.evidence'),
            key: 'files',
            width: 280,
            render: (_, it) => (
              <div data-item={it.code} className="site-item-upload">
                <FileUploader compact onChange={(ids) => patch(it.code, { fileIds: ids })} onBusyChange={(b) => setBusyItems((x) => ({ ...x, [it.code]: b }))} max={10} />
              </div>
            ),
          },
        ]}
      />
    </Modal>
  );
}

interface DecisionValues {
  decision: 'pass' | 'return';
  comment?: string;
  plaqueNo?: string;
}

/** 区县审核 (scores per item) or 市局认定 (plaque number) — pass, or return with a reason. */
export function DecisionModal({ site, level, open, onClose }: { site: SiteDetail; level: 'district' | 'city'; open: boolean; onClose: () => void }) {
  const t = useT();
  const a = site.acceptances[0];
  const std = site.standard;
  const [form] = Form.useForm<DecisionValues>();
  const decision = Form.useWatch('decision', form);
  const [scores, setScores] = useState<Record<string, number>>({});
  useEffect(() => {
    if (open && a) setScores(Object.fromEntries(a.items.map((it) => [it.code, it.districtScore ?? it.selfScore])));
  }, [open, a]);
  if (!a) return null;
  const weight = (code: string) => std?.items.find((i) => i.code === code)?.weight ?? 100;
  const total = Object.values(scores).reduce((x, y) => x + y, 0);
  const save = (v: DecisionValues) =>
    level === 'district'
      ? sitesApi.review(site.id, { decision: v.decision, comment: nullIfEmpty(v.comment), items: a.items.map((it) => ({ code: it.code, score: scores[it.code] ?? 0 })) })
      : sitesApi.approve(site.id, { decision: v.decision, comment: nullIfEmpty(v.comment), plaqueNo: nullIfEmpty(v.plaqueNo) });
  const before =
    level === 'district' ? (
      <>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('sites.reviewHint', { pass: a.passScore, now: total, self: a.selfTotal })} />
        <Table
          rowKey="code"
          size="small"
          pagination={false}
          style={{ marginBottom: 12 }}
          dataSource={a.items}
          columns={[
            { title: t('sites.itemCode'), dataIndex: 'code', width: 60 },
            { title: t('sites.itemTitle'), key: 't', render: (_, it) => std?.items.find((i) => i.code === it.code)?.title ?? it.code },
            { title: t('sites.selfScore'), dataIndex: 'selfScore', width: 80 },
            {
              title: t('sites.districtScore'),
              key: 's',
              width: 120,
              render: (_, it) => (
                <InputNumber
                  aria-label={`${it.code} ${t('sites.districtScore')}`}
                  min={0}
                  max={weight(it.code)}
                  value={scores[it.code]}
                  onChange={(v) => setScores((x) => ({ ...x, [it.code]: Number(v ?? 0) }))}
                  style={{ width: 100 }}
                />
              ),
            },
          ]}
        />
      </>
    ) : (
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('sites.approveHint', { district: a.districtTotal ?? '—', pass: a.passScore })} />
    );
  return (
    <FormModal<DecisionValues>
      form={form}
      name="siteDecision"
      open={open}
      title={level === 'district' ? t('sites.reviewAction') : t('sites.approveAction')}
      width={level === 'district' ? 900 : 560}
      maskClosable={false}
      onClose={onClose}
      values={{ decision: 'pass' }}
      save={save}
      success={t('common.saved')}
      invalidate={['sites']}
      before={before}
    >
      <Form.Item name="decision" label={t('sites.decision')}>
        <Radio.Group
          options={[
            { value: 'pass', label: level === 'district' ? t('sites.passToCity') : t('sites.accredit') },
            { value: 'return', label: t('sites.return') },
          ]}
        />
      </Form.Item>
      {level === 'city' && decision === 'pass' ? (
        <Form.Item name="plaqueNo" label={t('sites.plaqueNo')} extra={t('sites.plaqueHint')}>
          <Input maxLength={40} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="comment"
        label={decision === 'return' ? t('sites.returnReason') : t('sites.opinion')}
        rules={decision === 'return' ? [{ required: true, message: t('common.required', { label: t('sites.returnReason') }) }] : []}
      >
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}
