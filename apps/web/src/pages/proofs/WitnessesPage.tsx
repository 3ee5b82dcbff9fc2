import { useState } from 'react';
import { App, Button, Form, Input, Popconfirm, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, type Witness } from '@shangmi/shared';
import { proofsApi } from '../../api/proofs';
import { useT } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { ProofLogAlert } from '../../components/ProofLogAlert';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

/** 存证见证方: the city registers the cosignature/v1 verifier keys of independent witnesses (notary, court, …). */
export default function WitnessesPage() {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const list = useQuery({ queryKey: ['proofs', 'witnesses'], queryFn: ({ signal }) => proofsApi.witnesses(signal) });
  const key = useQuery({ queryKey: ['proofs', 'log-key'], queryFn: ({ signal }) => proofsApi.logKey(signal) });
  const done = () => void qc.invalidateQueries({ queryKey: ['proofs', 'witnesses'] });
  const disable = useMutation({ mutationFn: (id: number) => proofsApi.disableWitness(id), onSuccess: done, onError: (e: Error) => message.error(e.message) });
  return (
    <>
      <ProofLogAlert />
      <PageHeader
        title={t('proofs.witnessesTitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
            {t('proofs.witnessAdd')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('proofs.witnessesIntro')}
          <br />
          {t('proofs.logKey')}：<Typography.Text code copyable>{key.data?.key ?? '…'}</Typography.Text>
        </Typography.Paragraph>
      </PageHeader>
      {list.isError ? <QueryError error={list.error} /> : null}
      <Table<Witness>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('proofs.witnessLabel'), dataIndex: 'label' },
          { title: t('proofs.witnessName'), dataIndex: 'name' },
          { title: t('proofs.witnessKey'), dataIndex: 'vkey', render: (v: string) => <Typography.Text code style={{ fontSize: 11, wordBreak: 'break-all' }}>{v}</Typography.Text> },
          { title: t('common.status'), dataIndex: 'active', width: 90, render: (v: boolean) => (v ? <Tag color="success">{t('common.enable')}</Tag> : <Tag>{t('common.disable')}</Tag>) },
          { title: t('proofs.registeredAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
          {
            title: t('common.actions'),
            width: 90,
            render: (_, w) =>
              w.active ? (
                <Popconfirm title={t('proofs.witnessDisableConfirm')} onConfirm={() => disable.mutate(w.id)}>
                  <Button size="small" danger>
                    {t('common.disable')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <FormModal<{ label: string; vkey: string }>
        open={open}
        title={t('proofs.witnessAdd')}
        onClose={() => setOpen(false)}
        save={(v) => proofsApi.addWitness(v)}
        success={t('common.saved')}
        invalidate={['proofs', 'witnesses']}
      >
        <Form.Item name="label" label={t('proofs.witnessLabel')} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} placeholder="银川市公证处" />
        </Form.Item>
        <Form.Item name="vkey" label={t('proofs.witnessKey')} extra={t('proofs.witnessKeyHint')} rules={[{ required: true, max: 300 }]}>
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
      </FormModal>
    </>
  );
}
