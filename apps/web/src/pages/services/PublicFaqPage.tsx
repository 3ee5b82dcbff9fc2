import { useState } from 'react';
import { Collapse, Empty, Input, Pagination, Segmented, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { CONSULT_CATEGORIES, CONSULT_CATEGORY_LABELS, type ConsultCategory } from '@shangmi/shared';
import { consultApi } from '../../api/consultations';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { PublicFrame } from '../../components/PublicHeader';
import { QueryError } from '../../components/QueryError';
import { usePublicRegion } from '../../components/usePublicRegion';

/**
 * 公开问答 (public, no account): consultations published with both sides' consent and the names removed, of the region
 * the public site serves; search by words, filter by category, newest first.
 */
export default function PublicFaqPage() {
  const { t, pick } = useI18n();
  useDocumentTitle(t('consult.faqTitle'));
  const pr = usePublicRegion();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<ConsultCategory | 'all'>('all');
  const [page, setPage] = useState(1);
  const query = { q: q || undefined, category: category === 'all' ? undefined : category, regionCode: pr.region?.code, page, pageSize: 20 };
  const list = useQuery({ queryKey: ['public-faq', query], queryFn: ({ signal }) => consultApi.faq(query, signal), enabled: !!pr.region });
  return (
    <PublicFrame narrow>
      <Typography.Title level={3}>{t('consult.faqTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('consult.faqIntro')}</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Input.Search
          aria-label={t('consult.faqSearch')}
          placeholder={t('consult.faqSearch')}
          allowClear
          maxLength={50}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
        />
        <Segmented<ConsultCategory | 'all'>
          value={category}
          onChange={(v) => {
            setCategory(v);
            setPage(1);
          }}
          options={[{ value: 'all', label: t('consult.faqAll') }, ...CONSULT_CATEGORIES.map((c) => ({ value: c, label: pick(CONSULT_CATEGORY_LABELS[c].zh, CONSULT_CATEGORY_LABELS[c].en) }))]}
          className="segmented-wrap"
        />
        {list.error ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
          <Empty description={t('consult.faqEmpty')} />
        ) : (
          <Collapse
            data-testid="faq-list"
            items={(list.data?.items ?? []).map((f) => ({
              key: f.id,
              label: (
                <Space wrap>
                  <Tag>{pick(CONSULT_CATEGORY_LABELS[f.category].zh, CONSULT_CATEGORY_LABELS[f.category].en)}</Tag>
                  <span>{f.question}</span>
                </Space>
              ),
              children: (
                <>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{f.answer}</Typography.Paragraph>
                  <Typography.Text type="secondary">{`${t('consult.publishedOn')}：${f.publishedOn}`}</Typography.Text>
                </>
              ),
            }))}
          />
        )}
        {list.data && list.data.total > 20 ? <Pagination current={page} pageSize={20} total={list.data.total} onChange={setPage} showSizeChanger={false} /> : null}
        <Typography.Text type="secondary">{t('consult.faqAsk')}</Typography.Text>
      </Space>
    </PublicFrame>
  );
}
