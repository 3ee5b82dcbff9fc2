import { Form, Input, InputNumber, Switch } from 'antd';
import type { DictItem, DictType } from '@shangmi/shared';
import { dictsApi } from '../../api/dicts';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { FormDrawer } from '../../components/FormDialog';
import { CODE_RE, DICT_VALUE_RE, nullIfEmpty } from '../../lib/forms';

const required = (t: (k: MessageKey, v?: Record<string, string | number>) => string, label: MessageKey) => ({
  required: true,
  whitespace: true,
  message: t('common.required', { label: t(label) }),
});
const maxLen = (t: (k: MessageKey, v?: Record<string, string | number>) => string, label: MessageKey, max: number) => ({
  max,
  message: t('common.maxLength', { label: t(label), max }),
});

interface TypeValues {
  code: string;
  nameZh: string;
  nameEn: string;
}

export function DictTypeDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (code: string) => void }) {
  const { t } = useI18n();
  return (
    <FormDrawer<TypeValues, string>
      name="dictTypeForm"
      title={t('dicts.addTypeTitle')}
      open={open}
      onClose={onClose}
      size={480}
      save={async (v) => {
        const code = v.code.trim();
        await dictsApi.createType({ code, nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim() });
        return code;
      }}
      success={t('common.created')}
      invalidate={['dicts']}
      onSaved={onCreated}
    >
      <Form.Item
        name="code"
        label={t('dicts.typeCode')}
        extra={t('dicts.typeCodeFormat')}
        rules={[required(t, 'dicts.typeCode'), { min: 2, max: 50, pattern: CODE_RE, message: t('dicts.typeCodeFormat') }]}
      >
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item name="nameZh" label={t('dicts.typeNameZh')} rules={[required(t, 'dicts.typeNameZh'), maxLen(t, 'dicts.typeNameZh', 50)]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="nameEn" label={t('dicts.typeNameEn')} rules={[required(t, 'dicts.typeNameEn'), maxLen(t, 'dicts.typeNameEn', 100)]}>
        <Input maxLength={100} />
      </Form.Item>
    </FormDrawer>
  );
}

interface ItemValues {
  value: string;
  labelZh: string;
  labelEn: string;
  parentValue?: string;
  sort?: number;
  enabled: boolean;
}

export function DictItemDrawer({
  open,
  type,
  item,
  onClose,
}: {
  open: boolean;
  type: DictType | null;
  /** null: a new item */
  item: DictItem | null;
  onClose: () => void;
}) {
  const { t, pick } = useI18n();
  return (
    <FormDrawer<ItemValues>
      name="dictItemForm"
      title={item ? t('dicts.editItemTitle') : t('dicts.addItemTitle', { type: type ? pick(type.nameZh, type.nameEn) : '' })}
      open={open}
      onClose={onClose}
      size={480}
      values={
        item
          ? {
              value: item.value,
              labelZh: item.labelZh,
              labelEn: item.labelEn,
              parentValue: item.parentValue ?? undefined,
              sort: item.sort,
              enabled: item.enabled,
            }
          : { sort: 0, enabled: true }
      }
      valuesKey={item}
      save={(v) => {
        const body = {
          labelZh: v.labelZh.trim(),
          labelEn: v.labelEn.trim(),
          parentValue: nullIfEmpty(v.parentValue),
          sort: v.sort ?? 0,
          enabled: v.enabled,
        };
        return item ? dictsApi.updateItem(type!.code, item.id, body) : dictsApi.createItem(type!.code, { ...body, value: v.value.trim() });
      }}
      success={item ? t('common.saved') : t('common.created')}
      invalidate={['dicts']}
    >
      <Form.Item
        name="value"
        label={t('dicts.value')}
        extra={item ? undefined : t('dicts.valueFormat')}
        rules={item ? [] : [required(t, 'dicts.value'), { max: 50, pattern: DICT_VALUE_RE, message: t('dicts.valueFormat') }]}
      >
        <Input maxLength={50} disabled={!!item} autoComplete="off" />
      </Form.Item>
      <Form.Item name="labelZh" label={t('dicts.labelZh')} rules={[required(t, 'dicts.labelZh'), maxLen(t, 'dicts.labelZh', 100)]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="labelEn" label={t('dicts.labelEn')} rules={[required(t, 'dicts.labelEn'), maxLen(t, 'dicts.labelEn', 200)]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="parentValue" label={t('dicts.parentValue')} rules={[maxLen(t, 'dicts.parentValue', 50)]}>
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item name="sort" label={t('dicts.sort')}>
        <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="enabled" label={t('dicts.enabled')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDrawer>
  );
}
