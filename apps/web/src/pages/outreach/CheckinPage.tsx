import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Result, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { outreachApi, type CheckinResult } from '../../api/outreach';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';

/**
 * 培训签到: the page the QR code opens on a participant's phone (signed in). One big button; the server checks the
 * enrolment, the day and that it is the first check-in.
 */
export default function CheckinPage() {
  const t = useT();
  const { token = '' } = useParams();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const info = useQuery({ queryKey: ['outreach', 'checkin', token], queryFn: ({ signal }) => outreachApi.checkinInfo(token, signal), retry: false });
  const [done, setDone] = useState<CheckinResult | null>(null);
  const [busy, setBusy] = useState(false);
  // after check-in: does the session have a quiz to take now?
  const training = useQuery({ queryKey: ['outreach', 'training', done?.trainingId], queryFn: ({ signal }) => outreachApi.training(done!.trainingId, signal), enabled: !!done });
  const checkIn = async () => {
    setBusy(true);
    try {
      const r = await outreachApi.checkIn(token);
      setDone(r);
      message.success(t('outreach.checkinDone', { hours: String(r.hours) }));
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('outreach.checkinTitle')} style={{ maxWidth: 480, margin: '0 auto' }} loading={info.isPending}>
      {info.error ? <Alert type="error" showIcon message={(info.error as Error).message} /> : null}
      {info.data ? (
        <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('outreach.title')}>{info.data.title}</Descriptions.Item>
          <Descriptions.Item label={t('outreach.heldOn')}>{`${info.data.heldOn} ${info.data.startTime}`}</Descriptions.Item>
          <Descriptions.Item label={t('outreach.place')}>{info.data.place ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('outreach.organiser')}>{info.data.orgName}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {done ? (
        <Result
          status="success"
          title={t('outreach.checkinDone', { hours: String(done.hours) })}
          extra={
            <Space orientation="vertical">
              {training.data?.hasQuiz ? (
                <Link to={`/outreach/trainings/${done.trainingId}/quiz`}>
                  <Button type="primary" size="large" data-testid="quiz-link">
                    {t('outreach.quizTake')}
                  </Button>
                </Link>
              ) : null}
              <Link to="/outreach/mine">{t('outreach.toMine')}</Link>
            </Space>
          }
        />
      ) : info.data ? (
        <Button type="primary" size="large" block loading={busy} onClick={checkIn} data-testid="checkin-button">
          {t('outreach.checkinButton')}
        </Button>
      ) : null}
    </Card>
  );
}
