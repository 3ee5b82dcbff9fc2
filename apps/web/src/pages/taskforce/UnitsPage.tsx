import { useState } from 'react';
import { Button, Card, Form, Input, Select, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { UNIT_ROLES, UNIT_ROLE_LABELS, pick, type Unit, type UnitRole } from '@shangmi/shared';
import { taskforceApi } from '../../api/taskforce';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FormModal } from '../../components/FormDialog';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

interface Values {
  orgId: number;
  role: UnitRole;
  duty?: string;
  contactName: string;
  contactTitle?: string;
  contactPhone?: string;
}

/** 成员单位: the task force's member units, their duty and contacts, and how many of their tasks are open or overdue. */
export default function UnitsPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('taskforce.menuUnits'));
  const q = useQuery({ queryKey: ['taskforce', 'units'], queryFn: ({ signal }) => taskforceApi.units(signal) });
  const canAdd = useCan('taskforce:manage');
  const [open, setOpen] = useState(false);
  return (
    <>
      <PageHeader title={t('taskforce.menuUnits')} extra={canAdd ? <Button type="primary" onClick={() => setOpen(true)}>{t('taskforce.addUnit')}</Button> : null} />
      {q.error ? <QueryError error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Card>
        <Table<Unit>
          rowKey="id"
          size="middle"
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: t('taskforce.unit'), dataIndex: 'orgName', width: 200 },
            { title: t('taskforce.role'), dataIndex: 'role', width: 100, render: (v: UnitRole) => <Tag color={v === 'lead' ? 'blue' : undefined}>{pick(UNIT_ROLE_LABELS[v], locale)}</Tag> },
            { title: t('taskforce.duty'), dataIndex: 'duty', render: (v: string | null) => v ?? '—' },
            { title: t('taskforce.contacts'), dataIndex: 'contacts', width: 240, render: (v: Unit['contacts']) => v.map((c) => [c.name, c.title, c.phone].filter(Boolean).join(' ')).join('；') },
            { title: t('taskforce.openTasks'), dataIndex: 'openTasks', width: 80 },
            { title: t('taskforce.overdueTasks'), dataIndex: 'overdueTasks', width: 80, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
          ]}
        />
      </Card>
      <FormModal<Values, Unit>
        open={open}
        onClose={() => setOpen(false)}
        title={t('taskforce.addUnit')}
        name="unitForm"
        success={t('taskforce.addUnit')}
        initialValues={{ role: 'member' }}
        rename={{ 'contacts.0.name': 'contactName', 'contacts.0.phone': 'contactPhone', 'contacts.0.title': 'contactTitle' }}
        save={(v) => taskforceApi.createUnit({ orgId: v.orgId, role: v.role, duty: v.duty || null, contacts: [{ name: v.contactName, title: v.contactTitle || null, phone: v.contactPhone || null }] })}
        invalidate={['taskforce']}
      >
        <Form.Item name="orgId" label={t('taskforce.unit')} rules={[{ required: true }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item name="role" label={t('taskforce.role')}>
          <Select options={UNIT_ROLES.map((r) => ({ value: r, label: pick(UNIT_ROLE_LABELS[r], locale) }))} />
        </Form.Item>
        <Form.Item name="duty" label={t('taskforce.duty')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="contactName" label={t('taskforce.contactName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="contactTitle" label={t('taskforce.contactTitle')}>
          <Input />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('taskforce.contactPhone')}>
          <Input />
        </Form.Item>
      </FormModal>
    </>
  );
}
