import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Col, Descriptions, Row, Space, Statistic, Tag, Typography } from 'antd';
import { homeApi } from '../../api/home';
import { useMe } from '../../lib/auth';
import { usePermissions } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { quickLinks } from '../../app/nav';
import { useDocumentTitle } from '../../lib/title';
import { ProofLogAlert } from '../../components/ProofLogAlert';
import { dataScopeLabel } from '../../lib/labels';

export default function HomePage() {
  const { t, pick } = useI18n();
  const me = useMe();
  const can = usePermissions();
  useDocumentTitle(t('menu.home'));
  const links = quickLinks(me.orgKind, can);
  // what waits for me, counted by each module within my scope (GET /api/home/todos)
  const todos = useQuery({ queryKey: ['home', 'todos'], queryFn: ({ signal }) => homeApi.todos(signal) });
  const waiting = todos.data?.items ?? [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {can('proofs:witnesses') || can('proofs:deposit') || can('oplog:read') ? <ProofLogAlert /> : null}
      {me.adminTotpAdvice ? (
        <Alert
          type="warning"
          showIcon
          title={t('home.adminTotpAdvice')}
          action={<Link to="/profile">{t('home.goEnable')}</Link>}
        />
      ) : null}
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: me.displayName })}
        </Typography.Title>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('home.org')}>{me.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('home.dataScope')}>{dataScopeLabel(me.dataScope, pick)}</Descriptions.Item>
          <Descriptions.Item label={t('home.roles')} span="filled">
            {me.roles.map((r) => (
              <Tag key={r.code} color="blue">
                {r.name}
              </Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('home.lastHint')}
        </Typography.Paragraph>
      </Card>
      {waiting.length ? (
        <Card title={t('home.todos')} data-testid="home-todos" loading={todos.isPending}>
          <Row gutter={[16, 16]}>
            {waiting.map((item) => (
              <Col key={item.key} xs={12} md={8} xl={6}>
                <Link to={item.path} data-testid={`todo-${item.key}`}>
                  <Card hoverable size="small">
                    <Statistic
                      title={t(`home.todo.${item.key}`)}
                      value={item.count}
                      suffix={item.capped ? '+' : undefined}
                      styles={{ content: { color: item.count ? '#1f5fbf' : '#bfbfbf' } }}
                      prefix={item.count ? <Badge status="processing" /> : null}
                    />
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
          {waiting.every((i) => i.count === 0) ? (
            <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
              {t('home.todosNone')}
            </Typography.Paragraph>
          ) : null}
        </Card>
      ) : null}
      {links.length ? (
        <Card title={t('home.quickLinks')}>
          <Row gutter={[16, 16]}>
            {links.map((item) => (
              <Col key={item.path} xs={12} md={8} xl={4}>
                <Link to={item.path}>
                  <Card hoverable size="small" style={{ textAlign: 'center' }}>
                    <div style={{ fontSize: 24, color: '#1f5fbf' }}>{item.icon}</div>
                    <div>{t(me.orgKind === 'enterprise' && item.enterpriseLabel ? item.enterpriseLabel : item.label)}</div>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </Card>
      ) : null}
    </Space>
  );
}
