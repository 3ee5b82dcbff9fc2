import { useState } from 'react';
import { Alert, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { policeTransferInput, type CaseDetail } from '@shangmi/shared';
import { maxLengthOf } from '../../lib/forms';
import { casesApi } from '../../api/cases';
import { FormModal } from '../../components/FormDialog';
import { yuanToFen } from '../../lib/money';
import { useCaseLabels } from './labels';

/** Runs one step of the case, puts the answer on the page and says so; a refusal goes to the form or a toast. */
export type RunStep = (fn: () => Promise<CaseDetail | void>, form?: FormInstance) => Promise<boolean>;
/** A step that needs only a reason: asks for it first (ReasonPrompt). */
export type AskFor = (title: string, fn: (reason: string) => Promise<CaseDetail | void>, max: number) => void;
/** `max`: the step's own limit for the reason, from its shared schema (the field's counter shows it) */
export type Ask = { title: string; run: (reason: string) => Promise<CaseDetail | void>; max: number } | null;
export type CaseDialog = 'transfer' | 'notice' | 'joint' | 'supervise' | 'progress' | null;
type Agency = { id: number; name: string; kind: string };

/** The reason a step asks for (at least 4 characters), then the step. */
export function ReasonPrompt({ ask, onClose, run }: { ask: Ask; onClose: () => void; run: RunStep }) {
  const { t } = useCaseLabels();
  const [reason, setReason] = useState('');
  const [asked, setAsked] = useState(ask);
  // a new question starts with an empty reason
  if (ask !== asked) {
    setAsked(ask);
    setReason('');
  }
  return (
    <Modal
      open={!!ask}
      title={ask?.title}
      onCancel={onClose}
      okButtonProps={{ disabled: reason.trim().length < 4 }}
      onOk={async () => {
        if (ask && (await run(() => ask.run(reason.trim())))) onClose();
      }}
    >
      <Input.TextArea
        rows={3}
        aria-label={t('cases.reason')}
        placeholder={ask?.title === t('cases.revealIdentity') ? t('cases.revealReason') : t('cases.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={ask?.max}
        showCount
      />
    </Modal>
  );
}

interface TransferValues {
  policeOrgId: number;
  reason: string;
  lossYuan?: number;
  includeIdentity?: boolean;
}
interface AgencyMessage {
  orgIds: number[];
  message: string;
}

/** The case page's dialogs: police transfer, notice, joint case, supervision, progress report. One is open at a time. */
export function CaseDialogs({ c, open, agencies, onClose, onSaved }: { c: CaseDetail; open: CaseDialog; agencies: Agency[]; onClose: () => void; onSaved: (d: CaseDetail) => void }) {
  const { t } = useCaseLabels();
  const id = c.id;
  return (
    <>
      <FormModal<TransferValues, CaseDetail>
        open={open === 'transfer'}
        title={t('cases.transferPolice')}
        name="police-transfer"
        keepValues
        onClose={onClose}
        save={(v) => casesApi.policeTransfer(id, { policeOrgId: v.policeOrgId, reason: v.reason, lossFen: yuanToFen(v.lossYuan), includeIdentity: !!v.includeIdentity })}
        success={t('cases.done')}
        onSaved={onSaved}
        before={<Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('cases.thresholdHint')} />}
      >
        <Form.Item name="policeOrgId" label={t('cases.police')} rules={[{ required: true }]}>
          <Select options={agencies.filter((o) => o.kind === 'police').map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="lossYuan" label={t('cases.lossYuan')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('cases.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={maxLengthOf(policeTransferInput.shape.reason)} showCount />
        </Form.Item>
        {c.hasReporter ? (
          <Form.Item name="includeIdentity" valuePropName="checked">
            <Checkbox>{t('cases.includeIdentity')}</Checkbox>
          </Form.Item>
        ) : null}
      </FormModal>

      <AgencyMessageModal open={open === 'joint'} title={t('cases.joint')} name="case-joint" agencies={agencies} onClose={onClose} save={(v) => casesApi.joint(id, v.orgIds, v.message)} onSaved={onSaved} />

      <FormModal<{ dueOn: Dayjs; requirement: string }, CaseDetail>
        open={open === 'supervise'}
        title={t('cases.supervise')}
        name="case-supervise"
        keepValues
        onClose={onClose}
        save={(v) => casesApi.supervise(id, v.dueOn.format('YYYY-MM-DD'), v.requirement)}
        success={t('cases.done')}
        onSaved={onSaved}
      >
        <Form.Item name="dueOn" label={t('cases.superviseDue')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="requirement" label={t('cases.requirement')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </FormModal>

      <FormModal<{ text: string }, CaseDetail>
        open={open === 'progress'}
        title={t('cases.reportProgress')}
        name="case-progress"
        keepValues
        onClose={onClose}
        save={(v) => casesApi.reportProgress(id, v.text)}
        success={t('cases.done')}
        onSaved={onSaved}
      >
        <Form.Item name="text" label={t('cases.progress')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </FormModal>

      <AgencyMessageModal open={open === 'notice'} title={t('cases.notice')} name="case-notice" agencies={agencies} onClose={onClose} save={(v) => casesApi.notice(id, v.orgIds, v.message)} onSaved={onSaved} />
    </>
  );
}

/** A message to chosen partner agencies (案情通报, 联合办案). */
function AgencyMessageModal(props: { open: boolean; title: string; name: string; agencies: Agency[]; onClose: () => void; save: (values: AgencyMessage) => Promise<CaseDetail>; onSaved: (d: CaseDetail) => void }) {
  const { t } = useCaseLabels();
  return (
    <FormModal<AgencyMessage, CaseDetail> open={props.open} title={props.title} name={props.name} keepValues onClose={props.onClose} save={props.save} success={t('cases.done')} onSaved={props.onSaved}>
      <Form.Item name="orgIds" label={t('cases.agencies')} rules={[{ required: true }]}>
        <Select mode="multiple" options={props.agencies.map((o) => ({ value: o.id, label: o.name }))} />
      </Form.Item>
      <Form.Item name="message" label={t('cases.message')} rules={[{ required: true }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
