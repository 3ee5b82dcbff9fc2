import { useState } from 'react';
import { Link } from 'react-router';
import { Button, type TableColumnsType } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { formatDateTime, NOTICE_STATUSES, type Notice } from '@shangmi/shared';
import { NOTICES_EXPORT_PATH, protectionApi, type NoticeFilters } from '../../api/protection';
import { Can } from '../../lib/access';
import { useT } from '../../lib/i18n';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';
import { NoticeStatusTag, useProtectionLabels } from './labels';
import { NoticeSendModal } from './NoticeSendModal';

/** 保密告知与确认: every notice sent, whom it named, and when and how it was acknowledged (deposited in the proof log). */
export default function NoticesPage() {
  const t = useT();
  const l = useProtectionLabels();
  const [sending, setSending] = useState(false);
  const list = useServerTable<Notice, NoticeFilters>({ key: 'protection', fetch: protectionApi.notices });
  const columns: TableColumnsType<Notice> = [
    { title: t('protection.noticePeople'), key: 'person', width: 120, render: (_, n) => <Link to={`/protection/people/${n.personId}`}>{n.personName}</Link> },
    { title: t('protection.noticeSecrets'), key: 'secrets', render: (_, n) => n.secretNames.join('、') },
    { title: t('protection.noticeStatus'), key: 'status', width: 110, render: (_, n) => <NoticeStatusTag status={n.status} /> },
    { title: t('protection.sentAt'), key: 'sent', width: 170, render: (_, n) => `${formatDateTime(n.sentAt)} ${n.sentByName ?? ''}` },
    { title: t('protection.acknowledgedAt'), key: 'ack', width: 170, render: (_, n) => formatDateTime(n.acknowledgedAt) || '—' },
    { title: t('protection.typedName'), key: 'typed', width: 90, render: (_, n) => n.typedName ?? '' },
    { title: t('proofs.index'), key: 'log', width: 90, render: (_, n) => (n.proofLogIndex === null ? '' : `#${n.proofLogIndex}`) },
  ];
  return (
    <>
      <PageHeader
        title={t('protection.noticesTitle')}
        extra={
          <>
            <Can perm="protection:manage">
              <Button type="primary" icon={<SendOutlined aria-hidden />} onClick={() => setSending(true)}>
                {t('protection.sendNotice')}
              </Button>
            </Can>
            <ExportButton path={NOTICES_EXPORT_PATH} query={list.exportQuery} baseName={t('protection.noticesTitle')} />
          </>
        }
      />
      <FilterBar<NoticeFilters> table={list} name="noticesFilter" instant>
        <FilterSelect name="status" label={t('protection.noticeStatus')} options={NOTICE_STATUSES.map((s) => ({ value: s, label: l.noticeStatus(s) }))} width={140} />
      </FilterBar>
      <ListCard<Notice> table={list} columns={columns} scroll={{ x: 1000 }} />
      <NoticeSendModal open={sending} onClose={() => setSending(false)} />
    </>
  );
}
