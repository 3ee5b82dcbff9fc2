import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Input, List, Progress, Space, Tag, Timeline, Typography, Upload } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, isValidTrackingCode } from '@shangmi/shared';
import { publicCasesApi } from '../../api/cases';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';
import { PublicFrame } from '../../components/PublicHeader';
import { ApiError } from '../../api/client';
import { useDocumentTitle } from '../../lib/title';
import { QueryError } from '../../components/QueryError';
import { useCaseLabels } from './labels';

/** 进度查询 (public): the tracking code shows status and steps, and lets the reporter add material. */
export default function PublicTrackPage() {
  const t = useT();
  const l = useCaseLabels();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const [input, setInput] = useState(code);
  const [text, setText] = useState('');
  const [sent, setSent] = useState<{ name: string; size: number }[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [email, setEmail] = useState('');
  useDocumentTitle(t('cases.trackTitle'));
  // the code is checked here first (16 digits, the Luhn check digit): a typo is named without asking the server
  const problem = !code ? null : !/^\d{16}$/.test(code) ? t('cases.codeLength') : !isValidTrackingCode(code) ? t('cases.codeCheck') : null;
  const status = useQuery({ queryKey: ['public-case', code], queryFn: ({ signal }) => publicCasesApi.status(code, signal), enabled: code.length > 0 && !problem, retry: false });
  const unknown = status.error instanceof ApiError && status.error.status === 404;

  const addMaterial = async () => {
    try {
      await publicCasesApi.material(code, text);
      message.success(t('cases.materialSent'));
      setText('');
      await qc.invalidateQueries({ queryKey: ['public-case', code] });
    } catch (e) {
      onError(e);
    }
  };

  const follow = async () => {
    try {
      await publicCasesApi.follow(code, email.trim());
      message.success(t('cases.followDone'));
      setEmail('');
    } catch (e) {
      onError(e);
    }
  };

  // the file goes to the case; the page keeps only its name (the public never gets a file back)
  const attach = async (file: File) => {
    try {
      setProgress(0);
      const r = await publicCasesApi.attach(code, file, (f) => setProgress(Math.round(f * 100)));
      setSent((prev) => [...prev, { name: r.name, size: r.size }]);
      message.success(t('cases.fileSent', { name: r.name }));
      await qc.invalidateQueries({ queryKey: ['public-case', code] });
    } catch (e) {
      onError(e);
    } finally {
      setProgress(null);
    }
  };

  return (
    <PublicFrame narrow>
      <Typography.Title level={3}>{t('cases.trackTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('cases.trackHint')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
        <Input aria-label={t('cases.code')} placeholder={t('cases.code')} value={input} onChange={(e) => setInput(e.target.value)} onPressEnter={() => setParams({ code: input.replace(/\s/g, '') })} />
        <Button type="primary" onClick={() => setParams({ code: input.replace(/\s/g, '') })}>
          {t('cases.query')}
        </Button>
      </Space.Compact>
      {problem || unknown ? <Alert type="warning" showIcon title={problem ?? t('cases.codeUnknown')} data-testid="code-problem" style={{ marginBottom: 16 }} /> : null}
      {status.error && !unknown ? <QueryError error={status.error} /> : null}
      {status.data?.items.map((item) => (
        <Card key={item.track} style={{ marginBottom: 16 }} title={l.track(item.track)} extra={<Tag color="blue" data-testid={`status-${item.track}`}>{l.status(item.status)}</Tag>}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('cases.receivedOn')}>{item.receivedOn}</Descriptions.Item>
            <Descriptions.Item label={t('cases.closedOn')}>{item.closedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cases.handledBy')}>{item.bureauName}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('cases.steps')}</Typography.Title>
          <Timeline items={item.steps.map((s) => ({ children: `${formatDateTime(s.at)}  ${l.event(s.action)}` }))} />
        </Card>
      ))}
      {status.data ? (
        <Card title={t('cases.follow')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('cases.followHint')}</Typography.Paragraph>
          <Space.Compact style={{ width: '100%' }}>
            <Input type="email" aria-label={t('cases.follow')} placeholder="name@example.com" value={email} maxLength={200} onChange={(e) => setEmail(e.target.value)} />
            <Button disabled={!email.trim()} onClick={() => void follow()}>
              {t('cases.followButton')}
            </Button>
          </Space.Compact>
        </Card>
      ) : null}
      {status.data ? (
        <Card title={t('cases.addMaterial')}>
          <Input.TextArea rows={3} aria-label={t('cases.materialText')} value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} />
          <Button style={{ marginTop: 8 }} disabled={!text.trim()} onClick={addMaterial}>
            {t('cases.addMaterial')}
          </Button>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('cases.attachFiles')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('cases.attachHint')}</Typography.Paragraph>
          <Upload
            showUploadList={false}
            multiple
            beforeUpload={(file) => {
              void attach(file);
              return false;
            }}
          >
            <Button disabled={progress !== null}>{t('cases.chooseFile')}</Button>
          </Upload>
          {progress !== null ? <Progress percent={progress} size="small" /> : null}
          {sent.length ? (
            <List
              size="small"
              style={{ marginTop: 8 }}
              header={t('cases.filesSent')}
              dataSource={sent}
              renderItem={(f) => <List.Item data-testid="sent-file">{f.name}</List.Item>}
            />
          ) : null}
        </Card>
      ) : null}
    </PublicFrame>
  );
}
