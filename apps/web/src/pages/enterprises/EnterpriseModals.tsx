import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Enterprise } from '@shangmi/shared';
import { enterprisesApi } from '../../api/enterprises';
import { useT, type MessageKey } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { FormModal } from '../../components/FormDialog';
import { ContactFields, InitialPasswordField, UsernameField } from '../../components/AccountFields';
import { nullIfEmpty } from '../../lib/forms';

/** 批量驳回: the selected pending registrations removed at once, with one reason. */
export function BulkRejectModal({ ids, open, onClose, onDone }: { ids: number[]; open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  return (
    <FormModal<{ reason: string }, { rejected: number[]; skipped: unknown[] }>
      name="bulkRejectForm"
      open={open}
      title={t('enterprises.bulkRejectTitle', { count: ids.length })}
      okText={t('enterprises.rejectReg')}
      okButtonProps={{ danger: true }}
      onClose={onClose}
      save={({ reason }) => enterprisesApi.rejectMany(ids, reason.trim())}
      success={(r) => t('enterprises.bulkRejected', { rejected: r.rejected.length, skipped: r.skipped.length })}
      invalidate={['enterprises']}
      onSaved={onDone}
      before={<Alert type="warning" showIcon title={t('enterprises.rejectHint')} style={{ marginBottom: 16 }} />}
    >
      <Form.Item
        name="reason"
        label={t('enterprises.rejectReason')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { label: t('enterprises.rejectReason') }) },
          { max: 500, message: t('common.maxLength', { label: t('enterprises.rejectReason'), max: 500 }) },
        ]}
      >
        <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
      </Form.Item>
    </FormModal>
  );
}

/** 驳回: a pending registration is removed, with a reason for the audit trail. */
export function RejectModal({ enterprise, onClose, onDone }: { enterprise: Enterprise | null; onClose: () => void; onDone?: () => void }) {
  const t = useT();
  return (
    <FormModal<{ reason: string }>
      name="rejectForm"
      open={!!enterprise}
      title={enterprise ? t('enterprises.rejectTitle', { name: enterprise.name }) : ''}
      okText={t('enterprises.rejectReg')}
      okButtonProps={{ danger: true }}
      onClose={onClose}
      save={({ reason }) => enterprisesApi.reject(enterprise!.id, reason.trim())}
      success={t('enterprises.rejected')}
      invalidate={['enterprises']}
      onSaved={onDone}
      before={<Alert type="warning" showIcon title={t('enterprises.rejectHint')} style={{ marginBottom: 16 }} />}
    >
      <Form.Item
        name="reason"
        label={t('enterprises.rejectReason')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { label: t('enterprises.rejectReason') }) },
          { max: 500, message: t('common.maxLength', { label: t('enterprises.rejectReason'), max: 500 }) },
        ]}
      >
        <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
      </Form.Item>
    </FormModal>
  );
}

interface InviteValues {
  username: string;
  displayName: string;
  phone?: string;
  email?: string;
  password: string;
}

/** 开通企业管理员账号: an enterprise_admin account whose initial password must be changed at first sign-in. */
export function InviteModal({ enterprise, open, onClose }: { enterprise: Enterprise; open: boolean; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<InviteValues>();
  const username = Form.useWatch('username', form);
  const password = Form.useWatch('password', form);

  const req = (key: MessageKey) => ({ required: true, message: t('common.required', { label: t(key) }) });

  return (
    <FormModal<InviteValues, { username: string }>
      form={form}
      name="inviteForm"
      open={open}
      title={t('enterprises.invite')}
      okText={t('common.save')}
      width={520}
      onClose={onClose}
      values={{ displayName: enterprise.contactName ?? undefined, phone: enterprise.contactPhone ?? undefined, email: enterprise.contactEmail ?? undefined }}
      valuesKey={enterprise}
      save={(v) =>
        enterprisesApi.invite(enterprise.id, {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          phone: nullIfEmpty(v.phone),
          email: nullIfEmpty(v.email),
          password: v.password,
        })
      }
      success={(account) => t('enterprises.invited', { username: account.username })}
    >
      <UsernameField />
      <Form.Item name="displayName" label={t('users.displayName')} rules={[req('users.displayName'), { whitespace: true, max: 50 }]}>
        <Input maxLength={50} />
      </Form.Item>
      <ContactFields />
      <InitialPasswordField hint={t('enterprises.inviteHint')} username={username} password={password} />
    </FormModal>
  );
}

/**
 * 合并重复企业: folds this record into another active one of the same region (its accounts, cultivation and other
 * records follow; this record stays as a pointer). The target is found by name or credit code.
 */
export function MergeModal({ enterprise, open, onClose }: { enterprise: Enterprise; open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [target, setTarget] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const search = useQuery({
    queryKey: ['enterprises', 'merge-search', enterprise.regionCode, q],
    queryFn: ({ signal }) => enterprisesApi.list({ q: q || undefined, status: 'active', regionCode: enterprise.regionCode, page: 1, pageSize: 20 }, signal),
    enabled: open,
  });
  const options = (search.data?.items ?? [])
    .filter((x) => x.id !== enterprise.id)
    .map((x) => ({ value: x.id, label: `${x.name}（${x.creditCode}）` }));

  useEffect(() => {
    if (open) {
      setQ('');
      setTarget(null);
    }
  }, [open]);

  const submit = async () => {
    if (!target) return;
    setBusy(true);
    try {
      const survivor = await enterprisesApi.merge(enterprise.id, target);
      message.success(t('enterprises.mergeDone', { name: survivor.name }));
      await queryClient.invalidateQueries({ queryKey: ['enterprises'] });
      onClose();
      void navigate(`/enterprises/${survivor.id}`);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('enterprises.mergeTitle', { name: enterprise.name })}
      okText={t('enterprises.merge')}
      okButtonProps={{ danger: true, disabled: !target, loading: busy }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={t('enterprises.mergeHint')} style={{ marginBottom: 16 }} />
      <Form layout="vertical">
        <Form.Item label={t('enterprises.mergeTarget')} required>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            value={target ?? undefined}
            onChange={(v: number) => setTarget(v)}
            options={options}
            loading={search.isFetching}
            placeholder={t('enterprises.mergeSearch')}
            notFoundContent={search.isFetching ? null : undefined}
            aria-label={t('enterprises.mergeTarget')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
