import { Link, useParams } from 'react-router';
import { Card, Result, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ARTICLE_CATEGORY_LABELS, formatDateTime } from '@shangmi/shared';
import { portalApi } from '../../api/outreach';
import { PublicFrame } from '../../components/PublicHeader';
import { useI18n } from '../../lib/i18n';

/** One published article on the portal. Its HTML was made safe by the server before it was stored. */
export default function PortalArticlePage() {
  const { t, pick } = useI18n();
  const id = Number(useParams().id);
  const q = useQuery({ queryKey: ['portal', 'article', id], queryFn: ({ signal }) => portalApi.article(id, signal), retry: false });
  const a = q.data;
  return (
    <PublicFrame narrow>
      <Link to="/portal">← {t('outreach.back')}</Link>
      {q.error ? <Result status="404" title="404" /> : null}
      <Card loading={q.isPending} style={{ marginTop: 12 }} variant="borderless">
        {a ? (
          <article>
            <Typography.Title level={3} data-testid="article-title">
              {a.title}
            </Typography.Title>
            <Space wrap style={{ marginBottom: 16 }}>
              <Tag>{pick(ARTICLE_CATEGORY_LABELS[a.category].zh, ARTICLE_CATEGORY_LABELS[a.category].en)}</Tag>
              <Typography.Text type="secondary">{`${formatDateTime(a.publishedAt)} · ${a.orgName}`}</Typography.Text>
            </Space>
            <div className="article-body" data-testid="article-body" dangerouslySetInnerHTML={{ __html: a.body }} />
            {a.attachments.length ? (
              <>
                <Typography.Title level={5}>{t('outreach.attachments')}</Typography.Title>
                {a.attachments.map((f) => (
                  <div key={f.id}>
                    <a href={`/api/public/outreach/articles/${a.id}/files/${f.id}`}>{f.name}</a>
                  </div>
                ))}
              </>
            ) : null}
          </article>
        ) : null}
      </Card>
    </PublicFrame>
  );
}
