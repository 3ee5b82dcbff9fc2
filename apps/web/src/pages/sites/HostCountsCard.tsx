import { Card, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { SITE_KINDS, type SiteHostCounts, type SiteKind } from '@shangmi/shared';
import { useSiteLabels } from '../../components/sites/labels';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';

interface Line {
  key: string;
  label: string;
  counts: Partial<Record<SiteKind, number>>;
}

/** 按依托单位类型统计: sites by their host's organisation kind and enterprise kinds, focus kinds, 待关联 (issue 24 item 2). */
export function HostCountsCard({ hosts, loading }: { hosts?: SiteHostCounts; loading: boolean }) {
  const t = useT();
  const l = useSiteLabels();
  const orgKinds = useDict('org_kind');
  const entKinds = useDict('enterprise_kind');
  const lines: Line[] = [];
  const put = (key: string, label: string, siteKind: SiteKind, n: number) => {
    let line = lines.find((x) => x.key === key);
    if (!line) lines.push((line = { key, label, counts: {} }));
    line.counts[siteKind] = (line.counts[siteKind] ?? 0) + n;
  };
  for (const r of hosts?.byOrgKind ?? []) put(`o:${r.orgKind}`, `${t('sites.hostsByOrgKind')} · ${orgKinds.label(r.orgKind)}`, r.siteKind, r.count);
  for (const r of hosts?.byEnterpriseKind ?? []) put(`e:${r.enterpriseKind}`, `${t('sites.hostsByEnterpriseKind')} · ${entKinds.label(r.enterpriseKind)}`, r.siteKind, r.count);
  for (const r of hosts?.focus ?? []) put('focus', t('sites.hostsFocus'), r.siteKind, r.count);
  for (const r of hosts?.unlinked ?? []) put('unlinked', t('sites.hostsUnlinked'), r.siteKind, r.count);
  return (
    <Card title={t('sites.hostsTitle')} loading={loading} data-testid="host-counts">
      <Table<Line>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={lines}
        columns={[
          {
            title: t('sites.host'),
            key: 'label',
            render: (_, r) =>
              r.key === 'unlinked' ? (
                <Link to="/sites?host=unlinked">{r.label}</Link>
              ) : r.key === 'focus' ? (
                <Typography.Text strong>{r.label}</Typography.Text>
              ) : (
                r.label
              ),
          },
          ...SITE_KINDS.map((k) => ({ title: l.kind(k), key: k, width: 90, render: (_: unknown, r: Line) => r.counts[k] ?? 0 })),
        ]}
      />
    </Card>
  );
}
