import { useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Select, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { EVENT_KINDS, EVENT_KIND_LABELS, EVENT_STATE_LABELS, type EventKind, type OutreachEvent } from '@shangmi/shared';
import { outreachApi } from '../../api/outreach';
import { FormModal } from '../../components/FormDialog';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';

interface PlanValues {
  kind: EventKind;
  title: string;
  heldOn: string;
  endsOn?: string;
  place?: string;
  audience?: string;
}
interface ResultValues {
  participants: number;
  reach?: number;
  links?: string;
  result: string;
}

/** 宣传活动: the calendar of campaigns and activities of one's organisation (and below); plan, then record the results. */
export default function EventsPage() {
  const { t, pick } = useI18n();
  const manage = useCan('outreach:manage');
  const [planning, setPlanning] = useState(false);
  const [resultFor, setResultFor] = useState<OutreachEvent | null>(null);
  const list = useQuery({ queryKey: ['outreach', 'events'], queryFn: ({ signal }) => outreachApi.events({ pageSize: 100 }, signal) });
  return (
    <Card
      title={t('outreach.menuEvents')}
      extra={
        manage ? (
          <Button type="primary" onClick={() => setPlanning(true)}>
            {t('outreach.newEvent')}
          </Button>
        ) : null
      }
    >
      <Table<OutreachEvent>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: t('outreach.title'), dataIndex: 'title' },
          { title: t('outreach.kind'), render: (_, e) => pick(EVENT_KIND_LABELS[e.kind].zh, EVENT_KIND_LABELS[e.kind].en), width: 200 },
          { title: t('outreach.heldOn'), render: (_, e) => `${e.heldOn}${e.endsOn ? ` ~ ${e.endsOn}` : ''}`, width: 190 },
          { title: t('outreach.organiser'), dataIndex: 'orgName', width: 180 },
          { title: t('outreach.participants'), dataIndex: 'participants', width: 90 },
          { title: t('outreach.reach'), dataIndex: 'reach', width: 100 },
          { title: t('outreach.state'), render: (_, e) => <Tag>{pick(EVENT_STATE_LABELS[e.state].zh, EVENT_STATE_LABELS[e.state].en)}</Tag>, width: 90 },
          {
            title: '',
            width: 110,
            render: (_, e) =>
              manage && e.state !== 'cancelled' ? (
                <Button size="small" onClick={() => setResultFor(e)}>
                  {t('outreach.recordResult')}
                </Button>
              ) : null,
          },
        ]}
      />
      <FormModal<PlanValues, OutreachEvent>
        open={planning}
        title={t('outreach.newEvent')}
        name="eventForm"
        initialValues={{ kind: 'enterprise' }}
        save={(v) => outreachApi.createEvent({ ...v, endsOn: v.endsOn || null, place: v.place || null, audience: v.audience || null })}
        success={t('outreach.created')}
        invalidate={['outreach', 'events']}
        onClose={() => setPlanning(false)}
      >
        <Form.Item name="kind" label={t('outreach.kind')} rules={[{ required: true }]}>
          <Select options={EVENT_KINDS.map((k) => ({ value: k, label: pick(EVENT_KIND_LABELS[k].zh, EVENT_KIND_LABELS[k].en) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('outreach.title')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="heldOn" label={t('outreach.heldOn')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="endsOn" label={t('outreach.endsOn')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="place" label={t('outreach.place')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="audience" label={t('outreach.audience')}>
          <Input maxLength={200} />
        </Form.Item>
      </FormModal>
      <FormModal<ResultValues, OutreachEvent>
        open={!!resultFor}
        title={t('outreach.recordResult')}
        name="eventResultForm"
        values={resultFor ? { participants: resultFor.participants ?? 0, reach: resultFor.reach ?? undefined, links: resultFor.links.join('\n'), result: resultFor.result ?? '' } : undefined}
        save={(v) => outreachApi.eventResult(resultFor!.id, { participants: v.participants, reach: v.reach ?? null, result: v.result, links: (v.links ?? '').split('\n').map((l) => l.trim()).filter(Boolean) })}
        success={t('outreach.stepDone')}
        invalidate={['outreach', 'events']}
        onClose={() => setResultFor(null)}
      >
        <Form.Item name="participants" label={t('outreach.participants')} rules={[{ required: true }]}>
          <InputNumber min={0} />
        </Form.Item>
        <Form.Item name="reach" label={t('outreach.reach')}>
          <InputNumber min={0} />
        </Form.Item>
        <Form.Item name="links" label={t('outreach.links')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="result" label={t('outreach.result')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
