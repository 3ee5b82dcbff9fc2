import { Link } from 'react-router';
import { Card, Empty, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { SURVEY_STATUS_LABELS, pick } from '@shangmi/shared';
import { listeningApi, type SurveyMine } from '../../api/listening';
import { useI18n } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

/** 待填问卷: the surveys sent to the enterprise, answered or not. */
export default function MySurveysPage() {
  const { t, locale } = useI18n();
  const q = useQuery({ queryKey: ['listening', 'mine'], queryFn: ({ signal }) => listeningApi.mine(signal) });
  if (q.error) return <QueryError error={q.error} />;
  return (
    <>
      <PageHeader title={t('listening.menuMine')} />
      <Card size="small">
        <Table<SurveyMine[number]>
          size="small"
          rowKey="id"
          loading={q.isLoading}
          pagination={false}
          locale={{ emptyText: <Empty /> }}
          dataSource={q.data ?? []}
          columns={[
            { title: t('listening.surveyTitle'), dataIndex: 'title', render: (v: string, r) => (r.status === 'open' && !r.answered ? <Link to={`/listening/answer/${r.id}`}>{v}</Link> : v) },
            { title: t('listening.status'), dataIndex: 'status', width: 100, render: (v: SurveyMine[number]['status']) => pick(SURVEY_STATUS_LABELS[v], locale) },
            { title: t('listening.answered'), dataIndex: 'answered', width: 100, render: (v: boolean) => (v ? <Tag color="green">{t('listening.answered')}</Tag> : '—') },
          ]}
        />
      </Card>
    </>
  );
}
