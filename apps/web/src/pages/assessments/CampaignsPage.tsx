import { useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Drawer, Form, Input, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { BellOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { formatDateTime, type CampaignSummary } from '@shangmi/shared';
import { assessmentsApi } from '../../api/assessments';
import { useDict } from '../../lib/dicts';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';

/** The launching bureau follows one campaign: who has completed, who was reminded; reminds the rest. */
function CampaignDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const regions = useRegionOptions();
  const q = useQuery({ queryKey: ['assessments', 'campaign', id], queryFn: ({ signal }) => assessmentsApi.campaign(id!, signal), enabled: id !== null });
  const c = q.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={c?.title}>
      {q.error ? <QueryError error={q.error} onRetry={() => void q.refetch()} /> : null}
      {c ? (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <span>{t('assessments.deadline')}：{c.deadline}</span>
            <Progress style={{ width: 200 }} percent={Math.round((c.completed / Math.max(1, c.targets)) * 100)} format={() => `${c.completed}/${c.targets}`} />
            <Button
              icon={<BellOutlined aria-hidden />}
              disabled={c.completed === c.targets}
              onClick={async () => {
                try {
                  qc.setQueryData(['assessments', 'campaign', id], await assessmentsApi.remind(c.id));
                  message.success(t('assessments.remindDone'));
                } catch (e) {
                  onError(e);
                }
              }}
            >
              {t('assessments.remind')}
            </Button>
          </Space>
          <Table
            rowKey="enterpriseId"
            size="small"
            dataSource={c.items}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t('assessments.enterprise'), dataIndex: 'enterpriseName' },
              { title: t('assessments.district'), dataIndex: 'districtCode', width: 100, render: (v: string | null) => regions.districtLabel(v) },
              {
                title: t('assessments.status'),
                dataIndex: 'completedAt',
                width: 170,
                render: (v: string | null) => (v ? <Tag color="green">{t('assessments.completedAt', { at: formatDateTime(v).slice(0, 16) })}</Tag> : <Tag>{t('assessments.notCompleted')}</Tag>),
              },
              { title: t('assessments.reminders'), dataIndex: 'remindedCount', width: 90 },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}

interface CampaignValues {
  title: string;
  deadline: Dayjs;
  cultivation?: boolean;
  districtCodes?: string[];
  industrySections?: string[];
  kinds?: string[];
}

/** 体检活动: a bureau launches a campaign for a set of enterprises with a deadline and follows completion. */
export default function CampaignsPage() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<number | null>(null);
  const regions = useRegionOptions();
  const kinds = useDict('enterprise_kind');
  const industry = useDict('industry');
  const list = useQuery({ queryKey: ['assessments', 'campaigns'], queryFn: ({ signal }) => assessmentsApi.campaigns(signal) });

  return (
    <>
      <PageHeader
        title={t('assessments.campaignsTitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
            {t('assessments.newCampaign')}
          </Button>
        }
      />
      {list.error ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Card size="small">
        <Table<CampaignSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data}
          locale={{ emptyText: t('assessments.noCampaigns') }}
          columns={[
            { title: t('assessments.campaignTitle'), dataIndex: 'title', render: (v: string, c) => <a onClick={() => setShown(c.id)}>{v}</a> },
            { title: t('assessments.launchedBy'), dataIndex: 'orgName' },
            { title: t('assessments.deadline'), dataIndex: 'deadline', width: 120 },
            {
              title: t('assessments.completion'),
              width: 220,
              render: (_v, c) => <Progress percent={Math.round((c.completed / Math.max(1, c.targets)) * 100)} format={() => `${c.completed}/${c.targets}`} />,
            },
          ]}
        />
      </Card>
      <FormModal<CampaignValues, { id: number; targets: number }>
        open={open}
        title={t('assessments.newCampaign')}
        okText={t('assessments.launch')}
        onClose={() => setOpen(false)}
        save={(v) =>
          assessmentsApi.createCampaign({
            title: v.title,
            deadline: dayjs(v.deadline).format('YYYY-MM-DD'),
            criteria: { cultivation: v.cultivation || undefined, districtCodes: v.districtCodes, industrySections: v.industrySections, kinds: v.kinds },
          })
        }
        success={(c) => t('assessments.campaignCreated', { n: c.targets })}
        invalidate={['assessments', 'campaigns']}
        onSaved={(c) => setShown(c.id)}
      >
        <Form.Item name="title" label={t('assessments.campaignTitle')} rules={[{ required: true, message: t('common.required', { label: t('assessments.campaignTitle') }) }]}>
          <Input maxLength={100} placeholder={t('assessments.campaignTitlePlaceholder')} />
        </Form.Item>
        <Form.Item name="deadline" label={t('assessments.deadline')} rules={[{ required: true, message: t('common.requiredSelect', { label: t('assessments.deadline') }) }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('assessments.criteriaHint')}</Typography.Paragraph>
        <Form.Item name="cultivation" valuePropName="checked">
          <Checkbox>{t('assessments.byCultivation')}</Checkbox>
        </Form.Item>
        <Form.Item name="districtCodes" label={t('assessments.district')}>
          <Select mode="multiple" allowClear options={regions.districtOptions} />
        </Form.Item>
        <Form.Item name="industrySections" label={t('assessments.industry')}>
          <Select mode="multiple" allowClear options={industry.options.filter((o) => /^[A-Z]$/.test(String(o.value)))} />
        </Form.Item>
        <Form.Item name="kinds" label={t('assessments.enterpriseKind')}>
          <Select mode="multiple" allowClear options={kinds.options} />
        </Form.Item>
      </FormModal>
      <CampaignDrawer id={shown} onClose={() => setShown(null)} />
    </>
  );
}
