import { useState } from 'react';
import { Alert, Form, Input, Radio, Typography } from 'antd';
import { nextCultivationStage, type CultivationDetail, type CultivationStage } from '@shangmi/shared';
import { cultivationApi } from '../../api/cultivation';
import { useT, type MessageKey } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { FileUploader } from '../../components/FileUploader';
import { useCultivationLabels } from '../../components/cultivation/labels';
import { formRules as rules, nullIfEmpty } from '../../lib/forms';

interface RequestValues {
  toStage: CultivationStage;
  comment: string;
  fileIds?: number[];
}

/** 提交阶段申请: the next stage with evidence, or withdrawal with a reason. */
export function RequestModal({ entry, open, onClose }: { entry: CultivationDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const r = rules(t);
  const l = useCultivationLabels();
  const [form] = Form.useForm<RequestValues>();
  const [uploading, setUploading] = useState(false);
  const next = nextCultivationStage(entry.stage);
  const toStage = Form.useWatch('toStage', form);
  const withdrawing = toStage === 'withdrawn';

  const commentKey: MessageKey = withdrawing ? 'cultivation.withdrawReason' : 'cultivation.requestComment';
  return (
    <FormModal<RequestValues>
      form={form}
      name="cultivationRequestForm"
      open={open}
      title={`${t('cultivation.requestStage')} · ${entry.enterpriseName}`}
      okText={t('common.confirm')}
      width={600}
      onClose={onClose}
      initialValues={{ toStage: next ?? 'withdrawn', fileIds: [] }}
      save={(v) => cultivationApi.request(entry.id, { toStage: v.toStage, comment: v.comment.trim(), fileIds: v.fileIds ?? [] })}
      success={t('cultivation.requested')}
      invalidate={['cultivation']}
      wait={uploading ? t('cultivation.uploadWait') : null}
    >
      <Form.Item name="toStage" label={t('cultivation.requestTo')} rules={[r.select('cultivation.requestTo')]}>
        <Radio.Group
          options={[
            ...(next ? [{ value: next, label: t('cultivation.requestNext', { stage: l.stage(next) }) }] : []),
            { value: 'withdrawn', label: t('cultivation.requestWithdraw') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label={t(commentKey)}
        rules={[{ required: true, whitespace: true, message: t('common.required', { label: t(commentKey) }) }, r.max(commentKey, 1000)]}
      >
        <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
      </Form.Item>
      <Form.Item
        name="fileIds"
        label={t('cultivation.requestEvidence')}
        extra={withdrawing ? undefined : t('cultivation.requestEvidenceHint')}
        rules={withdrawing ? [] : [{ required: true, type: 'array', min: 1, message: t('cultivation.evidenceFilesRequired') }]}
      >
        <FileUploader onBusyChange={setUploading} />
      </Form.Item>
    </FormModal>
  );
}

interface DecisionValues {
  decision: 'pass' | 'return';
  comment?: string;
}

/** 区县审核 (level `district`) or 市局审批 (level `city`): pass, or return with a reason. */
export function DecisionModal({ entry, level, open, onClose }: { entry: CultivationDetail; level: 'district' | 'city'; open: boolean; onClose: () => void }) {
  const t = useT();
  const l = useCultivationLabels();
  const [form] = Form.useForm<DecisionValues>();
  const decision = Form.useWatch('decision', form);
  const returning = decision === 'return';

  const asked = entry.requestStage;
  const passHint =
    level === 'district'
      ? t('cultivation.passHintDistrict')
      : asked === 'withdrawn'
        ? t('cultivation.passHintWithdraw')
        : t('cultivation.passHintCity', { stage: asked ? l.stage(asked) : '' });
  const commentKey: MessageKey = returning ? 'cultivation.returnReason' : 'cultivation.decisionComment';
  return (
    <FormModal<DecisionValues>
      form={form}
      name="cultivationDecisionForm"
      open={open}
      title={`${t(level === 'district' ? 'cultivation.reviewAction' : 'cultivation.approveAction')} · ${entry.enterpriseName}`}
      okText={t('common.confirm')}
      okButtonProps={{ danger: returning }}
      width={560}
      onClose={onClose}
      initialValues={{ decision: 'pass' }}
      save={(v) => {
        const body = { decision: v.decision, comment: nullIfEmpty(v.comment) };
        return level === 'district' ? cultivationApi.review(entry.id, body) : cultivationApi.approve(entry.id, body);
      }}
      success={t('cultivation.decided')}
      invalidate={['cultivation']}
      before={
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={asked === 'withdrawn' ? t('cultivation.pendingWithdraw') : t('cultivation.pendingNext', { stage: asked ? l.stage(asked) : '' })}
          description={
            <>
              <div style={{ whiteSpace: 'pre-wrap' }}>{entry.requestComment}</div>
              <Typography.Text type="secondary">{t('cultivation.planStatusLine', { done: entry.planDone, total: entry.planTotal })}</Typography.Text>
            </>
          }
        />
      }
    >
      <Form.Item name="decision" label={t('cultivation.decision')} extra={returning ? undefined : passHint}>
        <Radio.Group
          options={[
            { value: 'pass', label: t(level === 'district' ? 'cultivation.pass' : 'cultivation.approvePass') },
            { value: 'return', label: t('cultivation.returnIt') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label={t(commentKey)}
        rules={[
          ...(returning ? [{ required: true, whitespace: true, message: t('cultivation.returnReasonRequired') }] : []),
          { max: 1000, message: t('common.maxLength', { label: t(commentKey), max: 1000 }) },
        ]}
      >
        <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
      </Form.Item>
    </FormModal>
  );
}
