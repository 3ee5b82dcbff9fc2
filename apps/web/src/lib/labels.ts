import { DATA_SCOPE_LABELS, PERMISSIONS, type DataScope, type Permission } from '@shangmi/shared';

type Pick = (zh: string, en: string) => string;

export function dataScopeLabel(scope: string, pick: Pick): string {
  const l = DATA_SCOPE_LABELS[scope as DataScope];
  return l ? pick(l.zh, l.en) : scope;
}

export function permissionLabel(code: string, pick: Pick): string {
  const l = PERMISSIONS[code as Permission];
  return l ? pick(l.zh, l.en) : code;
}
