import { Card, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { ServiceSystemStats } from '@shangmi/shared';
import { serviceSystemsApi } from '../../api/serviceSystems';
import { SystemKindTag } from '../../components/sites/ServiceSystemItem';
import { useT } from '../../lib/i18n';

/** 其他服务体系转介统计 (issue 24 item 5): referrals per entry of the region, made within the caller's area. */
export function ServiceSystemsStatsCard() {
  const t = useT();
  const q = useQuery({ queryKey: ['service-systems', 'stats'], queryFn: ({ signal }) => serviceSystemsApi.stats({}, signal) });
  return (
    <Card title={t('systems.statsTitle')} loading={q.isPending} data-testid="systems-stats">
      <Table<ServiceSystemStats[number]>
        rowKey="systemId"
        size="small"
        pagination={false}
        dataSource={q.data ?? []}
        columns={[
          { title: t('systems.name'), key: 'name', render: (_, r) => (<><SystemKindTag kind={r.kind} />{r.name}</>) },
          { title: t('systems.total'), dataIndex: 'total', width: 90 },
          { title: t('systems.byEnterprise'), dataIndex: 'byEnterprise', width: 100 },
          { title: t('systems.byOfficer'), dataIndex: 'byOfficer', width: 110 },
        ]}
      />
    </Card>
  );
}
