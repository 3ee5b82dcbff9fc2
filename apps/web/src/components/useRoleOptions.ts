import { useQuery } from '@tanstack/react-query';
import { rolesApi } from '../api/roles';
import { usersApi } from '../api/users';
import { useI18n } from '../lib/i18n';

/** All roles as select options, named in the current language. */
export function useRoleOptions(enabled = true) {
  const { pick } = useI18n();
  const q = useQuery({
    queryKey: ['roles', 'options'],
    queryFn: ({ signal }) => rolesApi.all(signal),
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
    queryFn: ({ signal }) => usersApi.assignableRoles(signal),
    staleTime: 60_000,
    enabled,
  });
  return {
    options: (q.data ?? []).map((r) => ({ value: r.id, label: pick(r.nameZh, r.nameEn) })),
    loading: q.isPending && enabled,
  };
}
