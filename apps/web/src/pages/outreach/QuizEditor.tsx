import { useEffect, useState } from 'react';
import { App, Button, Checkbox, Input, InputNumber, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { QuizForParticipant, TrainingQuiz } from '@shangmi/shared';
import { quizApi } from '../../api/outreach';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';

/**
 * The organiser's quiz of a session, written as plain text: a question on its line, then its options, the right one
 * starting with `*`, the others with `-`; a blank line between questions. The server checks it (and refuses a change
 * once someone has answered).
 */
export function toText(q: Pick<QuizForParticipant, 'questions' | 'answers'>): string {
  return q.questions.map((x, i) => [x.text, ...x.options.map((o, j) => `${q.answers?.[i] === j ? '*' : '-'} ${o}`)].join('\n')).join('\n\n');
}

export function parseQuiz(text: string): TrainingQuiz['questions'] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').map((l) => l.trim()).filter(Boolean))
    .filter((lines) => lines.length)
    .map(([question, ...rest]) => {
      const options = rest.map((l) => l.replace(/^[*-]\s*/, ''));
      const answer = rest.findIndex((l) => l.startsWith('*'));
      return { text: question!, options, answer: answer < 0 ? 99 : answer };
    });
}

export function QuizEditor({ trainingId, hasQuiz }: { trainingId: number; hasQuiz: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const current = useQuery({ queryKey: ['outreach', 'quiz', trainingId], queryFn: ({ signal }) => quizApi.get(trainingId, signal), enabled: hasQuiz, retry: false });
  const [text, setText] = useState('');
  const [passMark, setPassMark] = useState<number | null>(60);
  const [needsPass, setNeedsPass] = useState(false);
  useEffect(() => {
    if (!current.data) return;
    setText(toText(current.data));
    setPassMark(current.data.passMark);
    setNeedsPass(current.data.certificateNeedsPass);
  }, [current.data]);
  const save = async (quiz: TrainingQuiz | null) => {
    try {
      await quizApi.set(trainingId, quiz);
      message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: ['outreach'] });
    } catch (e) {
      onError(e);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('outreach.quizFormat')}</Typography.Text>
      <Input.TextArea rows={8} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('outreach.quizPlaceholder')} data-testid="quiz-text" />
      <Space wrap>
        <span>{t('outreach.quizPassMarkLabel')}</span>
        <InputNumber min={1} max={100} value={passMark} onChange={(v) => setPassMark(v)} aria-label={t('outreach.quizPassMarkLabel')} />
        <Checkbox checked={needsPass} onChange={(e) => setNeedsPass(e.target.checked)}>
          {t('outreach.quizCertificateNeedsPass')}
        </Checkbox>
      </Space>
      <Space>
        <Button type="primary" onClick={() => void save({ questions: parseQuiz(text), passMark, certificateNeedsPass: needsPass })} data-testid="quiz-save">
          {t('common.save')}
        </Button>
        {hasQuiz ? <Button onClick={() => void save(null)}>{t('outreach.quizRemove')}</Button> : null}
      </Space>
    </Space>
  );
}
