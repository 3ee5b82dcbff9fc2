import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Input, Rate, Result, Space, Timeline, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PUBLIC_REQUEST_STATE_LABELS, formatDateTime, isValidTrackingCode, pick } from '@shangmi/shared';
import { consultApi } from '../../api/consultations';
import { ApiError } from '../../api/client';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { PublicFrame } from '../../components/PublicHeader';
import { QueryError } from '../../components/QueryError';

/**
 * 求助进度 (public, no account): the code handed out at /help shows the request's state, who serves it, dated steps and
 * the outcome; once delivered the asker rates it, once. Like /track for complaints (16 digits, the last a check digit:
 * a typo is named here without asking the server).
 */
export default function PublicHelpStatusPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('consult.trackTitle'));
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const [input, setInput] = useState(code);
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const bad = code !== '' && !isValidTrackingCode(code);
  const status = useQuery({ queryKey: ['public-help', code], queryFn: ({ signal }) => consultApi.track(code, signal), enabled: code !== '' && !bad, retry: false });
  const unknown = status.error instanceof ApiError && status.error.status === 404;
  const go = () => setParams({ code: input.replace(/[\s-]/g, '') });
  const rate = async () => {
    setBusy(true);
    try {
      await consultApi.rate(code, { rating, comment: comment.trim() || null });
      message.success(t('consult.trackRated'));
      await qc.invalidateQueries({ queryKey: ['public-help', code] });
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const s = status.data;
  return (
    <PublicFrame narrow>
      <Typography.Title level={3}>{t('consult.trackTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('consult.trackIntro')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
        <Input aria-label={t('consult.trackCode')} placeholder={t('consult.trackCode')} value={input} onChange={(e) => setInput(e.target.value)} onPressEnter={go} />
        <Button type="primary" onClick={go}>
          {t('consult.trackLookup')}
        </Button>
      </Space.Compact>
      {bad || unknown ? <Alert type="error" showIcon title={t('consult.trackNotFound')} /> : null}
      {status.error && !unknown ? <QueryError error={status.error} onRetry={() => void status.refetch()} /> : null}
      {s ? (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Card>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('services.title')}>{s.title}</Descriptions.Item>
              <Descriptions.Item label={t('consult.state')}>
                <span data-testid="help-status-state">{pick(PUBLIC_REQUEST_STATE_LABELS[s.state], locale)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('consult.bureau')}>{s.bureauName}</Descriptions.Item>
              <Descriptions.Item label={t('services.assignee')}>{s.assigneeName ?? '—'}</Descriptions.Item>
              {s.deliveredOn ? <Descriptions.Item label={t('consult.deliveredOn')}>{s.deliveredOn}</Descriptions.Item> : null}
              {s.outcome ? <Descriptions.Item label={t('consult.outcome')}>{s.outcome}</Descriptions.Item> : null}
              {s.rating !== null ? (
                <Descriptions.Item label={t('consult.rating')}>
                  <Rate disabled value={s.rating} />
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          <Card title={t('consult.steps2')}>
            <Timeline items={s.steps.map((x) => ({ content: `${formatDateTime(x.at)} ${x.action}` }))} />
          </Card>
          {s.mayRate ? (
            <Card title={t('consult.trackRate')}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Rate aria-label={t('consult.rating')} value={rating} onChange={setRating} />
                <Input.TextArea aria-label={t('consult.comment')} placeholder={t('consult.comment')} rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />
                <Button type="primary" disabled={rating === 0} loading={busy} onClick={() => void rate()}>
                  {t('consult.trackRate')}
                </Button>
              </Space>
            </Card>
          ) : s.rating !== null ? (
            <Result status="success" title={t('consult.trackRated')} />
          ) : null}
        </Space>
      ) : null}
    </PublicFrame>
  );
}
