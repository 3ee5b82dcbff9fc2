import { useState } from 'react';
import { Form, Input, Modal, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { SiteDetail, SiteStatus } from '@shangmi/shared';
import { sitesApi } from '../../api/sites';
import { useT } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { FormModal } from '../../components/FormDialog';
import { GeneratedPasswordInput } from '../../components/GeneratedPasswordInput';
import { formRules, nullIfEmpty } from '../../lib/forms';
import { FileUploader } from '../../components/FileUploader';
import { useSiteLabels } from '../../components/sites/labels';

export function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['sites'] });
}

/** A decision that needs only a reason (a status change, a withdrawal): the reason is required; saving refreshes the site. */
export function ReasonModal({ open, title, hint, okText, danger, onSubmit, onClose }: { open: boolean; title: string; hint?: string; okText?: string; danger?: boolean; onSubmit: (reason: string) => Promise<unknown>; onClose: () => void }) {
  const t = useT();
  return (
    <FormModal<{ reason: string }>
      name="siteReason"
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger }}
      onClose={onClose}
      save={(v) => onSubmit(v.reason)}
      success={t('common.saved')}
      invalidate={['sites']}
      before={hint ? <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph> : null}
    >
      <Form.Item name="reason" label={t('sites.reason')} rules={[{ required: true, message: t('common.required', { label: t('sites.reason') }) }]}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}

/** 变更状态, with the reason (the server decides who may make which change). */
export function StatusModal({ site, to, onClose }: { site: SiteDetail; to: SiteStatus | null; onClose: () => void }) {
  const t = useT();
  const l = useSiteLabels();
  return (
    <ReasonModal
      open={!!to}
      title={to ? t('sites.statusTo', { from: l.status(site.status), to: l.status(to) }) : ''}
      onSubmit={(reason) => sitesApi.status(site.id, to!, reason)}
      onClose={onClose}
    />
  );
}

interface StaffValues {
  username: string;
  displayName: string;
  password: string;
  phone?: string;
}

/** 开通工作人员账号: a site_staff account of the site (initial password changed at first sign-in). */
export function StaffModal({ site, open, onClose }: { site: SiteDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const r = formRules(t);
  const [form] = Form.useForm<StaffValues>();
  const username = Form.useWatch('username', form);
  return (
    <FormModal<StaffValues>
      form={form}
      name="siteStaff"
      open={open}
      title={t('sites.addStaff')}
      onClose={onClose}
      save={(v) => sitesApi.addStaff(site.id, { ...v, phone: nullIfEmpty(v.phone) })}
      success={t('sites.staffAdded')}
      invalidate={['sites']}
    >
      <Form.Item name="username" label={t('sites.username')} rules={[r.req('sites.username')]}>
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label={t('sites.displayName')} rules={[r.req('sites.displayName')]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="password" label={t('sites.initialPassword')} rules={[r.req('sites.initialPassword')]}>
        <GeneratedPasswordInput username={username} />
      </Form.Item>
      <Form.Item name="phone" label={t('sites.contactPhone')}>
        <Input maxLength={20} />
      </Form.Item>
    </FormModal>
  );
}

/** 上传照片 (images). */
export function PhotosModal({ site, open, onClose }: { site: SiteDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const onError = useErrorHandler();
  const refresh = useRefresh();
  const [ids, setIds] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await sitesApi.addPhotos(site.id, ids);
      await refresh();
      onClose();
    } catch (e) {
      onError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('sites.addPhotos')} onCancel={onClose} onOk={save} okButtonProps={{ disabled: busy || !ids.length }} confirmLoading={saving} destroyOnHidden>
      <FileUploader onChange={setIds} onBusyChange={setBusy} />
    </Modal>
  );
}
