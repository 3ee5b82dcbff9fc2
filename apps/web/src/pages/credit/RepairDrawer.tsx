import { useState } from 'react';
import { Button, Descriptions, Drawer, Form, Input, List, Space, Timeline, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { CREDIT_HISTORY_ACTIONS, REPAIR_KIND_LABELS, formatDateTime, pick, type CreditRepairDetail } from '@shangmi/shared';
import { creditApi, type RepairStep } from '../../api/credit';
import { useI18n } from '../../lib/i18n';
import { FileUploader } from '../../components/FileUploader';
import { FormModal } from '../../components/FormDialog';
import { RepairStateTag } from './tags';

const STEP_OF: Record<CreditRepairDetail['allowed'][number], RepairStep> = {
  resubmit: 'resubmit',
  district_pass: 'district-pass',
  district_return: 'district-return',
  approve: 'approve',
  reject: 'reject',
};
const LABEL_OF = { resubmit: 'credit.resubmit', district_pass: 'credit.districtPass', district_return: 'credit.districtReturn', approve: 'credit.approve', reject: 'credit.reject' } as const;
/** steps whose comment is the reason the applicant reads: required */
const NEEDS_COMMENT = new Set(['district_return', 'reject']);

/** One repair or early-removal application: materials, history, and the steps this user may take (district, city, applicant). */
export function RepairDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const q = useQuery({ queryKey: ['credit', 'repair', id], queryFn: ({ signal }) => creditApi.repairGet(id!, signal), enabled: id !== null });
  const [step, setStep] = useState<CreditRepairDetail['allowed'][number] | null>(null);
  const [uploading, setUploading] = useState(false);
  const d = q.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title={d ? pick(REPAIR_KIND_LABELS[d.kind], locale) : ''}>
      {d ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('credit.party')}>{`${d.partyName}（${d.creditCode}）`}</Descriptions.Item>
            <Descriptions.Item label={t('credit.decisionNo')}>{d.decisionNo}</Descriptions.Item>
            <Descriptions.Item label={t('credit.repairState')}>
              <RepairStateTag state={d.state} />
            </Descriptions.Item>
            <Descriptions.Item label={t('credit.appliedAt')}>{formatDateTime(d.appliedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('credit.dueOn')}>{d.dueOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('credit.reason')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{d.reason}</span>
            </Descriptions.Item>
            {d.decisionComment ? <Descriptions.Item label={t('credit.decisionComment')}>{d.decisionComment}</Descriptions.Item> : null}
          </Descriptions>
          <List
            size="small"
            header={t('credit.materials')}
            dataSource={d.files}
            renderItem={(f) => (
              <List.Item>
                <a href={creditApi.repairFilePath(d.id, f.id)}>
                  <PaperClipOutlined /> {f.name}
                </a>
              </List.Item>
            )}
          />
          <Space wrap className="repair-actions">
            {d.allowed.map((a) => (
              <Button key={a} type={a === 'approve' || a === 'district_pass' || a === 'resubmit' ? 'primary' : 'default'} danger={a === 'reject'} onClick={() => setStep(a)}>
                {t(LABEL_OF[a])}
              </Button>
            ))}
          </Space>
          <div>
            <Typography.Title level={5}>{t('credit.history')}</Typography.Title>
            <Timeline
              items={d.history.map((h) => ({
                key: h.id,
                content: (
                  <>
                    <Typography.Text strong>{pick((CREDIT_HISTORY_ACTIONS as Record<string, { zh: string; en: string }>)[h.action] ?? { zh: h.action, en: h.action }, locale)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                      {formatDateTime(h.at)} {h.userName ?? ''}
                    </Typography.Text>
                    {h.comment ? <div>{h.comment}</div> : null}
                  </>
                ),
              }))}
            />
          </div>
        </Space>
      ) : null}
      <FormModal<{ comment?: string; fileIds?: number[] }, CreditRepairDetail>
        open={step !== null}
        title={step ? t(LABEL_OF[step]) : ''}
        name="repairStep"
        onClose={() => setStep(null)}
        wait={uploading ? t('credit.materials') : null}
        save={(v) => creditApi.repairStep(d!.id, STEP_OF[step!], { comment: v.comment || undefined, fileIds: v.fileIds?.length ? v.fileIds : undefined })}
        success={t('credit.done')}
        invalidate={['credit']}
      >
        <Form.Item name="comment" label={t('credit.comment')} rules={[{ required: step !== null && NEEDS_COMMENT.has(step) }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        {step === 'resubmit' ? (
          <Form.Item name="fileIds" label={t('credit.materials')}>
            <FileUploader onBusyChange={setUploading} />
          </Form.Item>
        ) : null}
      </FormModal>
    </Drawer>
  );
}
