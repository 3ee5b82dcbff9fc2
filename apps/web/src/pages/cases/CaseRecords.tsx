import type { ReactNode } from 'react';
import { Button, Card, Space, Table, Tag, Timeline, Typography } from 'antd';
import { clockExtend, formatDateTime, identityReveal, transferStepInput, type CaseDetail, type CaseShare, type ClockView, type ReporterInput } from '@shangmi/shared';
import { maxLengthOf } from '../../lib/forms';
import { casesApi, type TransferStep } from '../../api/cases';
import { downloadExport } from '../../api/client';
import { useErrorHandler } from '../../lib/errors';
import type { AskFor, RunStep } from './CaseDialogs';
import { Identity } from './CaseFacts';
import { ClockStateTag, DueDate, useCaseLabels } from './labels';

/** The time limits running on the case; an approver may extend a lead's verification by 15 working days. */
export function CaseClocks({ c, canApprove, askFor }: { c: CaseDetail; canApprove: boolean; askFor: AskFor }) {
  const l = useCaseLabels();
  const { t } = l;
  const allowed = new Set(c.allowed);
  return (
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
                <Button size="small" onClick={() => askFor(t('cases.extend'), (reason) => casesApi.extend(c.id, k.id, 15, reason), maxLengthOf(clockExtend.shape.reason))}>
                  {t('cases.extend')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

/** Evidence, documents and material the reporter added; each downloads under the case's permission. */
export function CaseFiles({ c }: { c: CaseDetail }) {
  const { t } = useCaseLabels();
  const onError = useErrorHandler();
  return (
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
              <Button type="link" style={{ padding: 0 }} onClick={() => downloadExport(casesApi.filePath(c.id, f.id), {}, v).catch(onError)}>
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
  );
}

/**
 * Transfers, notices and joint-case memberships, with the steps open to the viewer: the bureau approves and hands over a
 * transfer; the partner agency acknowledges, accepts or rejects, and may open the reporter's identity when approved.
 */
export function CaseShares(props: { c: CaseDetail; canApprove: boolean; identity: ReporterInput | null; onIdentity: (who: ReporterInput) => void; run: RunStep; askFor: AskFor }) {
  const { c, canApprove, identity, run, askFor } = props;
  const l = useCaseLabels();
  const { t } = l;
  const allowed = new Set(c.allowed);
  const id = c.id;

  const shareButtons = (s: CaseShare) => {
    const b: { step: TransferStep; label: string }[] = [];
    let extra: ReactNode = null;
    if (c.partnerView) {
      if (s.kind === 'notice' && s.status === 'sent') return <Button size="small" onClick={() => run(() => casesApi.acknowledgeNotice(id, s.id))}>{t('cases.ack')}</Button>;
      if (s.kind === 'transfer' && ['handed_over', 'reconsideration'].includes(s.status)) b.push({ step: 'acknowledge', label: t('cases.ack') });
      if (s.kind === 'transfer' && ['handed_over', 'acknowledged', 'reconsideration'].includes(s.status)) b.push({ step: 'police_accept', label: t('cases.policeAccept') }, { step: 'police_reject', label: t('cases.policeReject') });
      if (s.kind === 'transfer' && s.identityApproved && allowed.has('transfer_identity')) {
        extra = identity ? (
          <Identity identity={identity} />
        ) : (
          <Button size="small" onClick={() => askFor(t('cases.revealIdentity'), async (reason) => props.onIdentity(await casesApi.partnerReveal(id, s.id, reason)), maxLengthOf(identityReveal.shape.reason))}>
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
          <Button key={x.step} size="small" onClick={() => askFor(x.label, (reason) => casesApi.transferStep(id, s.id, x.step, reason), maxLengthOf(transferStepInput.shape.reason))}>
            {x.label}
          </Button>
        ))}
        {extra}
      </Space>
    );
  };

  return (
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
  );
}

/** What happened to the case, oldest first, with who did it and why. */
export function CaseTimeline({ c }: { c: CaseDetail }) {
  const l = useCaseLabels();
  const { t } = l;
  return (
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
  );
}

/** Every opening of the reporter's sealed identity: who and why. */
export function CaseReveals({ c }: { c: CaseDetail }) {
  const { t } = useCaseLabels();
  return (
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
  );
}
