import type { ReactNode } from 'react';
import type { Permission } from '@shangmi/shared';
import { useAuth } from './auth';

/** Whether the signed-in user holds a permission. The server checks again; this only hides what would be refused. */
export function useCan(perm: Permission): boolean {
  const { me } = useAuth();
  return !!me && me.permissions.includes(perm);
}

/** A checker for several permissions at once (menus, action columns). */
export function usePermissions(): (perm: Permission) => boolean {
  const { me } = useAuth();
  const held = me?.permissions ?? [];
  return (perm) => held.includes(perm);
}

export function Can({ perm, children, fallback = null }: { perm: Permission; children: ReactNode; fallback?: ReactNode }) {
  return useCan(perm) ? children : fallback;
}
