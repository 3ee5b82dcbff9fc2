import { useMemo } from 'react';
import { useDict } from '../lib/dicts';
import { useI18n } from '../lib/i18n';

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
