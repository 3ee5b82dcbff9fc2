import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Region } from '@shangmi/shared';
import { regionsApi } from '../api/regions';
import { useI18n } from '../lib/i18n';

const KEY = 'shangmi.publicRegion';
const listeners = new Set<() => void>();
const subscribe = (f: () => void) => {
  listeners.add(f);
  return () => listeners.delete(f);
};
const read = () => {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
};

/**
 * The region a public page serves: the visitor's choice (kept in the browser) when it is one the host serves, else the
 * deployment's default for this host (GET /api/public/region). Every public page asks here, so a complaint, the directory
 * and a registration go to the same region; `region` is null only while loading or when a multi-region deployment has no
 * default and the visitor has not chosen (the public header shows the choice).
 */
export function usePublicRegion() {
  const { pick } = useI18n();
  const q = useQuery({ queryKey: ['regions', 'public'], queryFn: ({ signal }) => regionsApi.publicRegions(signal), staleTime: Infinity, gcTime: Infinity });
  const chosen = useSyncExternalStore(subscribe, read, () => null);
  const setRegion = useCallback((code: string) => {
    try {
      localStorage.setItem(KEY, code);
    } catch {
      // private mode: the choice lasts as long as the page
    }
    listeners.forEach((f) => f());
  }, []);
  return useMemo(() => {
    const regions: Region[] = q.data?.regions ?? [];
    const code = regions.some((r) => r.code === chosen) ? chosen : (q.data?.defaultCode ?? null);
    const region = regions.find((r) => r.code === code) ?? null;
    const districtName = new Map((region?.districts ?? []).map((d) => [d.code, pick(d.name, d.nameEn)]));
    const parkName = new Map((region?.parks ?? []).map((p) => [p.id, pick(p.name, p.nameEn)]));
    return {
      loading: q.isPending,
      error: q.error,
      regions,
      region,
      setRegion,
      regionLabel: region ? pick(region.name, region.nameEn) : '',
      regionOptions: regions.map((r) => ({ value: r.code, label: pick(r.name, r.nameEn) })),
      districtOptions: (region?.districts ?? []).map((d) => ({ value: d.code, label: pick(d.name, d.nameEn) })),
      parkOptions: (region?.parks ?? []).map((p) => ({ value: p.id, label: pick(p.name, p.nameEn) })),
      districtLabel: (c: string | null | undefined) => (c ? (districtName.get(c) ?? c) : ''),
      parkLabel: (id: number | null | undefined) => (id ? (parkName.get(id) ?? String(id)) : ''),
    };
  }, [q.data, q.isPending, q.error, chosen, setRegion, pick]);
}
