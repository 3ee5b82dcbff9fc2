import { useState } from 'react';
import { Button, Form, Input, Space } from 'antd';
import type { TfMeeting } from '@shangmi/shared';
import { taskforceApi } from '../../api/taskforce';
import { useI18n } from '../../lib/i18n';
import { FileUploader } from '../../components/FileUploader';
import { FormDrawer, FormModal } from '../../components/FormDialog';
import { TaskFields } from './TaskFields';
import { useAssigneeOptions } from './useAssigneeOptions';

interface Decision {
  text: string;
  tasks?: { title: string; assigneeOrgId: number; dueOn: string }[];
}

/**
 * The office's edits of a recorded meeting: correcting the minutes (and adding minutes files; the files already there
 * stay) and adding a decision with its tasks (补录议定事项), each task assigned on the engine as at the meeting.
 */
export function MeetingEdits({ meeting }: { meeting: TfMeeting }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<'minutes' | 'decision' | null>(null);
  const [uploading, setUploading] = useState(false);
  const options = useAssigneeOptions(open === 'decision');
  const close = () => setOpen(null);
  return (
    <>
      <Space>
        <Button data-testid="tf-edit-minutes" onClick={() => setOpen('minutes')}>
          {t('taskforce.editMinutes')}
        </Button>
        <Button type="primary" data-testid="tf-add-decision" onClick={() => setOpen('decision')}>
          {t('taskforce.addDecisionLater')}
        </Button>
      </Space>
      <FormModal<{ minutes?: string; fileIds?: number[] }, TfMeeting>
        open={open === 'minutes'}
        onClose={close}
        title={t('taskforce.editMinutes')}
        name="minutesForm"
        success={t('taskforce.editMinutes')}
        wait={uploading ? t('taskforce.minutesFiles') : null}
        values={{ minutes: meeting.minutes ?? '' }}
        rename={{ minutesFileIds: 'fileIds' }}
        save={(v) => taskforceApi.updateMeeting(meeting.id, { minutes: v.minutes || null, minutesFileIds: [...meeting.minutesFiles.map((f) => f.id), ...(v.fileIds ?? [])] })}
        invalidate={['taskforce']}
      >
        <Form.Item name="minutes" label={t('taskforce.minutes')}>
          <Input.TextArea rows={8} />
        </Form.Item>
        <Form.Item name="fileIds" label={t('taskforce.minutesFiles')}>
          <FileUploader onBusyChange={setUploading} />
        </Form.Item>
      </FormModal>
      <FormDrawer<Decision, TfMeeting>
        open={open === 'decision'}
        size={720}
        onClose={close}
        title={t('taskforce.addDecisionLater')}
        name="decisionForm"
        success={t('taskforce.addDecisionLater')}
        initialValues={{ text: '', tasks: [{}] }}
        save={(v) => taskforceApi.addDecision(meeting.id, { text: v.text, tasks: v.tasks ?? [] })}
        invalidate={['taskforce']}
      >
        <Form.Item name="text" label={t('taskforce.decision')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <TaskFields name="tasks" options={options.all} />
      </FormDrawer>
    </>
  );
}
