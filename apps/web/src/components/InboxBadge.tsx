import { Link } from 'react-router';
import { Badge, Button } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { inboxApi } from '../api/inbox';
import { useT } from '../lib/i18n';

/**
 * The header's bell: the unread count (a capped count from a small index), asked again every minute and when the
 * window regains focus; anything under `inbox` invalidated (marking read) refreshes it at once.
 */
export function InboxBadge() {
  const t = useT();
  const unread = useQuery({
    queryKey: ['inbox', 'unread'],
    queryFn: ({ signal }) => inboxApi.unread(signal),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  const n = unread.data?.unread ?? 0;
  return (
    <Link to="/inbox" aria-label={n ? t('inbox.unreadTitle', { n }) : t('inbox.title')} title={n ? t('inbox.unreadTitle', { n }) : t('inbox.title')}>
      <Button type="text" size="small" icon={<Badge count={n} overflowCount={unread.data?.capped ? 99 : 999} size="small" offset={[4, -2]}><BellOutlined aria-hidden /></Badge>}>
        {t('inbox.badge')}
      </Button>
    </Link>
  );
}
