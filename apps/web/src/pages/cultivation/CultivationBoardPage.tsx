import { useState, type CSSProperties } from 'react';
import { Link } from 'react-router';
import { Badge, Card, Empty, Flex, Progress, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { CULTIVATION_STAGES, type CultivationEntry, type CultivationStage } from '@shangmi/shared';
import { toQueryString } from '../../api/client';
import { cultivationApi, type CultivationFilters, type CultivationListInput } from '../../api/cultivation';
import { useT } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';
import { ReviewTag, STAGE_ACCENTS, useCultivationLabels } from '../../components/cultivation/labels';
import { CultivationFilterBar } from './CultivationFilterBar';

/** Cards shown per column; the rest are one click away in the filtered list. */
const PER_COLUMN = 30;

const BOARD_STYLE: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(5, minmax(180px, 1fr))',
  gap: 12,
  alignItems: 'start',
  overflowX: 'auto',
  paddingBottom: 8,
};
const COLUMN_STYLE: CSSProperties = { background: '#f3f5f8', borderRadius: 6, padding: 8, minHeight: 240 };

function EntryCard({ e }: { e: CultivationEntry }) {
  const t = useT();
  const l = useCultivationLabels();
  const regions = useRegionOptions();
  return (
    <Card size="small" styles={{ body: { padding: 12 } }}>
      <Flex vertical gap={4}>
        <Link to={`/cultivation/${e.id}`} style={{ fontWeight: 500 }}>
          {e.enterpriseName}
        </Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {[regions.districtLabel(e.districtCode), l.batch(e.year, e.batch)].filter(Boolean).join(' · ')}
        </Typography.Text>
        {e.mentorName ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('cultivation.mentorName')}：{e.mentorName}
          </Typography.Text>
        ) : null}
        {e.planTotal ? (
          <Progress
            percent={Math.round((e.planDone / e.planTotal) * 100)}
            size="small"
            format={() => t('cultivation.planCount', { done: e.planDone, total: e.planTotal })}
            status={e.planOverdue ? 'exception' : e.planDone === e.planTotal ? 'success' : 'normal'}
          />
        ) : null}
        <div>
          <ReviewTag review={e.review} requestStage={e.requestStage} />
        </div>
      </Flex>
    </Card>
  );
}

function Column({ stage, filters, total }: { stage: CultivationStage; filters: CultivationFilters; total: number | undefined }) {
  const t = useT();
  const l = useCultivationLabels();
  const query: CultivationListInput = { ...filters, stage, page: 1, pageSize: PER_COLUMN, sort: 'updatedAt', order: 'desc' };
  const entries = useQuery({ queryKey: ['cultivation', 'board', query], queryFn: ({ signal }) => cultivationApi.list(query, signal) });
  const items = entries.data?.items ?? [];
  const count = total ?? entries.data?.total ?? 0;
  return (
    <section aria-label={l.stage(stage)} style={{ ...COLUMN_STYLE, borderTop: `3px solid ${STAGE_ACCENTS[stage]}` }}>
      <Flex justify="space-between" align="center" style={{ padding: '4px 4px 10px' }}>
        <Typography.Text strong>{l.stage(stage)}</Typography.Text>
        <Badge count={count} showZero color={count ? STAGE_ACCENTS[stage] : '#bfbfbf'} overflowCount={9999} />
      </Flex>
      {entries.error ? <QueryError error={entries.error} onRetry={() => void entries.refetch()} /> : null}
      <Flex vertical gap={8}>
        {entries.isPending ? <Skeleton active /> : null}
        {!entries.isPending && !items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cultivation.boardEmpty')} /> : null}
        {items.map((e) => (
          <EntryCard key={e.id} e={e} />
        ))}
        {count > items.length ? (
          <Link to={`/cultivation${toQueryString({ ...filters, stage })}`} style={{ textAlign: 'center' }}>
            {t('cultivation.boardMore', { n: count })}
          </Link>
        ) : null}
      </Flex>
    </section>
  );
}

/** 培育看板: one column per stage (withdrawn last), counts from the stats route, newest changes first. */
export default function CultivationBoardPage() {
  const t = useT();
  const [filters, setFilters] = useState<CultivationFilters>({});
  const stats = useQuery({ queryKey: ['cultivation', 'stats', filters], queryFn: ({ signal }) => cultivationApi.stats(filters, signal) });
  const byStage = new Map((stats.data?.byStage ?? []).map((b) => [b.key, b.count]));

  return (
    <>
      <PageHeader title={t('cultivation.boardTitle')} />
      <CultivationFilterBar name="cultivationBoardFilter" onChange={setFilters} />
      {stats.error ? <QueryError error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      <div style={BOARD_STYLE}>
        {CULTIVATION_STAGES.map((stage) => (
          <Column key={stage} stage={stage} filters={filters} total={stats.data ? (byStage.get(stage) ?? 0) : undefined} />
        ))}
      </div>
    </>
  );
}
