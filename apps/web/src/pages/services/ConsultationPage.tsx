import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Form, Input, List, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { CONSULT_CATEGORIES, CONSULT_CATEGORY_LABELS, CONSULT_TEXT_MAX, formatDateTime, type ConsultationDetail } from '@shangmi/shared';
import { consultApi, type ConsultStep } from '../../api/consultations';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { ConsultStateTag, useAnswerers } from './ConsultationsPage';

type StepValues = { text?: string; assigneeOrgId?: number; comment?: string; category?: ConsultationDetail['category']; question?: string; answer?: string };
const BUTTONS: ConsultStep[] = ['answer', 'route', 'followUp', 'consent', 'publish', 'unpublish'];

/**
 * One consultation: the thread, the consents, the published version, the history, and the steps the caller may take —
 * answer (the site or provider asked), follow up (the enterprise), consent (each side), route, publish with the names
 * removed, withdraw (the city or district).
 */
export default function ConsultationPage() {
  const { t, pick } = useI18n();
  useDocumentTitle(t('consult.detail'));
  const id = Number(useParams().id);
  const q = useQuery({ queryKey: ['consultations', 'one', id], queryFn: ({ signal }) => consultApi.get(id, signal) });
  const [dialog, setDialog] = useState<ConsultStep | null>(null);
  const answerers = useAnswerers(dialog === 'route');
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <FullPageSpinner />;
  const c = q.data;
  const cat = (x: ConsultationDetail['category']) => pick(CONSULT_CATEGORY_LABELS[x].zh, CONSULT_CATEGORY_LABELS[x].en);
  const body = (step: ConsultStep, v: StepValues): Record<string, unknown> => {
    const version = { version: c.version };
    switch (step) {
      case 'answer':
      case 'followUp':
        return { text: v.text, ...version };
      case 'route':
        return { assigneeOrgId: v.assigneeOrgId, ...version };
      case 'publish':
        return { category: v.category, question: v.question, answer: v.answer, ...version };
      case 'unpublish':
        return { comment: v.comment, ...version };
      default:
        return version;
    }
  };
  // the edit starts from the thread: the bureau removes names from it before publishing
  const draft: StepValues =
    dialog === 'publish'
      ? {
          category: c.faq?.category ?? c.category,
          question: c.faq?.question ?? c.messages.filter((m) => m.kind === 'question').map((m) => m.text).join('\n'),
          answer: c.faq?.answer ?? c.messages.filter((m) => m.kind === 'answer').map((m) => m.text).join('\n'),
        }
      : {};
  const consent = (ok: boolean) => (ok ? <Tag color="green">✓</Tag> : <Tag>{t('consult.notYet')}</Tag>);
  return (
    <>
      <PageHeader title={`${t('consult.detail')}：${c.title}`}>
        <Space wrap>
          {BUTTONS.filter((b) => c.allowed.includes(b)).map((b, i) => (
            <Button key={b} type={i === 0 ? 'primary' : 'default'} danger={b === 'unpublish'} onClick={() => setDialog(b)}>
              {t(`consult.${b}`)}
            </Button>
          ))}
        </Space>
      </PageHeader>
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('consult.state')}>
            <ConsultStateTag state={c.state} overdue={c.overdue} />
          </Descriptions.Item>
          <Descriptions.Item label={t('consult.category')}>{cat(c.category)}</Descriptions.Item>
          <Descriptions.Item label={t('consult.enterprise')}>{c.enterpriseName}</Descriptions.Item>
          <Descriptions.Item label={t('consult.assignee')}>{c.assigneeName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('consult.dueOn')}>{c.dueOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('consult.createdAt')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('consult.askerConsent')}>
            <span data-testid="asker-consent">{consent(c.askerConsent)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('consult.answererConsent')}>
            <span data-testid="answerer-consent">{consent(c.answererConsent)}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('consult.thread')} style={{ marginTop: 16 }}>
        <List
          dataSource={c.messages}
          renderItem={(m) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Tag color={m.kind === 'question' ? 'orange' : 'blue'}>{m.kind === 'question' ? t('consult.question') : t('consult.answer')}</Tag>
                    <span>{m.orgName}</span>
                    <Typography.Text type="secondary">{formatDateTime(m.at)}</Typography.Text>
                  </Space>
                }
                description={<Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.text}</Typography.Paragraph>}
              />
            </List.Item>
          )}
        />
      </Card>
      {c.faq ? (
        <Card title={`${t('consult.faqVersion')}${c.publishedOn ? `（${t('consult.publishedOn')} ${c.publishedOn}）` : ''}`} style={{ marginTop: 16 }}>
          <Typography.Paragraph strong>{c.faq.question}</Typography.Paragraph>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.faq.answer}</Typography.Paragraph>
        </Card>
      ) : null}
      <Card title={t('consult.history')} style={{ marginTop: 16 }}>
        <Timeline items={c.history.map((h) => ({ content: `${formatDateTime(h.at)} ${h.userName ?? ''}（${h.orgName ?? ''}）${t(`consult.steps.${h.action}` as 'consult.steps.ask') ?? h.action}${h.comment ? `：${h.comment}` : ''}` }))} />
      </Card>
      <FormModal<StepValues, ConsultationDetail>
        open={dialog !== null}
        title={dialog ? t(`consult.${dialog}`) : ''}
        name="consultStep"
        width={dialog === 'publish' ? 720 : undefined}
        values={draft}
        valuesKey={dialog ?? ''}
        save={(v) => consultApi.step(c.id, dialog!, body(dialog!, v))}
        success={t('consult.done')}
        invalidate={['consultations']}
        onClose={() => setDialog(null)}
      >
        {dialog === 'consent' ? <Alert type="info" showIcon title={t('consult.consentHelp')} /> : null}
        {dialog === 'answer' || dialog === 'followUp' ? (
          <Form.Item name="text" label={dialog === 'answer' ? t('consult.answer') : t('consult.question')} rules={[{ required: true }]}>
            <Input.TextArea rows={6} showCount maxLength={CONSULT_TEXT_MAX} />
          </Form.Item>
        ) : null}
        {dialog === 'route' ? (
          <Form.Item name="assigneeOrgId" label={t('consult.assignee')} rules={[{ required: true }]}>
            <Select options={answerers.options} loading={answerers.loading} />
          </Form.Item>
        ) : null}
        {dialog === 'publish' ? (
          <>
            <Alert type="warning" showIcon title={t('consult.publishHelp')} style={{ marginBottom: 16 }} />
            <Form.Item name="category" label={t('consult.category')} rules={[{ required: true }]}>
              <Select options={CONSULT_CATEGORIES.map((x) => ({ value: x, label: cat(x) }))} />
            </Form.Item>
            <Form.Item name="question" label={t('consult.faqQuestion')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} showCount maxLength={CONSULT_TEXT_MAX} />
            </Form.Item>
            <Form.Item name="answer" label={t('consult.faqAnswer')} rules={[{ required: true }]}>
              <Input.TextArea rows={6} showCount maxLength={2 * CONSULT_TEXT_MAX} />
            </Form.Item>
          </>
        ) : null}
        {dialog === 'unpublish' ? (
          <Form.Item name="comment" label={t('consult.reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        ) : null}
      </FormModal>
    </>
  );
}
