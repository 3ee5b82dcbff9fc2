import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Badge, Button, DatePicker, Form, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { formatDateTime, NOTIFY_EVENTS, INBOX_TOTAL_CAP, type Notification, type NotifyEvent } from '@shangmi/shared';
import { inboxApi } from '../../api/inbox';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';

interface InboxFilterValues {
  event?: NotifyEvent;
  read?: 'read' | 'unread';
  range?: [Dayjs | null, Dayjs | null] | null;
}
type InboxFilters = { event?: NotifyEvent; read?: 'read' | 'unread'; from?: string; to?: string };

const EVENT_COLORS: Record<NotifyEvent, string> = { task: 'blue', decision: 'green', deadline: 'red', reply: 'purple', campaign: 'orange', security: 'volcano' };

/** 消息中心: the signed-in user's notices, newest first, with filters; opening one marks it read and opens its record. */
export default function InboxPage() {
  const t = useT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [selected, setSelected] = useState<number[]>([]);
  const list = useServerTable<Notification, InboxFilters>({ key: 'inbox', fetch: inboxApi.list });

  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['inbox'] })]);
  const markRead = async (ids: number[]) => {
    try {
      await inboxApi.markRead(ids);
      setSelected([]);
      await refresh();
    } catch (e) {
      onError(e);
    }
  };
  const markAll = async () => {
    try {
      const r = await inboxApi.markAllRead();
      message.success(t('inbox.markedAll', { n: r.marked }));
      await refresh();
    } catch (e) {
      onError(e);
    }
  };
  const open = async (n: Notification) => {
    if (!n.readAt) await markRead([n.id]);
    if (n.link) navigate(n.link);
  };

  return (
    <>
      <PageHeader
        title={t('inbox.title')}
        extra={
          <Space>
            <Button disabled={!selected.length} onClick={() => void markRead(selected)}>
              {t('inbox.markSelected')}
            </Button>
            <Button onClick={() => void markAll()}>{t('inbox.markAll')}</Button>
          </Space>
        }
      />
      <FilterBar<InboxFilterValues, InboxFilters>
        table={list}
        name="inboxFilter"
        instant
        toQuery={(v) => ({
          event: v.event,
          read: v.read,
          from: v.range?.[0]?.format('YYYY-MM-DD'),
          to: v.range?.[1]?.format('YYYY-MM-DD'),
        })}
      >
        <FilterSelect<NotifyEvent> name="event" label={t('inbox.event')} width={150} options={NOTIFY_EVENTS.map((e) => ({ value: e, label: t(`inbox.events.${e}`) }))} />
        <FilterSelect<'read' | 'unread'>
          name="read"
          label={t('inbox.read')}
          width={110}
          options={[
            { value: 'unread', label: t('inbox.unread') },
            { value: 'read', label: t('inbox.readDone') },
          ]}
        />
        <Form.Item name="range" label={t('inbox.dateRange')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
      </FilterBar>
      {list.data?.capped ? <Alert type="info" showIcon title={t('inbox.capped', { n: INBOX_TOTAL_CAP })} style={{ marginBottom: 12 }} /> : null}
      <ListCard<Notification>
        table={list}
        locale={{ emptyText: t('inbox.empty') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), getCheckboxProps: (n) => ({ disabled: !!n.readAt }) }}
        columns={[
          {
            key: 'message',
            title: t('inbox.message'),
            render: (_: unknown, n) => (
              <Space orientation="vertical" size={2}>
                <Space size={6}>
                  {n.readAt ? null : <Badge status="processing" />}
                  <Tag color={EVENT_COLORS[n.event]}>{t(`inbox.events.${n.event}`)}</Tag>
                  {n.link ? (
                    <Typography.Link strong={!n.readAt} onClick={() => void open(n)}>
                      {n.title}
                    </Typography.Link>
                  ) : (
                    <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                  )}
                </Space>
                {n.body ? <Typography.Text type="secondary">{n.body}</Typography.Text> : null}
              </Space>
            ),
          },
          { key: 'createdAt', title: t('inbox.time'), width: 170, render: (_: unknown, n) => formatDateTime(n.createdAt) },
          {
            key: 'actions',
            title: '',
            width: 110,
            render: (_: unknown, n) =>
              n.readAt ? (
                <Typography.Text type="secondary">{t('inbox.readDone')}</Typography.Text>
              ) : (
                <Button size="small" type="link" onClick={() => void markRead([n.id])}>
                  {t('inbox.markRead')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}
