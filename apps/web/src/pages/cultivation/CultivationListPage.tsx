import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Flex, Progress, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { cultivationListQuery, formatDateTime, type CultivationEntry } from '@shangmi/shared';
import { CULTIVATION_EXPORT_PATH, cultivationApi, type CultivationFilters } from '../../api/cultivation';
import { filtersFromParams } from '../../lib/filters';
import { Can } from '../../lib/access';
import { useT } from '../../lib/i18n';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { useServerTable } from '../../components/useServerTable';
import { useRegionOptions } from '../../components/useRegionOptions';
import { EntryModal } from '../../components/cultivation/EntryModal';
import { ReviewTag, StageTag, useCultivationLabels, yearOptions } from '../../components/cultivation/labels';

export default function CultivationListPage() {
  const t = useT();
  const l = useCultivationLabels();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // filters given in the address (the board's "all of this stage", the enterprise page), so links can open a filtered list
  const [initial] = useState(() => filtersFromParams(cultivationListQuery, params, ['q', 'year', 'batch', 'stage', 'review', 'districtCode']));
  const regions = useRegionOptions();
  const [adding, setAdding] = useState(false);

  const list = useServerTable<CultivationEntry, CultivationFilters>({
    key: 'cultivation',
    fetch: cultivationApi.list,
    initialFilters: initial,
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
      <FilterBar<CultivationFilters> table={list} name="cultivationFilter" initialValues={initial} keyword={{ placeholder: t('cultivation.keywordPlaceholder') }}>
        <FilterSelect name="year" label={t('cultivation.year')} options={yearOptions((year) => t('cultivation.yearOption', { year }))} width={110} />
        <FilterSelect name="batch" label={t('cultivation.batch')} options={l.batchOptions} width={110} />
        <FilterSelect name="stage" label={t('cultivation.stage')} options={l.stageOptions} width={170} placeholder={t('cultivation.allStages')} popupMatchSelectWidth={false} />
        <FilterSelect name="review" label={t('cultivation.review')} options={l.reviewOptions} width={140} />
        <FilterSelect name="districtCode" label={t('cultivation.district')} options={regions.districtOptions} loading={regions.loading} width={120} />
      </FilterBar>
      <ListCard<CultivationEntry> table={list} columns={columns} scroll={{ x: 1280 }} />
      <EntryModal open={adding} onClose={() => setAdding(false)} onSaved={(e) => navigate(`/cultivation/${e.id}`)} />
    </>
  );
}
