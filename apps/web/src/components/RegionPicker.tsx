import { Select } from 'antd';
import { useT } from '../lib/i18n';
import { usePublicRegion } from './usePublicRegion';

/** The public header's region choice, on a deployment that serves several regions (kept in the browser). */
export default function RegionPicker() {
  const t = useT();
  const pr = usePublicRegion();
  return (
    <Select
      size="middle"
      aria-label={t('publicNav.region')}
      placeholder={t('publicNav.chooseRegion')}
      value={pr.region?.code}
      options={pr.regionOptions}
      onChange={pr.setRegion}
      popupMatchSelectWidth={false}
      style={{ minWidth: 96 }}
      data-testid="public-region"
    />
  );
}
