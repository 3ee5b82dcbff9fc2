import { Link } from 'react-router';
import { Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { EVENT_KIND_LABELS, formatDateTime } from '@shangmi/shared';
import { portalApi, type PublicArticleSummary } from '../../api/outreach';
import { PUBLIC_NAV, PublicFrame } from '../../components/PublicHeader';
import { usePublicRegion } from '../../components/usePublicRegion';
import { useI18n } from '../../lib/i18n';

function ArticleList({ items, testId }: { items: PublicArticleSummary[]; testId: string }) {
  const { t } = useI18n();
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('outreach.none')} />;
  return (
    <List
      data-testid={testId}
      dataSource={items}
      renderItem={(a) => (
        <List.Item>
          <List.Item.Meta title={<Link to={`/portal/articles/${a.id}`}>{a.title}</Link>} description={`${formatDateTime(a.publishedAt).slice(0, 10)} · ${a.orgName}`} />
        </List.Item>
      )}
    />
  );
}

/**
 * The public portal (门户首页): what a citizen or an enterprise comes for — news and 以案说法, guidance, upcoming events,
 * and the public services — under the one public header. `/` for visitors; signed-in users keep their workspace at `/`
 * and find this page at /portal.
 */
export default function PortalPage() {
  const { t, pick } = useI18n();
  const pr = usePublicRegion();
  const region = pr.region?.code;
  const home = useQuery({ queryKey: ['portal', 'home', region], queryFn: ({ signal }) => portalApi.home(region, signal), enabled: !!region });
  const h = home.data;
  return (
    <PublicFrame wide>
      <div className="portal">
        <Typography.Title level={2}>{t('outreach.portalTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('outreach.portalLead')}</Typography.Paragraph>
        <Row gutter={[16, 16]}>
          {PUBLIC_NAV.map((n) => (
            <Col key={n.to} xs={12} sm={8} md={4}>
              <Link to={n.to}>
                <Card hoverable size="small" style={{ textAlign: 'center' }}>
                  {t(n.key)}
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} lg={12}>
            <Card title={t('outreach.news')} loading={home.isPending} extra={
                <Space>
                  <Link to="/subscribe" data-testid="portal-subscribe">
                    {t('outreach.subscribeLink')}
                  </Link>
                  {region ? <a href={`/api/public/outreach/feed.atom?regionCode=${region}`}>{t('outreach.feed')}</a> : null}
                </Space>
              }
            >
              <ArticleList items={h?.news ?? []} testId="portal-news" />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('outreach.cases')} loading={home.isPending}>
              <ArticleList items={h?.cases ?? []} testId="portal-cases" />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('outreach.guides')} loading={home.isPending} extra={<Link to="/model-documents">{t('publicNav.modelDocs')}</Link>}>
              <ArticleList items={h?.guides ?? []} testId="portal-guides" />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('outreach.upcoming')} loading={home.isPending}>
              {h?.events.length ? (
                <List
                  dataSource={h.events}
                  renderItem={(e) => (
                    <List.Item>
                      <List.Item.Meta
                        title={
                          <>
                            <Tag>{pick(EVENT_KIND_LABELS[e.kind].zh, EVENT_KIND_LABELS[e.kind].en)}</Tag>
                            {e.title}
                          </>
                        }
                        description={`${e.heldOn}${e.endsOn ? ` ~ ${e.endsOn}` : ''} · ${e.place ?? ''} · ${e.orgName}`}
                      />
                    </List.Item>
                  )}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('outreach.none')} />
              )}
            </Card>
          </Col>
        </Row>
      </div>
    </PublicFrame>
  );
}
