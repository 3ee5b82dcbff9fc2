import { useState } from 'react';
import { DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { CultivationPlanItem } from '@shangmi/shared';
import { cultivationApi } from '../../api/cultivation';
import { useT } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { FileUploader } from '../../components/FileUploader';
import { formRules as rules, nullIfEmpty } from '../../lib/forms';

interface PlanValues {
  title: string;
  dueDate?: Dayjs | null;
  note?: string;
}

/** 新增 / 修改辅导事项. */
export function PlanItemModal({ entryId, item, open, onClose }: { entryId: number; item: CultivationPlanItem | null; open: boolean; onClose: () => void }) {
  const t = useT();
  const r = rules(t);
  return (
    <FormModal<PlanValues>
      name="cultivationPlanForm"
      open={open}
      title={item ? t('cultivation.planEdit') : t('cultivation.planAdd')}
      okText={t('common.save')}
      onClose={onClose}
      values={item ? { title: item.title, dueDate: item.dueDate ? dayjs(item.dueDate) : null, note: item.note ?? undefined } : undefined}
      valuesKey={item}
      save={(v) => {
        const body = { title: v.title.trim(), dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : null, note: nullIfEmpty(v.note) };
        return item ? cultivationApi.updatePlanItem(entryId, item.id, body) : cultivationApi.addPlanItem(entryId, body);
      }}
      success={t('common.saved')}
      invalidate={['cultivation']}
    >
      <Form.Item name="title" label={t('cultivation.planTitle')} rules={[r.req('cultivation.planTitle'), { whitespace: true }, r.max('cultivation.planTitle', 200)]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="dueDate" label={t('cultivation.planDue')}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="note" label={t('cultivation.note')} rules={[r.max('cultivation.note', 1000)]}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </FormModal>
  );
}

/** 完成辅导事项, with an optional note and proof. */
export function CompleteModal({ entryId, item, onClose }: { entryId: number; item: CultivationPlanItem | null; onClose: () => void }) {
  const t = useT();
  const r = rules(t);
  const [uploading, setUploading] = useState(false);
  return (
    <FormModal<{ doneNote?: string; fileIds?: number[] }>
      name="cultivationCompleteForm"
      open={!!item}
      title={item ? t('cultivation.planCompleteTitle', { title: item.title }) : ''}
      okText={t('common.save')}
      onClose={onClose}
      valuesKey={item}
      save={(v) => cultivationApi.completePlanItem(entryId, item!.id, { doneNote: nullIfEmpty(v.doneNote), fileIds: v.fileIds ?? [] })}
      success={t('common.saved')}
      invalidate={['cultivation']}
      wait={uploading ? t('cultivation.uploadWait') : null}
    >
      <Form.Item name="doneNote" label={t('cultivation.planDoneNote')} rules={[r.max('cultivation.planDoneNote', 1000)]}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Form.Item name="fileIds" label={t('cultivation.planProof')}>
        <FileUploader onBusyChange={setUploading} />
      </Form.Item>
    </FormModal>
  );
}

/** 上传佐证材料 outside a request. */
export function EvidenceModal({ entryId, open, onClose }: { entryId: number; open: boolean; onClose: () => void }) {
  const t = useT();
  const r = rules(t);
  const [uploading, setUploading] = useState(false);
  return (
    <FormModal<{ note?: string; fileIds?: number[] }>
      name="cultivationEvidenceForm"
      open={open}
      title={t('cultivation.evidenceAdd')}
      okText={t('common.save')}
      onClose={onClose}
      save={(v) => cultivationApi.addEvidence(entryId, v.fileIds ?? [], nullIfEmpty(v.note))}
      success={t('common.saved')}
      invalidate={['cultivation']}
      wait={uploading ? t('cultivation.uploadWait') : null}
    >
      <Form.Item name="fileIds" label={t('cultivation.evidenceFiles')} rules={[{ required: true, type: 'array', min: 1, message: t('cultivation.evidenceFilesRequired') }]}>
        <FileUploader onBusyChange={setUploading} />
      </Form.Item>
      <Form.Item name="note" label={t('cultivation.evidenceNote')} rules={[r.max('cultivation.evidenceNote', 500)]}>
        <Input maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
