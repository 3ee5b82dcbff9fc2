import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Collapse, Empty, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { cultivationApi } from '../../api/cultivation';
import { useCan } from '../../lib/access';
import { useT } from '../../lib/i18n';
import { QueryError } from '../QueryError';
import { EntryModal } from './EntryModal';
import { CultivationHistory } from './CultivationHistory';
import { ReviewTag, StageTag, useCultivationLabels } from './labels';

/**
 * 试点培育 on the enterprise page: every entry the enterprise has had on the cultivation list, newest first, each with
 * its history; or, when it has none, a way to put it on the list. Shown to those who may read the list.
 */
export function EnterpriseCultivationCard({ enterprise }: { enterprise: { id: number; name: string; status: string } }) {
  const canRead = useCan('cultivation:read');
  if (!canRead) return null;
  return <CardBody enterprise={enterprise} />;
}

function CardBody({ enterprise }: { enterprise: { id: number; name: string; status: string } }) {
  const t = useT();
  const l = useCultivationLabels();
  const navigate = useNavigate();
  const canManage = useCan('cultivation:manage');
  const [adding, setAdding] = useState(false);
  const timeline = useQuery({
    queryKey: ['cultivation', 'timeline', enterprise.id],
    queryFn: ({ signal }) => cultivationApi.timeline(enterprise.id, signal),
  });
  const entries = timeline.data ?? [];
  const open = entries.some((e) => e.stage !== 'withdrawn');

  return (
    <Card
      title={t('cultivation.enterpriseCardTitle')}
      loading={timeline.isPending}
      extra={
        canManage && !open && enterprise.status === 'active' && timeline.data ? (
          <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
            {t('cultivation.add')}
          </Button>
        ) : null
      }
    >
      {timeline.error ? <QueryError error={timeline.error} onRetry={() => void timeline.refetch()} /> : null}
      {!entries.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cultivation.notListed')} />
      ) : (
        <Collapse
          defaultActiveKey={[entries[0].id]}
          items={entries.map((e) => ({
            key: e.id,
            label: (
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong>{l.batch(e.year, e.batch)}</Typography.Text>
                <StageTag stage={e.stage} />
                <ReviewTag review={e.review} requestStage={e.requestStage} />
              </Flex>
            ),
            extra: (
              <Link to={`/cultivation/${e.id}`} onClick={(ev) => ev.stopPropagation()}>
                {t('cultivation.openEntry')}
              </Link>
            ),
            children: <CultivationHistory events={e.events} entryId={e.id} compact />,
          }))}
        />
      )}
      <EntryModal open={adding} preset={{ id: enterprise.id, name: enterprise.name }} onClose={() => setAdding(false)} onSaved={(e) => navigate(`/cultivation/${e.id}`)} />
    </Card>
  );
}
