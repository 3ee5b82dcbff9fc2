import { useState } from 'react';
import { App, Button, Card, Space, Table, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { formatDateTime, type GrantedPart } from '@shangmi/shared';
import { protectionApi, type GrantedItem } from '../../api/protection';
import { errorText } from '../../lib/errors';
import { useI18n, useT } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { GrantStatusTag, useProtectionLabels } from './labels';

/** 企业开放档案: what enterprises opened to the caller's organisation (or to them by name); each view is logged for the enterprise. */
export default function GrantedPage() {
  const t = useT();
  const l = useProtectionLabels();
  const { message } = App.useApp();
  const [shown, setShown] = useState<GrantedPart | null>(null);
  const list = useQuery({ queryKey: ['protection', 'granted'], queryFn: ({ signal }) => protectionApi.granted(signal) });
  const view = useMutation({
    mutationFn: ({ id, part }: { id: number; part: string }) => protectionApi.viewGranted(id, part),
    onSuccess: setShown,
    onError: (e) => message.error(errorText(e, t('common.loadFailed'))),
  });
  return (
    <>
      <PageHeader title={t('protection.grantedTitle')} />
      <Card>
        <Table<GrantedItem>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          columns={[
            { title: t('protection.enterprise'), dataIndex: 'enterpriseName' },
            { title: t('protection.purpose'), dataIndex: 'purpose' },
            { title: t('protection.validUntil'), width: 110, render: (_, g) => formatDateTime(g.validUntil).slice(0, 10) },
            { title: t('protection.grantStatus'), width: 90, render: (_, g) => <GrantStatusTag status={g.status} /> },
            {
              title: t('protection.parts'),
              render: (_, g) => (
                <Space wrap size={4}>
                  {g.parts.map((p) => (
                    <Button key={p} size="small" disabled={g.status !== 'active'} onClick={() => view.mutate({ id: g.id, part: p })}>
                      {l.part(p)}
                    </Button>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {shown ? <GrantedPartCard part={shown} /> : null}
    </>
  );
}

function GrantedPartCard({ part }: { part: GrantedPart }) {
  const t = useT();
  const { pick } = useI18n();
  const l = useProtectionLabels();
  const rows: Record<string, unknown>[] = (part.register ?? part.measures ?? part.people ?? part.acknowledgements ?? part.departures ?? []) as Record<string, unknown>[];
  const columns =
    part.part === 'register'
      ? [
          { title: t('protection.code'), dataIndex: 'code' },
          { title: t('protection.name'), dataIndex: 'name' },
          { title: t('protection.category'), render: (_: unknown, r: Record<string, unknown>) => `${l.category(String(r.category))} · ${l.subKind(String(r.category), String(r.subKind))}` },
          { title: t('protection.level'), render: (_: unknown, r: Record<string, unknown>) => l.level(String(r.level)) },
          { title: t('protection.readiness'), dataIndex: 'readiness' },
        ]
      : part.part === 'measures'
        ? [
            { title: t('protection.name'), dataIndex: 'secretName' },
            { title: t('protection.measure'), render: (_: unknown, r: Record<string, unknown>) => { const x = r.text as { zh: string; en: string } | null; return x ? pick(x.zh, x.en) : String(r.requirementId); } },
            { title: t('protection.takenOn'), dataIndex: 'takenOn' },
            { title: t('proofs.index'), dataIndex: 'proofLogIndex' },
          ]
        : part.part === 'people'
          ? [
              { title: t('protection.personName'), dataIndex: 'name' },
              { title: t('protection.personKind'), render: (_: unknown, r: Record<string, unknown>) => l.personKind(String(r.kind)) },
              { title: t('protection.agreementSignedOn'), dataIndex: 'agreementSignedOn' },
              { title: t('protection.nonCompeteTo'), dataIndex: 'nonCompeteTo' },
              { title: t('protection.departedOn'), dataIndex: 'departedOn' },
            ]
          : part.part === 'acknowledgements'
            ? [
                { title: t('protection.personName'), dataIndex: 'personName' },
                { title: t('protection.noticeSecrets'), render: (_: unknown, r: Record<string, unknown>) => (r.secretNames as string[]).join('、') },
                { title: t('protection.acknowledgedAt'), render: (_: unknown, r: Record<string, unknown>) => formatDateTime(r.acknowledgedAt as string | null) },
                { title: t('proofs.index'), dataIndex: 'proofLogIndex' },
              ]
            : [
                { title: t('protection.personName'), dataIndex: 'personName' },
                { title: t('protection.departedOn'), dataIndex: 'departedOn' },
                { title: t('protection.departure'), render: (_: unknown, r: Record<string, unknown>) => (r.complete ? t('protection.departureDone') : t('protection.departureOpen')) },
              ];
  return (
    <Card style={{ marginTop: 12 }} title={`${part.grant.enterpriseName} · ${l.part(part.part)}`} data-testid="granted-part">
      <Typography.Paragraph type="secondary">{t('protection.grantsHint')}</Typography.Paragraph>
      <Table rowKey={(_, i) => String(i)} size="small" pagination={false} dataSource={rows} columns={columns} />
    </Card>
  );
}
