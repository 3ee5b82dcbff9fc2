import { Tag } from 'antd';
import type { EnterpriseStatus } from '@shangmi/shared';
import { useI18n } from '../../lib/i18n';

const STATUS_COLORS: Record<EnterpriseStatus, string> = {
  pending: 'warning',
  active: 'success',
  merged: 'default',
  closed: 'error',
};

export const STATUS_VALUES: EnterpriseStatus[] = ['pending', 'active', 'merged', 'closed'];

export function EnterpriseStatusTag({ status }: { status: EnterpriseStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]}>{t(`enterprises.statuses.${status}`)}</Tag>;
}

export function useStatusOptions() {
  const { t } = useI18n();
  return STATUS_VALUES.map((s) => ({ value: s, label: t(`enterprises.statuses.${s}`) }));
}
