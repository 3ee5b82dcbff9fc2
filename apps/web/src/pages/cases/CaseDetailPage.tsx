import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { CASE_ACTIONS, DECISION_KIND_LABELS, DECISION_KINDS, formatDateTime, pick, type CaseAction, type CaseDetail, type CaseShare, type ClockView, type ReporterInput } from '@shangmi/shared';
import { casesApi } from '../../api/cases';
import { downloadExport } from '../../api/client';
import { useCan } from '../../app/access';
import { useErrorHandler } from '../../app/errors';
import { PageHeader, useDocumentTitle } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { FormModal } from '../../components/FormDialog';
import { useRegionOptions } from '../enterprises/options';
import { ClockStateTag, DueDate, useCaseLabels } from './labels';

interface TransferValues {
  policeOrgId: number;
  reason: string;
  lossYuan?: number;
  includeIdentity?: boolean;
}
interface AgencyMessage {
  orgIds: number[];
  message: string;
}
type Ask = { title: string; run: (reason: string) => Promise<CaseDetail | void> } | null;
const yuanToFen = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 100));
const fenToYuan = (v: number | null) => (v === null ? '—' : `¥${(v / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })}`);
const LIFECYCLE = Object.keys(CASE_ACTIONS) as CaseAction[];
const DOCS = [
  { kind: 'filing-approval', zh: '立案审批表', en: 'Filing approval form' },
  { kind: 'penalty-notice', zh: '行政处罚告知书', en: 'Notice of proposed penalty' },
  { kind: 'penalty-decision', zh: '行政处罚决定书', en: 'Penalty decision' },
];

/** 案件详情: parties, clocks, timeline, transfers and notices, documents, and the identity access log. */
export default function CaseDetailPage() {
  const id = Number(useParams().id);
  const l = useCaseLabels();
  const { t, locale } = l;
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const regions = useRegionOptions();
  const canApprove = useCan('cases:approve');
  const q = useQuery({ queryKey: ['cases', id], queryFn: ({ signal }) => casesApi.get(id, signal) });
  const partners = useQuery({ queryKey: ['cases', 'partners'], queryFn: ({ signal }) => casesApi.partners(signal), enabled: !!q.data && !q.data.partnerView });
  const [ask, setAsk] = useState<Ask>(null);
  const [askReason, setAskReason] = useState('');
  const [identity, setIdentity] = useState<ReporterInput | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const [noticeOpen, setNoticeOpen] = useState(false);
  const [superviseOpen, setSuperviseOpen] = useState(false);
  const [progressOpen, setProgressOpen] = useState(false);
  const [jointOpen, setJointOpen] = useState(false);
  const [noteForm] = Form.useForm();
  const [actionForm] = Form.useForm();
  const action = Form.useWatch('action', actionForm) as CaseAction | undefined;
  useDocumentTitle(q.data?.title ?? t('cases.caseTitle'));
  if (q.error) return <QueryError error={q.error} />;
  if (!q.data) return <FullPageSpinner />;
  const c = q.data;
  const allowed = new Set(c.allowed);

  const refresh = (d?: CaseDetail | void) => {
    if (d) qc.setQueryData(['cases', id], d);
    void qc.invalidateQueries({ queryKey: ['cases'] });
  };
  const run = async (fn: () => Promise<CaseDetail | void>, form?: Parameters<typeof onError>[1]) => {
    try {
      refresh(await fn());
      message.success(t('cases.done'));
      return true;
    } catch (e) {
      onError(e, form);
      return false;
    }
  };
  const askFor = (title: string, fn: (reason: string) => Promise<CaseDetail | void>) => {
    setAskReason('');
    setAsk({ title, run: fn });
  };

  const submitAction = async (v: Record<string, unknown>) => {
    const ok = await run(
      () =>
        casesApi.act(id, {
          action: v.action,
          reason: v.reason,
          caseNumber: v.caseNumber || undefined,
          decisionKind: v.decisionKind || undefined,
          decisionNo: v.decisionNo || undefined,
          fineFen: yuanToFen(v.fineYuan as number | undefined) ?? undefined,
          confiscationFen: yuanToFen(v.confiscationYuan as number | undefined) ?? undefined,
        }),
      actionForm,
    );
    if (ok) actionForm.resetFields();
  };

  const shareButtons = (s: CaseShare) => {
    const b: { step: string; label: string }[] = [];
    let extra: ReactNode = null;
    if (c.partnerView) {
      if (s.kind === 'notice' && s.status === 'sent') return <Button size="small" onClick={() => run(() => casesApi.acknowledgeNotice(id, s.id))}>{t('cases.ack')}</Button>;
      if (s.kind === 'transfer' && ['handed_over', 'reconsideration'].includes(s.status)) b.push({ step: 'acknowledge', label: t('cases.ack') });
      if (s.kind === 'transfer' && ['handed_over', 'acknowledged', 'reconsideration'].includes(s.status)) b.push({ step: 'police_accept', label: t('cases.policeAccept') }, { step: 'police_reject', label: t('cases.policeReject') });
      if (s.kind === 'transfer' && s.identityApproved && allowed.has('transfer_identity')) {
        extra = identity ? (
          <span data-testid="identity">{[identity.name, identity.phone, identity.email].filter(Boolean).join(' · ')}</span>
        ) : (
          <Button size="small" onClick={() => askFor(t('cases.revealIdentity'), async (reason) => setIdentity(await casesApi.partnerReveal(id, s.id, reason)))}>
            {t('cases.revealIdentity')}
          </Button>
        );
      }
    } else if (s.kind === 'transfer') {
      if (s.status === 'proposed' && canApprove) b.push({ step: 'approve', label: t('cases.approve') });
      if (s.status === 'approved') b.push({ step: 'handover', label: t('cases.handover') });
      if (s.status === 'rejected') b.push({ step: 'reconsider', label: t('cases.reconsider') });
    }
    return (
      <Space wrap>
        {s.identityRequested ? <Tag>{t('cases.withIdentity')}</Tag> : null}
        {b.map((x) => (
          <Button key={x.step} size="small" onClick={() => askFor(x.label, (reason) => casesApi.transferStep(id, s.id, x.step, reason))}>
            {x.label}
          </Button>
        ))}
        {extra}
      </Space>
    );
  };

  const lifecycle = LIFECYCLE.filter((a) => allowed.has(a));
  return (
    <>
      <PageHeader
        title={c.title}
        extra={
          <Space>
            {c.supervised ? <Tag color="red">{t('cases.supervised')}</Tag> : null}
            <Tag>{l.track(c.track)}</Tag>
            <Tag color="blue" data-testid="case-status">
              {l.status(c.status)}
            </Tag>
          </Space>
        }
      />
      {c.partnerView ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cases.partnerView')} /> : null}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          {c.partnerView ? null : <Descriptions.Item label={t('cases.code')}>{c.trackingCode}</Descriptions.Item>}
          <Descriptions.Item label={t('cases.source')}>{l.source(c.source)}</Descriptions.Item>
          <Descriptions.Item label={t('cases.respondentName')}>{c.respondentName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.respondentCreditCode')}>{c.respondentCreditCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.respondentAddress')}>{c.respondentAddress ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.org')}>{c.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('cases.suggested')}>{c.suggestedDistrictCode ? regions.districtLabel(c.suggestedDistrictCode) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.receivedOn')}>{c.receivedOn}</Descriptions.Item>
          {c.partnerView ? null : (
            <Descriptions.Item label={t('cases.reporter')}>
              {c.anonymous ? (
                t('cases.anonymousReporter')
              ) : identity ? (
                <span data-testid="identity">{[identity.name, identity.phone, identity.email].filter(Boolean).join(' · ')}</span>
              ) : (
                <Space>
                  <Typography.Text type="secondary">{t('cases.sealed')}</Typography.Text>
                  {allowed.has('identity') ? (
                    <Button
                      size="small"
                      onClick={() =>
                        askFor(t('cases.revealIdentity'), async (reason) => {
                          setIdentity(await casesApi.reveal(id, reason));
                          void qc.invalidateQueries({ queryKey: ['cases', id] });
                        })
                      }
                    >
                      {t('cases.revealIdentity')}
                    </Button>
                  ) : null}
                </Space>
              )}
            </Descriptions.Item>
          )}
          {c.caseNumber ? <Descriptions.Item label={t('cases.caseNumber')}>{c.caseNumber}</Descriptions.Item> : null}
          {c.decisionKind ? (
            <Descriptions.Item label={t('cases.decisionKind')}>
              {`${pick(DECISION_KIND_LABELS[c.decisionKind as keyof typeof DECISION_KIND_LABELS], locale)} ${c.decisionNo ?? ''} ${t('cases.fineYuan')} ${fenToYuan(c.fineFen)}`}
            </Descriptions.Item>
          ) : null}
          {c.siblingId ? (
            <Descriptions.Item label={t('cases.sibling')}>
              <Link to={`/cases/${c.siblingId}`}>#{c.siblingId}</Link>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Typography.Paragraph style={{ marginTop: 12, whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
      </Card>

      {c.rightholder ? (
        <Card title={t('cases.rightholder')} style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('cases.secretSummary')}>{c.rightholder.secretSummary}</Descriptions.Item>
            <Descriptions.Item label={t('cases.measures')}>{c.rightholder.measures}</Descriptions.Item>
            <Descriptions.Item label={t('cases.infringementLeads')}>{c.rightholder.infringementLeads}</Descriptions.Item>
            <Descriptions.Item label={t('cases.receipts')}>{c.rightholder.receiptRefs.join('、') || '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}

      <Card title={t('cases.clocks')} style={{ marginBottom: 16 }}>
        <Table<ClockView>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.clocks}
          columns={[
            { title: t('cases.clock'), dataIndex: 'ruleKey', render: (_: unknown, k) => l.msg(k.label) },
            { title: t('cases.dueOn'), dataIndex: 'dueOn', render: (_: unknown, k) => <DueDate clock={k} /> },
            { title: t('cases.state'), dataIndex: 'state', render: (_: unknown, k) => <ClockStateTag state={k.state} /> },
            { title: t('cases.citation'), dataIndex: 'citation' },
            {
              title: '',
              key: 'ops',
              render: (_: unknown, k) =>
                !k.closedOn && canApprove && allowed.has('clock') && k.ruleKey.startsWith('report.verify') ? (
                  <Button size="small" onClick={() => askFor(t('cases.extend'), (reason) => casesApi.extend(id, k.id, 15, reason))}>
                    {t('cases.extend')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      {c.partnerView ? null : (
        <Card title={t('cases.actions')} style={{ marginBottom: 16 }}>
          <Form form={actionForm} name="case-action" layout="vertical" onFinish={submitAction}>
            <Flex gap={12} wrap>
              <Form.Item name="action" label={t('cases.action')} rules={[{ required: true }]} style={{ minWidth: 200 }}>
                <Select options={lifecycle.map((a) => ({ value: a, label: pick(CASE_ACTIONS[a], locale) }))} />
              </Form.Item>
              {action === 'file' ? (
                <Form.Item name="caseNumber" label={t('cases.caseNumber')} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
              ) : null}
              {action === 'decide' ? (
                <>
                  <Form.Item name="decisionKind" label={t('cases.decisionKind')} rules={[{ required: true }]} style={{ minWidth: 160 }}>
                    <Select options={DECISION_KINDS.map((k) => ({ value: k, label: pick(DECISION_KIND_LABELS[k], locale) }))} />
                  </Form.Item>
                  <Form.Item name="decisionNo" label={t('cases.decisionNo')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="fineYuan" label={t('cases.fineYuan')}>
                    <InputNumber min={0} />
                  </Form.Item>
                  <Form.Item name="confiscationYuan" label={t('cases.confiscationYuan')}>
                    <InputNumber min={0} />
                  </Form.Item>
                </>
              ) : null}
            </Flex>
            <Form.Item name="reason" label={t('cases.reason')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" disabled={!lifecycle.length}>
                {t('cases.doAction')}
              </Button>
              {allowed.has('transfer') && c.track === 'report' ? <Button onClick={() => setTransferOpen(true)}>{t('cases.transferPolice')}</Button> : null}
              {allowed.has('notice') ? <Button onClick={() => setNoticeOpen(true)}>{t('cases.notice')}</Button> : null}
              {allowed.has('joint') ? <Button onClick={() => setJointOpen(true)}>{t('cases.joint')}</Button> : null}
              {allowed.has('supervise') ? <Button onClick={() => setSuperviseOpen(true)}>{t('cases.supervise')}</Button> : null}
              {allowed.has('progress_report') ? <Button onClick={() => setProgressOpen(true)}>{t('cases.reportProgress')}</Button> : null}
              {DOCS.map((d) => (
                <Button key={d.kind} type="link" onClick={() => downloadExport(casesApi.documentPath(id, d.kind), {}, `${d.zh}.docx`).catch(onError)}>
                  {pick(d, locale)}
                </Button>
              ))}
            </Space>
          </Form>
        </Card>
      )}

      {c.partnerView ? null : (
        <Card title={t('cases.caseFiles')} style={{ marginBottom: 16 }}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={c.files}
            locale={{ emptyText: t('cases.none') }}
            columns={[
              {
                title: t('cases.fileName'),
                dataIndex: 'name',
                render: (v: string, f) => (
                  <Button type="link" style={{ padding: 0 }} onClick={() => downloadExport(casesApi.filePath(id, f.id), {}, v).catch(onError)}>
                    {v}
                  </Button>
                ),
              },
              { title: t('cases.fileKind'), dataIndex: 'kind', render: (v: string) => (v === 'evidence' ? t('cases.fileEvidence') : v === 'document' ? t('cases.fileDocument') : t('cases.fileMaterial')) },
              { title: t('cases.fileSize'), dataIndex: 'size', render: (v: number) => `${Math.max(1, Math.round(v / 1024))} KB` },
              { title: t('cases.fileAdded'), dataIndex: 'addedAt', render: (v: string) => formatDateTime(v) },
            ]}
          />
        </Card>
      )}

      <Card title={t('cases.shares')} style={{ marginBottom: 16 }}>
        <Table<CaseShare>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.shares}
          locale={{ emptyText: t('cases.none') }}
          columns={[
            { title: t('cases.org'), dataIndex: 'orgName' },
            { title: t('cases.track'), dataIndex: 'kind', render: (v: string) => (v === 'transfer' ? t('cases.transferPolice') : v === 'joint' ? t('cases.joint') : t('cases.notice')) },
            { title: t('cases.status'), dataIndex: 'status', render: (v: string) => <Tag data-testid={`share-status`}>{l.share(v)}</Tag> },
            { title: t('cases.reason'), dataIndex: 'reason' },
            { title: '', key: 'ops', render: (_: unknown, s) => shareButtons(s) },
          ]}
        />
      </Card>

      {allowed.has('joint_note') && c.shares.some((s) => s.kind === 'joint') ? (
        <Card title={t('cases.jointNotes')} style={{ marginBottom: 16 }}>
          <Form
            form={noteForm}
            name="joint-note"
            layout="vertical"
            onFinish={async (v: { text: string; shareWith?: number[] }) => {
              if (await run(() => casesApi.jointNote(id, v.text, v.shareWith ?? []), noteForm)) noteForm.resetFields();
            }}
          >
            <Form.Item name="text" label={t('cases.jointNote')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            {c.partnerView ? null : (
              <Form.Item name="shareWith" label={t('cases.shareWith')}>
                <Select mode="multiple" options={c.shares.filter((s) => s.kind === 'joint').map((s) => ({ value: s.orgId, label: s.orgName }))} />
              </Form.Item>
            )}
            <Button htmlType="submit">{t('cases.addNote')}</Button>
          </Form>
        </Card>
      ) : null}

      <Card title={t('cases.timeline')} style={{ marginBottom: 16 }}>
        <Timeline
          items={c.events.map((e) => ({
            children: (
              <span>
                <Typography.Text strong>{l.event(e.action)}</Typography.Text>
                {`  ${formatDateTime(e.at)}  ${e.actorName ?? ''}${e.actorOrgName ? `（${e.actorOrgName}）` : ''}`}
                {e.reason ? <div>{e.reason}</div> : null}
                {typeof e.data?.file === 'string' ? <div>{`${t('cases.fileName')}：${e.data.file}`}</div> : null}
              </span>
            ),
          }))}
        />
      </Card>

      {c.partnerView ? null : (
        <Card title={t('cases.reveals')} style={{ marginBottom: 16 }}>
          <Table
            rowKey="at"
            size="small"
            pagination={false}
            dataSource={c.reveals}
            locale={{ emptyText: t('cases.none') }}
            columns={[
              { title: t('cases.user'), dataIndex: 'username' },
              { title: t('cases.reason'), dataIndex: 'reason' },
              { title: '', dataIndex: 'at', render: (v: string) => formatDateTime(v) },
            ]}
          />
        </Card>
      )}

      <Modal
        open={!!ask}
        title={ask?.title}
        onCancel={() => setAsk(null)}
        okButtonProps={{ disabled: askReason.trim().length < 4 }}
        onOk={async () => {
          if (ask && (await run(() => ask.run(askReason.trim())))) setAsk(null);
        }}
      >
        <Input.TextArea rows={3} aria-label={t('cases.reason')} placeholder={ask?.title === t('cases.revealIdentity') ? t('cases.revealReason') : t('cases.reason')} value={askReason} onChange={(e) => setAskReason(e.target.value)} />
      </Modal>

      <FormModal<TransferValues, CaseDetail>
        open={transferOpen}
        title={t('cases.transferPolice')}
        name="police-transfer"
        keepValues
        onClose={() => setTransferOpen(false)}
        save={(v) => casesApi.policeTransfer(id, { policeOrgId: v.policeOrgId, reason: v.reason, lossFen: yuanToFen(v.lossYuan), includeIdentity: !!v.includeIdentity })}
        success={t('cases.done')}
        onSaved={refresh}
        before={<Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('cases.thresholdHint')} />}
      >
        <Form.Item name="policeOrgId" label={t('cases.police')} rules={[{ required: true }]}>
          <Select options={(partners.data ?? []).filter((o) => o.kind === 'police').map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="lossYuan" label={t('cases.lossYuan')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('cases.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        {c.hasReporter ? (
          <Form.Item name="includeIdentity" valuePropName="checked">
            <Checkbox>{t('cases.includeIdentity')}</Checkbox>
          </Form.Item>
        ) : null}
      </FormModal>

      <AgencyMessageModal open={jointOpen} title={t('cases.joint')} name="case-joint" agencies={partners.data ?? []} onClose={() => setJointOpen(false)} save={(v) => casesApi.joint(id, v.orgIds, v.message)} onSaved={refresh} />

      <FormModal<{ dueOn: Dayjs; requirement: string }, CaseDetail>
        open={superviseOpen}
        title={t('cases.supervise')}
        name="case-supervise"
        keepValues
        onClose={() => setSuperviseOpen(false)}
        save={(v) => casesApi.supervise(id, v.dueOn.format('YYYY-MM-DD'), v.requirement)}
        success={t('cases.done')}
        onSaved={refresh}
      >
        <Form.Item name="dueOn" label={t('cases.superviseDue')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="requirement" label={t('cases.requirement')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </FormModal>

      <FormModal<{ text: string }, CaseDetail>
        open={progressOpen}
        title={t('cases.reportProgress')}
        name="case-progress"
        keepValues
        onClose={() => setProgressOpen(false)}
        save={(v) => casesApi.reportProgress(id, v.text)}
        success={t('cases.done')}
        onSaved={refresh}
      >
        <Form.Item name="text" label={t('cases.progress')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </FormModal>

      <AgencyMessageModal open={noticeOpen} title={t('cases.notice')} name="case-notice" agencies={partners.data ?? []} onClose={() => setNoticeOpen(false)} save={(v) => casesApi.notice(id, v.orgIds, v.message)} onSaved={refresh} />
    </>
  );
}

/** A message to chosen partner agencies (案情通报, 联合办案). */
function AgencyMessageModal(props: { open: boolean; title: string; name: string; agencies: { id: number; name: string }[]; onClose: () => void; save: (values: AgencyMessage) => Promise<CaseDetail>; onSaved: (d: CaseDetail) => void }) {
  const { t } = useCaseLabels();
  return (
    <FormModal<AgencyMessage, CaseDetail> open={props.open} title={props.title} name={props.name} keepValues onClose={props.onClose} save={props.save} success={t('cases.done')} onSaved={props.onSaved}>
      <Form.Item name="orgIds" label={t('cases.agencies')} rules={[{ required: true }]}>
        <Select mode="multiple" options={props.agencies.map((o) => ({ value: o.id, label: o.name }))} />
      </Form.Item>
      <Form.Item name="message" label={t('cases.message')} rules={[{ required: true }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
