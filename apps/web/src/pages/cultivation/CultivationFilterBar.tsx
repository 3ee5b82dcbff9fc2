import type { CultivationFilters } from '../../api/cultivation';
import { useT } from '../../lib/i18n';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { useRegionOptions } from '../../components/useRegionOptions';
import { yearOptions } from '../../components/cultivation/labels';

/** Year, district and readiness (issue 24 item 3) for the board and the statistics: applied as soon as one is chosen. */
export function CultivationFilterBar({ name, onChange }: { name: string; onChange: (filters: CultivationFilters) => void }) {
  const t = useT();
  const regions = useRegionOptions();
  return (
    <FilterBar<CultivationFilters> table={{ setFilters: onChange }} name={name} instant>
      <FilterSelect name="year" label={t('cultivation.year')} options={yearOptions((year) => t('cultivation.yearOption', { year }))} width={110} />
      <FilterSelect name="districtCode" label={t('cultivation.district')} options={regions.districtOptions} loading={regions.loading} width={130} />
      <FilterSelect
        name="readiness"
        label={t('readiness.filter')}
        options={[
          { value: 'ready', label: t('readiness.filterReady') },
          { value: 'not_ready', label: t('readiness.filterNotReady') },
        ]}
        width={150}
      />
    </FilterBar>
  );
}
