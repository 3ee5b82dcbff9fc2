import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Flex, Form, Input, Modal, Progress, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, EditOutlined, FileZipOutlined, PlusOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, proofDeposit, type ProofRecord } from '@shangmi/shared';
import { maxLengthOf } from '../../lib/forms';
import { proofsApi } from '../../api/proofs';
import { protectionApi } from '../../api/protection';
import { useCan } from '../../lib/access';
import { useMe } from '../../lib/auth';
import { useT } from '../../lib/i18n';
import { ProofLogAlert } from '../../components/ProofLogAlert';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { buildDeposit, hashFiles, type FileDigest } from '../../lib/hashing/hashing';

const fmtSize = (n: number) => (n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(2)} GB` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);

/** 我的存证: the enterprise's deposits, search and tags, receipts, certificates and the zip of all receipts. */
export default function ProofsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [tag, setTag] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<ProofRecord | null>(null);
  const query = useQuery({
    queryKey: ['proofs', q, tag, page],
    queryFn: ({ signal }) => proofsApi.list({ q, tag, page, pageSize: 20 }, signal),
    placeholderData: keepPreviousData,
    // a fresh deposit shows its log index within a second
    refetchInterval: (qr) => (qr.state.data?.items.some((r) => r.logIndex === null) ? 1000 : false),
  });
  const tags = useQuery({ queryKey: ['proofs', 'tags'], queryFn: ({ signal }) => proofsApi.tags(signal) });
  const tagOptions = (tags.data ?? []).map((x) => ({ value: x, label: x }));
  const download = (fn: () => Promise<void>) => () => fn().catch((e: Error) => message.error(e.message));

  return (
    <>
      <ProofLogAlert />
      <PageHeader
        title={t('proofs.title')}
        extra={
          <>
            <Button icon={<FileZipOutlined aria-hidden />} onClick={download(proofsApi.exportAll)}>
              {t('proofs.exportAll')}
            </Button>
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
              {t('proofs.deposit')}
            </Button>
          </>
        }
      >
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          <Input.Search allowClear placeholder={t('proofs.searchPlaceholder')} style={{ width: 280 }} onSearch={(v) => (setQ(v), setPage(1))} aria-label={t('proofs.searchPlaceholder')} />
          <Select allowClear placeholder={t('proofs.tagFilter')} style={{ width: 180 }} options={tagOptions} value={tag} onChange={(v) => (setTag(v), setPage(1))} aria-label={t('proofs.tagFilter')} />
        </Flex>
      </PageHeader>
      {query.isError ? <QueryError error={query.error} /> : null}
      <Table<ProofRecord>
        rowKey="id"
        loading={query.isFetching && !query.data}
        dataSource={query.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: query.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            title: t('proofs.name'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{v}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.files.map((f) => f.name).join('、')}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('proofs.tags'),
            dataIndex: 'tags',
            render: (v: string[], r) => (
              <Space size={2} wrap>
                {v.map((x) => (
                  <Tag key={x}>{x}</Tag>
                ))}
                <Button size="small" type="text" icon={<EditOutlined aria-hidden />} aria-label={t('proofs.editTags')} onClick={() => setEditing(r)} />
              </Space>
            ),
          },
          { title: t('proofs.files'), render: (_, r) => t('proofs.fileCount', { n: r.files.length }), width: 90 },
          { title: t('proofs.index'), dataIndex: 'logIndex', width: 90, render: (v: number | null) => (v === null ? <Tag color="processing">{t('proofs.pending')}</Tag> : `#${v}`) },
          { title: t('proofs.integratedAt'), dataIndex: 'integratedAt', width: 170, render: (v: string | null) => formatDateTime(v) },
          { title: t('proofs.createdBy'), dataIndex: 'createdByName', width: 110 },
          {
            title: t('common.actions'),
            width: 260,
            render: (_, r) =>
              r.logIndex === null ? null : (
                <Space size={4} wrap>
                  <Button size="small" icon={<DownloadOutlined aria-hidden />} onClick={download(() => proofsApi.downloadReceipt(r))}>
                    {t('proofs.receipt')}
                  </Button>
                  <Button size="small" onClick={download(() => proofsApi.downloadRecord(r))}>
                    {t('proofs.record')}
                  </Button>
                  <Button size="small" icon={<SafetyCertificateOutlined aria-hidden />} onClick={() => navigate(`/proofs/${r.id}/certificate`)}>
                    {t('proofs.certificate')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {open ? <DepositModal onClose={() => setOpen(false)} /> : null}
      {editing ? <TagsModal record={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function TagsModal({ record, onClose }: { record: ProofRecord; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [tags, setTags] = useState<string[]>(record.tags);
  const save = useMutation({
    // what this dialog changed, not the whole set: someone else's change made meanwhile is kept
    mutationFn: () => proofsApi.setTags(record.id, { add: tags.filter((x) => !record.tags.includes(x)), remove: record.tags.filter((x) => !tags.includes(x)) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['proofs'] });
      onClose();
    },
    onError: (e: Error) => message.error(e.message),
  });
  return (
    <Modal open title={`${t('proofs.editTags')} · ${record.title}`} onCancel={onClose} onOk={() => save.mutate()} okButtonProps={{ loading: save.isPending }} destroyOnHidden>
      <Select mode="tags" value={tags} onChange={setTags} maxCount={10} open={false} style={{ width: '100%' }} aria-label={t('proofs.tags')} />
      <Typography.Text type="secondary">{t('proofs.tagsHint')}</Typography.Text>
    </Modal>
  );
}

function DepositModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ title: string; description?: string; tags?: string[]; secretId?: number }>();
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState<number[]>([]);
  const [digests, setDigests] = useState<FileDigest[] | null>(null);
  const [hashing, setHashing] = useState(false);
  // the register's secrets, for those who keep it (a deposit may be made for one of them)
  const canManage = useCan('protection:manage');
  const me = useMe();
  const canLink = canManage && me.orgKind === 'enterprise';
  const secrets = useQuery({ queryKey: ['protection', 'secrets', 'picker'], queryFn: ({ signal }) => protectionApi.secrets({ status: 'active', pageSize: 200 }, signal), enabled: canLink });

  const pick = async (chosen: File[]) => {
    setFiles(chosen);
    setDigests(null);
    setDone(chosen.map(() => 0));
    if (chosen.length === 0) return;
    setHashing(true);
    try {
      const d = await hashFiles(chosen, (i, n) => setDone((prev) => prev.map((x, j) => (j === i ? n : x))));
      setDone(chosen.map((f) => f.size));
      setDigests(d);
      if (!form.getFieldValue('title')) form.setFieldValue('title', chosen[0]!.name.replace(/\.[^.]+$/, ''));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setHashing(false);
    }
  };

  const submit = useMutation({
    mutationFn: async (v: { title: string; description?: string; tags?: string[]; secretId?: number }) => {
      if (!digests) throw new Error(t('proofs.noFiles'));
      const body = await buildDeposit({ title: v.title, description: v.description, tags: v.tags ?? [], files: digests });
      // a deposit for a secret of the register is linked to it in the same request
      return v.secretId ? protectionApi.deposit(v.secretId, body) : proofsApi.deposit(body);
    },
    onSuccess: () => {
      message.success(t('proofs.submitted'));
      void qc.invalidateQueries({ queryKey: ['proofs'] });
      onClose();
    },
    onError: (e: Error) => message.error(e.message),
  });

  return (
    <Modal open title={t('proofs.depositTitle')} onCancel={onClose} width={720} okText={t('proofs.submit')} okButtonProps={{ disabled: !digests || hashing, loading: submit.isPending }} onOk={() => form.submit()} destroyOnHidden>
      <Upload.Dragger
        multiple
        showUploadList={false}
        beforeUpload={(_, list) => {
          // called once per file with the whole list: act on the last call only
          if (list[list.length - 1] === _) void pick(list as unknown as File[]);
          return false;
        }}
      >
        <p>
          <UploadOutlined aria-hidden /> {t('proofs.chooseFiles')}
        </p>
      </Upload.Dragger>
      {files.length ? (
        <div style={{ margin: '12px 0' }} data-testid="hash-progress">
          <Typography.Text type="secondary">{hashing ? t('proofs.hashing') : digests ? t('proofs.hashed') : ''}</Typography.Text>
          {files.map((f, i) => (
            <div key={`${f.name}-${i}`}>
              <Flex justify="space-between">
                <span>{f.name}</span>
                <Typography.Text type="secondary">{fmtSize(f.size)}</Typography.Text>
              </Flex>
              <Progress percent={f.size ? Math.floor(((done[i] ?? 0) / f.size) * 100) : digests ? 100 : 0} size="small" />
              {digests?.[i] ? (
                <Typography.Text code style={{ fontSize: 11, wordBreak: 'break-all' }}>
                  SHA-256 {digests[i].sha256} · SM3 {digests[i].sm3}
                </Typography.Text>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
      <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} style={{ marginTop: 12 }}>
        <Form.Item name="title" label={t('proofs.name')} rules={[{ required: true, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        {/* the server's own limit, counted as one types (it was cut silently at 2,000) */}
        <Form.Item name="description" label={t('proofs.description')}>
          <Input.TextArea rows={2} maxLength={maxLengthOf(proofDeposit.shape.description)} showCount />
        </Form.Item>
        <Form.Item name="tags" label={t('proofs.tags')} extra={t('proofs.tagsHint')}>
          <Select mode="tags" maxCount={10} open={false} aria-label={t('proofs.tags')} />
        </Form.Item>
        {secrets.data ? (
          <Form.Item name="secretId" label={t('proofs.secretRef')}>
            <Select allowClear showSearch optionFilterProp="label" options={secrets.data.items.map((x) => ({ value: x.id, label: x.code ? `${x.code} ${x.name}` : x.name }))} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
