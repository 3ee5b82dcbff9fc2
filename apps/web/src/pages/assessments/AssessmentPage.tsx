import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Input, List, Space, Switch } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, pick, type AssessmentDetail } from '@shangmi/shared';
import { assessmentsApi } from '../../api/assessments';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { FillView } from './AssessmentFill';
import { ReportView } from './AssessmentReport';

function Comments({ d }: { d: AssessmentDetail }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const [body, setBody] = useState('');
  const general = d.comments.filter((c) => !c.requirementId);
  if (!general.length && !d.canComment) return null;
  return (
    <Card size="small" title={t('assessments.comments')} style={{ marginTop: 16 }}>
      <List
        dataSource={general}
        locale={{ emptyText: t('assessments.noComments') }}
        renderItem={(c) => (
          <List.Item>
            <List.Item.Meta title={`${c.authorOrgName} ${c.authorName} · ${formatDateTime(c.createdAt).slice(0, 16)}`} description={c.body} />
          </List.Item>
        )}
      />
      {d.canComment ? (
        <Space.Compact style={{ width: '100%' }}>
          <Input value={body} maxLength={2000} onChange={(e) => setBody(e.target.value)} placeholder={t('assessments.commentPlaceholder')} aria-label={t('assessments.comments')} />
          <Button
            type="primary"
            disabled={!body.trim()}
            onClick={async () => {
              try {
                qc.setQueryData(['assessments', 'detail', d.id], await assessmentsApi.comment(d.id, body.trim()));
                setBody('');
              } catch (e) {
                onError(e);
              }
            }}
          >
            {t('assessments.addComment')}
          </Button>
        </Space.Compact>
      ) : null}
    </Card>
  );
}

export default function AssessmentPage() {
  const { id } = useParams();
  const { locale, t } = useI18n();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const detail = useQuery({ queryKey: ['assessments', 'detail', Number(id)], queryFn: ({ signal }) => assessmentsApi.get(Number(id), signal) });
  const fw = useQuery({
    queryKey: ['assessments', 'framework', detail.data?.frameworkId],
    queryFn: ({ signal }) => assessmentsApi.framework(detail.data!.frameworkId, signal),
    enabled: !!detail.data,
    staleTime: Infinity,
  });
  if (detail.isLoading || (detail.data && fw.isLoading)) return <FullPageSpinner />;
  if (!detail.data || !fw.data) return <QueryError error={detail.error ?? fw.error} onRetry={() => void (detail.error ? detail.refetch() : fw.refetch())} />;
  const d = detail.data;
  const f = fw.data;
  return (
    <>
      <PageHeader
        title={`${d.enterpriseName} · ${pick(f.title, locale)}`}
        extra={
          <>
            {d.canShare ? (
              <Space>
                <Switch
                  checked={d.shared}
                  aria-label={t('assessments.shareLabel')}
                  onChange={async (v) => {
                    try {
                      qc.setQueryData(['assessments', 'detail', d.id], await assessmentsApi.share(d.id, v));
                    } catch (e) {
                      onError(e);
                    }
                  }}
                />
                <span>{t('assessments.shareLabel')}</span>
              </Space>
            ) : null}
            <Link to="/assessments">
              <Button icon={<ArrowLeftOutlined aria-hidden />}>{t('common.back')}</Button>
            </Link>
          </>
        }
      />
      {d.kind === 'onsite' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('assessments.onsiteBy', { site: d.siteOrgName ?? '', by: d.consentBy ?? '', date: d.consentDate ?? '' })}
        />
      ) : null}
      {d.status === 'submitted' ? <ReportView d={d} f={f} /> : <FillView d={d} f={f} />}
      <Comments d={d} />
    </>
  );
}
