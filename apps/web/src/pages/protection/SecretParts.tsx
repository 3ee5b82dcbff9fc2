import { useState } from 'react';
import { App, DatePicker, Flex, Form, Input, Progress, Radio, Select, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { SECRET_TEXT_LIMITS, type MeasureEvidence, type RecordKind, type SecretDetail } from '@shangmi/shared';
import { protectionApi } from '../../api/protection';
import { proofsApi } from '../../api/proofs';
import { buildDeposit, hashFiles, type FileDigest } from '../../lib/hashing/hashing';
import { todayInShanghai } from '../../lib/dates';
import { nullIfEmpty } from '../../lib/forms';
import { useI18n, useT } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { dayItem, useProtectionLabels } from './labels';

/** Files picked and hashed in this browser's workers (the bytes never leave it), for a deposit. */
export function useHashedFiles() {
  const { message } = App.useApp();
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState<number[]>([]);
  const [digests, setDigests] = useState<FileDigest[] | null>(null);
  const [hashing, setHashing] = useState(false);
  const pick = async (chosen: File[]) => {
    setFiles(chosen);
    setDigests(null);
    setDone(chosen.map(() => 0));
    if (!chosen.length) return;
    setHashing(true);
    try {
      setDigests(await hashFiles(chosen, (i, n) => setDone((prev) => prev.map((x, j) => (j === i ? n : x)))));
      setDone(chosen.map((f) => f.size));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setHashing(false);
    }
  };
  return { files, done, digests, hashing, pick };
}

/** The file chooser and its hashing progress, digests shown as computed. */
export function HashedFiles({ state, label }: { state: ReturnType<typeof useHashedFiles>; label: string }) {
  const t = useT();
  return (
    <>
      <Upload.Dragger
        multiple
        showUploadList={false}
        beforeUpload={(f, list) => {
          // called once per file with the whole list: act on the last call only
          if (list[list.length - 1] === f) void state.pick(list as unknown as File[]);
          return false;
        }}
      >
        <p>
          <UploadOutlined aria-hidden /> {label}
        </p>
      </Upload.Dragger>
      {state.files.length ? (
        <div style={{ margin: '8px 0' }}>
          <Typography.Text type="secondary">{state.hashing ? t('protection.hashing') : state.digests ? t('protection.hashed') : ''}</Typography.Text>
          {state.files.map((f, i) => (
            <div key={`${f.name}-${i}`}>
              <span>{f.name}</span>
              <Progress percent={f.size ? Math.floor(((state.done[i] ?? 0) / f.size) * 100) : state.digests ? 100 : 0} size="small" />
              {state.digests?.[i] ? (
                <Typography.Text code style={{ fontSize: 11, wordBreak: 'break-all' }}>
                  SHA-256 {state.digests[i].sha256}
                </Typography.Text>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
    </>
  );
}

type EvidenceChoice = 'none' | 'file' | 'proof' | 'record';
interface MeasureValues {
  requirementId: string;
  takenOn: string;
  note?: string;
  evidence: EvidenceChoice;
  proofId?: number;
  recordKind?: RecordKind;
  recordId?: number;
}

/** 记录保密措施: a requirement of the framework, its date and its evidence (a file hashed here and deposited, a proof, a record). */
export function MeasureModal({ open, onClose, detail }: { open: boolean; onClose: () => void; detail: SecretDetail }) {
  const t = useT();
  const { pick } = useI18n();
  const l = useProtectionLabels();
  const [form] = Form.useForm<MeasureValues>();
  const evidence = Form.useWatch('evidence', form);
  const recordKind = Form.useWatch('recordKind', form);
  const files = useHashedFiles();
  const secretId = detail.secret.id;
  const catalog = useQuery({ queryKey: ['protection', 'catalog'], queryFn: ({ signal }) => protectionApi.catalog(signal), staleTime: Infinity, enabled: open });
  const proofs = useQuery({ queryKey: ['proofs', 'picker'], queryFn: ({ signal }) => proofsApi.list({ pageSize: 200 }, signal), enabled: open && evidence === 'proof' });
  const groups = new Map<string, { label: string; options: { value: string; label: string }[] }>();
  for (const r of catalog.data?.items ?? []) {
    const g = groups.get(r.dimensionId) ?? { label: pick(r.dimensionName.zh, r.dimensionName.en), options: [] };
    g.options.push({ value: r.id, label: `${pick(r.text.zh, r.text.en)}（${r.items.map((n) => t('protection.readinessItem', { n })).join('、')}）` });
    groups.set(r.dimensionId, g);
  }
  const records =
    recordKind === 'notice'
      ? detail.notices.filter((n) => n.acknowledgedAt).map((n) => ({ value: n.id, label: `${n.personName} · ${n.acknowledgedAt!.slice(0, 10)}` }))
      : recordKind === 'person'
        ? detail.knowers.filter((k) => k.agreementSignedOn).map((k) => ({ value: k.personId, label: `${k.name} · ${k.agreementSignedOn}` }))
        : [];

  const save = async (v: MeasureValues) => {
    let ev: MeasureEvidence = { kind: 'none' };
    if (v.evidence === 'file') {
      if (!files.digests) throw new Error(t('proofs.noFiles'));
      const title = files.files[0]!.name.replace(/\.[^.]+$/, '');
      const proof = await protectionApi.deposit(secretId, await buildDeposit({ title, tags: [], files: files.digests }));
      ev = { kind: 'proof', proofId: proof.id };
    } else if (v.evidence === 'proof' && v.proofId) ev = { kind: 'proof', proofId: v.proofId };
    else if (v.evidence === 'record' && v.recordKind && v.recordId) ev = { kind: 'record', recordKind: v.recordKind, recordId: v.recordId };
    return protectionApi.addMeasure(secretId, { requirementId: v.requirementId, takenOn: v.takenOn, note: nullIfEmpty(v.note), evidence: ev });
  };

  return (
    <FormModal<MeasureValues>
      open={open}
      onClose={onClose}
      form={form}
      name="measureForm"
      title={t('protection.addMeasure')}
      width={720}
      initialValues={{ takenOn: todayInShanghai(), evidence: 'none' }}
      success={t('protection.measureAdded')}
      invalidate={['protection']}
      wait={evidence === 'file' && files.hashing ? t('protection.hashing') : null}
      save={save}
    >
      <Form.Item name="requirementId" label={t('protection.measure')} rules={[{ required: true }]}>
        <Select showSearch optionFilterProp="label" options={[...groups.values()]} loading={catalog.isLoading} />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="takenOn" label={t('protection.takenOn')} rules={[{ required: true }]} {...dayItem}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="note" label={t('protection.note')} style={{ flex: 1 }} rules={[{ max: SECRET_TEXT_LIMITS.note }]}>
          <Input maxLength={SECRET_TEXT_LIMITS.note} />
        </Form.Item>
      </Flex>
      <Form.Item name="evidence" label={t('protection.evidence')}>
        <Radio.Group
          options={[
            { value: 'none', label: t('protection.evidenceNone') },
            { value: 'file', label: t('protection.evidenceFile') },
            { value: 'proof', label: t('protection.evidenceProof') },
            { value: 'record', label: t('protection.evidenceRecord') },
          ]}
        />
      </Form.Item>
      {evidence === 'file' ? <HashedFiles state={files} label={t('protection.chooseFile')} /> : null}
      {evidence === 'proof' ? (
        <Form.Item name="proofId" label={t('protection.chooseProofs')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={(proofs.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.title}${p.logIndex === null ? '' : ` #${p.logIndex}`}` }))} />
        </Form.Item>
      ) : null}
      {evidence === 'record' ? (
        <Flex gap={12}>
          <Form.Item name="recordKind" label={t('protection.recordKind')} style={{ width: 200 }} rules={[{ required: true }]}>
            <Select options={l.recordKindOptions.filter((o) => o.value !== 'departure')} onChange={() => form.setFieldValue('recordId', undefined)} />
          </Form.Item>
          <Form.Item name="recordId" label={t('protection.record')} style={{ flex: 1 }} rules={[{ required: true }]}>
            <Select options={records} />
          </Form.Item>
        </Flex>
      ) : null}
    </FormModal>
  );
}

/** 关联已有存证: the enterprise's deposits not yet linked to this secret. */
export function LinkProofsModal({ open, onClose, detail }: { open: boolean; onClose: () => void; detail: SecretDetail }) {
  const t = useT();
  const linked = new Set(detail.proofs.map((p) => p.proofId));
  const proofs = useQuery({ queryKey: ['proofs', 'picker'], queryFn: ({ signal }) => proofsApi.list({ pageSize: 200 }, signal), enabled: open });
  const options = (proofs.data?.items ?? []).filter((p) => !linked.has(p.id)).map((p) => ({ value: p.id, label: `${p.title}${p.logIndex === null ? '' : ` #${p.logIndex}`}` }));
  return (
    <FormModal<{ proofIds: number[] }>
      open={open}
      onClose={onClose}
      name="linkProofs"
      title={t('protection.linkProofs')}
      success={t('protection.linked')}
      invalidate={['protection']}
      save={(v) => protectionApi.linkProofs(detail.secret.id, v.proofIds)}
    >
      <Form.Item name="proofIds" label={t('protection.chooseProofs')} rules={[{ required: true }]}>
        <Select mode="multiple" showSearch optionFilterProp="label" options={options} loading={proofs.isLoading} />
      </Form.Item>
    </FormModal>
  );
}

/** 为该事项新建存证: files hashed here, deposited and linked to the secret in one request. */
export function DepositForSecretModal({ open, onClose, secretId }: { open: boolean; onClose: () => void; secretId: number }) {
  const t = useT();
  const files = useHashedFiles();
  const qc = useQueryClient();
  return (
    <FormModal<{ title: string }>
      open={open}
      onClose={onClose}
      name="secretDeposit"
      title={t('protection.depositNew')}
      width={640}
      success={t('protection.deposited')}
      invalidate={['protection']}
      wait={files.hashing ? t('protection.hashing') : null}
      okButtonProps={{ disabled: !files.digests }}
      save={async (v) => {
        const proof = await protectionApi.deposit(secretId, await buildDeposit({ title: v.title, tags: [], files: files.digests ?? [] }));
        void qc.invalidateQueries({ queryKey: ['proofs'] });
        return proof;
      }}
    >
      <HashedFiles state={files} label={t('protection.chooseFile')} />
      <Form.Item name="title" label={t('protection.depositTitle')} rules={[{ required: true, max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

/** 添加知悉人员: people of the file who do not know this secret yet. */
export function KnowersModal({ open, onClose, detail }: { open: boolean; onClose: () => void; detail: SecretDetail }) {
  const t = useT();
  const known = new Set(detail.knowers.map((k) => k.personId));
  const people = useQuery({ queryKey: ['protection', 'people', 'picker'], queryFn: ({ signal }) => protectionApi.people({ status: 'active', pageSize: 200 }, signal), enabled: open });
  const options = (people.data?.items ?? []).filter((p) => !known.has(p.id)).map((p) => ({ value: p.id, label: [p.name, p.department ?? p.organisation].filter(Boolean).join(' · ') }));
  return (
    <FormModal<{ add: number[] }>
      open={open}
      onClose={onClose}
      name="knowers"
      title={t('protection.addKnowers')}
      success={t('protection.knowersSaved')}
      invalidate={['protection']}
      save={(v) => protectionApi.changeKnowers(detail.secret.id, { add: v.add })}
    >
      <Form.Item name="add" label={t('protection.knowers')} rules={[{ required: true }]}>
        <Select mode="multiple" showSearch optionFilterProp="label" options={options} loading={people.isLoading} />
      </Form.Item>
    </FormModal>
  );
}

/** A confirmation before something that cannot be undone from here. */
export function useConfirm() {
  const { modal } = App.useApp();
  return (title: string, onOk: () => Promise<unknown>) => modal.confirm({ title, onOk });
}
