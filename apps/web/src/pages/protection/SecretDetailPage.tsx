import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { App, Button, Card, Col, Descriptions, Empty, Flex, List, Popconfirm, Row, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { FileZipOutlined, LinkOutlined, PlusOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, SECRET_EVENT_LABELS, type Knower, type SecretMeasure, type SecretProof } from '@shangmi/shared';
import { protectionApi } from '../../api/protection';
import { Can } from '../../lib/access';
import { errorText } from '../../lib/errors';
import { fenToYuan } from '../../lib/money';
import { useI18n, useT } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { LEVEL_COLORS, NoticeStatusTag, ReadinessBar, SecretStatusTag, useProtectionLabels } from './labels';
import { NoticeSendModal } from './NoticeSendModal';
import { SecretDrawer } from './SecretDrawer';
import { DepositForSecretModal, KnowersModal, LinkProofsModal, MeasureModal } from './SecretParts';

type Dialog = 'edit' | 'measure' | 'link' | 'deposit' | 'knowers' | 'notice' | null;

/** One secret: what it is (described), how ready its protection is, its measures, proofs, people, notices and history. */
export default function SecretDetailPage() {
  const id = Number(useParams().id);
  const t = useT();
  const { pick } = useI18n();
  const l = useProtectionLabels();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const detail = useQuery({ queryKey: ['protection', 'secret', id], queryFn: ({ signal }) => protectionApi.secret(id, signal) });
  const catalog = useQuery({ queryKey: ['protection', 'catalog'], queryFn: ({ signal }) => protectionApi.catalog(signal), staleTime: Infinity });
  const act = useMutation({
    mutationFn: (fn: () => Promise<unknown>) => fn(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['protection'] }),
    onError: (e) => message.error(errorText(e, t('common.loadFailed'))),
  });
  const pack = useMutation({
    mutationFn: () => protectionApi.downloadPack(id),
    onSuccess: () => message.success(t('protection.packDone')),
    onError: (e) => message.error(errorText(e, t('common.loadFailed'))),
  });

  if (detail.isError) return <QueryError error={detail.error} />;
  if (!detail.data) return <FullPageSpinner />;
  const d = detail.data;
  const s = d.secret;
  const requirement = (rid: string) => {
    const r = catalog.data?.items.find((x) => x.id === rid);
    return r ? pick(r.text.zh, r.text.en) : rid;
  };
  const close = () => setDialog(null);
  const rp = d.readiness.people;

  return (
    <>
      <PageHeader
        title={s.name}
        extra={
          <>
            <Link to="/protection">{t('protection.detailBack')}</Link>
            <Can perm="protection:manage">
              <Button onClick={() => setDialog('edit')}>{t('protection.edit')}</Button>
              {s.status === 'active' ? <Button onClick={() => act.mutate(() => protectionApi.review(id, null).then(() => message.success(t('protection.reviewDone'))))}>{t('protection.review')}</Button> : null}
            </Can>
            <Button type="primary" icon={<FileZipOutlined aria-hidden />} loading={pack.isPending} onClick={() => pack.mutate()} title={t('protection.packHint')}>
              {t('protection.pack')}
            </Button>
          </>
        }
      >
        <Space size={4} style={{ marginTop: 8 }}>
          {s.code ? <Tag>{s.code}</Tag> : null}
          <Tag color={LEVEL_COLORS[s.level]}>{l.level(s.level)}</Tag>
          <SecretStatusTag status={s.status} />
        </Space>
      </PageHeader>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('protection.category')}>{`${l.category(s.category)} · ${l.subKind(s.category, s.subKind)}`}</Descriptions.Item>
              <Descriptions.Item label={t('protection.custodian')}>{[s.department, s.custodianName].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('protection.createdOn')}>{s.createdOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('protection.nextReview')}>{`${s.nextReviewOn ?? '—'}（${s.reviewMonths}）`}</Descriptions.Item>
              <Descriptions.Item label={t('protection.carriers')} span={2}>
                {s.carriers.map((c) => [l.carrierKind(c.kind), c.description, c.location].filter(Boolean).join(' · ')).join('；') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('protection.advantages')} span={2}>
                {[...s.value.advantages.map((a) => l.p(l.rules?.advantages.find((x) => x.value === a)?.label ?? { zh: a, en: a })), s.value.developmentCostFen ? fenToYuan(s.value.developmentCostFen) : null].filter(Boolean).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('protection.notPublic')} span={2}>
                {s.value.notPublic.map((a) => l.p(l.rules?.notPublic.find((x) => x.value === a)?.label ?? { zh: a, en: a })).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('protection.summary')} span={2}>
                {s.summary ?? '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('protection.readinessTitle')}>
            <Flex align="center" gap={12}>
              <Typography.Title level={2} style={{ margin: 0 }} data-testid="readiness-score">
                {d.readiness.score}
              </Typography.Title>
              <ReadinessBar score={d.readiness.score} width={220} />
            </Flex>
            <Typography.Text type="secondary">{t('protection.peopleSummary', { knowers: rp.knowers, agreement: rp.withAgreement, ack: rp.acknowledged })}</Typography.Text>
            <Typography.Paragraph strong style={{ margin: '8px 0 4px' }}>
              {t('protection.gaps')} ({d.readiness.gaps.length})
            </Typography.Paragraph>
            {d.readiness.gaps.length ? (
              // the weightiest first (the engine orders them); the rest are counted, not listed
              <List size="small" dataSource={d.readiness.gaps.slice(0, 8)} renderItem={(g) => <List.Item>{requirement(g.requirementId)}</List.Item>} footer={d.readiness.gaps.length > 8 ? '…' : undefined} />
            ) : (
              <Typography.Text type="success">{t('protection.noGaps')}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
      <Card style={{ marginTop: 12 }}>
        <Tabs
          items={[
            {
              key: 'measures',
              label: `${t('protection.measures')} (${d.measures.length})`,
              children: (
                <>
                  <Can perm="protection:manage">
                    <Button icon={<PlusOutlined aria-hidden />} onClick={() => setDialog('measure')} style={{ marginBottom: 8 }}>
                      {t('protection.addMeasure')}
                    </Button>
                  </Can>
                  <Table<SecretMeasure>
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={d.measures}
                    columns={[
                      { title: t('protection.measure'), render: (_, m) => (m.text ? pick(m.text.zh, m.text.en) : m.requirementId) },
                      { title: t('protection.takenOn'), dataIndex: 'takenOn', width: 110 },
                      {
                        title: t('protection.evidence'),
                        render: (_, m) =>
                          m.evidenceKind === 'proof'
                            ? `${m.proofTitle ?? ''} ${m.proofLogIndex === null ? t('protection.pendingLog') : t('protection.proofIndex', { n: m.proofLogIndex })}`
                            : m.evidenceKind === 'record'
                              ? `${l.recordKind(m.recordKind!)} · ${m.recordLabel ?? ''}`
                              : t('protection.evidenceNone'),
                      },
                      { title: t('protection.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
                      {
                        title: t('common.actions'),
                        width: 80,
                        render: (_, m) => (
                          <Can perm="protection:manage">
                            <Popconfirm title={t('protection.removeMeasure')} onConfirm={() => act.mutate(() => protectionApi.removeMeasure(id, m.id))}>
                              <Button size="small" type="link" danger>
                                {t('common.delete')}
                              </Button>
                            </Popconfirm>
                          </Can>
                        ),
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'proofs',
              label: `${t('protection.proofs')} (${d.proofs.length})`,
              children: (
                <>
                  <Can perm="protection:manage">
                    <Space style={{ marginBottom: 8 }}>
                      <Button icon={<LinkOutlined aria-hidden />} onClick={() => setDialog('link')}>
                        {t('protection.linkProofs')}
                      </Button>
                      <Button icon={<UploadOutlined aria-hidden />} onClick={() => setDialog('deposit')}>
                        {t('protection.depositNew')}
                      </Button>
                    </Space>
                  </Can>
                  <Table<SecretProof>
                    rowKey="proofId"
                    size="small"
                    pagination={false}
                    dataSource={d.proofs}
                    columns={[
                      { title: t('proofs.name'), dataIndex: 'title' },
                      { title: t('proofs.index'), dataIndex: 'logIndex', width: 100, render: (v: number | null) => (v === null ? t('protection.pendingLog') : `#${v}`) },
                      { title: t('proofs.integratedAt'), dataIndex: 'integratedAt', width: 170, render: (v: string | null) => formatDateTime(v) },
                      { title: t('protection.source'), dataIndex: 'source', width: 130, render: (v: SecretProof['source']) => t(v === 'link' ? 'protection.sourceLink' : v === 'deposit' ? 'protection.sourceDeposit' : 'protection.sourceLegacy') },
                      {
                        title: t('common.actions'),
                        width: 100,
                        render: (_, p) => (
                          <Can perm="protection:manage">
                            <Button size="small" type="link" onClick={() => act.mutate(() => protectionApi.unlinkProof(id, p.proofId))}>
                              {t('protection.unlink')}
                            </Button>
                          </Can>
                        ),
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'people',
              label: `${t('protection.knowers')} (${d.knowers.length})`,
              children: (
                <>
                  <Can perm="protection:manage">
                    <Space style={{ marginBottom: 8 }}>
                      <Button icon={<PlusOutlined aria-hidden />} onClick={() => setDialog('knowers')}>
                        {t('protection.addKnowers')}
                      </Button>
                      <Button icon={<SendOutlined aria-hidden />} onClick={() => setDialog('notice')}>
                        {t('protection.sendNotice')}
                      </Button>
                    </Space>
                  </Can>
                  <Table<Knower>
                    rowKey="personId"
                    size="small"
                    pagination={false}
                    dataSource={d.knowers}
                    columns={[
                      { title: t('protection.personName'), render: (_, k) => <Link to={`/protection/people/${k.personId}`}>{k.name}</Link> },
                      { title: t('protection.personKind'), render: (_, k) => l.personKind(k.kind) },
                      { title: t('protection.department'), render: (_, k) => k.department ?? k.organisation ?? '—' },
                      { title: t('protection.agreement'), dataIndex: 'agreementSignedOn', render: (v: string | null) => v ?? '—' },
                      { title: t('protection.acknowledgedAt'), dataIndex: 'acknowledgedAt', render: (v: string | null) => formatDateTime(v) || '—' },
                      {
                        title: t('protection.personStatus'),
                        render: (_, k) =>
                          k.status === 'departed' ? <Tag color={k.departureComplete ? 'default' : 'warning'}>{t(k.departureComplete ? 'protection.departureDone' : 'protection.departureOpen')}</Tag> : t('protection.statusActive'),
                      },
                      {
                        title: t('common.actions'),
                        width: 80,
                        render: (_, k) => (
                          <Can perm="protection:manage">
                            <Button size="small" type="link" onClick={() => act.mutate(() => protectionApi.changeKnowers(id, { remove: [k.personId] }))}>
                              {t('protection.removeKnower')}
                            </Button>
                          </Can>
                        ),
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'notices',
              label: `${t('protection.menuNotices')} (${d.notices.length})`,
              children: d.notices.length ? (
                <List
                  size="small"
                  dataSource={d.notices}
                  renderItem={(n) => (
                    <List.Item>
                      <Space>
                        <span>{n.personName}</span>
                        <NoticeStatusTag status={n.status} />
                        <Typography.Text type="secondary">
                          {formatDateTime(n.sentAt)}
                          {n.acknowledgedAt ? ` → ${formatDateTime(n.acknowledgedAt)}` : ''}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              ) : (
                <Empty />
              ),
            },
            {
              key: 'history',
              label: t('protection.history'),
              children: <Timeline items={d.history.map((h) => ({ children: `${formatDateTime(h.at)} · ${h.userName ?? ''} · ${l.p(SECRET_EVENT_LABELS[h.action] ?? { zh: h.action, en: h.action })}` }))} />,
            },
          ]}
        />
      </Card>
      <SecretDrawer open={dialog === 'edit'} onClose={close} secret={s} />
      {dialog === 'measure' ? <MeasureModal open onClose={close} detail={d} /> : null}
      <LinkProofsModal open={dialog === 'link'} onClose={close} detail={d} />
      {dialog === 'deposit' ? <DepositForSecretModal open onClose={close} secretId={id} /> : null}
      <KnowersModal open={dialog === 'knowers'} onClose={close} detail={d} />
      <NoticeSendModal open={dialog === 'notice'} onClose={close} secretIds={[id]} personIds={d.knowers.filter((k) => k.status === 'active').map((k) => k.personId)} />
    </>
  );
}
