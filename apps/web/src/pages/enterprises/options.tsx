import { useMemo } from 'react';
import { Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { type EnterpriseStatus, type Region } from '@shangmi/shared';
import { regionsQuery, useDict } from '../../app/dicts';
import { useI18n } from '../../app/i18n';

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

export interface IndustryNode {
  value: string;
  title: string;
  children?: IndustryNode[];
}

/** The `industry` dictionary as a tree: sections (门类, letters) → divisions (大类). */
export function useIndustryTree() {
  const industry = useDict('industry');
  const { pick } = useI18n();
  return useMemo(() => {
    const enabled = industry.items.filter((i) => i.enabled);
    const sections = enabled.filter((i) => !i.parentValue);
    const tree: IndustryNode[] = sections.map((s) => ({
      value: s.value,
      title: `${s.value} ${pick(s.labelZh, s.labelEn)}`,
      children: enabled
        .filter((d) => d.parentValue === s.value)
        .map((d) => ({ value: d.value, title: `${d.value} ${pick(d.labelZh, d.labelEn)}` })),
    }));
    return { tree, label: industry.label, loading: industry.loading };
  }, [industry, pick]);
}

