import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Form, Input, Select, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ARTICLE_CATEGORIES, ARTICLE_CATEGORY_LABELS, ARTICLE_STATES, ARTICLE_STATE_LABELS, type Article, type ArticleCategory } from '@shangmi/shared';
import { outreachApi, type ArticleRowView } from '../../api/outreach';
import { FormModal } from '../../components/FormDialog';
import { useCan } from '../../lib/access';
import { formatDateTime } from '@shangmi/shared';
import { useI18n } from '../../lib/i18n';

interface FormValues {
  category: ArticleCategory;
  title: string;
  summary?: string;
  body: string;
}

/** 文章发布: the articles of one's organisation (and below), by state; a new one starts as a draft. */
export default function ArticlesPage() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? undefined;
  const manage = useCan('outreach:manage');
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ['outreach', 'articles', state], queryFn: ({ signal }) => outreachApi.articles({ state, pageSize: 50 }, signal) });
  return (
    <Card
      title={t('outreach.menuArticles')}
      extra={
        manage ? (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('outreach.newArticle')}
          </Button>
        ) : null
      }
    >
      <Select
        allowClear
        style={{ width: 200, marginBottom: 16 }}
        placeholder={t('outreach.state')}
        value={state}
        onChange={(v?: string) => setParams(v ? { state: v } : {})}
        options={ARTICLE_STATES.map((s) => ({ value: s, label: pick(ARTICLE_STATE_LABELS[s].zh, ARTICLE_STATE_LABELS[s].en) }))}
      />
      <Table<ArticleRowView>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        columns={[
          { title: t('outreach.title'), render: (_, a) => <Link to={`/outreach/articles/${a.id}`}>{a.title}</Link> },
          { title: t('outreach.category'), render: (_, a) => pick(ARTICLE_CATEGORY_LABELS[a.category].zh, ARTICLE_CATEGORY_LABELS[a.category].en), width: 120 },
          { title: t('outreach.organiser'), dataIndex: 'orgName', width: 180 },
          { title: t('outreach.state'), render: (_, a) => <Tag>{pick(ARTICLE_STATE_LABELS[a.state].zh, ARTICLE_STATE_LABELS[a.state].en)}</Tag>, width: 100 },
          { title: t('outreach.publishedAt'), render: (_, a) => (a.publishAt ? formatDateTime(a.publishAt) : ''), width: 170 },
        ]}
      />
      <FormModal<FormValues, Article>
        open={creating}
        title={t('outreach.newArticle')}
        name="articleForm"
        width={760}
        initialValues={{ category: 'news' }}
        save={(v) => outreachApi.createArticle({ ...v, summary: v.summary || null })}
        success={t('outreach.created')}
        invalidate={['outreach', 'articles']}
        onSaved={(a) => navigate(`/outreach/articles/${a.id}`)}
        onClose={() => setCreating(false)}
      >
        <ArticleFields />
      </FormModal>
    </Card>
  );
}

/** The article form's fields (new and edit). */
export function ArticleFields() {
  const { t, pick } = useI18n();
  return (
    <>
      <Form.Item name="category" label={t('outreach.category')} rules={[{ required: true }]}>
        <Select options={ARTICLE_CATEGORIES.map((c) => ({ value: c, label: pick(ARTICLE_CATEGORY_LABELS[c].zh, ARTICLE_CATEGORY_LABELS[c].en) }))} />
      </Form.Item>
      <Form.Item name="title" label={t('outreach.title')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="summary" label={t('outreach.summary')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item name="body" label={t('outreach.body')} rules={[{ required: true }]}>
        <Input.TextArea rows={12} maxLength={200000} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
    </>
  );
}
