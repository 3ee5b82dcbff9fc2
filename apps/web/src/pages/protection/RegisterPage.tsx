import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Col, Row, Statistic, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { SecretListItem } from '@shangmi/shared';
import { SECRETS_EXPORT_PATH, protectionApi, type SecretFilters } from '../../api/protection';
import { Can } from '../../lib/access';
import { todayInShanghai } from '../../lib/dates';
import { useT } from '../../lib/i18n';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';
import { LEVEL_COLORS, ReadinessBar, SecretStatusTag, useProtectionLabels } from './labels';
import { SecretDrawer } from './SecretDrawer';

/** 商业秘密清单: the enterprise's register (described, never contained), its readiness at a glance, export. */
export default function RegisterPage() {
  const t = useT();
  const l = useProtectionLabels();
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  const overview = useQuery({ queryKey: ['protection', 'readiness'], queryFn: ({ signal }) => protectionApi.readiness(signal) });
  const list = useServerTable<SecretListItem, SecretFilters>({
    key: 'protection',
    fetch: protectionApi.secrets,
    sortable: { name: 'name', level: 'level', readiness: 'readiness', nextReviewOn: 'nextReviewOn' },
  });
  const o = overview.data;
  const today = todayInShanghai();

  const columns: TableColumnsType<SecretListItem> = [
    { title: t('protection.code'), key: 'code', width: 110, render: (_, s) => s.code ?? '—' },
    { title: t('protection.name'), key: 'name', sorter: true, render: (_, s) => <Link to={`/protection/secrets/${s.id}`}>{s.name}</Link> },
    { title: t('protection.category'), key: 'category', width: 170, render: (_, s) => `${l.category(s.category)} · ${l.subKind(s.category, s.subKind)}` },
    { title: t('protection.level'), key: 'level', sorter: true, width: 80, render: (_, s) => <Tag color={LEVEL_COLORS[s.level]}>{l.level(s.level)}</Tag> },
    { title: t('protection.custodian'), key: 'custodian', width: 140, render: (_, s) => [s.department, s.custodianName].filter(Boolean).join(' · ') || '—' },
    { title: t('protection.readiness'), key: 'readiness', sorter: true, width: 150, render: (_, s) => <ReadinessBar score={s.readiness} /> },
    { title: t('protection.measures'), key: 'measures', width: 80, render: (_, s) => s.measureCount },
    { title: t('protection.proofs'), key: 'proofs', width: 70, render: (_, s) => s.proofCount },
    { title: t('protection.knowers'), key: 'knowers', width: 90, render: (_, s) => s.knowerCount },
    {
      title: t('protection.nextReview'),
      key: 'nextReviewOn',
      sorter: true,
      width: 110,
      render: (_, s) => (s.nextReviewOn ? <span style={s.status === 'active' && s.nextReviewOn <= today ? { color: '#cf1322' } : undefined}>{s.nextReviewOn}</span> : '—'),
    },
    { title: t('protection.status'), key: 'status', width: 90, render: (_, s) => <SecretStatusTag status={s.status} /> },
  ];

  return (
    <>
      <PageHeader
        title={t('protection.registerTitle')}
        extra={
          <>
            <Can perm="protection:manage">
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
                {t('protection.add')}
              </Button>
            </Can>
            <ExportButton path={SECRETS_EXPORT_PATH} query={list.exportQuery} baseName={t('protection.registerTitle')} />
          </>
        }
      />
      {o ? (
        <Row gutter={12} style={{ marginBottom: 12 }}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('protection.overviewTotal')} value={o.total} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('protection.overviewAverage')} value={o.average ?? '—'} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('protection.overviewWeak')} value={(o.bands[2] ?? 0) + (o.bands[3] ?? 0)} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('protection.overviewDue')} value={o.reviewDue} />
            </Card>
          </Col>
        </Row>
      ) : null}
      <FilterBar<SecretFilters> table={list} name="secretsFilter" keyword={{ placeholder: t('protection.keyword'), width: 180 }}>
        <FilterSelect name="category" label={t('protection.category')} options={l.categoryOptions} width={110} />
        <FilterSelect name="level" label={t('protection.level')} options={l.levelOptions} width={90} />
        <FilterSelect name="status" label={t('protection.status')} options={l.statusOptions} width={120} />
        <FilterSelect name="reviewDue" label={t('protection.reviewDue')} options={[{ value: 'true', label: t('protection.reviewDue') }]} width={100} />
      </FilterBar>
      <ListCard<SecretListItem> table={list} columns={columns} scroll={{ x: 1200 }} onRow={(s) => ({ onDoubleClick: () => navigate(`/protection/secrets/${s.id}`) })} />
      <SecretDrawer open={adding} onClose={() => setAdding(false)} onSaved={(s) => navigate(`/protection/secrets/${s.id}`)} />
    </>
  );
}
