import { useEffect, useEffectEvent, useState, type ReactNode } from 'react';
import { App, Button, Drawer, Flex, Form, Modal, type ButtonProps, type FormInstance, type FormProps } from 'antd';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useErrorHandler } from '../lib/errors';
import { useT } from '../lib/i18n';

/** What one form dialog does when its form is submitted (validated by antd first). */
export interface FormSaveOptions<T, R> {
  form: FormInstance<T>;
  /** The request. Its result goes to `onSaved` and to `success` when that is a function. */
  save: (values: T) => Promise<R>;
  /** The toast on success (已保存, 已创建, or the dialog's own words). */
  success: string | ((result: R) => string);
  /** Queries read again (and awaited) before the dialog closes. */
  invalidate?: QueryKey;
  /** After the toast and the refresh, before the dialog closes. */
  onSaved?: (result: R) => void;
  onClose: () => void;
  /** While set (files still uploading), submitting shows this warning instead and the OK button spins. */
  wait?: string | null;
  /** API field names that the form names otherwise (see applyFieldErrors). */
  rename?: Record<string, string>;
}

/**
 * Validate → request → toast → refresh → onSaved → close. A 400 with field errors puts them under the form's fields
 * in the user's language; anything else becomes one toast. Returns whether the save went through.
 */
export function useFormSave<T, R>({ form, save, success, invalidate, onSaved, onClose, wait, rename }: FormSaveOptions<T, R>) {
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const submit = async (values: T): Promise<boolean> => {
    if (wait) {
      message.warning(wait);
      return false;
    }
    setBusy(true);
    try {
      const result = await save(values);
      message.success(typeof success === 'function' ? success(result) : success);
      if (invalidate) await queryClient.invalidateQueries({ queryKey: invalidate });
      onSaved?.(result);
      onClose();
      return true;
    } catch (e) {
      onError(e, form, rename);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy: busy || !!wait, submit };
}

/** The parts FormModal and FormDrawer share: the form, how it is filled when the dialog opens, and how it saves. */
interface FormDialogProps<T, R> extends Omit<FormSaveOptions<T, R>, 'form'> {
  open: boolean;
  title: ReactNode;
  /** The form's name, the prefix of its fields' ids (`userForm_username`, which the e2e journeys address); none: the ids are the field names. */
  name?: string;
  /** The caller's own form instance, when it watches fields (Form.useWatch) or reads them; one is made otherwise. */
  form?: FormInstance<T>;
  /** Filled in each time the dialog opens, after the form is reset to `initialValues`. */
  values?: Partial<T>;
  /** The form is filled again when this changes while open (the record being edited). */
  valuesKey?: unknown;
  /** Keep what was typed between openings (no reset, content kept while hidden). */
  keepValues?: boolean;
  /** Shown above the form (a hint, a warning). */
  before?: ReactNode;
  initialValues?: FormProps<T>['initialValues'];
  onValuesChange?: FormProps<T>['onValuesChange'];
  children: ReactNode;
}

function useFormDialog<T, R>(props: FormDialogProps<T, R>) {
  const [form] = Form.useForm<T>(props.form);
  const { busy, submit } = useFormSave({ ...props, form });
  const fill = useEffectEvent(() => {
    form.resetFields();
    if (props.values) form.setFieldsValue(props.values as Parameters<typeof form.setFieldsValue>[0]);
  });
  const { open, keepValues, valuesKey } = props;
  useEffect(() => {
    if (open && !keepValues) fill();
  }, [open, keepValues, valuesKey]);
  const body = (
    <>
      {props.before}
      <Form<T>
        form={form}
        name={props.name}
        layout="vertical"
        initialValues={props.initialValues}
        onValuesChange={props.onValuesChange}
        onFinish={(v) => void submit(v)}
      >
        {props.children}
      </Form>
    </>
  );
  return { form, busy, body };
}

export interface FormModalProps<T, R> extends FormDialogProps<T, R> {
  okText?: string;
  okButtonProps?: Omit<ButtonProps, 'loading'>;
  width?: number;
  maskClosable?: boolean;
}

/** A modal around one form: OK submits it, and the modal closes once the save went through. */
export function FormModal<T, R = unknown>(props: FormModalProps<T, R>) {
  const { form, busy, body } = useFormDialog(props);
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      okButtonProps={{ ...props.okButtonProps, loading: busy }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      width={props.width}
      maskClosable={props.maskClosable}
      destroyOnHidden={!props.keepValues}
    >
      {body}
    </Modal>
  );
}

/** A side drawer around one form, with 取消 / 保存 at its top right. */
export function FormDrawer<T, R = unknown>(props: FormDialogProps<T, R> & { size: number }) {
  const t = useT();
  const { form, busy, body } = useFormDialog(props);
  return (
    <Drawer
      title={props.title}
      open={props.open}
      onClose={props.onClose}
      size={props.size}
      destroyOnHidden={!props.keepValues}
      extra={
        <Flex gap={8}>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {body}
    </Drawer>
  );
}
