import { Checkbox, Flex, Typography } from 'antd';
import { ALL_PERMISSIONS, type Permission } from '@shangmi/shared';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { permissionLabel } from '../../lib/labels';

/** Permissions grouped by domain (the part before ':'), in the catalogue's order. */
const GROUPS: { domain: string; perms: Permission[] }[] = (() => {
  const groups = new Map<string, Permission[]>();
  for (const p of ALL_PERMISSIONS) {
    const domain = p.split(':')[0];
    groups.set(domain, [...(groups.get(domain) ?? []), p]);
  }
  return [...groups].map(([domain, perms]) => ({ domain, perms }));
})();

/** The permissions of the catalogue among `codes` (a role read from the server carries them as plain text). */
export const knownPermissions = (codes: readonly string[]): Permission[] => ALL_PERMISSIONS.filter((p) => codes.includes(p));

interface Props {
  id?: string;
  value?: Permission[];
  onChange?: (value: Permission[]) => void;
  disabled?: boolean;
}

/** Checkboxes per domain with a "select all" per group. */
export function PermissionPicker({ id, value = [], onChange, disabled }: Props) {
  const { t, pick } = useI18n();
  const set = new Set<Permission>(value);

  const domainLabel = (domain: string) => {
    const key = `permissionDomains.${domain}` as MessageKey;
    const text = t(key);
    return text === key ? domain : text;
  };

  // Kept in catalogue order so the saved list reads the same way as the screen.
  const toggle = (perms: Permission[], on: boolean) => {
    const next = new Set(set);
    for (const p of perms) {
      if (on) next.add(p);
      else next.delete(p);
    }
    onChange?.(ALL_PERMISSIONS.filter((p) => next.has(p)));
  };

  return (
    <Flex id={id} vertical gap={8} className="permission-picker">
      {GROUPS.map(({ domain, perms }) => {
        const chosen = perms.filter((p) => set.has(p)).length;
        return (
          <Flex key={domain} gap={12} align="flex-start" wrap>
            <Checkbox
              style={{ width: 140, flex: 'none' }}
              checked={chosen === perms.length}
              indeterminate={chosen > 0 && chosen < perms.length}
              disabled={disabled}
              onChange={(e) => toggle(perms, e.target.checked)}
            >
              <Typography.Text strong>{domainLabel(domain)}</Typography.Text>
            </Checkbox>
            <Flex gap={4} wrap style={{ flex: 1, minWidth: 200 }}>
              {perms.map((p) => (
                <Checkbox
                  key={p}
                  checked={set.has(p)}
                  disabled={disabled}
                  onChange={(e) => toggle([p], e.target.checked)}
                >
                  {permissionLabel(p, pick)}
                </Checkbox>
              ))}
            </Flex>
          </Flex>
        );
      })}
    </Flex>
  );
}
