import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, InputNumber, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { FOLLOW_UP_LABELS, formatDateTime, type FollowUpKind, type HelpRequestDetail, type RequestFollowUp } from '@shangmi/shared';
import { servicesApi } from '../../api/services';
import { usePermissions } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';

type Values = {
  consentBy?: string;
  consentDate?: Dayjs;
  title?: string;
  respondentName?: string;
  secretSummary?: string;
  measures?: string;
  infringementLeads?: string;
  contactName?: string;
  year?: number;
  batch?: number;
  note?: string;
};

/** Each follow-up asks for the permission its own module's page asks for; the server applies that module's rules. */
const PERMISSION = { health_check: 'assessments:answer', report: 'cases:report', cultivation: 'cultivation:manage' } as const;
const BUTTON = { health_check: 'services.startHealthCheck', report: 'services.startReport', cultivation: 'services.startCultivation' } as const;

function body(kind: FollowUpKind, v: Values, r: HelpRequestDetail): RequestFollowUp {
  switch (kind) {
    case 'health_check':
      return { kind, consentBy: v.consentBy ?? '', consentDate: v.consentDate?.format('YYYY-MM-DD') ?? '' };
    case 'report':
      return {
        kind,
        report: { title: v.title ?? '', respondentName: v.respondentName ?? '', secretSummary: v.secretSummary ?? '', measures: v.measures ?? '', infringementLeads: v.infringementLeads ?? '', contact: { name: v.contactName ?? r.contactName, phone: r.contactPhone } },
      };
    case 'cultivation':
      return { kind, entry: { year: v.year ?? dayjs().year(), batch: v.batch ?? 1, note: v.note ?? null } };
  }
}

/** 后续事项: what a delivered request started (a health check, a report, a cultivation entry), and the buttons to start one. */
export function FollowUps({ r }: { r: HelpRequestDetail }) {
  const { t, pick } = useI18n();
  const can = usePermissions();
  const [open, setOpen] = useState<FollowUpKind | null>(null);
  if (r.fromPublic) return null;
  const delivered = r.state === 'delivered' || r.state === 'confirmed';
  const startable = (['health_check', 'report', 'cultivation'] as const).filter((k) => delivered && can(PERMISSION[k]) && !r.followUps.some((f) => f.kind === k));
  if (!delivered) return null;
  return (
    <Card title={t('services.followUps')} style={{ marginTop: 16 }} data-testid="follow-ups">
      <Space wrap>
        {r.followUps.length === 0 ? <Typography.Text type="secondary">{t('services.followUpNone')}</Typography.Text> : null}
        {r.followUps.map((f) => (
          <Tag key={f.kind} color="blue">{`${pick(FOLLOW_UP_LABELS[f.kind].zh, FOLLOW_UP_LABELS[f.kind].en)} #${f.id} · ${formatDateTime(f.at)}`}</Tag>
        ))}
        {startable.map((k) => (
          <Button key={k} data-testid={`follow-up-${k}`} onClick={() => setOpen(k)}>
            {t(BUTTON[k])}
          </Button>
        ))}
      </Space>
      <FormModal<Values, HelpRequestDetail>
        open={open !== null}
        title={open ? t(BUTTON[open]) : ''}
        name="followUpForm"
        values={open === 'cultivation' ? { year: dayjs().year(), batch: 1 } : open === 'health_check' ? { consentDate: dayjs() } : { title: r.title, contactName: r.contactName }}
        valuesKey={open ?? ''}
        save={(v) => servicesApi.followUp(r.id, body(open!, v, r))}
        success={t('services.done')}
        invalidate={['services']}
        onClose={() => setOpen(null)}
      >
        {open === 'health_check' && (
          <>
            <Form.Item name="consentBy" label={t('services.consentBy')} rules={[{ required: true, max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="consentDate" label={t('services.consentDate')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          </>
        )}
        {open === 'report' && (
          <>
            <Form.Item name="title" label={t('services.reportTitle')} rules={[{ required: true, max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="respondentName" label={t('services.respondentName')} rules={[{ required: true, max: 200 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="secretSummary" label={t('services.secretSummary')} rules={[{ required: true, max: 2000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="measures" label={t('services.measures')} rules={[{ required: true, max: 2000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="infringementLeads" label={t('services.infringementLeads')} rules={[{ required: true, max: 5000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="contactName" label={t('services.contactName')} rules={[{ required: true, max: 50 }]}>
              <Input />
            </Form.Item>
          </>
        )}
        {open === 'cultivation' && (
          <>
            <Space>
              <Form.Item name="year" label={t('services.cultivationYear')} rules={[{ required: true }]}>
                <InputNumber min={2020} max={2100} />
              </Form.Item>
              <Form.Item name="batch" label={t('services.cultivationBatch')} rules={[{ required: true }]}>
                <InputNumber min={1} max={99} />
              </Form.Item>
            </Space>
            <Form.Item name="note" label={t('services.note')} rules={[{ max: 1000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
      </FormModal>
    </Card>
  );
}
