import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Region } from '@shangmi/shared';
import { regionsQuery } from '../lib/dicts';
import { useI18n } from '../lib/i18n';

/** Districts and parks of every region, labelled in the current language. */
export function useRegionOptions(districtCode?: string | null) {
  const { pick } = useI18n();
  const { data, isPending } = useQuery(regionsQuery);
  return useMemo(() => {
    const regions: Region[] = data ?? [];
    const districts = regions.flatMap((r) => r.districts.map((d) => ({ ...d, regionCode: r.code })));
    const parks = regions.flatMap((r) => r.parks);
    const districtName = new Map(districts.map((d) => [d.code, pick(d.name, d.nameEn)]));
    const parkName = new Map(parks.map((p) => [p.id, pick(p.name, p.nameEn)]));
    return {
      loading: isPending,
      districts,
      districtOptions: districts.map((d) => ({ value: d.code, label: pick(d.name, d.nameEn) })),
      parkOptions: parks
        .filter((p) => !districtCode || !p.districtCode || p.districtCode === districtCode)
        .map((p) => ({ value: p.id, label: pick(p.name, p.nameEn) })),
      districtLabel: (code: string | null | undefined) => (code ? (districtName.get(code) ?? code) : ''),
      parkLabel: (id: number | null | undefined) => (id ? (parkName.get(id) ?? String(id)) : ''),
      regionOf: (code: string | null | undefined) => districts.find((d) => d.code === code)?.regionCode,
    };
  }, [data, isPending, pick, districtCode]);
}
