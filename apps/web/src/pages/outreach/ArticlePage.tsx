import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ARTICLE_CATEGORY_LABELS, ARTICLE_STATE_LABELS, formatDateTime, type Article, type ArticleStep } from '@shangmi/shared';
import { outreachApi } from '../../api/outreach';
import { FormModal } from '../../components/FormDialog';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { ArticleFields } from './ArticlesPage';

/**
 * One article: its safe HTML as the public will see it, the steps the engine allows this user (submit, return with a
 * reason, publish at once or at a set time, withdraw with a reason), and its history.
 */
export default function ArticlePage() {
  const { t, pick } = useI18n();
  const id = Number(useParams().id);
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['outreach', 'article', id], queryFn: ({ signal }) => outreachApi.article(id, signal) });
  const [editing, setEditing] = useState(false);
  const [stepping, setStepping] = useState<ArticleStep | null>(null);
  const [comment, setComment] = useState('');
  const [publishAt, setPublishAt] = useState('');
  const a = q.data;

  const take = async (step: ArticleStep) => {
    try {
      await outreachApi.step(id, step, { comment: comment || null, version: a?.version, ...(step === 'publish' && publishAt ? { publishAt: new Date(publishAt).toISOString() } : {}) });
      message.success(t('outreach.stepDone'));
      setStepping(null);
      setComment('');
      setPublishAt('');
      await qc.invalidateQueries({ queryKey: ['outreach'] });
    } catch (e) {
      onError(e);
    }
  };
  const needsReason = stepping === 'return' || stepping === 'withdraw';
  return (
    <Card
      loading={q.isPending}
      title={a?.title}
      extra={
        a ? (
          <Space wrap>
            {a.allowed.includes('edit') ? <Button onClick={() => setEditing(true)}>{t('outreach.edit')}</Button> : null}
            {(['submit', 'return', 'publish', 'withdraw'] as const)
              .filter((s) => a.allowed.includes(s))
              .map((s) => (
                <Button key={s} type={s === 'publish' || s === 'submit' ? 'primary' : 'default'} danger={s === 'withdraw'} onClick={() => (s === 'submit' ? take(s) : setStepping(s))} data-testid={`step-${s}`}>
                  {t(`outreach.${s}`)}
                </Button>
              ))}
          </Space>
        ) : null
      }
    >
      {a ? (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('outreach.category')}>{pick(ARTICLE_CATEGORY_LABELS[a.category].zh, ARTICLE_CATEGORY_LABELS[a.category].en)}</Descriptions.Item>
            <Descriptions.Item label={t('outreach.state')}>
              <Tag data-testid="article-state">{pick(ARTICLE_STATE_LABELS[a.state].zh, ARTICLE_STATE_LABELS[a.state].en)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('outreach.organiser')}>{a.orgName}</Descriptions.Item>
            {a.publishAt ? <Descriptions.Item label={t('outreach.publishedAt')}>{formatDateTime(a.publishAt)}</Descriptions.Item> : null}
            {a.state === 'published' ? (
              <Descriptions.Item label={t('outreach.view')}>
                <Link to={`/portal/articles/${a.id}`}>{`/portal/articles/${a.id}`}</Link>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {a.summary ? <Typography.Paragraph type="secondary">{a.summary}</Typography.Paragraph> : null}
          {/* the server stored it made safe (allow-list rebuild): what is shown here is what the public page shows */}
          <div className="article-body" dangerouslySetInnerHTML={{ __html: a.body }} />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('outreach.history')}
          </Typography.Title>
          <Timeline items={a.history.map((h) => ({ children: `${formatDateTime(h.at)} ${h.userName ?? ''}（${h.orgName ?? ''}）${h.action}${h.comment ? `：${h.comment}` : ''}` }))} />
          <FormModal<{ category: Article['category']; title: string; summary?: string; body: string }, Article>
            open={editing}
            title={t('outreach.edit')}
            name="articleForm"
            width={760}
            values={{ category: a.category, title: a.title, summary: a.summary ?? undefined, body: a.body }}
            save={(v) => outreachApi.updateArticle(id, { ...v, summary: v.summary || null })}
            success={t('outreach.stepDone')}
            invalidate={['outreach']}
            onClose={() => setEditing(false)}
          >
            <ArticleFields />
          </FormModal>
          <Modal open={!!stepping} title={stepping ? t(`outreach.${stepping}`) : ''} onOk={() => stepping && take(stepping)} onCancel={() => setStepping(null)} okButtonProps={{ disabled: needsReason && !comment.trim() }}>
            {stepping === 'publish' ? (
              <>
                <Typography.Paragraph>{t('outreach.publishAt')}</Typography.Paragraph>
                <Input type="datetime-local" value={publishAt} onChange={(e) => setPublishAt(e.target.value)} style={{ marginBottom: 12 }} />
              </>
            ) : null}
            <Input.TextArea rows={3} placeholder={t('outreach.reason')} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="step-comment" />
          </Modal>
        </>
      ) : null}
    </Card>
  );
}
