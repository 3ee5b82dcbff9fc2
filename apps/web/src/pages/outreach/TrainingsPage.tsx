import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Descriptions, Drawer, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TRAINING_AUDIENCES, TRAINING_AUDIENCE_LABELS, TRAINING_STATE_LABELS, type OutreachTraining } from '@shangmi/shared';
import { outreachApi } from '../../api/outreach';
import { FormModal } from '../../components/FormDialog';
import { QuizEditor } from './QuizEditor';
import { useCan } from '../../lib/access';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';

type View = 'organised' | 'open' | 'mine';
interface FormValues {
  title: string;
  audience: OutreachTraining['audience'];
  heldOn: string;
  startTime: string;
  hours: number;
  place?: string;
  onlineUrl?: string;
  capacity: number;
  description?: string;
}

/** 培训: what one's organisation organises (with the roster and the check-in code), what is open to enrol in, one's own. */
export default function TrainingsPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const manage = useCan('outreach:manage');
  const [view, setView] = useState<View>(manage ? 'organised' : 'open');
  const [creating, setCreating] = useState(false);
  const [roster, setRoster] = useState<OutreachTraining | null>(null);
  const list = useQuery({ queryKey: ['outreach', 'trainings', view], queryFn: ({ signal }) => outreachApi.trainings({ view, pageSize: 50 }, signal) });
  const enrolments = useQuery({ queryKey: ['outreach', 'enrolments', roster?.id], queryFn: ({ signal }) => outreachApi.enrolments(roster!.id, signal), enabled: !!roster });

  const act = async (run: () => Promise<unknown>, ok: string) => {
    try {
      await run();
      message.success(ok);
      await qc.invalidateQueries({ queryKey: ['outreach'] });
    } catch (e) {
      onError(e);
    }
  };

  const tabs = [...(manage ? [{ key: 'organised', label: t('outreach.organised') }] : []), { key: 'open', label: t('outreach.open') }, { key: 'mine', label: t('outreach.mine') }];
  return (
    <Card
      title={t('outreach.menuTrainings')}
      extra={
        manage ? (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('outreach.newTraining')}
          </Button>
        ) : null
      }
    >
      <Tabs activeKey={view} onChange={(k) => setView(k as View)} items={tabs} />
      <Table<OutreachTraining>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: t('outreach.title'), dataIndex: 'title' },
          { title: t('outreach.heldOn'), render: (_, r) => `${r.heldOn} ${r.startTime}`, width: 150 },
          { title: t('outreach.audience'), render: (_, r) => pick(TRAINING_AUDIENCE_LABELS[r.audience].zh, TRAINING_AUDIENCE_LABELS[r.audience].en), width: 160 },
          { title: t('outreach.organiser'), dataIndex: 'orgName', width: 180 },
          { title: t('outreach.hours'), dataIndex: 'hours', width: 70 },
          { title: t('outreach.enrolled'), render: (_, r) => `${r.enrolled} / ${r.capacity}`, width: 90 },
          { title: t('outreach.state'), render: (_, r) => <Tag>{pick(TRAINING_STATE_LABELS[r.state].zh, TRAINING_STATE_LABELS[r.state].en)}</Tag>, width: 90 },
          {
            title: '',
            width: 200,
            render: (_, r) => (
              <Space>
                {r.mine ? (
                  <Tag color="green">{r.mine.checkedInAt ? t('outreach.checkedIn') : t('outreach.enrolledDone')}</Tag>
                ) : r.state === 'planned' && !r.mayManage ? (
                  <Button size="small" type="primary" onClick={() => act(() => outreachApi.enrol(r.id), t('outreach.enrolOk'))}>
                    {t('outreach.enrol')}
                  </Button>
                ) : null}
                {r.hasQuiz && r.mine?.checkedInAt ? <Link to={`/outreach/trainings/${r.id}/quiz`}>{t('outreach.quizTake')}</Link> : null}
                {r.mayManage ? (
                  <Button size="small" onClick={() => setRoster(r)}>
                    {t('outreach.roster')}
                  </Button>
                ) : null}
                {r.mayManage && r.state === 'planned' ? (
                  <Popconfirm title={t('outreach.cancelConfirm')} onConfirm={() => act(() => outreachApi.cancelTraining(r.id), t('outreach.stepDone'))}>
                    <Button size="small" danger>
                      {t('outreach.cancel')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <FormModal<FormValues, OutreachTraining>
        open={creating}
        title={t('outreach.newTraining')}
        name="trainingForm"
        initialValues={{ audience: 'enterprises', startTime: '09:00', hours: 2, capacity: 50 }}
        save={(v) => outreachApi.createTraining({ ...v, place: v.place || null, onlineUrl: v.onlineUrl || null, description: v.description || null })}
        success={t('outreach.created')}
        invalidate={['outreach']}
        onClose={() => setCreating(false)}
      >
        <Form.Item name="title" label={t('outreach.title')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="audience" label={t('outreach.audience')} rules={[{ required: true }]}>
          <Select options={TRAINING_AUDIENCES.map((a) => ({ value: a, label: pick(TRAINING_AUDIENCE_LABELS[a].zh, TRAINING_AUDIENCE_LABELS[a].en) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="heldOn" label={t('outreach.heldOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="startTime" label={t('outreach.startTime')} rules={[{ required: true }]}>
            <Input type="time" />
          </Form.Item>
          <Form.Item name="hours" label={t('outreach.hours')} rules={[{ required: true }]}>
            <InputNumber min={0.5} max={24} step={0.5} />
          </Form.Item>
          <Form.Item name="capacity" label={t('outreach.capacity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10000} />
          </Form.Item>
        </Space>
        <Form.Item name="place" label={t('outreach.place')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="onlineUrl" label={t('outreach.onlineUrl')}>
          <Input maxLength={500} placeholder="https://" />
        </Form.Item>
        <Form.Item name="description" label={t('outreach.description')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </FormModal>
      <Drawer open={!!roster} onClose={() => setRoster(null)} title={roster?.title} size={560}>
        {roster ? (
          <>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('outreach.heldOn')}>{`${roster.heldOn} ${roster.startTime}`}</Descriptions.Item>
              <Descriptions.Item label={t('outreach.place')}>{roster.place ?? roster.onlineUrl}</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph strong>{t('outreach.checkinLink')}</Typography.Paragraph>
            {roster.checkinPath ? (
              <Space orientation="vertical" align="center" style={{ width: '100%' }}>
                <img alt="QR" width={200} height={200} src={`/api/outreach/trainings/${roster.id}/qr.svg`} data-testid="checkin-qr" />
                <Typography.Text copyable data-testid="checkin-link">{`${window.location.origin}${roster.checkinPath}`}</Typography.Text>
              </Space>
            ) : null}
            <Table
              rowKey="id"
              size="small"
              style={{ marginTop: 16 }}
              loading={enrolments.isPending}
              dataSource={enrolments.data ?? []}
              pagination={false}
              columns={[
                { title: t('outreach.person'), dataIndex: 'userName' },
                { title: t('outreach.organiser'), dataIndex: 'orgName' },
                { title: t('outreach.state'), render: (_, e) => (e.checkedInAt ? <Tag color="green">{t('outreach.checkedIn')}</Tag> : <Tag>{t('outreach.notCheckedIn')}</Tag>) },
                { title: t('outreach.hours'), dataIndex: 'hours' },
                { title: t('outreach.quizScoreColumn'), dataIndex: 'quizScore', render: (v: number | null) => v ?? '—' },
              ]}
            />
            <Typography.Paragraph strong style={{ marginTop: 16 }}>
              {t('outreach.quizTitle')}
            </Typography.Paragraph>
            <QuizEditor key={roster.id} trainingId={roster.id} hasQuiz={roster.hasQuiz} />
          </>
        ) : null}
      </Drawer>
    </Card>
  );
}
