import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, Progress, Space, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { SUBSCRIPTION_TOPICS, SUBSCRIPTION_TOPIC_LABELS } from '@shangmi/shared';
import { outreachApi } from '../../api/outreach';
import { downloadExport } from '../../api/client';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';

type Topic = (typeof SUBSCRIPTION_TOPICS)[number];

/** 我的培训与订阅: one's hours this year against the goal, each session with its certificate, and the topics one follows. */
export default function MyOutreachPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const year = new Date().getFullYear();
  const mine = useQuery({ queryKey: ['outreach', 'mine', year], queryFn: ({ signal }) => outreachApi.myTraining(year, signal) });
  const subs = useQuery({ queryKey: ['outreach', 'subscriptions'], queryFn: ({ signal }) => outreachApi.subscriptions(signal) });
  const [topics, setTopics] = useState<Topic[]>([]);
  useEffect(() => {
    if (subs.data) setTopics(subs.data.topics.map((x) => x.topic));
  }, [subs.data]);
  const save = async () => {
    try {
      await outreachApi.setSubscriptions({ topics: topics.map((topic) => ({ topic })) });
      message.success(t('outreach.subscriptionsSaved'));
      await qc.invalidateQueries({ queryKey: ['outreach', 'subscriptions'] });
    } catch (e) {
      onError(e);
    }
  };
  const m = mine.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('outreach.yearHours', { year: String(year) })} loading={mine.isPending}>
        {m ? (
          <Space size={24} wrap>
            <Typography.Title level={2} style={{ margin: 0 }} data-testid="my-hours">
              {m.hours}
            </Typography.Title>
            <Progress type="circle" size={80} percent={Math.min(100, Math.round((m.hours / m.goalHours) * 100))} />
            <Typography.Text type="secondary">{t('outreach.goal', { goal: String(m.goalHours) })}</Typography.Text>
          </Space>
        ) : null}
      </Card>
      <Card title={t('outreach.sessions')}>
        <Table
          rowKey="enrolmentId"
          dataSource={m?.sessions ?? []}
          pagination={false}
          scroll={{ x: 600 }}
          columns={[
            { title: t('outreach.title'), dataIndex: 'title' },
            { title: t('outreach.heldOn'), dataIndex: 'heldOn', width: 110 },
            { title: t('outreach.organiser'), dataIndex: 'orgName' },
            { title: t('outreach.hours'), dataIndex: 'hours', width: 70 },
            {
              title: t('outreach.certificate'),
              width: 140,
              render: (_, s) =>
                s.certificateNo ? (
                  <Button size="small" onClick={() => downloadExport(outreachApi.certificatePath(s.trainingId, s.enrolmentId), {}, `${s.certificateNo}.docx`).catch(onError)}>
                    {t('outreach.certificate')}
                  </Button>
                ) : (
                  t('outreach.notCheckedIn')
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('outreach.subscriptions')} loading={subs.isPending}>
        <Typography.Paragraph type="secondary">{t('outreach.subscriptionsHint')}</Typography.Paragraph>
        <Checkbox.Group value={topics} onChange={(v) => setTopics(v as Topic[])} options={SUBSCRIPTION_TOPICS.map((x) => ({ value: x, label: pick(SUBSCRIPTION_TOPIC_LABELS[x].zh, SUBSCRIPTION_TOPIC_LABELS[x].en) }))} />
        <div style={{ marginTop: 12 }}>
          <Button type="primary" onClick={save} data-testid="save-subscriptions">
            {t('common.save')}
          </Button>
        </div>
      </Card>
    </Space>
  );
}
