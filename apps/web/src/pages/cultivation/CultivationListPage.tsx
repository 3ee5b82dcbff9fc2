import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Flex, Form, Input, Progress, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { CULTIVATION_REVIEW_STATES, CULTIVATION_STAGES, formatDateTime, type CultivationEntry, type CultivationReviewState, type CultivationStage } from '@shangmi/shared';
import type { Query } from '../../api/client';
import { CULTIVATION_EXPORT_PATH, cultivationApi } from '../../api/cultivation';
import { Can } from '../../lib/access';
import { useT } from '../../lib/i18n';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useServerTable } from '../../components/useServerTable';
import { useRegionOptions } from '../../components/useRegionOptions';
import { EntryModal } from '../../components/cultivation/EntryModal';
import { ReviewTag, StageTag, useCultivationLabels, yearOptions } from '../../components/cultivation/labels';

interface Filters {
  q?: string;
  year?: number;
  batch?: number;
  stage?: CultivationStage;
  review?: CultivationReviewState;
  districtCode?: string;
}

function toQuery(f: Filters): Query {
  return { q: f.q?.trim() || undefined, year: f.year, batch: f.batch, stage: f.stage, review: f.review, districtCode: f.districtCode };
}

/** Filters given in the address (the board's "all of this stage", the enterprise page), so links can open a filtered list. */
function filtersFrom(params: URLSearchParams): Filters {
  const num = (k: string) => (params.get(k) && Number.isInteger(Number(params.get(k))) ? Number(params.get(k)) : undefined);
  const stage = params.get('stage') as CultivationStage | null;
  const review = params.get('review') as CultivationReviewState | null;
  return {
    q: params.get('q') ?? undefined,
    year: num('year'),
    batch: num('batch'),
    stage: stage && CULTIVATION_STAGES.includes(stage) ? stage : undefined,
    review: review && CULTIVATION_REVIEW_STATES.includes(review) ? review : undefined,
    districtCode: params.get('districtCode') ?? undefined,
  };
}

export default function CultivationListPage() {
  const t = useT();
  const l = useCultivationLabels();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [initial] = useState(() => filtersFrom(params));
  const [filterForm] = Form.useForm<Filters>();
  const regions = useRegionOptions();
  const [adding, setAdding] = useState(false);

  const list = useServerTable<CultivationEntry>({
    key: 'cultivation',
    fetch: cultivationApi.list,
    initialFilters: toQuery(initial),
    sortable: { name: 'name', batch: 'year', createdAt: 'createdAt', stage: 'stageChangedAt' },
  });

  const columns: TableColumnsType<CultivationEntry> = [
    {
      title: t('cultivation.enterprise'),
      key: 'name',
      sorter: true,
      width: 260,
      render: (_, e) => (
        <Flex vertical>
          <Link to={`/cultivation/${e.id}`}>{e.enterpriseName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {e.creditCode}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('cultivation.district'), key: 'district', width: 90, render: (_, e) => regions.districtLabel(e.districtCode) || '—' },
    { title: t('cultivation.batch'), key: 'batch', sorter: true, width: 130, render: (_, e) => l.batch(e.year, e.batch) },
    {
      title: t('cultivation.stage'),
      key: 'stage',
      sorter: true,
      width: 170,
      render: (_, e) => (
        <Flex vertical gap={4} align="start">
          <StageTag stage={e.stage} />
          <ReviewTag review={e.review} requestStage={e.requestStage} />
        </Flex>
      ),
    },
    { title: t('cultivation.site'), key: 'site', width: 180, ellipsis: true, render: (_, e) => e.siteOrgName ?? '—' },
    { title: t('cultivation.mentorName'), key: 'mentor', width: 100, render: (_, e) => e.mentorName ?? '—' },
    {
      title: t('cultivation.plan'),
      key: 'plan',
      width: 150,
      render: (_, e) =>
        e.planTotal ? (
          <Flex vertical>
            <Progress
              percent={Math.round((e.planDone / e.planTotal) * 100)}
              size="small"
              format={() => t('cultivation.planCount', { done: e.planDone, total: e.planTotal })}
              status={e.planOverdue ? 'exception' : e.planDone === e.planTotal ? 'success' : 'normal'}
            />
            {e.planOverdue ? (
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {t('cultivation.overdue', { n: e.planOverdue })}
              </Typography.Text>
            ) : null}
          </Flex>
        ) : (
          '—'
        ),
    },
    { title: t('cultivation.listedAt'), dataIndex: 'createdAt', key: 'createdAt', sorter: true, width: 110, render: (v: string) => formatDateTime(v).slice(0, 10) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 90,
      render: (_, e) => (
        <Button type="link" size="small" onClick={() => navigate(`/cultivation/${e.id}`)}>
          {t('cultivation.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('cultivation.title')}
        extra={
          <>
            <Can perm="cultivation:manage">
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
                {t('cultivation.add')}
              </Button>
            </Can>
            <ExportButton path={CULTIVATION_EXPORT_PATH} query={list.exportQuery} baseName={t('cultivation.title')} />
          </>
        }
      />
      <Card className="filter-bar">
        <Form<Filters> form={filterForm} name="cultivationFilter" layout="inline" initialValues={initial} onFinish={(v) => list.setFilters(toQuery(v))}>
          <Form.Item name="q" label={t('common.keyword')}>
            <Input allowClear placeholder={t('cultivation.keywordPlaceholder')} maxLength={100} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="year" label={t('cultivation.year')}>
            <Select allowClear options={yearOptions((year) => t('cultivation.yearOption', { year }))} style={{ width: 110 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="batch" label={t('cultivation.batch')}>
            <Select allowClear options={l.batchOptions} style={{ width: 110 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="stage" label={t('cultivation.stage')}>
            <Select allowClear options={l.stageOptions} style={{ width: 170 }} placeholder={t('cultivation.allStages')} popupMatchSelectWidth={false} />
          </Form.Item>
          <Form.Item name="review" label={t('cultivation.review')}>
            <Select allowClear options={l.reviewOptions} style={{ width: 140 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="districtCode" label={t('cultivation.district')}>
            <Select allowClear options={regions.districtOptions} loading={regions.loading} style={{ width: 120 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  filterForm.setFieldsValue({ q: undefined, year: undefined, batch: undefined, stage: undefined, review: undefined, districtCode: undefined });
                  list.setFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        {list.error ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<CultivationEntry> {...list.tableProps} columns={columns} scroll={{ x: 1280 }} size="middle" />
      </Card>
      <EntryModal open={adding} onClose={() => setAdding(false)} onSaved={(e) => navigate(`/cultivation/${e.id}`)} />
    </>
  );
}
