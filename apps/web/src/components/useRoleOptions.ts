import { useQuery } from '@tanstack/react-query';
import { rolesApi } from '../api/roles';
import { MAX_PAGE_SIZE } from '../api/lists';
import { useI18n } from '../app/i18n';

/** All roles as select options, named in the current language. */
export function useRoleOptions(enabled = true) {
  const { pick } = useI18n();
  const q = useQuery({
    queryKey: ['roles', 'options'],
    queryFn: ({ signal }) => rolesApi.list({ page: 1, pageSize: MAX_PAGE_SIZE, order: 'asc' }, signal),
    staleTime: 60_000,
    enabled,
  });
  return {
    options: (q.data?.items ?? []).map((r) => ({ value: r.id, label: pick(r.nameZh, r.nameEn) })),
    loading: q.isPending && enabled,
  };
}
