import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Radio, Result, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { QuizResult } from '@shangmi/shared';
import { quizApi } from '../../api/outreach';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';

/**
 * 培训测验: the short quiz a participant takes on the phone after checking in. One column, large touch targets; the
 * server scores it (the answers never reach this page) and keeps the best score.
 */
export default function QuizPage() {
  const t = useT();
  const id = Number(useParams().id);
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const quiz = useQuery({ queryKey: ['outreach', 'quiz', id], queryFn: ({ signal }) => quizApi.get(id, signal), retry: false });
  const [answers, setAnswers] = useState<Record<number, number>>({});
  const [result, setResult] = useState<QuizResult | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('outreach.quizTitle'));
  const q = quiz.data;
  const complete = !!q && q.questions.every((_, i) => answers[i] !== undefined);
  const submit = async () => {
    if (!q) return;
    setBusy(true);
    try {
      setResult(await quizApi.answer(id, q.questions.map((_, i) => answers[i]!)));
      void qc.invalidateQueries({ queryKey: ['outreach'] });
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={q ? `${t('outreach.quizTitle')} · ${q.title}` : t('outreach.quizTitle')} style={{ maxWidth: 560, margin: '0 auto' }} loading={quiz.isPending}>
      {quiz.error ? <Alert type="error" showIcon title={(quiz.error as Error).message} /> : null}
      {q && result ? (
        <Result
          status={result.passed === false ? 'warning' : 'success'}
          title={t('outreach.quizScore', { score: String(result.score), correct: String(result.correct), total: String(result.total) })}
          subTitle={[q.passMark !== null ? t(result.passed ? 'outreach.quizPassed' : 'outreach.quizNotPassed', { mark: String(q.passMark) }) : '', t('outreach.quizBest', { best: String(result.best) })].filter(Boolean).join(' ')}
          extra={
            <Space wrap>
              {result.passed === false ? <Button onClick={() => setResult(null)}>{t('outreach.quizAgain')}</Button> : null}
              <Link to="/outreach/mine">{t('outreach.toMine')}</Link>
            </Space>
          }
          data-testid="quiz-result"
        />
      ) : q ? (
        <>
          {q.passMark !== null ? <Typography.Paragraph type="secondary">{t(q.certificateNeedsPass ? 'outreach.quizNeedsPass' : 'outreach.quizPassMark', { mark: String(q.passMark) })}</Typography.Paragraph> : null}
          {q.mine?.score !== null && q.mine?.score !== undefined ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('outreach.quizBest', { best: String(q.mine.score) })} /> : null}
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {q.questions.map((question, i) => (
              <div key={i} data-testid={`quiz-q${i}`}>
                <Typography.Text strong>{`${i + 1}. ${question.text}`}</Typography.Text>
                <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 8 }} value={answers[i]} onChange={(e) => setAnswers({ ...answers, [i]: e.target.value as number })}>
                  {question.options.map((o, j) => (
                    <Radio key={j} value={j} style={{ padding: '6px 0' }}>
                      {o}
                    </Radio>
                  ))}
                </Radio.Group>
              </div>
            ))}
            <Button type="primary" size="large" block disabled={!complete} loading={busy} onClick={() => void submit()} data-testid="quiz-submit">
              {t('outreach.quizSubmit')}
            </Button>
          </Space>
        </>
      ) : null}
    </Card>
  );
}
