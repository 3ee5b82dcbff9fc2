import { useState } from 'react';
import { useParams } from 'react-router';
import { Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Rate, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { formatDateTime, type HelpRequestDetail } from '@shangmi/shared';
import { servicesApi, type RequestStepName } from '../../api/services';
import { useDict } from '../../lib/dicts';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FormModal } from '../../components/FormDialog';
import { FileUploader } from '../../components/FileUploader';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { FollowUps } from './FollowUps';
import { ServiceSystemsHint } from '../../components/sites/ServiceSystemsHint';
import { RequestStateTag } from './RequestsPage';
import { NeedFromHelpButton } from '../../components/listening/NeedFromHelpButton';

type Dialog = null | 'decline' | 'reassign' | 'deliver' | 'confirm' | 'accept' | 'cancel';
type StepValues = { comment?: string; assigneeOrgId?: number; deliveredOn?: Dayjs; hours?: number; people?: number; outcome?: string; fileIds?: number[]; rating?: number };

/** One help request: what was asked, by whom, where it stands, its history, and the steps the caller may take now. */
export default function RequestPage() {
  const { t } = useI18n();
  useDocumentTitle(t('services.detail'));
  const id = Number(useParams().id);
  const q = useQuery({ queryKey: ['services', 'request', id], queryFn: ({ signal }) => servicesApi.request(id, signal) });
  const kinds = useDict('service_kind');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [uploading, setUploading] = useState(false);
  const qc = useQueryClient();
  const offerings = useQuery({ queryKey: ['services', 'offerings', q.data?.serviceKind], queryFn: ({ signal }) => servicesApi.offerings({ serviceKind: q.data!.serviceKind }, signal), enabled: dialog === 'reassign' });
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <FullPageSpinner />;
  const r: HelpRequestDetail = q.data;
  const body = (step: RequestStepName, v: StepValues): Record<string, unknown> => {
    switch (step) {
      case 'deliver':
        return { deliveredOn: v.deliveredOn?.format('YYYY-MM-DD'), hours: v.hours, people: v.people, outcome: v.outcome, fileIds: v.fileIds ?? [] };
      case 'confirm':
        return { rating: v.rating, comment: v.comment };
      case 'reassign':
        return { assigneeOrgId: v.assigneeOrgId, comment: v.comment };
      default:
        return { comment: v.comment };
    }
  };
  const buttons: RequestStepName[] = ['accept', 'deliver', 'confirm', 'decline', 'reassign', 'cancel'];
  return (
    <>
      <PageHeader title={`${t('services.detail')}：${r.title}`}>
        <Space wrap>
          {buttons
            .filter((b) => r.allowed.includes(b))
            .map((b, i) => (
              <Button key={b} type={i === 0 ? 'primary' : 'default'} danger={b === 'decline' || b === 'cancel'} onClick={() => setDialog(b)}>
                {t(`services.${b}`)}
              </Button>
            ))}
          <NeedFromHelpButton request={r} />
        </Space>
      </PageHeader>
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('services.state')}>
            <RequestStateTag state={r.state} />
          </Descriptions.Item>
          <Descriptions.Item label={t('services.serviceKind')}>{kinds.label(r.serviceKind)}</Descriptions.Item>
          <Descriptions.Item label={t('services.enterprise')}>
            {r.enterpriseName}
            {r.fromPublic ? <Tag style={{ marginLeft: 8 }}>{t('services.fromPublic')}</Tag> : null}
            {r.needId ? <Tag style={{ marginLeft: 8 }}>{`${t('services.fromNeedDone')} #${r.needId}`}</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('services.assignee')}>{r.assigneeName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('services.contactName')}>{`${r.contactName} ${r.contactPhone}`}</Descriptions.Item>
          <Descriptions.Item label={t('services.dueOn')}>{r.dueOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('services.need')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{r.need}</Typography.Paragraph>
          </Descriptions.Item>
          {r.deliveredOn && (
            <>
              <Descriptions.Item label={t('services.deliveredOn')}>{r.deliveredOn}</Descriptions.Item>
              <Descriptions.Item label={t('services.hours')}>{`${r.hours} / ${t('services.people')} ${r.people}`}</Descriptions.Item>
              <Descriptions.Item label={t('services.outcome')} span={2}>
                {r.outcome}
              </Descriptions.Item>
              <Descriptions.Item label={t('services.files')} span={2}>
                <Space wrap>
                  {r.deliveryFileIds.map((f) => (
                    <a key={f} href={servicesApi.filePath(r.id, f)}>
                      #{f}
                    </a>
                  ))}
                </Space>
              </Descriptions.Item>
            </>
          )}
          {r.rating !== null && (
            <Descriptions.Item label={t('services.rating')} span={2}>
              <Space>
                <Rate disabled value={r.rating} />
                {r.ratingComment}
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <FollowUps r={r} />
      {/* issue 24 item 5: other public service systems, a referral recorded with this request */}
      <ServiceSystemsHint requestId={r.id} />
      <Card title={t('services.history')} style={{ marginTop: 16 }}>
        <Timeline items={r.history.map((h) => ({ content: `${formatDateTime(h.at)} ${h.userName ?? ''}（${h.orgName ?? ''}）${t(`services.${h.action}` as 'services.accept') ?? h.action}${h.comment ? `：${h.comment}` : ''}` }))} />
      </Card>
      <FormModal<StepValues, HelpRequestDetail>
        open={dialog !== null}
        title={dialog ? t(`services.${dialog}`) : ''}
        name="stepForm"
        values={dialog === 'deliver' ? { deliveredOn: dayjs(), hours: 2, people: 1 } : {}}
        valuesKey={dialog ?? ''}
        wait={uploading ? t('services.files') : null}
        save={(v) => servicesApi.step(r.id, dialog as RequestStepName, body(dialog as RequestStepName, v))}
        success={t('services.done')}
        invalidate={['services']}
        onSaved={() => void qc.invalidateQueries({ queryKey: ['home'] })}
        onClose={() => setDialog(null)}
      >
        {dialog === 'deliver' && (
          <>
            <Form.Item name="deliveredOn" label={t('services.deliveredOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Space>
              <Form.Item name="hours" label={t('services.hours')} rules={[{ required: true }]}>
                <InputNumber min={0.5} step={0.5} />
              </Form.Item>
              <Form.Item name="people" label={t('services.people')} rules={[{ required: true }]}>
                <InputNumber min={1} />
              </Form.Item>
            </Space>
            <Form.Item name="outcome" label={t('services.outcome')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
            <Form.Item name="fileIds" label={t('services.files')}>
              <FileUploader max={10} onBusyChange={setUploading} />
            </Form.Item>
          </>
        )}
        {dialog === 'confirm' && (
          <Form.Item name="rating" label={t('services.rating')} rules={[{ required: true }]}>
            <Rate />
          </Form.Item>
        )}
        {dialog === 'reassign' && (
          <Form.Item name="assigneeOrgId" label={t('services.newAssignee')} rules={[{ required: true }]}>
            <Select options={[...new Map((offerings.data ?? []).map((o) => [o.orgId, { value: o.orgId, label: o.orgName }])).values()]} loading={offerings.isPending} />
          </Form.Item>
        )}
        <Form.Item name="comment" label={dialog === 'confirm' ? t('services.comment') : t('services.reason')} rules={[{ required: dialog === 'decline' || dialog === 'reassign' }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormModal>
    </>
  );
}
