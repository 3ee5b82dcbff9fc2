import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Popconfirm, Progress, Result, Row, Space, Steps, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, AuditOutlined, EditOutlined, PaperClipOutlined, PlusOutlined, RollbackOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime, type CultivationDetail, type CultivationEvidence, type CultivationPlanItem } from '@shangmi/shared';
import { ApiError } from '../../api/client';
import { cultivationApi } from '../../api/cultivation';
import { usePermissions } from '../../lib/access';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { useIndustryTree } from '../../components/useIndustryTree';
import { useRegionOptions } from '../../components/useRegionOptions';
import { EntryModal } from '../../components/cultivation/EntryModal';
import { CompleteModal, EvidenceModal, PlanItemModal } from './CultivationPlanModals';
import { CultivationReadinessCard } from './CultivationReadinessCard';
import { DecisionModal, RequestModal } from './CultivationStageModals';
import { CultivationHistory } from '../../components/cultivation/CultivationHistory';
import { PATH_STAGES, ReviewTag, StageTag, useCultivationLabels } from '../../components/cultivation/labels';
import { useAction } from '../../components/useAction';
import { formatSize, todayInShanghai } from '../../lib/dates';

/** The open or returned request, with the actions the caller may take on it. */
function RequestPanel({ d, onReview, onApprove }: { d: CultivationDetail; onReview: () => void; onApprove: () => void }) {
  const t = useT();
  const l = useCultivationLabels();
  if (d.review === 'none' || !d.requestStage) return null;
  const what = d.requestStage === 'withdrawn' ? t('cultivation.pendingWithdraw') : t('cultivation.pendingNext', { stage: l.stage(d.requestStage) });
  if (d.review === 'returned') {
    return (
      <Alert
        type="error"
        showIcon
        title={t('cultivation.returnedTitle', { request: what })}
        description={
          <>
            <div>{t('cultivation.returnedReason', { reason: d.returnReason ?? '' })}</div>
            {d.returnedAt ? <Typography.Text type="secondary">{formatDateTime(d.returnedAt)}</Typography.Text> : null}
          </>
        }
      />
    );
  }
  return (
    <Alert
      type="warning"
      showIcon
      title={
        <Space wrap>
          <span>{what}</span>
          <ReviewTag review={d.review} requestStage={null} />
        </Space>
      }
      description={
        <Flex vertical gap={2}>
          {d.requestComment ? <div style={{ whiteSpace: 'pre-wrap' }}>{d.requestComment}</div> : null}
          <Typography.Text type="secondary">
            {t('cultivation.requestedBy', { name: d.requestedByName ?? '', time: formatDateTime(d.requestedAt) })}
            {d.districtReviewedAt ? `；${t('cultivation.districtPassedBy', { name: d.districtReviewedByName ?? '', time: formatDateTime(d.districtReviewedAt) })}` : ''}
          </Typography.Text>
        </Flex>
      }
      action={
        <Space>
          {d.allowed.review ? (
            <Button type="primary" icon={<AuditOutlined aria-hidden />} onClick={onReview}>
              {t('cultivation.reviewAction')}
            </Button>
          ) : null}
          {d.allowed.approve ? (
            <Button type="primary" icon={<AuditOutlined aria-hidden />} onClick={onApprove}>
              {t('cultivation.approveAction')}
            </Button>
          ) : null}
        </Space>
      }
    />
  );
}

export default function CultivationDetailPage() {
  const t = useT();
  const l = useCultivationLabels();
  const { id: rawId } = useParams();
  const id = Number(rawId);
  const valid = Number.isInteger(id) && id > 0;
  const navigate = useNavigate();
  const can = usePermissions();
  const onError = useErrorHandler();
  const act = useAction(['cultivation']);
  const regions = useRegionOptions();
  const industry = useIndustryTree();
  const kinds = useDict('enterprise_kind');
  const [editing, setEditing] = useState(false);
  const [requesting, setRequesting] = useState(false);
  const [deciding, setDeciding] = useState<'district' | 'city' | null>(null);
  const [planItem, setPlanItem] = useState<{ open: boolean; item: CultivationPlanItem | null }>({ open: false, item: null });
  const [completing, setCompleting] = useState<CultivationPlanItem | null>(null);
  const [addingEvidence, setAddingEvidence] = useState(false);

  const query = useQuery({ queryKey: ['cultivation', 'detail', id], queryFn: ({ signal }) => cultivationApi.get(id, signal), enabled: valid });
  const d = query.data;

  if (!valid || (query.error instanceof ApiError && query.error.status === 404)) {
    return <Result status="404" title={t('cultivation.notFound')} extra={<Button onClick={() => navigate('/cultivation')}>{t('common.back')}</Button>} />;
  }
  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (!d) return <FullPageSpinner />;


  const dash = (v: string | null | undefined) => v || '—';
  const today = todayInShanghai();
  const stepIndex = (PATH_STAGES as readonly string[]).indexOf(d.stage);

  const planColumns: TableColumnsType<CultivationPlanItem> = [
    {
      title: t('cultivation.planTitle'),
      key: 'title',
      render: (_, i) => (
        <Flex vertical>
          <span>{i.title}</span>
          {i.note ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {i.note}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('cultivation.planDue'),
      key: 'due',
      width: 110,
      render: (_, i) => (i.dueDate ? <Typography.Text type={!i.doneAt && i.dueDate < today ? 'danger' : undefined}>{i.dueDate}</Typography.Text> : '—'),
    },
    {
      title: t('cultivation.planStatus'),
      key: 'status',
      width: 200,
      render: (_, i) =>
        i.doneAt ? (
          <Flex vertical>
            <span>
              <Tag color="success">{t('cultivation.planDoneTag')}</Tag>
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('cultivation.planDoneBy', { name: i.doneByName ?? '', time: formatDateTime(i.doneAt).slice(0, 10) })}
            </Typography.Text>
            {i.doneNote ? <Typography.Text style={{ fontSize: 12 }}>{i.doneNote}</Typography.Text> : null}
          </Flex>
        ) : i.dueDate && i.dueDate < today ? (
          <Tag color="error">{t('cultivation.planOverdueTag')}</Tag>
        ) : (
          <Tag>{t('cultivation.planOpenTag')}</Tag>
        ),
    },
    ...(d.allowed.edit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 190,
            render: (_: unknown, i: CultivationPlanItem) => (
              <Space size={0} wrap>
                {i.doneAt ? (
                  <Button type="link" size="small" onClick={() => act(() => cultivationApi.reopenPlanItem(d.id, i.id), t('common.saved'))}>
                    {t('cultivation.planReopen')}
                  </Button>
                ) : (
                  <Button type="link" size="small" onClick={() => setCompleting(i)}>
                    {t('cultivation.planComplete')}
                  </Button>
                )}
                <Button type="link" size="small" onClick={() => setPlanItem({ open: true, item: i })}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('cultivation.planDeleteConfirm', { title: i.title })} onConfirm={() => act(() => cultivationApi.deletePlanItem(d.id, i.id), t('common.deleted'))}>
                  <Button type="link" size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const evidenceColumns: TableColumnsType<CultivationEvidence> = [
    {
      title: t('cultivation.evidenceFiles'),
      key: 'name',
      render: (_, f) => (
        <Flex vertical>
          <Button type="link" size="small" icon={<PaperClipOutlined aria-hidden />} style={{ padding: 0, height: 'auto', justifyContent: 'flex-start' }} onClick={() => cultivationApi.downloadEvidence(d.id, f.id, f.name).catch(onError)}>
            {f.name}
          </Button>
          {f.note ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {f.note}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { title: t('cultivation.evidenceStage'), key: 'stage', width: 110, render: (_, f) => <StageTag stage={f.stage} /> },
    { title: t('cultivation.uploadedBy'), key: 'by', width: 110, render: (_, f) => dash(f.addedByName) },
    { title: t('cultivation.uploadedAt'), key: 'at', width: 160, render: (_, f) => formatDateTime(f.addedAt) },
    { title: t('cultivation.fileSize'), key: 'size', width: 90, render: (_, f) => formatSize(f.size) },
  ];

  const industryText = d.industryCode
    ? d.industrySection && d.industrySection !== d.industryCode
      ? `${industry.label(d.industrySection)} / ${industry.label(d.industryCode)}`
      : industry.label(d.industryCode)
    : '—';

  return (
    <>
      <PageHeader
        title={d.enterpriseName}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate(-1)}>
              {t('common.back')}
            </Button>
            {can('enterprises:read') ? (
              <Button onClick={() => navigate(`/enterprises/${d.enterpriseId}`)}>{t('cultivation.toEnterprise')}</Button>
            ) : null}
            {d.allowed.edit ? (
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            ) : null}
            {d.allowed.cancel ? (
              <Popconfirm title={t('cultivation.cancelConfirm')} onConfirm={() => act(() => cultivationApi.cancel(d.id), t('cultivation.cancelled'))}>
                <Button icon={<RollbackOutlined aria-hidden />}>{t('cultivation.cancelRequest')}</Button>
              </Popconfirm>
            ) : null}
            {d.allowed.request ? (
              <Button type="primary" icon={<SendOutlined aria-hidden />} onClick={() => setRequesting(true)}>
                {t('cultivation.requestStage')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex vertical gap={16}>
        <Card title={t('cultivation.progress')}>
          <Flex vertical gap={16}>
            <Steps
              current={stepIndex >= 0 ? stepIndex : undefined}
              status={d.stage === 'withdrawn' ? 'error' : d.stage === 'accepted' ? 'finish' : 'process'}
              items={PATH_STAGES.map((s) => ({ title: l.stage(s) }))}
            />
            {d.stage === 'withdrawn' ? <Alert type="error" showIcon title={t('cultivation.withdrawnAlert')} /> : null}
            {d.stage === 'accepted' && d.review === 'none' ? <Alert type="success" showIcon title={t('cultivation.acceptedAlert')} /> : null}
            <RequestPanel d={d} onReview={() => setDeciding('district')} onApprove={() => setDeciding('city')} />
          </Flex>
        </Card>
        <CultivationReadinessCard entryId={d.id} editable={d.allowed.edit} />
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Flex vertical gap={16}>
              <Card title={t('cultivation.info')}>
                <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
                  <Descriptions.Item label={t('cultivation.enterprise')}>
                    {can('enterprises:read') ? <Link to={`/enterprises/${d.enterpriseId}`}>{d.enterpriseName}</Link> : d.enterpriseName}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('cultivation.creditCode')}>
                    <span style={{ fontFamily: 'monospace' }}>{d.creditCode}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('cultivation.district')}>{dash(regions.districtLabel(d.districtCode))}</Descriptions.Item>
                  <Descriptions.Item label={t('cultivation.batch')}>{l.batch(d.year, d.batch)}</Descriptions.Item>
                  <Descriptions.Item label={t('cultivation.industry')} span={2}>
                    {industryText}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('cultivation.kinds')} span={2}>
                    {d.kinds.length ? d.kinds.map((k) => <Tag key={k} color="blue">{kinds.label(k)}</Tag>) : '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('cultivation.stage')}>
                    <StageTag stage={d.stage} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('cultivation.stageSince')}>{formatDateTime(d.stageChangedAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('cultivation.site')}>{dash(d.siteOrgName)}</Descriptions.Item>
                  <Descriptions.Item label={t('cultivation.mentorName')}>
                    {dash(d.mentorName)}
                    {d.mentorPhone ? <Typography.Text type="secondary">{`  ${d.mentorPhone}`}</Typography.Text> : null}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('cultivation.listedAt')}>{formatDateTime(d.createdAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('cultivation.note')}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{dash(d.note)}</span>
                  </Descriptions.Item>
                </Descriptions>
              </Card>
              <Card
                title={
                  <Space>
                    <span>{t('cultivation.plan')}</span>
                    {d.planTotal ? (
                      <Progress
                        percent={Math.round((d.planDone / d.planTotal) * 100)}
                        size="small"
                        style={{ width: 160, margin: 0 }}
                        format={() => t('cultivation.planCount', { done: d.planDone, total: d.planTotal })}
                        status={d.planOverdue ? 'exception' : d.planDone === d.planTotal ? 'success' : 'normal'}
                      />
                    ) : null}
                  </Space>
                }
                extra={
                  d.allowed.edit ? (
                    <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => setPlanItem({ open: true, item: null })}>
                      {t('cultivation.planAdd')}
                    </Button>
                  ) : null
                }
              >
                <Table<CultivationPlanItem>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={d.plan}
                  columns={planColumns}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cultivation.planEmpty')} /> }}
                />
              </Card>
              <Card
                title={t('cultivation.evidence')}
                extra={
                  d.allowed.edit ? (
                    <Button size="small" icon={<UploadOutlined aria-hidden />} onClick={() => setAddingEvidence(true)}>
                      {t('cultivation.evidenceAdd')}
                    </Button>
                  ) : null
                }
              >
                <Table<CultivationEvidence>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={d.evidence}
                  columns={evidenceColumns}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cultivation.evidenceEmpty')} /> }}
                />
              </Card>
            </Flex>
          </Col>
          <Col xs={24} xl={9}>
            <Card title={t('cultivation.history')}>
              <CultivationHistory events={d.events} evidence={d.evidence} entryId={d.id} />
            </Card>
          </Col>
        </Row>
      </Flex>
      <EntryModal open={editing} entry={d} onClose={() => setEditing(false)} />
      <RequestModal entry={d} open={requesting} onClose={() => setRequesting(false)} />
      <DecisionModal entry={d} level={deciding ?? 'district'} open={!!deciding} onClose={() => setDeciding(null)} />
      <PlanItemModal entryId={d.id} item={planItem.item} open={planItem.open} onClose={() => setPlanItem({ open: false, item: null })} />
      <CompleteModal entryId={d.id} item={completing} onClose={() => setCompleting(null)} />
      <EvidenceModal entryId={d.id} open={addingEvidence} onClose={() => setAddingEvidence(false)} />
    </>
  );
}
