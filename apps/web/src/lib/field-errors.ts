import type { FormInstance } from 'antd';
import { fieldLabel, type Locale } from '@shangmi/shared';
import type { FieldError } from '../api/client';

// Apart from errors.ts (whose toast needs antd's App): the login page places field errors without downloading App.

/** Names of the fields a form has registered (top-level segment). */
function registeredFields(form: FormInstance): Set<string> {
  const names = new Set<string>();
  form.getFieldsValue(true, (meta) => {
    if (meta?.name.length) names.add(String(meta.name[0]));
    return false;
  });
  return names;
}

/** "用户名：至少 3 个字符" under the 用户名 field reads better as "至少 3 个字符". */
function withoutLabel(field: string, message: string, locale: Locale): string {
  const label = fieldLabel(field, locale);
  for (const sep of ['：', ':', ': ']) {
    const prefix = label + sep;
    if (message.startsWith(prefix) && message.length > prefix.length) return message.slice(prefix.length).trim();
  }
  return message;
}

/**
 * Puts the server's field errors on the matching form items (`roleIds.0` → `roleIds`; `rename` maps API names to
 * form names where they differ, by the whole path — `reporter.name` → `name` — or by its first segment). Returns the
 * messages that matched no item, so they can be shown elsewhere.
 */
export function applyFieldErrors(
  form: FormInstance,
  fields: FieldError[],
  locale: Locale,
  rename: Record<string, string> = {},
): string[] {
  const known = registeredFields(form);
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const f of fields) {
    const top = f.field.split('.')[0];
    const name = rename[f.field] ?? rename[top] ?? top;
    if (known.has(name)) {
      const list = byField.get(name) ?? [];
      list.push(withoutLabel(f.field, f.message, locale));
      byField.set(name, list);
    } else {
      unplaced.push(f.message);
    }
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  if (byField.size) form.scrollToField([...byField.keys()][0], { block: 'center' });
  return unplaced;
}
