import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { rolesApi } from '../api/roles';
import { MAX_PAGE_SIZE } from '../api/lists';
import { useI18n } from '../lib/i18n';

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

/** The roles the signed-in user may grant (GET /api/users/assignable-roles), for the user form. */
export function useAssignableRoleOptions(enabled = true) {
  const { pick } = useI18n();
  const q = useQuery({
    queryKey: ['roles', 'assignable'],
    queryFn: ({ signal }) => api.get<{ id: number; code: string; nameZh: string; nameEn: string }[]>('/api/users/assignable-roles', undefined, signal),
    staleTime: 60_000,
    enabled,
  });
  return {
    options: (q.data ?? []).map((r) => ({ value: r.id, label: pick(r.nameZh, r.nameEn) })),
    loading: q.isPending && enabled,
  };
}
