import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Card, Descriptions, Empty, Input, List, Pagination, Spin, Tabs, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { CreditPublicRecord, CreditPublicSerious } from '@shangmi/shared';
import { publicCreditApi, type CreditStory } from '../../api/credit';
import { useT } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { PublicFrame } from '../../components/PublicHeader';

const PAGE = 10;

/** One published penalty: the 双公示 fields as the credit systems show them (no internal field reaches this page). */
function RecordCard({ r }: { r: CreditPublicRecord }) {
  const t = useT();
  return (
    <Card size="small" className="credit-public-record" data-record={r.id} title={r.partyName} extra={<Tag color="red">{r.penaltyKinds.join('、')}</Tag>}>
      <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }}>
        <Descriptions.Item label={t('credit.creditCode')}>{r.creditCode}</Descriptions.Item>
        <Descriptions.Item label={t('credit.decisionNo')}>{r.decisionNo}</Descriptions.Item>
        <Descriptions.Item label={t('credit.violationType')}>{r.violationType}</Descriptions.Item>
        <Descriptions.Item label={t('credit.decidedOn')}>{r.decidedOn}</Descriptions.Item>
        <Descriptions.Item label={t('credit.content')} span={2}>
          {r.content}
        </Descriptions.Item>
        {r.fineWan ? <Descriptions.Item label={t('credit.fineWan')}>{r.fineWan}</Descriptions.Item> : null}
        {r.confiscationWan ? <Descriptions.Item label={t('credit.confiscationWan')}>{r.confiscationWan}</Descriptions.Item> : null}
        <Descriptions.Item label={t('credit.authorityName')}>{r.authorityName}</Descriptions.Item>
        <Descriptions.Item label={t('credit.publicUntil')}>{r.publicUntil}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: '8px 0 0' }}>
        <Typography.Text type="secondary">{t('credit.facts')}：</Typography.Text>
        {r.facts}
      </Typography.Paragraph>
      <Typography.Paragraph ellipsis={{ rows: 1, expandable: true }} style={{ margin: 0 }}>
        <Typography.Text type="secondary">{t('credit.basis')}：</Typography.Text>
        {r.basis}
      </Typography.Paragraph>
    </Card>
  );
}

function SeriousCard({ s }: { s: CreditPublicSerious }) {
  const t = useT();
  return (
    <Card size="small" className="credit-public-serious" title={s.partyName}>
      <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }}>
        <Descriptions.Item label={t('credit.creditCode')}>{s.creditCode}</Descriptions.Item>
        <Descriptions.Item label={t('credit.authority')}>{s.authorityName}</Descriptions.Item>
        <Descriptions.Item label={t('credit.listedOn')}>{s.listedOn}</Descriptions.Item>
        <Descriptions.Item label={t('credit.endsOn')}>{s.endsOn}</Descriptions.Item>
        <Descriptions.Item label={t('credit.listedReason')} span={2}>
          {s.reason}（{s.basis}）
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** A paged list of one kind of public answer, with the capped total's hint. */
function Results<T>({ loading, error, page, onPage, data, render }: { loading: boolean; error: boolean; page: number; onPage: (p: number) => void; data?: { items: T[]; total: number; capped?: boolean }; render: (x: T) => React.ReactNode }) {
  const t = useT();
  if (error) return <Alert type="error" title={t('common.loadFailed')} />;
  if (loading && !data) return <Spin />;
  if (!data?.items.length) return <Empty description={t('credit.publicNone')} />;
  return (
    <>
      {data.capped ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('credit.publicMore', { n: data.total })} /> : null}
      <List dataSource={data.items} renderItem={(x) => <List.Item style={{ display: 'block', border: 'none', padding: '0 0 12px' }}>{render(x)}</List.Item>} />
      <Pagination size="small" current={page} pageSize={PAGE} total={data.total} onChange={onPage} showSizeChanger={false} style={{ textAlign: 'right' }} />
    </>
  );
}

/**
 * 信用公示 (`/credit`, no sign-in): search published penalties and the serious-violation list by a fragment of the name or
 * the credit code; 以案说法 from approved case summaries. Works on a phone (cards, one column).
 */
export default function PublicCreditPage() {
  const t = useT();
  useDocumentTitle(t('credit.publicTitle'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const tab = params.get('tab') ?? 'records';
  const [page, setPage] = useState(1);
  const set = (next: Record<string, string>) => {
    setPage(1);
    setParams({ ...Object.fromEntries(params), ...next }, { replace: true });
  };
  const records = useQuery({ queryKey: ['public-credit', 'records', q, page], queryFn: ({ signal }) => publicCreditApi.records({ q: q || undefined, page, pageSize: PAGE }, signal), enabled: tab === 'records' });
  const serious = useQuery({ queryKey: ['public-credit', 'serious', q, page], queryFn: ({ signal }) => publicCreditApi.serious({ q: q || undefined, page, pageSize: PAGE }, signal), enabled: tab === 'serious' });
  const stories = useQuery({ queryKey: ['public-credit', 'stories', page], queryFn: ({ signal }) => publicCreditApi.stories({ page, pageSize: 5 }, signal), enabled: tab === 'stories' });
  return (
    <PublicFrame>
      <Typography.Title level={3}>{t('credit.publicTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('credit.publicSubtitle')}</Typography.Paragraph>
      <Input.Search
        id="credit-search"
        aria-label={t('credit.publicSearch')}
        placeholder={t('credit.publicSearch')}
        defaultValue={q}
        enterButton={t('credit.publicSearchButton')}
        allowClear
        size="large"
        maxLength={60}
        onSearch={(v) => set({ q: v.trim() })}
        style={{ maxWidth: 640, marginBottom: 16 }}
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k })}
        items={[
          {
            key: 'records',
            label: t('credit.publicRecords'),
            children: <Results loading={records.isFetching} error={records.isError} data={records.data} page={page} onPage={setPage} render={(r: CreditPublicRecord) => <RecordCard r={r} />} />,
          },
          {
            key: 'serious',
            label: t('credit.publicSerious'),
            children: <Results loading={serious.isFetching} error={serious.isError} data={serious.data} page={page} onPage={setPage} render={(s: CreditPublicSerious) => <SeriousCard s={s} />} />,
          },
          {
            key: 'stories',
            label: t('credit.publicStories'),
            children: (
              <Results
                loading={stories.isFetching}
                error={stories.isError}
                data={stories.data}
                page={page}
                onPage={setPage}
                render={(s: CreditStory) => (
                  <Card size="small">
                    <Typography.Paragraph style={{ margin: 0 }}>{s.summary}</Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {s.approvedOn}
                    </Typography.Text>
                  </Card>
                )}
              />
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16 }}>
        {t('credit.publicNote')}
      </Typography.Paragraph>
    </PublicFrame>
  );
}
