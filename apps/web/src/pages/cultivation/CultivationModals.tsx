import { useEffect, useMemo, useState } from 'react';
import { Alert, DatePicker, Flex, Form, Input, Radio, Select, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { nextCultivationStage, type CultivationDetail, type CultivationEntry, type CultivationPlanItem, type CultivationStage } from '@shangmi/shared';
import { cultivationApi } from '../../api/cultivation';
import { enterprisesApi } from '../../api/enterprises';
import { orgsApi } from '../../api/orgs';
import { useT, type MessageKey } from '../../app/i18n';
import { FormModal } from '../../components/FormDialog';
import { useDebounced } from '../../utils/hooks';
import { nullIfEmpty, PHONE_RE } from '../../utils/forms';
import { FileUploader } from './FileUploader';
import { useCultivationLabels, yearOptions } from './options';

const rules = (t: ReturnType<typeof useT>) => ({
  req: (key: MessageKey) => ({ required: true, message: t('common.required', { label: t(key) }) }),
  select: (key: MessageKey) => ({ required: true, message: t('common.requiredSelect', { label: t(key) }) }),
  max: (key: MessageKey, n: number) => ({ max: n, message: t('common.maxLength', { label: t(key), max: n }) }),
});

/** Protection sites for the coaching-site picker (the server checks scope and kind again). */
function useSiteOptions(enabled: boolean) {
  const sites = useQuery({
    queryKey: ['orgs', 'sites'],
    queryFn: ({ signal }) => orgsApi.list({ kind: 'site', status: 'active', page: 1, pageSize: 200 }, signal),
    enabled,
    staleTime: 60_000,
  });
  return { loading: sites.isPending && enabled, options: (sites.data?.items ?? []).map((o) => ({ value: o.id, label: o.name })) };
}

interface EntryValues {
  enterpriseId?: number;
  year: number;
  batch: number;
  siteOrgId?: number | null;
  mentorName?: string;
  mentorPhone?: string;
  note?: string;
}

/** 列入培育清单 / 修改培育信息. `preset` fixes the enterprise (from its own page). */
export function EntryModal({
  open,
  entry,
  preset,
  onClose,
  onSaved,
}: {
  open: boolean;
  entry?: CultivationEntry | null;
  preset?: { id: number; name: string } | null;
  onClose: () => void;
  onSaved?: (e: CultivationEntry) => void;
}) {
  const t = useT();
  const r = rules(t);
  const l = useCultivationLabels();
  const [form] = Form.useForm<EntryValues>();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const creating = !entry;
  const sites = useSiteOptions(open);

  const found = useQuery({
    queryKey: ['enterprises', 'pick', q],
    queryFn: ({ signal }) => enterprisesApi.list({ q, status: 'active', page: 1, pageSize: 20 }, signal),
    enabled: open && creating && !preset,
    staleTime: 30_000,
  });

  useEffect(() => {
    if (open) setSearch('');
  }, [open]);
  const values: Partial<EntryValues> = entry
    ? {
        year: entry.year,
        batch: entry.batch,
        siteOrgId: entry.siteOrgId,
        mentorName: entry.mentorName ?? undefined,
        mentorPhone: entry.mentorPhone ?? undefined,
        note: entry.note ?? undefined,
      }
    : { enterpriseId: preset?.id, year: new Date().getFullYear(), batch: 1 };

  // the enterprise's own serving site, shown as the default once the enterprise is chosen
  const [defaultSite, setDefaultSite] = useState<{ value: number; label: string } | null>(null);
  const siteOptions = useMemo(() => {
    const list = [...sites.options];
    const known = entry?.siteOrgId ? { value: entry.siteOrgId, label: entry.siteOrgName ?? String(entry.siteOrgId) } : defaultSite;
    if (known && !list.some((o) => o.value === known.value)) list.push(known);
    return list;
  }, [sites.options, entry, defaultSite]);

  const pickEnterprise = (id: number | undefined) => {
    const e = found.data?.items.find((x) => x.id === id);
    setDefaultSite(e?.siteOrgId ? { value: e.siteOrgId, label: e.siteOrgName ?? String(e.siteOrgId) } : null);
    // not marked as touched: left alone, the server takes the enterprise's site itself
    form.setFieldValue('siteOrgId', e?.siteOrgId ?? undefined);
  };

  const save = (v: EntryValues) => {
    const common = {
      year: v.year,
      batch: v.batch,
      mentorName: nullIfEmpty(v.mentorName),
      mentorPhone: nullIfEmpty(v.mentorPhone),
      note: nullIfEmpty(v.note),
    };
    if (!creating) return cultivationApi.update(entry.id, { ...common, siteOrgId: v.siteOrgId ?? null });
    // an untouched site field keeps the enterprise's own serving site
    const site = form.isFieldTouched('siteOrgId') ? { siteOrgId: v.siteOrgId ?? null } : {};
    return cultivationApi.create({ enterpriseId: v.enterpriseId!, ...common, ...site });
  };

  return (
    <FormModal<EntryValues, CultivationEntry>
      form={form}
      name="cultivationEntryForm"
      open={open}
      title={creating ? t('cultivation.add') : t('cultivation.editTitle')}
      okText={t('common.save')}
      width={600}
      onClose={onClose}
      values={values}
      valuesKey={entry ?? preset?.id}
      save={save}
      success={creating ? t('common.created') : t('common.saved')}
      invalidate={['cultivation']}
      onSaved={onSaved}
    >
      {creating ? (
        <Form.Item name="enterpriseId" label={t('cultivation.enterprise')} rules={[r.select('cultivation.enterprise')]}>
          {preset ? (
            <Select disabled options={[{ value: preset.id, label: preset.name }]} />
          ) : (
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              onChange={pickEnterprise}
              placeholder={t('cultivation.enterprisePlaceholder')}
              notFoundContent={found.isFetching ? <Spin size="small" /> : undefined}
              options={(found.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.name}（${e.creditCode}）` }))}
            />
          )}
        </Form.Item>
      ) : (
        <Typography.Paragraph strong>{entry.enterpriseName}</Typography.Paragraph>
      )}
      <Flex gap={16}>
        <Form.Item name="year" label={t('cultivation.year')} rules={[r.select('cultivation.year')]} style={{ flex: 1 }}>
          <Select options={yearOptions((year) => t('cultivation.yearOption', { year }))} />
        </Form.Item>
        <Form.Item name="batch" label={t('cultivation.batch')} rules={[r.select('cultivation.batch')]} style={{ flex: 1 }}>
          <Select options={l.batchOptions} />
        </Form.Item>
      </Flex>
      <Form.Item name="siteOrgId" label={t('cultivation.site')} extra={t('cultivation.siteHint')}>
        <Select allowClear options={siteOptions} loading={sites.loading} showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.pleaseSelect')} />
      </Form.Item>
      <Flex gap={16}>
        <Form.Item name="mentorName" label={t('cultivation.mentorName')} rules={[r.max('cultivation.mentorName', 50)]} style={{ flex: 1 }}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="mentorPhone" label={t('cultivation.mentorPhone')} rules={[{ pattern: PHONE_RE, message: t('users.phoneFormat') }]} style={{ flex: 1 }}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('cultivation.note')} rules={[r.max('cultivation.note', 1000)]}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </FormModal>
  );
}

interface RequestValues {
  toStage: CultivationStage;
  comment: string;
  fileIds?: number[];
}

/** 提交阶段申请: the next stage with evidence, or withdrawal with a reason. */
export function RequestModal({ entry, open, onClose }: { entry: CultivationDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const r = rules(t);
  const l = useCultivationLabels();
  const [form] = Form.useForm<RequestValues>();
  const [uploading, setUploading] = useState(false);
  const next = nextCultivationStage(entry.stage);
  const toStage = Form.useWatch('toStage', form);
  const withdrawing = toStage === 'withdrawn';

  const commentKey: MessageKey = withdrawing ? 'cultivation.withdrawReason' : 'cultivation.requestComment';
  return (
    <FormModal<RequestValues>
      form={form}
      name="cultivationRequestForm"
      open={open}
      title={`${t('cultivation.requestStage')} · ${entry.enterpriseName}`}
      okText={t('common.confirm')}
      width={600}
      onClose={onClose}
      initialValues={{ toStage: next ?? 'withdrawn', fileIds: [] }}
      save={(v) => cultivationApi.request(entry.id, { toStage: v.toStage, comment: v.comment.trim(), fileIds: v.fileIds ?? [] })}
      success={t('cultivation.requested')}
      invalidate={['cultivation']}
      wait={uploading ? t('cultivation.uploadWait') : null}
    >
      <Form.Item name="toStage" label={t('cultivation.requestTo')} rules={[r.select('cultivation.requestTo')]}>
        <Radio.Group
          options={[
            ...(next ? [{ value: next, label: t('cultivation.requestNext', { stage: l.stage(next) }) }] : []),
            { value: 'withdrawn', label: t('cultivation.requestWithdraw') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label={t(commentKey)}
        rules={[{ required: true, whitespace: true, message: t('common.required', { label: t(commentKey) }) }, r.max(commentKey, 1000)]}
      >
        <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
      </Form.Item>
      <Form.Item
        name="fileIds"
        label={t('cultivation.requestEvidence')}
        extra={withdrawing ? undefined : t('cultivation.requestEvidenceHint')}
        rules={withdrawing ? [] : [{ required: true, type: 'array', min: 1, message: t('cultivation.evidenceFilesRequired') }]}
      >
        <FileUploader onBusyChange={setUploading} />
      </Form.Item>
    </FormModal>
  );
}

interface DecisionValues {
  decision: 'pass' | 'return';
  comment?: string;
}

/** 区县审核 (level `district`) or 市局审批 (level `city`): pass, or return with a reason. */
export function DecisionModal({ entry, level, open, onClose }: { entry: CultivationDetail; level: 'district' | 'city'; open: boolean; onClose: () => void }) {
  const t = useT();
  const l = useCultivationLabels();
  const [form] = Form.useForm<DecisionValues>();
  const decision = Form.useWatch('decision', form);
  const returning = decision === 'return';

  const asked = entry.requestStage;
  const passHint =
    level === 'district'
      ? t('cultivation.passHintDistrict')
      : asked === 'withdrawn'
        ? t('cultivation.passHintWithdraw')
        : t('cultivation.passHintCity', { stage: asked ? l.stage(asked) : '' });
  const commentKey: MessageKey = returning ? 'cultivation.returnReason' : 'cultivation.decisionComment';
  return (
    <FormModal<DecisionValues>
      form={form}
      name="cultivationDecisionForm"
      open={open}
      title={`${t(level === 'district' ? 'cultivation.reviewAction' : 'cultivation.approveAction')} · ${entry.enterpriseName}`}
      okText={t('common.confirm')}
      okButtonProps={{ danger: returning }}
      width={560}
      onClose={onClose}
      initialValues={{ decision: 'pass' }}
      save={(v) => {
        const body = { decision: v.decision, comment: nullIfEmpty(v.comment) };
        return level === 'district' ? cultivationApi.review(entry.id, body) : cultivationApi.approve(entry.id, body);
      }}
      success={t('cultivation.decided')}
      invalidate={['cultivation']}
      before={
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={asked === 'withdrawn' ? t('cultivation.pendingWithdraw') : t('cultivation.pendingNext', { stage: asked ? l.stage(asked) : '' })}
          description={
            <>
              <div style={{ whiteSpace: 'pre-wrap' }}>{entry.requestComment}</div>
              <Typography.Text type="secondary">{t('cultivation.planStatusLine', { done: entry.planDone, total: entry.planTotal })}</Typography.Text>
            </>
          }
        />
      }
    >
      <Form.Item name="decision" label={t('cultivation.decision')} extra={returning ? undefined : passHint}>
        <Radio.Group
          options={[
            { value: 'pass', label: t(level === 'district' ? 'cultivation.pass' : 'cultivation.approvePass') },
            { value: 'return', label: t('cultivation.returnIt') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label={t(commentKey)}
        rules={[
          ...(returning ? [{ required: true, whitespace: true, message: t('cultivation.returnReasonRequired') }] : []),
          { max: 1000, message: t('common.maxLength', { label: t(commentKey), max: 1000 }) },
        ]}
      >
        <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
      </Form.Item>
    </FormModal>
  );
}

interface PlanValues {
  title: string;
  dueDate?: Dayjs | null;
  note?: string;
}

/** 新增 / 修改辅导事项. */
export function PlanItemModal({ entryId, item, open, onClose }: { entryId: number; item: CultivationPlanItem | null; open: boolean; onClose: () => void }) {
  const t = useT();
  const r = rules(t);
  return (
    <FormModal<PlanValues>
      name="cultivationPlanForm"
      open={open}
      title={item ? t('cultivation.planEdit') : t('cultivation.planAdd')}
      okText={t('common.save')}
      onClose={onClose}
      values={item ? { title: item.title, dueDate: item.dueDate ? dayjs(item.dueDate) : null, note: item.note ?? undefined } : undefined}
      valuesKey={item}
      save={(v) => {
        const body = { title: v.title.trim(), dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : null, note: nullIfEmpty(v.note) };
        return item ? cultivationApi.updatePlanItem(entryId, item.id, body) : cultivationApi.addPlanItem(entryId, body);
      }}
      success={t('common.saved')}
      invalidate={['cultivation']}
    >
      <Form.Item name="title" label={t('cultivation.planTitle')} rules={[r.req('cultivation.planTitle'), { whitespace: true }, r.max('cultivation.planTitle', 200)]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="dueDate" label={t('cultivation.planDue')}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="note" label={t('cultivation.note')} rules={[r.max('cultivation.note', 1000)]}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </FormModal>
  );
}

/** 完成辅导事项, with an optional note and proof. */
export function CompleteModal({ entryId, item, onClose }: { entryId: number; item: CultivationPlanItem | null; onClose: () => void }) {
  const t = useT();
  const r = rules(t);
  const [uploading, setUploading] = useState(false);
  return (
    <FormModal<{ doneNote?: string; fileIds?: number[] }>
      name="cultivationCompleteForm"
      open={!!item}
      title={item ? t('cultivation.planCompleteTitle', { title: item.title }) : ''}
      okText={t('common.save')}
      onClose={onClose}
      valuesKey={item}
      save={(v) => cultivationApi.completePlanItem(entryId, item!.id, { doneNote: nullIfEmpty(v.doneNote), fileIds: v.fileIds ?? [] })}
      success={t('common.saved')}
      invalidate={['cultivation']}
      wait={uploading ? t('cultivation.uploadWait') : null}
    >
      <Form.Item name="doneNote" label={t('cultivation.planDoneNote')} rules={[r.max('cultivation.planDoneNote', 1000)]}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Form.Item name="fileIds" label={t('cultivation.planProof')}>
        <FileUploader onBusyChange={setUploading} />
      </Form.Item>
    </FormModal>
  );
}

/** 上传佐证材料 outside a request. */
export function EvidenceModal({ entryId, open, onClose }: { entryId: number; open: boolean; onClose: () => void }) {
  const t = useT();
  const r = rules(t);
  const [uploading, setUploading] = useState(false);
  return (
    <FormModal<{ note?: string; fileIds?: number[] }>
      name="cultivationEvidenceForm"
      open={open}
      title={t('cultivation.evidenceAdd')}
      okText={t('common.save')}
      onClose={onClose}
      save={(v) => cultivationApi.addEvidence(entryId, v.fileIds ?? [], nullIfEmpty(v.note))}
      success={t('common.saved')}
      invalidate={['cultivation']}
      wait={uploading ? t('cultivation.uploadWait') : null}
    >
      <Form.Item name="fileIds" label={t('cultivation.evidenceFiles')} rules={[{ required: true, type: 'array', min: 1, message: t('cultivation.evidenceFilesRequired') }]}>
        <FileUploader onBusyChange={setUploading} />
      </Form.Item>
      <Form.Item name="note" label={t('cultivation.evidenceNote')} rules={[r.max('cultivation.evidenceNote', 500)]}>
        <Input maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
