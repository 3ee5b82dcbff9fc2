import { useState } from 'react';
import { Card, Empty, List, Segmented, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { SERVICE_SYSTEM_KINDS, type ServiceSystemKind } from '@shangmi/shared';
import { serviceSystemsApi } from '../../api/serviceSystems';
import { PublicFrame } from '../../components/PublicHeader';
import { ServiceSystemItem, useSystemKindLabel } from '../../components/sites/ServiceSystemItem';
import { usePublicRegion } from '../../components/usePublicRegion';
import { useT } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';

/** 其他服务体系 (public, no sign-in; issue 24 item 5): the region's IP protection centres, IP services, guidance, incubators. */
export default function SystemsPublicPage() {
  const t = useT();
  const kindLabel = useSystemKindLabel();
  const regions = usePublicRegion();
  const [kind, setKind] = useState<ServiceSystemKind | 'all'>('all');
  useDocumentTitle(t('systems.title'));
  const regionCode = regions.region?.code;
  const q = useQuery({
    queryKey: ['public-service-systems', regionCode, kind],
    queryFn: ({ signal }) => serviceSystemsApi.publicList({ regionCode, kind: kind === 'all' ? undefined : kind }, signal),
    enabled: !!regionCode,
  });
  return (
    <PublicFrame>
      <Typography.Title level={3}>{`${regions.regionLabel} ${t('systems.title')}`.trim()}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('systems.subtitle')}</Typography.Paragraph>
      <Segmented
        style={{ marginBottom: 16 }}
        className="segmented-wrap"
        value={kind}
        onChange={(v) => setKind(v as ServiceSystemKind | 'all')}
        options={[{ value: 'all', label: t('common.all') }, ...SERVICE_SYSTEM_KINDS.filter((k) => k !== 'other').map((k) => ({ value: k, label: kindLabel(k) }))]}
      />
      <Card loading={q.isPending && !!regionCode}>
        {q.data?.length === 0 ? (
          <Empty description={t('systems.none')} />
        ) : (
          <List
            dataSource={q.data ?? []}
            renderItem={(s) => (
              <List.Item key={s.id}>
                <ServiceSystemItem s={s} districtLabel={(c) => regions.districtLabel(c)} />
              </List.Item>
            )}
          />
        )}
      </Card>
    </PublicFrame>
  );
}
