import { useMemo } from 'react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { DictItem } from '@shangmi/shared';
import { dictsApi, type DictsResponse } from '../api/dicts';
import { regionsApi } from '../api/regions';
import { useI18n } from './i18n';

const STORAGE_KEY = 'shangmi.dicts';

/** The last dictionaries seen, with their version: shown at once on the next visit while the fresh copy loads. */
function readStored(): DictsResponse | undefined {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return undefined;
    const v = JSON.parse(raw) as DictsResponse;
    return typeof v?.version === 'string' && Array.isArray(v.types) ? v : undefined;
  } catch {
    return undefined;
  }
}

function store(res: DictsResponse): void {
  try {
    if (readStored()?.version === res.version) return;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(res));
  } catch {
    // quota or privacy mode: the in-memory cache still works
  }
}

/**
 * Dictionaries change rarely: fetched once per page load and kept (staleTime Infinity) until an edit invalidates them.
 * The stored copy is only a placeholder, so a changed version on the server always wins.
 */
export const dictsQuery = queryOptions<DictsResponse, Error, DictsResponse, string[]>({
  queryKey: ['dicts'],
  queryFn: async ({ signal }): Promise<DictsResponse> => {
    const res = await dictsApi.all(signal);
    store(res);
    return res;
  },
  staleTime: Infinity,
  gcTime: Infinity,
  placeholderData: (previous) => previous ?? readStored(),
});

export interface DictOption {
  value: string;
  label: string;
}

export interface Dict {
  /** every item, sorted, including disabled ones */
  items: DictItem[];
  /** enabled items as select options, labelled in the current language */
  options: DictOption[];
  /** label of a value in the current language; the value itself when unknown */
  label: (value: string | null | undefined) => string;
  loading: boolean;
}

export function useDict(code: string): Dict {
  const { data, isPending } = useQuery(dictsQuery);
  const { pick } = useI18n();
  return useMemo(() => {
    const type = data?.types.find((ty) => ty.code === code);
    const items = [...(type?.items ?? [])].sort((a, b) => a.sort - b.sort || a.id - b.id);
    const byValue = new Map(items.map((i) => [i.value, i]));
    return {
      items,
      options: items.filter((i) => i.enabled).map((i) => ({ value: i.value, label: pick(i.labelZh, i.labelEn) })),
      label: (value) => {
        if (value === null || value === undefined) return '';
        const item = byValue.get(value);
        return item ? pick(item.labelZh, item.labelEn) : value;
      },
      loading: isPending && !data,
    };
  }, [data, isPending, code, pick]);
}

/** Regions with their districts and parks: reference data, fetched once. */
export const regionsQuery = queryOptions({
  queryKey: ['regions'],
  queryFn: ({ signal }) => regionsApi.all(signal),
  staleTime: Infinity,
  gcTime: Infinity,
});
