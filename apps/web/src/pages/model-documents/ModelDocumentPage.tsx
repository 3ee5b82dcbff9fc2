import { Fragment } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, Breadcrumb, Button, Card, Descriptions, Flex, Result, Spin, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { MODEL_DOCUMENT_NOTE, numberClauses, type ModelDocument } from '@shangmi/shared';
import { ApiError } from '../../api/client';
import { modelDocumentsApi } from '../../api/modelDocuments';
import { useI18n, useT } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { PublicFrame } from '../../components/PublicHeader';
import { DiffCard, PublishVersionButton, useMayPublish, VersionsCard } from './ModelDocumentVersions';

/**
 * One model document, read on the page (the body is Chinese in both languages), with its Word download: the version in
 * force, or an older one by `?version=` (with a banner naming the one in force); its versions and what changed last.
 */
export default function ModelDocumentPage() {
  const { slug = '' } = useParams();
  const t = useT();
  const { pick, locale } = useI18n();
  const [params] = useSearchParams();
  const wanted = params.get('version');
  const doc = useQuery({
    queryKey: ['model-documents', slug, wanted ?? 'current'],
    queryFn: ({ signal }) => (wanted ? modelDocumentsApi.version(slug, wanted, signal) : modelDocumentsApi.get(slug, signal)),
    retry: false,
    staleTime: 60_000,
  });
  const versions = useQuery({ queryKey: ['model-documents', slug, 'versions'], queryFn: ({ signal }) => modelDocumentsApi.versions(slug, signal), retry: false, staleTime: 60_000 });
  const mayPublish = useMayPublish();
  const d = doc.data;
  const all = versions.data ?? [];
  const at = d ? all.findIndex((x) => x.version === d.version) : -1;
  const inForce = all.find((x) => x.current);
  const old = at >= 0 && !all[at].current;
  useDocumentTitle(d ? pick(d.title.zh, d.title.en) : t('modelDocs.title'));
  const notFound = doc.error instanceof ApiError && (doc.error.status === 404 || doc.error.status === 400);

  return (
    <PublicFrame>
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/model-documents">{t('modelDocs.title')}</Link> }, { title: d ? pick(d.title.zh, d.title.en) : slug }]} />
      {doc.isLoading ? <Spin /> : null}
      {notFound ? <Result status="404" title={t('modelDocs.notFound')} extra={<Link to="/model-documents">{t('modelDocs.backToList')}</Link>} /> : null}
      {doc.isError && !notFound ? <Alert type="error" title={t('modelDocs.loadFailed')} /> : null}
      {d ? (
        <>
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {pick(d.title.zh, d.title.en)}
            </Typography.Title>
            <Flex gap={8} wrap>
              {mayPublish && !old ? <PublishVersionButton doc={d} /> : null}
              <Button type="primary" icon={<DownloadOutlined aria-hidden />} href={modelDocumentsApi.docxUrl(d.slug, old ? d.version : undefined)} download>
                {t('modelDocs.downloadWord')}
              </Button>
            </Flex>
          </Flex>
          {old && inForce ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="model-doc-old"
              title={t('modelDocs.oldVersion', { version: d.version, from: all[at].date, until: all[at].until ?? '', current: inForce.version })}
              action={<Link to={`/model-documents/${d.slug}`}>{t('modelDocs.readInForce')}</Link>}
            />
          ) : null}
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={pick(MODEL_DOCUMENT_NOTE.zh, MODEL_DOCUMENT_NOTE.en)} />
          <Card style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('modelDocs.purpose')}>{pick(d.purpose.zh, d.purpose.en)}</Descriptions.Item>
              <Descriptions.Item label={t('modelDocs.legalBasis')}>{d.legalBasis.map((b) => pick(b.zh, b.en)).join(locale === 'en-US' ? '; ' : '；')}</Descriptions.Item>
              <Descriptions.Item label={t('modelDocs.versionLabel')}>{t('modelDocs.version', { version: d.version, date: d.date })}</Descriptions.Item>
            </Descriptions>
            {locale === 'en-US' ? <Typography.Text type="secondary">{t('modelDocs.chineseBody')}</Typography.Text> : null}
          </Card>
          {all.length > 1 ? <VersionsCard slug={d.slug} versions={all} reading={d.version} /> : null}
          {at > 0 ? <DiffCard slug={d.slug} from={all[at - 1].version} to={d.version} /> : null}
          <Card className="model-doc-paper">
            <DocumentBody doc={d} />
          </Card>
        </>
      ) : null}
    </PublicFrame>
  );
}

/** The Chinese text as on paper: the parties, the sections with numbered clauses and table templates, the signatures. */
function DocumentBody({ doc }: { doc: ModelDocument }) {
  const numbers = numberClauses(doc);
  const article = doc.clauseStyle === 'article';
  return (
    <article lang="zh-CN" className="model-doc-text">
      <h2 className="model-doc-title">{doc.title.zh}</h2>
      {doc.parties.length ? (
        <div className="model-doc-parties">
          {doc.parties.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      ) : null}
      {doc.sections.map((s, si) => (
        <section key={si}>
          {s.heading ? <h3 className={article ? 'model-doc-chapter' : undefined}>{s.heading}</h3> : null}
          {s.blocks.map((b, bi) => (
            <Fragment key={bi}>
              {b.type === 'paragraph' ? <p className="model-doc-para">{b.text}</p> : null}
              {b.type === 'clauses'
                ? b.items.map((text, k) => (
                    <p key={k} className="model-doc-para">
                      {article ? <strong>{`${numbers[si][bi][k]}\u3000`}</strong> : numbers[si][bi][k]}
                      {text}
                    </p>
                  ))
                : null}
              {b.type === 'table' ? (
                <div className="model-doc-table-wrap">
                  <table className="model-doc-table">
                    <colgroup>
                      {b.columns.map((c) => (
                        <col key={c.title} style={{ width: `${c.width}%` }} />
                      ))}
                    </colgroup>
                    <thead>
                      <tr>
                        {b.columns.map((c) => (
                          <th key={c.title}>{c.title}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {[...b.rows, ...Array.from({ length: Math.min(b.blankRows, 3) }, () => b.columns.map(() => ''))].map((r, ri) => (
                        <tr key={ri}>
                          {r.map((c, ci) => (
                            <td key={ci}>{c || '\u00a0'}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
            </Fragment>
          ))}
        </section>
      ))}
      {doc.signature.length ? (
        <div className="model-doc-signature">
          {doc.signature.map((lines, i) => (
            <div key={i}>
              {lines.map((l) => (
                <p key={l}>{l}</p>
              ))}
            </div>
          ))}
        </div>
      ) : null}
    </article>
  );
}
