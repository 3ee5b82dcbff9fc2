import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Form, Input, Select, Space, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { TF_MEETING_KINDS, TF_MEETING_KIND_LABELS, pick, type TfMeeting, type TfMeetingKind, type tfMeetingListQuery } from '@shangmi/shared';
import { taskforceApi, type MeetingSummary } from '../../api/taskforce';
import type { Filters } from '../../api/lists';
import { useCan } from '../../lib/access';
import { todayInShanghai } from '../../lib/dates';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FileUploader } from '../../components/FileUploader';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { FormDrawer } from '../../components/FormDialog';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';
import { TaskFields } from './TaskFields';
import { useAssigneeOptions } from './useAssigneeOptions';

type MeetingFilters = Filters<typeof tfMeetingListQuery>;
interface Values {
  kind: TfMeetingKind;
  title: string;
  heldOn: string;
  place?: string;
  agenda: string;
  attendeeOrgIds?: number[];
  attendees?: string;
  minutes?: string;
  minutesFileIds?: number[];
  decisions?: { text: string; tasks?: { title: string; assigneeOrgId: number; dueOn: string }[] }[];
}

/** 联席会议: the meetings in scope; the office records one with its decisions, each decision's tasks assigned at once. */
export default function MeetingsPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('taskforce.menuMeetings'));
  const navigate = useNavigate();
  const canRecord = useCan('taskforce:manage');
  const [open, setOpen] = useState(false);
  const [uploading, setUploading] = useState(false);
  const options = useAssigneeOptions(open);
  const table = useServerTable<MeetingSummary, MeetingFilters>({ key: 'taskforce', fetch: taskforceApi.meetings });
  return (
    <>
      <PageHeader
        title={t('taskforce.menuMeetings')}
        extra={
          canRecord ? (
            <Button type="primary" data-testid="tf-record" onClick={() => setOpen(true)}>
              {t('taskforce.record')}
            </Button>
          ) : null
        }
      />
      <FilterBar<MeetingFilters> table={table} name="meetingFilter" instant>
        <FilterSelect name="kind" label={t('taskforce.kind')} width={140} options={TF_MEETING_KINDS.map((k) => ({ value: k, label: pick(TF_MEETING_KIND_LABELS[k], locale) }))} />
      </FilterBar>
      <ListCard<MeetingSummary>
        table={table}
        scroll={{ x: 900 }}
        columns={[
          { title: t('taskforce.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/taskforce/meetings/${r.id}`}>{v}</Link> },
          { title: t('taskforce.kind'), dataIndex: 'kind', width: 110, render: (v: TfMeetingKind) => pick(TF_MEETING_KIND_LABELS[v], locale) },
          { title: t('taskforce.heldOn'), dataIndex: 'heldOn', width: 120 },
          { title: t('taskforce.decisions'), dataIndex: 'decisions', width: 90 },
          { title: t('taskforce.tasks'), dataIndex: 'tasks', width: 90 },
          { title: t('taskforce.open'), dataIndex: 'openTasks', width: 90 },
          { title: t('taskforce.overdue'), dataIndex: 'overdueTasks', width: 90, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
        ]}
      />
      <FormDrawer<Values, TfMeeting>
        open={open}
        size={720}
        onClose={() => setOpen(false)}
        title={t('taskforce.record')}
        name="meetingForm"
        success={t('taskforce.record')}
        wait={uploading ? t('taskforce.minutesFiles') : null}
        initialValues={{ kind: 'joint', heldOn: todayInShanghai(), decisions: [{ text: '', tasks: [{}] }] }}
        save={(v) =>
          taskforceApi.createMeeting({
            kind: v.kind,
            title: v.title,
            heldOn: v.heldOn,
            place: v.place || null,
            agenda: v.agenda,
            attendeeOrgIds: v.attendeeOrgIds ?? [],
            attendees: v.attendees || null,
            minutes: v.minutes || null,
            minutesFileIds: v.minutesFileIds ?? [],
            decisions: (v.decisions ?? []).map((d) => ({ text: d.text, tasks: d.tasks ?? [] })),
          })
        }
        invalidate={['taskforce']}
        onSaved={(m) => void navigate(`/taskforce/meetings/${m.id}`)}
      >
        <Form.Item name="kind" label={t('taskforce.kind')} rules={[{ required: true }]}>
          <Select options={TF_MEETING_KINDS.map((k) => ({ value: k, label: pick(TF_MEETING_KIND_LABELS[k], locale) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('taskforce.title')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="heldOn" label={t('taskforce.heldOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="place" label={t('taskforce.place')}>
            <Input />
          </Form.Item>
        </Space>
        <Form.Item name="agenda" label={t('taskforce.agenda')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="attendeeOrgIds" label={t('taskforce.attendeeUnits')}>
          <Select mode="multiple" options={options.units} />
        </Form.Item>
        <Form.Item name="attendees" label={t('taskforce.attendees')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="minutes" label={t('taskforce.minutes')}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="minutesFileIds" label={t('taskforce.minutesFiles')}>
          <FileUploader onBusyChange={setUploading} />
        </Form.Item>
        <Form.List name="decisions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" style={{ marginBottom: 12 }} title={`${t('taskforce.decision')} ${i + 1}`} extra={<MinusCircleOutlined onClick={() => remove(f.name)} />}>
                  <Form.Item name={[f.name, 'text']} rules={[{ required: true }]}>
                    <Input.TextArea rows={2} placeholder={t('taskforce.decision')} />
                  </Form.Item>
                  <TaskFields name={[f.name, 'tasks']} options={options.all} />
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ text: '', tasks: [{}] })}>
                {t('taskforce.addDecision')}
              </Button>
            </>
          )}
        </Form.List>
      </FormDrawer>
    </>
  );
}
