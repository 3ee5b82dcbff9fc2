import { Tag } from 'antd';
import { useT } from '../lib/i18n';

export function StatusTag({ status }: { status: 'active' | 'disabled' | string }) {
  const t = useT();
  return status === 'active' ? <Tag color="success">{t('common.active')}</Tag> : <Tag>{t('common.disabled')}</Tag>;
}

export function EnabledTag({ enabled }: { enabled: boolean }) {
  const t = useT();
  return enabled ? <Tag color="success">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>;
}

export function YesNoTag({ value, yesColor = 'processing' }: { value: boolean; yesColor?: string }) {
  const t = useT();
  return value ? <Tag color={yesColor}>{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>;
}
