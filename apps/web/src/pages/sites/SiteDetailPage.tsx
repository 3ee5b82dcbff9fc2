import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Image, Popconfirm, Result, Row, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, AuditOutlined, EditOutlined, PaperClipOutlined, PrinterOutlined, RollbackOutlined, SendOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { fieldLabel, formatDateTime, SITE_PATH, type SiteDetail, type SiteEvent, type SiteStatus } from '@shangmi/shared';
import { ApiError } from '../../api/client';
import { sitesApi } from '../../api/sites';
import { useDict } from '../../lib/dicts';
import { useI18n, useT } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { useRegionOptions } from '../../components/useRegionOptions';
import { PhotosModal, StaffModal, StatusModal } from './SiteModals';
import { SiteFormModal } from './SiteFormModal';
import { DecisionModal, SubmitModal, WithdrawModal } from './SiteAcceptanceModals';
import { AcceptanceTag, SiteKindTag, SiteStatusTag, useSiteLabels } from '../../components/sites/labels';

const EVENT_COLORS: Partial<Record<SiteEvent['action'], string>> = {
  created: 'blue',
  submitted: 'blue',
  district_passed: 'green',
  city_approved: 'green',
  district_returned: 'red',
  city_returned: 'red',
  withdrawn: 'gray',
  status_changed: 'orange',
};

/** The site's timeline, newest first: what happened, between which statuses, why, with which files, by whom. */
function SiteTimeline({ d }: { d: SiteDetail }) {
  const t = useT();
  const { locale } = useI18n();
  const l = useSiteLabels();
  const onError = useErrorHandler();
  const files = new Map(d.files.map((f) => [f.id, f]));
  if (!d.events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      items={d.events.map((ev) => {
        const returned = ev.action === 'district_returned' || ev.action === 'city_returned';
        let detail: ReactNode = ev.comment;
        if (ev.action === 'updated' && ev.changed.length) detail = t('sites.changed', { fields: ev.changed.map((f) => fieldLabel(f, locale)).join(locale === 'en-US' ? ', ' : '、') });
        return {
          key: ev.id,
          color: EVENT_COLORS[ev.action] ?? 'gray',
          content: (
            <Flex vertical gap={2} data-event={ev.action}>
              <span>
                <Typography.Text strong>{l.event(ev.action)}</Typography.Text>
                {ev.fromStatus && ev.toStatus ? (
                  <Typography.Text type="secondary">
                    {'  '}
                    {l.status(ev.fromStatus)} → {l.status(ev.toStatus)}
                  </Typography.Text>
                ) : null}
              </span>
              {detail ? (
                <Typography.Text type={returned ? 'danger' : undefined} style={{ whiteSpace: 'pre-wrap' }}>
                  {returned ? t('sites.returnedBecause', { reason: String(detail) }) : detail}
                </Typography.Text>
              ) : null}
              {ev.fileIds.length ? (
                <Flex wrap gap={4} align="center">
                  <Typography.Text type="secondary">{t('sites.files', { n: ev.fileIds.length })}</Typography.Text>
                  {ev.fileIds.slice(0, 6).map((id) => {
                    const f = files.get(id);
                    return f ? (
                      <Button key={id} type="link" size="small" icon={<PaperClipOutlined aria-hidden />} style={{ padding: 0, height: 'auto' }} onClick={() => sitesApi.downloadFile(d.id, id, f.name).catch(onError)}>
                        {f.name}
                      </Button>
                    ) : (
                      <Tag key={id}>#{id}</Tag>
                    );
                  })}
                </Flex>
              ) : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[ev.userName, ev.orgName, formatDateTime(ev.at)].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Flex>
          ),
        };
      })}
    />
  );
}

/** The open, returned or approved acceptance with its scores, and the actions the caller may take. */
function AcceptancePanel({ d, onReview, onApprove, onWithdraw }: { d: SiteDetail; onReview: () => void; onApprove: () => void; onWithdraw: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const a = d.acceptances[0];
  if (!a) return null;
  const std = d.standard;
  return (
    <Card
      title={
        <Space>
          <span>{t('sites.acceptanceTitle')}</span>
          <AcceptanceTag state={a.state} />
        </Space>
      }
      extra={
        <Space>
          {d.allowed.withdraw ? (
            <Button danger icon={<RollbackOutlined aria-hidden />} onClick={onWithdraw}>
              {t('sites.withdraw')}
            </Button>
          ) : null}
          {d.allowed.review ? (
            <Button type="primary" icon={<AuditOutlined aria-hidden />} onClick={onReview}>
              {t('sites.reviewAction')}
            </Button>
          ) : null}
          {d.allowed.approve ? (
            <Button type="primary" icon={<AuditOutlined aria-hidden />} onClick={onApprove}>
              {t('sites.approveAction')}
            </Button>
          ) : null}
          {a.state === 'approved' ? (
            <Button icon={<PrinterOutlined aria-hidden />} onClick={() => navigate(`/sites/${d.id}/certificate`)}>
              {t('sites.certificate')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {a.state === 'withdrawn' ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('sites.withdrawnBecause', { reason: a.returnReason ?? '' })} /> : null}
      {a.state === 'returned' ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('sites.returnedBecause', { reason: a.returnReason ?? '' })} /> : null}
      {a.state === 'approved' ? <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('sites.accreditedAlert', { plaque: a.plaqueNo ?? '' })} /> : null}
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('sites.submittedBy')}>{`${a.submittedByName ?? ''} ${formatDateTime(a.submittedAt)}`}</Descriptions.Item>
        <Descriptions.Item label={t('sites.selfTotal')}>{`${a.selfTotal} / ${std?.totalScore ?? ''}（${t('sites.passScore')} ${a.passScore}）`}</Descriptions.Item>
        <Descriptions.Item label={t('sites.districtTotal')}>{a.districtTotal ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('sites.statement')} span={3}>
          {a.statement}
        </Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={a.items}
        columns={[
          { title: t('sites.itemCode'), dataIndex: 'code', width: 60 },
          { title: t('sites.itemTitle'), key: 't', render: (_, it) => std?.items.find((i) => i.code === it.code)?.title ?? it.code },
          { title: t('sites.selfScore'), dataIndex: 'selfScore', width: 80 },
          { title: t('sites.districtScore'), key: 'ds', width: 90, render: (_, it) => it.districtScore ?? '—' },
          { title: t('sites.evidence'), key: 'f', width: 80, render: (_, it) => it.fileIds.length },
        ]}
      />
    </Card>
  );
}

export default function SiteDetailPage() {
  const t = useT();
  const l = useSiteLabels();
  const { id: rawId } = useParams();
  const id = Number(rawId);
  const valid = Number.isInteger(id) && id > 0;
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const regions = useRegionOptions();
  const hostKinds = useDict('site_host_kind');
  const services = useDict('site_service');
  const [editing, setEditing] = useState(false);
  const [statusTo, setStatusTo] = useState<SiteStatus | null>(null);
  const [staff, setStaff] = useState(false);
  const [photos, setPhotos] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [deciding, setDeciding] = useState<'district' | 'city' | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const query = useQuery({ queryKey: ['sites', 'detail', id], queryFn: ({ signal }) => sitesApi.get(id, signal), enabled: valid });
  const d = query.data;

  if (!valid || (query.error instanceof ApiError && query.error.status === 404)) {
    return <Result status="404" title={t('sites.notFound')} extra={<Button onClick={() => navigate('/sites')}>{t('common.back')}</Button>} />;
  }
  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (!d) return <FullPageSpinner />;

  const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);
  const step = (SITE_PATH as readonly string[]).indexOf(d.status);
  const photoFiles = d.files.filter((f) => f.purpose === 'photo');

  return (
    <>
      <PageHeader
        title={d.name}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate('/sites')}>
              {t('common.back')}
            </Button>
            {d.allowed.edit ? (
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            ) : null}
            {d.allowed.statusTo.map((to) => (
              <Button key={to} onClick={() => setStatusTo(to)}>
                {t('sites.toStatus', { status: l.status(to) })}
              </Button>
            ))}
            {d.allowed.submit && d.standard ? (
              <Button type="primary" icon={<SendOutlined aria-hidden />} onClick={() => setSubmitting(true)}>
                {t('sites.submit')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex vertical gap={16}>
        <Card>
          <Flex vertical gap={12}>
            <Steps
              current={step >= 0 ? step : undefined}
              status={d.status === 'revoked' ? 'error' : d.status === 'suspended' ? 'wait' : d.status === 'operating' ? 'finish' : 'process'}
              items={SITE_PATH.map((s) => ({ title: l.status(s) }))}
            />
            {d.status === 'suspended' || d.status === 'revoked' ? <Alert type={d.status === 'revoked' ? 'error' : 'warning'} showIcon title={t('sites.offPath', { status: l.status(d.status) })} /> : null}
          </Flex>
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Flex vertical gap={16}>
              <Card title={t('sites.info')}>
                <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
                  <Descriptions.Item label={t('sites.kind')}>
                    <SiteKindTag kind={d.kind} /> {l.level(d.level)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('sites.status')}>
                    <SiteStatusTag status={d.status} />
                    <Typography.Text type="secondary">{formatDateTime(d.statusChangedAt)}</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('sites.parent')}>{d.parentSiteId ? <Link to={`/sites/${d.parentSiteId}`}>{d.parentSiteName}</Link> : '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('sites.district')}>{dash(regions.districtLabel(d.districtCode))}</Descriptions.Item>
                  <Descriptions.Item label={t('sites.park')}>{dash(d.parkId ? regions.parkLabel(d.parkId) : null)}</Descriptions.Item>
                  <Descriptions.Item label={t('sites.host')}>
                    {dash(d.hostName)}
                    {d.hostKind ? <Typography.Text type="secondary">{`（${hostKinds.label(d.hostKind)}）`}</Typography.Text> : null}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('sites.address')} span={2}>
                    {dash(d.address)}
                    {d.lng !== null && d.lat !== null ? <Typography.Text type="secondary">{`  ${d.lng}, ${d.lat}`}</Typography.Text> : null}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('sites.contactName')}>{dash(d.contactName)}</Descriptions.Item>
                  <Descriptions.Item label={t('sites.contactPhone')}>{dash(d.contactPhone)}</Descriptions.Item>
                  <Descriptions.Item label={t('sites.contactEmail')}>{dash(d.contactEmail)}</Descriptions.Item>
                  <Descriptions.Item label={t('sites.hours')}>{dash(d.hours)}</Descriptions.Item>
                  <Descriptions.Item label={t('sites.services')} span={2}>
                    {d.services.length ? d.services.map((s) => <Tag key={s} color="blue">{services.label(s)}</Tag>) : '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('sites.plaqueNo')}>{dash(d.plaqueNo)}</Descriptions.Item>
                  <Descriptions.Item label={t('sites.accreditedAt')}>{d.accreditedAt ? formatDateTime(d.accreditedAt).slice(0, 10) : '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('sites.intro')} span={2}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{dash(d.intro)}</span>
                  </Descriptions.Item>
                </Descriptions>
              </Card>
              <AcceptancePanel d={d} onReview={() => setDeciding('district')} onApprove={() => setDeciding('city')} onWithdraw={() => setWithdrawing(true)} />
              <Card title={t('sites.children')}>
                {d.children.length ? (
                  <Flex wrap gap={8}>
                    {d.children.map((c) => (
                      <Tag key={c.id}>
                        <Link to={`/sites/${c.id}`}>{`${l.kind(c.kind)} · ${c.name}`}</Link> · {l.status(c.status)}
                      </Tag>
                    ))}
                  </Flex>
                ) : (
                  <Typography.Text type="secondary">{t('sites.noChildren')}</Typography.Text>
                )}
              </Card>
              <Card
                title={t('sites.staff')}
                extra={
                  d.allowed.addStaff ? (
                    <Button size="small" icon={<UserAddOutlined aria-hidden />} onClick={() => setStaff(true)}>
                      {t('sites.addStaff')}
                    </Button>
                  ) : null
                }
              >
                {d.staff.length ? (
                  <Flex wrap gap={8}>
                    {d.staff.map((u) => (
                      <Tag key={u.id} color={u.status === 'active' ? 'blue' : 'default'}>{`${u.displayName}（${u.username}）`}</Tag>
                    ))}
                  </Flex>
                ) : (
                  <Typography.Text type="secondary">{t('sites.noStaff')}</Typography.Text>
                )}
              </Card>
              <Card
                title={t('sites.photos')}
                extra={
                  d.allowed.edit ? (
                    <Button size="small" icon={<UploadOutlined aria-hidden />} onClick={() => setPhotos(true)}>
                      {t('sites.addPhotos')}
                    </Button>
                  ) : null
                }
              >
                {photoFiles.length ? (
                  <Image.PreviewGroup>
                    <Flex wrap gap={8}>
                      {photoFiles.map((f) => (
                        <Flex key={f.id} vertical align="center" gap={4}>
                          <Image width={140} height={100} style={{ objectFit: 'cover' }} src={sitesApi.fileUrl(d.id, f.id)} alt={f.name} />
                          {d.allowed.edit ? (
                            <Popconfirm title={t('sites.removePhotoConfirm')} onConfirm={() => sitesApi.removePhoto(d.id, f.id).then(() => queryClient.invalidateQueries({ queryKey: ['sites'] }), onError)}>
                              <Button type="link" size="small" danger>
                                {t('common.delete')}
                              </Button>
                            </Popconfirm>
                          ) : null}
                        </Flex>
                      ))}
                    </Flex>
                  </Image.PreviewGroup>
                ) : (
                  <Typography.Text type="secondary">{t('sites.noPhotos')}</Typography.Text>
                )}
              </Card>
            </Flex>
          </Col>
          <Col xs={24} xl={9}>
            <Card title={t('sites.timeline')}>
              <SiteTimeline d={d} />
            </Card>
          </Col>
        </Row>
      </Flex>
      <SiteFormModal open={editing} site={d} onClose={() => setEditing(false)} />
      <StatusModal site={d} to={statusTo} onClose={() => setStatusTo(null)} />
      <StaffModal site={d} open={staff} onClose={() => setStaff(false)} />
      <PhotosModal site={d} open={photos} onClose={() => setPhotos(false)} />
      <SubmitModal site={d} open={submitting} onClose={() => setSubmitting(false)} />
      <WithdrawModal site={d} open={withdrawing} onClose={() => setWithdrawing(false)} />
      <DecisionModal site={d} level={deciding ?? 'district'} open={!!deciding} onClose={() => setDeciding(null)} />
    </>
  );
}
