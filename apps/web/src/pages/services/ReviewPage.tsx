import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Card, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { YearlyReview } from '@shangmi/shared';
import { servicesApi } from '../../api/services';
import { sitesApi } from '../../api/sites';
import { useDict } from '../../lib/dicts';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

type Item = YearlyReview['items'][number];

/**
 * 站点年度评估: each quantitative item of the site's construction standard (e.g. 每年培训宣传不少于 2 次) against its service
 * ledger of the year, beside the site's own self-evaluation score. A site's staff see their own site; a bureau picks one.
 */
export default function ReviewPage() {
  const { t } = useI18n();
  useDocumentTitle(t('services.menuReview'));
  const [params, setParams] = useSearchParams();
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const sites = useQuery({ queryKey: ['services', 'review-sites'], queryFn: ({ signal }) => sitesApi.list({ pageSize: 200 }, signal) });
  const siteId = Number(params.get('siteId')) || sites.data?.items[0]?.id;
  const q = useQuery({ queryKey: ['services', 'review', siteId, year], queryFn: ({ signal }) => servicesApi.review(siteId!, year, signal), enabled: !!siteId });
  const kinds = useDict('service_kind');
  const r = q.data;
  return (
    <>
      <PageHeader title={t('services.menuReview')}>
        <Space wrap>
          <Select
            style={{ width: 280 }}
            placeholder={t('services.chooseSite')}
            value={siteId}
            showSearch
            optionFilterProp="label"
            options={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            onChange={(v: number) => setParams({ siteId: String(v) })}
          />
          {t('services.year')}
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        </Space>
      </PageHeader>
      {q.error ? <QueryError error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Card title={r ? `${r.siteName} · ${r.standardTitle}` : ''}>
        {r && <Typography.Paragraph>{t('services.totals', { services: r.totals.services, activities: r.totals.activities, enterprises: r.totals.enterprises })}</Typography.Paragraph>}
        <Table<Item>
          rowKey="code"
          size="middle"
          loading={q.isPending && !!siteId}
          pagination={false}
          dataSource={r?.items ?? []}
          columns={[
            { title: t('services.item'), render: (_, i) => `${i.code} ${i.title}` },
            { title: t('services.serviceKind'), dataIndex: 'serviceKinds', width: 220, render: (v: string[]) => v.map((k) => kinds.label(k)).join('、') },
            { title: t('services.min'), width: 120, render: (_, i) => `≥ ${i.min} ${t(i.measure === 'services' ? 'services.measureServices' : 'services.measureEnterprises')}` },
            { title: t('services.actual'), dataIndex: 'count', width: 100, align: 'right', render: (v: number, i) => <span data-testid={`review-${i.code}`}>{v}</span> },
            { title: t('services.met'), dataIndex: 'met', width: 90, render: (v: boolean) => <Tag color={v ? 'green' : 'red'}>{t(v ? 'services.met' : 'services.notMet')}</Tag> },
            { title: t('services.selfScore'), dataIndex: 'selfScore', width: 100, align: 'right', render: (v: number | null, i) => (v === null ? '—' : `${v}/${i.weight}`) },
          ]}
        />
      </Card>
    </>
  );
}
