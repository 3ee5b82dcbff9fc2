import { Link } from 'react-router';
import { Card, Empty, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { MEETING_KIND_LABELS, MEETING_STATUS_LABELS, pick } from '@shangmi/shared';
import type { Meeting } from '@shangmi/shared';
import { listeningApi } from '../../api/listening';
import { useAuth } from '../../lib/auth';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';

const SHOWN = 10;

/**
 * 走访记录 on the enterprise page (issue 17 item 1: "visit history on the enterprise's profile"): the visits, forums and
 * interviews that included the enterprise, newest first (the first ten, with the total), within the caller's scope (the list route scopes them). Staff
 * with listening:read only; the enterprise's own account sees its visits under 企业诉求 instead.
 */
export function EnterpriseVisitsCard({ enterpriseId }: { enterpriseId: number }) {
  const canRead = useCan('listening:read');
  const { me } = useAuth();
  if (!canRead || me?.orgKind === 'enterprise') return null;
  return <Body enterpriseId={enterpriseId} />;
}

function Body({ enterpriseId }: { enterpriseId: number }) {
  const { t, locale } = useI18n();
  const q = useQuery({ queryKey: ['listening', 'enterprise-visits', enterpriseId], queryFn: ({ signal }) => listeningApi.meetings({ enterpriseId, page: 1, pageSize: SHOWN }, signal) });
  const d = q.data;
  return (
    <Card
      title={t('listening.visitHistory')}
      loading={q.isPending}
      data-testid="enterprise-visits"
      extra={d?.total ? <Typography.Text type="secondary">{t('listening.visitCount', { n: d.total })}</Typography.Text> : null}
    >
      {d && !d.items.length ? <Empty description={t('listening.noVisits')} /> : null}
      {d?.items.length ? (
        <Table<Meeting>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={d.items}
          columns={[
            { title: t('listening.purpose'), dataIndex: 'purpose', render: (v: string, r) => <Link to={`/listening/visits/${r.id}`}>{v}</Link> },
            { title: t('listening.kind'), dataIndex: 'kind', width: 110, render: (v: Meeting['kind']) => pick(MEETING_KIND_LABELS[v], locale) },
            { title: t('listening.status'), dataIndex: 'status', width: 90, render: (v: Meeting['status']) => pick(MEETING_STATUS_LABELS[v], locale) },
            { title: t('listening.heldOn'), key: 'on', width: 110, render: (_: unknown, r) => r.heldOn ?? <Typography.Text type="secondary">{r.plannedOn}</Typography.Text> },
            { title: t('listening.organiser'), dataIndex: 'orgName', width: 200, ellipsis: true },
          ]}
        />
      ) : null}
    </Card>
  );
}
