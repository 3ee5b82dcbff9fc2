import { useEffect, useState } from 'react';
import { Alert, App, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { SITE_PARENT_KINDS, type SiteDetail, type SiteKind, type SiteStatus, type StandardItem } from '@shangmi/shared';
import { sitesApi, type SiteCreateInput } from '../../api/sites';
import { useDict } from '../../lib/dicts';
import { useT, type MessageKey } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { FormModal } from '../../components/FormDialog';
import { GeneratedPasswordInput } from '../../components/GeneratedPasswordInput';
import { nullIfEmpty, PHONE_RE } from '../../lib/forms';
import { useRegionOptions } from '../../components/useRegionOptions';
import { FileUploader } from '../../components/FileUploader';
import { useSiteLabels } from '../../components/sites/labels';

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['sites'] });
}

const rules = (t: ReturnType<typeof useT>) => ({
  req: (key: MessageKey) => ({ required: true, message: t('common.required', { label: t(key) }) }),
  select: (key: MessageKey) => ({ required: true, message: t('common.requiredSelect', { label: t(key) }) }),
});

interface SiteValues {
  kind: SiteKind;
  name: string;
  level?: 'city' | 'district';
  districtCode?: string | null;
  parkId?: number | null;
  parentSiteId?: number | null;
  hostName?: string;
  hostKind?: string | null;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  hours?: string;
  services?: string[];
  intro?: string;
  status?: 'planned' | 'building';
}

/** 新建站点 / 编辑站点. Site staff see only their profile fields. */
export function SiteFormModal({ open, site, onClose, onSaved }: { open: boolean; site?: SiteDetail | null; onClose: () => void; onSaved?: (s: SiteDetail) => void }) {
  const t = useT();
  const r = rules(t);
  const l = useSiteLabels();
  const [form] = Form.useForm<SiteValues>();
  const kind = Form.useWatch('kind', form);
  const districtCode = Form.useWatch('districtCode', form);
  const regions = useRegionOptions(districtCode);
  const hostKinds = useDict('site_host_kind');
  const services = useDict('site_service');
  const profileOnly = !!site?.allowed.editProfileOnly;
  const parentKinds = kind ? SITE_PARENT_KINDS[kind as SiteKind] : [];
  const parents = useQuery({
    queryKey: ['sites', 'parents', parentKinds.join()],
    queryFn: ({ signal }) => sitesApi.list({ pageSize: 200, kind: parentKinds.length === 1 ? parentKinds[0] : undefined }, signal),
    enabled: open && parentKinds.length > 0 && !profileOnly,
  });
  const parentOptions = (parents.data?.items ?? [])
    .filter((p) => parentKinds.includes(p.kind) && p.id !== site?.id && p.status !== 'revoked')
    .map((p) => ({ value: p.id, label: `${l.kind(p.kind)} · ${p.name}` }));

  const save = (v: SiteValues): Promise<SiteDetail> => {
    const common = {
      hostName: nullIfEmpty(v.hostName),
      address: nullIfEmpty(v.address),
      lng: v.lng ?? null,
      lat: v.lat ?? null,
      contactName: nullIfEmpty(v.contactName),
      contactPhone: nullIfEmpty(v.contactPhone),
      contactEmail: nullIfEmpty(v.contactEmail),
      hours: nullIfEmpty(v.hours),
      services: v.services ?? [],
      intro: nullIfEmpty(v.intro),
    };
    const bureau = { name: v.name, level: v.level, parkId: v.parkId ?? null, hostKind: v.hostKind ?? null };
    if (!site) {
      const input: SiteCreateInput = { ...common, ...bureau, kind: v.kind, status: v.status ?? 'planned', parentSiteId: v.parentSiteId ?? null };
      if (!v.parentSiteId && v.districtCode) input.districtCode = v.districtCode;
      return sitesApi.create(input);
    }
    if (profileOnly) return sitesApi.update(site.id, common);
    return sitesApi.update(site.id, { ...common, ...bureau, parentSiteId: v.parentSiteId ?? null, ...(v.parentSiteId ? {} : { districtCode: v.districtCode ?? null }) });
  };

  return (
    <FormModal<SiteValues, SiteDetail>
      form={form}
      name="siteForm"
      open={open}
      title={site ? t('sites.edit') : t('sites.add')}
      width={820}
      okText={t('common.save')}
      maskClosable={false}
      onClose={onClose}
      values={site ? ({ ...site, hostName: site.hostName ?? undefined } as SiteValues) : { kind: 'base', status: 'planned', services: [] }}
      valuesKey={site}
      save={save}
      success={t('common.saved')}
      invalidate={['sites']}
      onSaved={onSaved}
    >
      {!profileOnly ? (
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="kind" label={t('sites.kind')} rules={[r.select('sites.kind')]}>
              <Radio.Group options={l.kindOptions} optionType="button" disabled={!!site} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('sites.name')} rules={[r.req('sites.name'), { max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          {parentKinds.length ? (
            <Col span={12}>
              <Form.Item name="parentSiteId" label={t('sites.parent')} extra={t('sites.parentHint')}>
                <Select allowClear showSearch optionFilterProp="label" options={parentOptions} loading={parents.isFetching} placeholder={t('sites.noParent')} />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={6}>
            <Form.Item name="level" label={t('sites.level')} extra={site ? undefined : t('sites.levelHint')}>
              <Select allowClear options={l.levelOptions} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="districtCode" label={t('sites.district')}>
              <Select allowClear options={regions.districtOptions} placeholder={t('sites.ownDistrict')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="parkId" label={t('sites.park')}>
              <Select allowClear options={regions.parkOptions} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="hostKind" label={t('sites.hostKind')}>
              <Select allowClear options={hostKinds.options} />
            </Form.Item>
          </Col>
          {!site ? (
            <Col span={12}>
              <Form.Item name="status" label={t('sites.initialStatus')}>
                <Radio.Group options={(['planned', 'building'] as const).map((s) => ({ value: s, label: l.status(s) }))} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
      ) : null}
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="hostName" label={t('sites.host')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="address" label={t('sites.address')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="lng" label={t('sites.lng')}>
            <InputNumber min={73} max={136} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="lat" label={t('sites.lat')}>
            <InputNumber min={3} max={54} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="hours" label={t('sites.hours')}>
            <Input maxLength={200} placeholder={t('sites.hoursPlaceholder')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contactName" label={t('sites.contactName')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contactPhone" label={t('sites.contactPhone')} rules={[{ pattern: PHONE_RE, message: t('sites.phoneInvalid') }]}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="contactEmail" label={t('sites.contactEmail')} rules={[{ type: 'email', message: t('sites.emailInvalid') }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="services" label={t('sites.services')}>
            <Select mode="multiple" options={services.options} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="intro" label={t('sites.intro')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

/** 变更状态, with the reason (the server decides who may make which change). */
/** A decision that needs only a reason (a status change, a withdrawal): the reason is required; saving refreshes the site. */
function ReasonModal({ open, title, hint, okText, danger, onSubmit, onClose }: { open: boolean; title: string; hint?: string; okText?: string; danger?: boolean; onSubmit: (reason: string) => Promise<unknown>; onClose: () => void }) {
  const t = useT();
  return (
    <FormModal<{ reason: string }>
      name="siteReason"
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger }}
      onClose={onClose}
      save={(v) => onSubmit(v.reason)}
      success={t('common.saved')}
      invalidate={['sites']}
      before={hint ? <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph> : null}
    >
      <Form.Item name="reason" label={t('sites.reason')} rules={[{ required: true, message: t('common.required', { label: t('sites.reason') }) }]}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}

export function StatusModal({ site, to, onClose }: { site: SiteDetail; to: SiteStatus | null; onClose: () => void }) {
  const t = useT();
  const l = useSiteLabels();
  return (
    <ReasonModal
      open={!!to}
      title={to ? t('sites.statusTo', { from: l.status(site.status), to: l.status(to) }) : ''}
      onSubmit={(reason) => sitesApi.status(site.id, to!, reason)}
      onClose={onClose}
    />
  );
}

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

interface StaffValues {
  username: string;
  displayName: string;
  password: string;
  phone?: string;
}

/** 开通工作人员账号: a site_staff account of the site (initial password changed at first sign-in). */
export function StaffModal({ site, open, onClose }: { site: SiteDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const r = rules(t);
  const [form] = Form.useForm<StaffValues>();
  const username = Form.useWatch('username', form);
  return (
    <FormModal<StaffValues>
      form={form}
      name="siteStaff"
      open={open}
      title={t('sites.addStaff')}
      onClose={onClose}
      save={(v) => sitesApi.addStaff(site.id, { ...v, phone: nullIfEmpty(v.phone) })}
      success={t('sites.staffAdded')}
      invalidate={['sites']}
    >
      <Form.Item name="username" label={t('sites.username')} rules={[r.req('sites.username')]}>
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label={t('sites.displayName')} rules={[r.req('sites.displayName')]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="password" label={t('sites.initialPassword')} rules={[r.req('sites.initialPassword')]}>
        <GeneratedPasswordInput username={username} />
      </Form.Item>
      <Form.Item name="phone" label={t('sites.contactPhone')}>
        <Input maxLength={20} />
      </Form.Item>
    </FormModal>
  );
}

/** 上传照片 (images). */
export function PhotosModal({ site, open, onClose }: { site: SiteDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const onError = useErrorHandler();
  const refresh = useRefresh();
  const [ids, setIds] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await sitesApi.addPhotos(site.id, ids);
      await refresh();
      onClose();
    } catch (e) {
      onError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('sites.addPhotos')} onCancel={onClose} onOk={save} okButtonProps={{ disabled: busy || !ids.length }} confirmLoading={saving} destroyOnHidden>
      <FileUploader onChange={setIds} onBusyChange={setBusy} />
    </Modal>
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
