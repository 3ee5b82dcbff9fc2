import { Link } from 'react-router';
import { Alert, Button, Card, Col, Row, Space, Spin, Tag, Typography } from 'antd';
import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { MODEL_DOCUMENT_NOTE } from '@shangmi/shared';
import { modelDocumentsApi } from '../../api/modelDocuments';
import { useI18n, useT } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { PublicFrame } from '../../components/PublicHeader';

/** 示范文本库 (public, no sign-in): the model documents the health check's recommendations point to. */
export default function ModelDocumentsPage() {
  const t = useT();
  const { pick } = useI18n();
  useDocumentTitle(t('modelDocs.title'));
  const list = useQuery({ queryKey: ['model-documents'], queryFn: ({ signal }) => modelDocumentsApi.list(signal), staleTime: 5 * 60_000 });
  return (
    <PublicFrame>
      <Typography.Title level={3}>{t('modelDocs.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('modelDocs.subtitle')}</Typography.Paragraph>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={pick(MODEL_DOCUMENT_NOTE.zh, MODEL_DOCUMENT_NOTE.en)} />
      {list.isLoading ? <Spin /> : null}
      {list.isError ? <Alert type="error" title={t('modelDocs.loadFailed')} /> : null}
      <Row gutter={[16, 16]}>
        {(list.data ?? []).map((d) => (
          <Col key={d.slug} xs={24} md={12} xl={8}>
            <Card
              className="model-doc-card"
              data-doc={d.slug}
              title={
                <Link to={`/model-documents/${d.slug}`}>
                  <FileTextOutlined aria-hidden /> {pick(d.title.zh, d.title.en)}
                </Link>
              }
              actions={[
                <Link key="read" to={`/model-documents/${d.slug}`}>
                  {t('modelDocs.read')}
                </Link>,
                <a key="docx" href={modelDocumentsApi.docxUrl(d.slug)} download>
                  <DownloadOutlined aria-hidden /> {t('modelDocs.downloadWord')}
                </a>,
              ]}
              style={{ height: '100%' }}
            >
              <Typography.Paragraph ellipsis={{ rows: 4, expandable: true }}>{pick(d.purpose.zh, d.purpose.en)}</Typography.Paragraph>
              <Space wrap size={4}>
                {d.legalBasis.map((b) => (
                  <Tag key={b.zh} color="blue" style={{ whiteSpace: 'normal' }}>
                    {pick(b.zh, b.en)}
                  </Tag>
                ))}
              </Space>
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
                {t('modelDocs.version', { version: d.version, date: d.date })}
              </Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
      <div style={{ marginTop: 16 }}>
        <Button type="link" href="/directory">
          {t('directory.link')}
        </Button>
      </div>
    </PublicFrame>
  );
}
