import type { ReactNode } from 'react';
import { Flex, Tag, Typography } from 'antd';
import { EnvironmentOutlined, LinkOutlined, PhoneOutlined } from '@ant-design/icons';
import { SERVICE_SYSTEM_KIND_LABELS, type ServiceSystem, type ServiceSystemKind } from '@shangmi/shared';
import { useI18n } from '../../lib/i18n';

const KIND_COLORS: Record<ServiceSystemKind, string> = {
  ip_protection: 'red',
  ip_service: 'blue',
  innovation: 'purple',
  entrepreneurship: 'orange',
  incubator: 'green',
  other: 'default',
};

export function useSystemKindLabel() {
  const { locale } = useI18n();
  return (k: ServiceSystemKind) => (locale === 'en-US' ? SERVICE_SYSTEM_KIND_LABELS[k].en : SERVICE_SYSTEM_KIND_LABELS[k].zh);
}

export function SystemKindTag({ kind }: { kind: ServiceSystemKind }) {
  const label = useSystemKindLabel();
  return <Tag color={KIND_COLORS[kind]}>{label(kind)}</Tag>;
}

/** One entry of the directory of other service systems, as the public page and the help request's hint show it. */
export function ServiceSystemItem({ s, districtLabel, action }: { s: ServiceSystem; districtLabel: (code: string | null) => string; action?: ReactNode }) {
  const { t, pick } = useI18n();
  return (
    <Flex vertical gap={4} style={{ width: '100%' }} data-system={s.name}>
      <Flex justify="space-between" wrap gap={8}>
        <span>
          <SystemKindTag kind={s.kind} />
          <Typography.Text strong>{pick(s.name, s.nameEn)}</Typography.Text>
          <Typography.Text type="secondary">{`  ${s.operator ?? ''}${s.operator ? ' · ' : ''}${s.districtCode ? districtLabel(s.districtCode) : t('systems.wholeRegion')}`}</Typography.Text>
        </span>
        {action}
      </Flex>
      <Typography.Text>{s.services}</Typography.Text>
      <Flex wrap gap={16}>
        {s.address ? (
          <Typography.Text type="secondary">
            <EnvironmentOutlined aria-label={t('systems.address')} /> {s.address}
          </Typography.Text>
        ) : null}
        {s.phone ? (
          <Typography.Text type="secondary">
            <PhoneOutlined aria-label={t('systems.phone')} /> {s.phone}
          </Typography.Text>
        ) : null}
        {s.url ? (
          <Typography.Link href={s.url} target="_blank" rel="noopener noreferrer">
            <LinkOutlined /> {t('systems.open')}
          </Typography.Link>
        ) : null}
      </Flex>
    </Flex>
  );
}
