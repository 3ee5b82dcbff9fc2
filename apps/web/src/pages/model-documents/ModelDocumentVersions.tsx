import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { ModelDocument, ModelDocumentVersionCreate, ModelDocumentVersionSummary } from '@shangmi/shared';
import { modelDocumentsApi } from '../../api/modelDocuments';
import { FormDrawer } from '../../components/FormDialog';
import { useAuth } from '../../lib/auth';
import { useT } from '../../lib/i18n';

/** The document's versions, oldest first: each with the dates it was in force, what changed, and a link to read it. */
export function VersionsCard({ slug, versions, reading }: { slug: string; versions: ModelDocumentVersionSummary[]; reading: string }) {
  const t = useT();
  return (
    <Card size="small" title={t('modelDocs.versions')} style={{ marginBottom: 16 }} data-testid="model-doc-versions">
      <List
        size="small"
        dataSource={[...versions].reverse()}
        renderItem={(x) => (
          <List.Item
            data-version={x.version}
            actions={[
              x.version === reading ? (
                <Typography.Text key="r" type="secondary">
                  {t('modelDocs.reading')}
                </Typography.Text>
              ) : (
                <Link key="r" to={x.current ? `/model-documents/${slug}` : `/model-documents/${slug}?version=${encodeURIComponent(x.version)}`}>
                  {t('modelDocs.readVersion')}
                </Link>
              ),
            ]}
          >
            <Space wrap size={4}>
              <Typography.Text strong>{t('modelDocs.versionNo', { version: x.version })}</Typography.Text>
              {x.current ? <Tag color="green">{t('modelDocs.inForce')}</Tag> : null}
              <Typography.Text type="secondary">{x.until ? t('modelDocs.fromUntil', { from: x.date, until: x.until }) : t('modelDocs.from', { from: x.date })}</Typography.Text>
              <Typography.Text>{x.note ?? t('modelDocs.shipped')}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** What changed from the previous version to this one: removed lines struck through, added lines underlined. */
export function DiffCard({ slug, from, to }: { slug: string; from: string; to: string }) {
  const t = useT();
  const diff = useQuery({ queryKey: ['model-documents', slug, 'diff', from, to], queryFn: ({ signal }) => modelDocumentsApi.diff(slug, from, to, signal) });
  const changed = (diff.data?.lines ?? []).filter((l) => l.op !== 'same');
  return (
    <Card size="small" title={t('modelDocs.changes', { from, to })} style={{ marginBottom: 16 }} data-testid="model-doc-diff" loading={diff.isLoading}>
      {changed.length === 0 ? <Typography.Text type="secondary">{t('modelDocs.noChanges')}</Typography.Text> : null}
      {changed.map((l, i) => (
        <div key={i} className={`model-doc-diff-${l.op}`} lang="zh-CN">
          <Typography.Text type={l.op === 'removed' ? 'danger' : 'success'} delete={l.op === 'removed'} underline={l.op === 'added'}>
            {l.op === 'removed' ? '－ ' : '＋ '}
            {l.text}
          </Typography.Text>
        </div>
      ))}
    </Card>
  );
}

/** Whether the signed-in user may publish a new version (the city bureau with outreach:publish; the server checks again). */
export function useMayPublish(): boolean {
  const { me } = useAuth();
  return !!me && me.permissions.includes('outreach:publish') && (me.orgKind === 'city_bureau' || me.dataScope === 'all');
}

type Values = { version: string; date: string; note: string } & Record<string, string>;
const key = (si: number, bi: number) => `b_${si}_${bi}`;

/**
 * The city edits the text of the version in force (each paragraph, each list of clauses one per line; table templates
 * carry over) and publishes it as a new version with its date and what changed.
 */
export function PublishVersionButton({ doc }: { doc: ModelDocument }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const texts: Record<string, string> = {};
  doc.sections.forEach((s, si) => s.blocks.forEach((b, bi) => {
    if (b.type === 'paragraph') texts[key(si, bi)] = b.text;
    if (b.type === 'clauses') texts[key(si, bi)] = b.items.join('\n');
  }));
  const toInput = (v: Values): ModelDocumentVersionCreate => ({
    basedOn: doc.version,
    version: v.version,
    date: v.date,
    note: v.note,
    sections: doc.sections.map((s, si) => ({
      ...s,
      blocks: s.blocks.map((b, bi) => {
        const text = v[key(si, bi)] ?? '';
        if (b.type === 'paragraph') return { ...b, text };
        if (b.type === 'clauses') return { ...b, items: text.split('\n').map((x) => x.trim()).filter(Boolean) };
        return b;
      }),
    })),
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('modelDocs.publishNew')}</Button>
      <FormDrawer<Values, unknown>
        name="versionForm"
        open={open}
        size={720}
        title={t('modelDocs.publishNew')}
        values={{ ...texts, version: '', date: '', note: '' } as Partial<Values>}
        valuesKey={doc.version}
        success={t('modelDocs.published')}
        invalidate={['model-documents']}
        onClose={() => setOpen(false)}
        save={(v) => modelDocumentsApi.publish(doc.slug, toInput(v))}
        before={<Typography.Paragraph type="secondary">{t('modelDocs.publishHint', { version: doc.version })}</Typography.Paragraph>}
      >
        <Space wrap>
          <Form.Item name="version" label={t('modelDocs.newVersion')} rules={[{ required: true }]}>
            <Input maxLength={20} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="date" label={t('modelDocs.effectiveOn')} rules={[{ required: true }]}>
            <Input type="date" style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('modelDocs.note')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {doc.sections.map((s, si) =>
          s.blocks.map((b, bi) =>
            b.type === 'table' ? null : (
              <Form.Item key={key(si, bi)} name={key(si, bi)} label={`${s.heading ?? t('modelDocs.sectionN', { n: si + 1 })}${b.type === 'clauses' ? ` · ${t('modelDocs.oneClausePerLine')}` : ''}`} rules={[{ required: true }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 12 }} lang="zh-CN" />
              </Form.Item>
            ),
          ),
        )}
      </FormDrawer>
    </>
  );
}
