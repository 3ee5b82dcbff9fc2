import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Card, Descriptions, Form, Input, Space, Tag, Timeline } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { TF_TASK_STATE_LABELS, formatDateTime, pick, type TfTaskDetail } from '@shangmi/shared';
import { taskforceApi, type TaskStep } from '../../api/taskforce';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FileUploader } from '../../components/FileUploader';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

interface StepValues {
  comment?: string;
  fileIds?: number[];
}
const STEPS: TaskStep[] = ['report', 'complete', 'accept', 'return', 'urge'];
const NEEDS_TEXT: TaskStep[] = ['report', 'complete', 'return'];

/** One task: where it stands, its history with attachments, and the steps the caller may take (the server's `allowed`). */
export default function TaskPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const q = useQuery({ queryKey: ['taskforce', 'task', id], queryFn: ({ signal }) => taskforceApi.task(id, signal) });
  useDocumentTitle(q.data?.title ?? t('taskforce.menuTasks'));
  const [step, setStep] = useState<TaskStep | null>(null);
  const [busy, setBusy] = useState(false);
  if (q.error) return <QueryError error={q.error} />;
  const x = q.data;
  const label = (s: TaskStep) => t(`taskforce.${s}`);
  return (
    <>
      <PageHeader
        title={x ? x.title : t('taskforce.menuTasks')}
        extra={
          <Space wrap>
            {STEPS.filter((s) => x?.allowed.includes(s)).map((s) => (
              <Button key={s} type={s === 'report' || s === 'accept' ? 'primary' : 'default'} data-testid={`task-${s}`} onClick={() => setStep(s)}>
                {label(s)}
              </Button>
            ))}
          </Space>
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" loading={q.isLoading}>
          {x ? <Facts x={x} locale={locale} /> : null}
        </Card>
        <Card size="small" title={t('taskforce.history')}>
          <Timeline
            items={(x?.history ?? []).map((h) => ({
              children: (
                <>
                  <b>{h.label}</b> · {h.userName}（{h.orgName}） · {formatDateTime(h.at)}
                  {h.comment ? <div>{h.comment}</div> : null}
                  {h.files.map((f) => (
                    <div key={f.id}>
                      <a href={`/api/taskforce/tasks/${id}/files/${f.id}`}>{f.name}</a>
                    </div>
                  ))}
                </>
              ),
            }))}
          />
        </Card>
      </Space>
      <FormModal<StepValues, TfTaskDetail>
        open={step !== null}
        onClose={() => setStep(null)}
        title={step ? label(step) : ''}
        name="taskStep"
        success={step ? label(step) : ''}
        wait={busy ? t('taskforce.files') : null}
        save={(v) => taskforceApi.step(id, step!, { comment: v.comment || (step && NEEDS_TEXT.includes(step) ? '' : null), ...(step === 'report' || step === 'complete' ? { fileIds: v.fileIds ?? [] } : {}) })}
        invalidate={['taskforce']}
      >
        <Form.Item name="comment" label={t('taskforce.comment')} rules={[{ required: !!step && NEEDS_TEXT.includes(step) }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        {step === 'report' || step === 'complete' ? (
          <Form.Item name="fileIds" label={t('taskforce.files')}>
            <FileUploader onBusyChange={setBusy} />
          </Form.Item>
        ) : null}
      </FormModal>
    </>
  );
}

function Facts({ x, locale }: { x: TfTaskDetail; locale: 'zh-CN' | 'en-US' }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label={t('taskforce.state')}>
        <Tag data-testid="task-state">{pick(TF_TASK_STATE_LABELS[x.state], locale)}</Tag>
        {x.overdue ? (
          <Tag color="red" data-testid="task-overdue">
            {t('taskforce.overdue')}
          </Tag>
        ) : null}
      </Descriptions.Item>
      <Descriptions.Item label={t('taskforce.assignee')}>{x.assigneeName}</Descriptions.Item>
      <Descriptions.Item label={t('taskforce.dueOn')}>{x.dueOn}</Descriptions.Item>
      <Descriptions.Item label={t('taskforce.meeting')}>
        <Link to={`/taskforce/meetings/${x.meetingId}`}>{x.meetingTitle}</Link>
      </Descriptions.Item>
      <Descriptions.Item label={t('taskforce.decision')}>{x.decisionText}</Descriptions.Item>
      <Descriptions.Item label={t('taskforce.reports')}>{`${x.reports} · ${t('taskforce.urged')} ${x.urged}`}</Descriptions.Item>
      {x.detail ? <Descriptions.Item label={t('taskforce.comment')}>{x.detail}</Descriptions.Item> : null}
    </Descriptions>
  );
}
