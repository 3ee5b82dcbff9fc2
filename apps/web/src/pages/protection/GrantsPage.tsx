import { useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Drawer, Form, Input, Popconfirm, Select, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, type Grant } from '@shangmi/shared';
import { protectionApi, type GranteeOption } from '../../api/protection';
import { Can } from '../../lib/access';
import { errorText } from '../../lib/errors';
import { useDebounced } from '../../lib/hooks';
import { useT } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { dayItem, GrantStatusTag, useProtectionLabels } from './labels';

/** 档案授权: parts of the file opened to a site, a provider or an officer until a day; revocable; every view shown. */
export default function GrantsPage() {
  const t = useT();
  const l = useProtectionLabels();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [viewing, setViewing] = useState<number | null>(null);
  const grants = useQuery({ queryKey: ['protection', 'grants'], queryFn: ({ signal }) => protectionApi.grants(signal) });
  const revoke = useMutation({
    mutationFn: (id: number) => protectionApi.revokeGrant(id),
    onSuccess: () => {
      message.success(t('protection.revoked'));
      void qc.invalidateQueries({ queryKey: ['protection'] });
    },
    onError: (e) => message.error(errorText(e, t('common.loadFailed'))),
  });
  return (
    <>
      <PageHeader
        title={t('protection.grantsTitle')}
        extra={
          <Can perm="protection:grant">
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
              {t('protection.addGrant')}
            </Button>
          </Can>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('protection.grantsHint')}
        </Typography.Paragraph>
      </PageHeader>
      {grants.isError ? <QueryError error={grants.error} /> : null}
      <Card>
        <Table<Grant>
          rowKey="id"
          loading={grants.isLoading}
          dataSource={grants.data ?? []}
          scroll={{ x: 1000 }}
          columns={[
            { title: t('protection.grantee'), render: (_, g) => [g.granteeOrgName, g.granteeUserName].filter(Boolean).join(' · ') },
            { title: t('protection.parts'), render: (_, g) => g.parts.map(l.part).join('；') },
            { title: t('protection.purpose'), dataIndex: 'purpose' },
            { title: t('protection.validUntil'), width: 110, render: (_, g) => formatDateTime(g.validUntil).slice(0, 10) },
            { title: t('protection.grantStatus'), width: 90, render: (_, g) => <GrantStatusTag status={g.status} /> },
            {
              title: t('protection.views'),
              width: 170,
              render: (_, g) => (
                <Button type="link" size="small" onClick={() => setViewing(g.id)}>
                  {g.views}
                  {g.lastViewedAt ? ` · ${formatDateTime(g.lastViewedAt)}` : ''}
                </Button>
              ),
            },
            {
              title: t('common.actions'),
              width: 90,
              render: (_, g) =>
                g.status === 'active' ? (
                  <Can perm="protection:grant">
                    <Popconfirm title={t('protection.revokeGrant')} onConfirm={() => revoke.mutate(g.id)}>
                      <Button size="small" danger>
                        {t('protection.revokeGrant')}
                      </Button>
                    </Popconfirm>
                  </Can>
                ) : null,
            },
          ]}
        />
      </Card>
      <GrantModal open={adding} onClose={() => setAdding(false)} />
      <ViewLog id={viewing} onClose={() => setViewing(null)} />
    </>
  );
}

interface Values {
  granteeOrgId: number;
  granteeUserId?: number | null;
  parts: string[];
  purpose: string;
  validUntil: string;
}

function GrantModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const l = useProtectionLabels();
  const [form] = Form.useForm<Values>();
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const orgId = Form.useWatch('granteeOrgId', form);
  const options = useQuery({ queryKey: ['protection', 'grantees', query], queryFn: ({ signal }) => protectionApi.grantees(query, signal), enabled: open });
  const [chosen, setChosen] = useState<GranteeOption | null>(null);
  return (
    <FormModal<Values>
      open={open}
      onClose={onClose}
      form={form}
      name="grantForm"
      title={t('protection.addGrant')}
      width={640}
      success={t('protection.granted')}
      invalidate={['protection']}
      save={(v) => protectionApi.createGrant({ ...v, granteeUserId: v.granteeUserId ?? null })}
    >
      <Form.Item name="granteeOrgId" label={t('protection.grantee')} rules={[{ required: true }]}>
        <Select
          showSearch
          filterOption={false}
          onSearch={setQ}
          loading={options.isFetching}
          options={(options.data ?? []).map((o) => ({ value: o.orgId, label: o.orgName }))}
          onChange={(v: number) => {
            setChosen(options.data?.find((o) => o.orgId === v) ?? null);
            form.setFieldValue('granteeUserId', undefined);
          }}
        />
      </Form.Item>
      <Form.Item name="granteeUserId" label={t('protection.granteeUser')}>
        <Select allowClear disabled={!orgId} options={(chosen?.users ?? []).map((u) => ({ value: u.id, label: u.displayName }))} />
      </Form.Item>
      <Form.Item name="parts" label={t('protection.parts')} rules={[{ required: true }]}>
        <Checkbox.Group options={l.partOptions} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} />
      </Form.Item>
      <Form.Item name="purpose" label={t('protection.purpose')} rules={[{ required: true, max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="validUntil" label={t('protection.validUntil')} rules={[{ required: true }]} {...dayItem}>
        <DatePicker format="YYYY-MM-DD" />
      </Form.Item>
    </FormModal>
  );
}

function ViewLog({ id, onClose }: { id: number | null; onClose: () => void }) {
  const t = useT();
  const l = useProtectionLabels();
  const detail = useQuery({ queryKey: ['protection', 'grant', id], queryFn: ({ signal }) => protectionApi.grant(id!, signal), enabled: id !== null });
  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title={t('protection.viewLog')}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={detail.isLoading}
        dataSource={detail.data?.viewLog ?? []}
        columns={[
          { title: t('protection.lastViewed'), width: 170, render: (_, v) => formatDateTime(v.at) },
          { title: t('protection.viewer'), render: (_, v) => [v.orgName, v.userName].filter(Boolean).join(' · ') },
          { title: t('protection.part'), render: (_, v) => l.part(v.part) },
          { title: 'IP', dataIndex: 'ip', width: 120 },
        ]}
      />
    </Drawer>
  );
}
