import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotifyPref } from '@shangmi/shared';
import { inboxApi } from '../../api/inbox';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';

/** 通知方式: per kind of notice, e-mail and SMS on or off (the inbox is always on). */
export function NotifyPrefsCard() {
  const t = useT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const prefs = useQuery({ queryKey: ['inbox', 'prefs'], queryFn: ({ signal }) => inboxApi.prefs(signal) });
  const [items, setItems] = useState<NotifyPref[]>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (prefs.data) setItems(prefs.data.items);
  }, [prefs.data]);
  const ch = prefs.data?.channels;
  const set = (event: NotifyPref['event'], channel: 'email' | 'sms', on: boolean) => setItems((prev) => prev.map((p) => (p.event === event ? { ...p, [channel]: on } : p)));
  const save = async () => {
    setSaving(true);
    try {
      await inboxApi.savePrefs({ items });
      message.success(t('inbox.prefs.saved'));
      await qc.invalidateQueries({ queryKey: ['inbox', 'prefs'] });
    } catch (e) {
      onError(e);
    } finally {
      setSaving(false);
    }
  };
  const notes = ch
    ? [
        !ch.email.configured ? t('inbox.prefs.emailOff') : !ch.email.address ? t('inbox.prefs.noEmail') : null,
        !ch.sms.configured ? t('inbox.prefs.smsOff') : !ch.sms.address ? t('inbox.prefs.noPhone') : null,
      ].filter((x): x is string => !!x)
    : [];
  return (
    <Card title={t('inbox.prefs.title')} style={{ marginTop: 16 }} extra={<Button type="primary" size="small" loading={saving} disabled={!prefs.data} onClick={() => void save()}>{t('inbox.prefs.save')}</Button>}>
      <Typography.Paragraph type="secondary">{t('inbox.prefs.intro')}</Typography.Paragraph>
      {notes.map((n) => (
        <Alert key={n} type="warning" showIcon title={n} style={{ marginBottom: 8 }} />
      ))}
      <Table<NotifyPref>
        size="small"
        rowKey="event"
        pagination={false}
        loading={prefs.isLoading}
        dataSource={items}
        columns={[
          { key: 'event', title: t('inbox.event'), render: (_: unknown, p) => t(`inbox.events.${p.event}`) },
          { key: 'inbox', title: t('inbox.prefs.inbox'), width: 90, render: () => <Checkbox checked disabled aria-label={t('inbox.prefs.inbox')} /> },
          {
            key: 'email',
            title: t('inbox.prefs.email'),
            width: 90,
            render: (_: unknown, p) => (
              <Checkbox checked={p.email} disabled={!ch?.email.configured} aria-label={`${t(`inbox.events.${p.event}`)} ${t('inbox.prefs.email')}`} onChange={(e) => set(p.event, 'email', e.target.checked)} />
            ),
          },
          {
            key: 'sms',
            title: t('inbox.prefs.sms'),
            width: 90,
            render: (_: unknown, p) => (
              <Checkbox checked={p.sms} disabled={!ch?.sms.configured} aria-label={`${t(`inbox.events.${p.event}`)} ${t('inbox.prefs.sms')}`} onChange={(e) => set(p.event, 'sms', e.target.checked)} />
            ),
          },
        ]}
      />
    </Card>
  );
}
