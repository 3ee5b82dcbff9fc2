import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Input, Radio, Result, Space, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isShown, type Answers, type SurveyQuestion } from '@shangmi/shared';
import { listeningApi } from '../../api/listening';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { PublicFrame } from '../../components/PublicHeader';
import { QueryError } from '../../components/QueryError';

type Values = Record<string, unknown>;

/**
 * Answering a survey, one column so it works on a phone: by an enterprise account (`/listening/answer/:id`) or by a
 * link token (`/s/:token`, no sign-in, in the public frame). Questions hidden by skip logic are not shown and their
 * answers are dropped before sending; the server checks again and names the question it refuses.
 */
export default function AnswerPage() {
  const { t } = useI18n();
  const params = useParams();
  const token = params.token;
  const id = Number(params.id);
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['listening', 'form', token ?? id], queryFn: ({ signal }) => (token ? listeningApi.tokenForm(token, signal) : listeningApi.form(id, signal)) });
  const [values, setValues] = useState<Values>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (q.data?.draft) setValues(q.data.draft);
  }, [q.data?.draft]);
  if (q.error) return wrap(!!token, <QueryError error={q.error} />);
  const f = q.data;
  if (!f) return wrap(!!token, <Card loading />);
  const shownAnswers = () => {
    const out: Values = {};
    for (const s of f.sections) for (const x of s.questions) if (isShown(f.sections, x, values as Answers) && values[x.id] !== undefined && values[x.id] !== '') out[x.id] = values[x.id];
    return out;
  };
  const run = async (kind: 'draft' | 'answer') => {
    setBusy(true);
    try {
      const a = kind === 'draft' ? values : shownAnswers();
      if (token) await (kind === 'draft' ? listeningApi.tokenDraft(token, a) : listeningApi.tokenAnswer(token, a));
      else await (kind === 'draft' ? listeningApi.draft(id, a) : listeningApi.answer(id, a));
      if (kind === 'draft') message.success(t('listening.draftSaved'));
      else {
        setDone(true);
        await qc.invalidateQueries({ queryKey: ['listening'] });
      }
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  if (done || f.answered) return wrap(!!token, <Result status="success" title={done ? t('listening.submitted') : t('listening.answeredNote')} data-testid="answer-done" />);
  const set = (qid: string, v: unknown) => setValues((old) => ({ ...old, [qid]: v }));
  return wrap(
    !!token,
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {f.title}
      </Typography.Title>
      {f.intro ? <Typography.Paragraph>{f.intro}</Typography.Paragraph> : null}
      {f.anonymous ? <Alert type="info" showIcon title={t('listening.anonymousNote')} /> : null}
      {f.status !== 'open' ? <Alert type="warning" showIcon title={t('listening.closedNote')} /> : null}
      {f.sections.map((s) => (
        <Card key={s.id} size="small" title={s.title}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {s.questions
              .filter((x) => isShown(f.sections, x, values as Answers))
              .map((x) => (
                <div key={x.id} data-testid={`q-${x.id}`}>
                  <Typography.Text strong>
                    {x.required ? <span style={{ color: '#cf1322' }}>* </span> : null}
                    {x.title}
                  </Typography.Text>
                  <div style={{ marginTop: 6 }}>
                    <QuestionInput q={x} value={values[x.id]} onChange={(v) => set(x.id, v)} />
                  </div>
                </div>
              ))}
          </Space>
        </Card>
      ))}
      <Space wrap>
        <Button onClick={() => void run('draft')} loading={busy} disabled={f.status !== 'open'} data-testid="save-draft">
          {t('listening.saveDraft')}
        </Button>
        <Button type="primary" onClick={() => void run('answer')} loading={busy} disabled={f.status !== 'open'} data-testid="submit-answer">
          {t('listening.submit')}
        </Button>
      </Space>
    </Space>,
  );
}

function wrap(isPublic: boolean, node: React.ReactNode) {
  return isPublic ? <PublicFrame narrow>{node}</PublicFrame> : <>{node}</>;
}

function QuestionInput({ q, value, onChange }: { q: SurveyQuestion; value: unknown; onChange: (v: unknown) => void }) {
  const options = (q.options ?? []).map((o) => ({ value: o.value, label: o.label }));
  switch (q.kind) {
    case 'single':
      return <Radio.Group value={value} onChange={(e) => onChange(e.target.value)} options={options} style={{ display: 'flex', flexDirection: 'column', gap: 6 }} />;
    case 'multi':
      return <Checkbox.Group value={(value as string[]) ?? []} onChange={(v) => onChange(v)} options={options} style={{ display: 'flex', flexDirection: 'column', gap: 6 }} />;
    case 'scale': {
      const { min, max } = q.scale!;
      return <Radio.Group value={value} onChange={(e) => onChange(e.target.value)} optionType="button" options={Array.from({ length: max - min + 1 }, (_, i) => ({ value: min + i, label: String(min + i) }))} />;
    }
    case 'matrix': {
      const v = (value as Record<string, string>) ?? {};
      return (
        <Table
          size="small"
          pagination={false}
          rowKey="value"
          scroll={{ x: 'max-content' }}
          dataSource={q.rows ?? []}
          columns={[
            { title: '', dataIndex: 'label' },
            ...options.map((o) => ({
              title: o.label,
              key: o.value,
              render: (_: unknown, r: { value: string }) => <Radio checked={v[r.value] === o.value} onChange={() => onChange({ ...v, [r.value]: o.value })} aria-label={`${r.value}-${o.value}`} />,
            })),
          ]}
        />
      );
    }
    case 'text':
      return <Input value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />;
    case 'textarea':
      return <Input.TextArea rows={4} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />;
  }
}

