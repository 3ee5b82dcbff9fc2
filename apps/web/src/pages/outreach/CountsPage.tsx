import { useState } from 'react';
import { Button, Card, InputNumber, Space, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { OrganiserCounts } from '@shangmi/shared';
import { outreachApi } from '../../api/outreach';
import { downloadExport } from '../../api/client';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';
import { CountsCharts } from './CountsCharts';

/** 年度统计 (the outreach dashboard): charts by month and district, then trainings, hours, participants, events, reach and articles per organiser and per month, with the Excel export. */
export default function CountsPage() {
  const t = useT();
  const onError = useErrorHandler();
  const [year, setYear] = useState(new Date().getFullYear());
  const q = useQuery({ queryKey: ['outreach', 'counts', year], queryFn: ({ signal }) => outreachApi.counts(year, signal) });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('outreach.byOrganiser')}
        extra={
          <Space>
            <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} aria-label={t('outreach.year')} />
            <Button onClick={() => downloadExport('/api/outreach/counts/export', { year }, `outreach-${year}.xlsx`).catch(onError)}>{t('outreach.export')}</Button>
          </Space>
        }
      >
        <Table<OrganiserCounts>
          rowKey="orgId"
          loading={q.isPending}
          dataSource={q.data?.byOrganiser ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            { title: t('outreach.organiser'), dataIndex: 'orgName' },
            { title: t('outreach.trainings'), dataIndex: 'trainings' },
            { title: t('outreach.trainingParticipants'), dataIndex: 'trainingParticipants' },
            { title: t('outreach.trainingHours'), dataIndex: 'trainingHours' },
            { title: t('outreach.events'), dataIndex: 'events' },
            { title: t('outreach.participants'), dataIndex: 'eventParticipants' },
            { title: t('outreach.reach'), dataIndex: 'reach' },
            { title: t('outreach.articles'), dataIndex: 'articles' },
          ]}
        />
      </Card>
      <CountsCharts data={q.data} loading={q.isPending} />
      <Card title={t('outreach.byMonth')}>
        <Table
          rowKey="month"
          size="small"
          loading={q.isPending}
          dataSource={q.data?.byMonth ?? []}
          pagination={false}
          columns={[
            { title: t('outreach.month'), dataIndex: 'month' },
            { title: t('outreach.trainings'), dataIndex: 'trainings' },
            { title: t('outreach.trainingParticipants'), dataIndex: 'participants' },
            { title: t('outreach.trainingHours'), dataIndex: 'hours' },
            { title: t('outreach.events'), dataIndex: 'events' },
            { title: t('outreach.reach'), dataIndex: 'reach' },
            { title: t('outreach.articles'), dataIndex: 'articles' },
          ]}
        />
      </Card>
    </Space>
  );
}
