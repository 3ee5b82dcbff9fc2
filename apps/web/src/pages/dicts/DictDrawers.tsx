import { useEffect, useState } from 'react';
import { App, Button, Drawer, Flex, Form, Input, InputNumber, Switch } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { DictItem, DictType } from '@shangmi/shared';
import { dictsApi } from '../../api/dicts';
import { useI18n, type MessageKey } from '../../app/i18n';
import { useErrorHandler } from '../../app/errors';
import { CODE_RE, DICT_VALUE_RE, nullIfEmpty } from '../../utils/forms';

function useSaver() {
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const save = async (work: () => Promise<unknown>, done: string, form: Parameters<typeof onError>[1]) => {
    setBusy(true);
    try {
      await work();
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: ['dicts'] });
      return true;
    } catch (e) {
      onError(e, form);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, save };
}

function DrawerFooter({ busy, onCancel, onSave }: { busy: boolean; onCancel: () => void; onSave: () => void }) {
  const { t } = useI18n();
  return (
    <Flex gap={8}>
      <Button onClick={onCancel}>{t('common.cancel')}</Button>
      <Button type="primary" loading={busy} onClick={onSave}>
        {t('common.save')}
      </Button>
    </Flex>
  );
}

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
  const [form] = Form.useForm<TypeValues>();
  const { busy, save } = useSaver();

  const submit = async (v: TypeValues) => {
    const code = v.code.trim();
    const ok = await save(() => dictsApi.createType({ code, nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim() }), t('common.created'), form);
    if (ok) {
      onCreated(code);
      onClose();
    }
  };

  return (
    <Drawer
      title={t('dicts.addTypeTitle')}
      open={open}
      onClose={onClose}
      size={480}
      destroyOnHidden
      extra={<DrawerFooter busy={busy} onCancel={onClose} onSave={() => form.submit()} />}
    >
      <Form<TypeValues> form={form} name="dictTypeForm" layout="vertical" onFinish={submit} preserve={false}>
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
      </Form>
    </Drawer>
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
  const [form] = Form.useForm<ItemValues>();
  const { busy, save } = useSaver();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      item
        ? {
            value: item.value,
            labelZh: item.labelZh,
            labelEn: item.labelEn,
            parentValue: item.parentValue ?? undefined,
            sort: item.sort,
            enabled: item.enabled,
          }
        : { sort: 0, enabled: true },
    );
  }, [open, item, form]);

  const submit = async (v: ItemValues) => {
    if (!type) return;
    const body = {
      labelZh: v.labelZh.trim(),
      labelEn: v.labelEn.trim(),
      parentValue: nullIfEmpty(v.parentValue),
      sort: v.sort ?? 0,
      enabled: v.enabled,
    };
    const ok = item
      ? await save(() => dictsApi.updateItem(type.code, item.id, body), t('common.saved'), form)
      : await save(() => dictsApi.createItem(type.code, { ...body, value: v.value.trim() }), t('common.created'), form);
    if (ok) onClose();
  };

  return (
    <Drawer
      title={item ? t('dicts.editItemTitle') : t('dicts.addItemTitle', { type: type ? pick(type.nameZh, type.nameEn) : '' })}
      open={open}
      onClose={onClose}
      size={480}
      destroyOnHidden
      extra={<DrawerFooter busy={busy} onCancel={onClose} onSave={() => form.submit()} />}
    >
      <Form<ItemValues> form={form} name="dictItemForm" layout="vertical" onFinish={submit}>
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
      </Form>
    </Drawer>
  );
}
