import { useState } from 'react';
import { Button, Card, Drawer, Form, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import {
  EXPERT_AVAILABILITY,
  EXPERT_AVAILABILITY_LABELS,
  EXPERT_KINDS,
  EXPERT_KIND_LABELS,
  EXPERT_USE_LABELS,
  EXPERT_USE_PURPOSES,
  shanghaiDate,
  type ExpertRow,
} from '@shangmi/shared';
import { outreachApi } from '../../api/outreach';
import { FormModal } from '../../components/FormDialog';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';

type Kind = (typeof EXPERT_KINDS)[number];
type Availability = (typeof EXPERT_AVAILABILITY)[number];
type Purpose = (typeof EXPERT_USE_PURPOSES)[number];
interface ExpertValues {
  name: string;
  kind: Kind;
  affiliation?: string;
  fields: string[];
  availability: Availability;
  note?: string;
}
interface UseValues {
  purpose: Purpose;
  usedOn: string;
  note?: string;
}

/**
 * 人才库/专家库: the region's experts (kept by the bureaus) by field, kind and availability, how often and when last used;
 * the keeping bureau edits them, any organiser records a use; the drawer shows who used an expert when.
 */
export default function ExpertsPage() {
  const { t, pick } = useI18n();
  const manage = useCan('outreach:manage');
  const [filter, setFilter] = useState<{ q?: string; field?: string; kind?: Kind; availability?: Availability }>({});
  const [editing, setEditing] = useState<ExpertRow | 'new' | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const [using, setUsing] = useState(false);
  const list = useQuery({ queryKey: ['outreach', 'experts', filter], queryFn: ({ signal }) => outreachApi.experts({ ...filter, pageSize: 100 }, signal) });
  const detail = useQuery({ queryKey: ['outreach', 'experts', 'one', openId], queryFn: ({ signal }) => outreachApi.expert(openId!, signal), enabled: openId !== null });
  const kindLabel = (k: Kind) => pick(EXPERT_KIND_LABELS[k].zh, EXPERT_KIND_LABELS[k].en);
  const availLabel = (a: Availability) => pick(EXPERT_AVAILABILITY_LABELS[a].zh, EXPERT_AVAILABILITY_LABELS[a].en);
  const edit = editing && editing !== 'new' ? editing : null;
  return (
    <Card
      title={t('outreach.menuExperts')}
      extra={
        manage ? (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('outreach.newExpert')}
          </Button>
        ) : null
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('outreach.expertSearch')} onSearch={(q) => setFilter((f) => ({ ...f, q: q || undefined }))} style={{ width: 220 }} />
        <Input.Search allowClear placeholder={t('outreach.expertField')} onSearch={(field) => setFilter((f) => ({ ...f, field: field || undefined }))} style={{ width: 180 }} />
        <Select allowClear placeholder={t('outreach.expertKind')} style={{ width: 140 }} options={EXPERT_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} onChange={(kind?: Kind) => setFilter((f) => ({ ...f, kind }))} />
        <Select allowClear placeholder={t('outreach.expertAvailability')} style={{ width: 140 }} options={EXPERT_AVAILABILITY.map((a) => ({ value: a, label: availLabel(a) }))} onChange={(availability?: Availability) => setFilter((f) => ({ ...f, availability }))} />
      </Space>
      <Table<ExpertRow>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: t('outreach.expertName'), render: (_, x) => <a onClick={() => setOpenId(x.id)}>{x.name}</a>, width: 120 },
          { title: t('outreach.expertKind'), render: (_, x) => kindLabel(x.kind), width: 100 },
          { title: t('outreach.expertAffiliation'), dataIndex: 'affiliation' },
          { title: t('outreach.expertField'), render: (_, x) => x.fields.map((f) => <Tag key={f}>{f}</Tag>) },
          { title: t('outreach.expertAvailability'), render: (_, x) => <Tag color={x.availability === 'available' ? 'green' : x.availability === 'limited' ? 'gold' : 'default'}>{availLabel(x.availability)}</Tag>, width: 110 },
          { title: t('outreach.expertUses'), render: (_, x) => (x.uses ? `${x.uses}（${x.lastUsedOn}）` : '0'), width: 140 },
          { title: t('outreach.expertKeeper'), dataIndex: 'orgName', width: 180 },
          {
            title: '',
            width: 80,
            render: (_, x) =>
              x.mayEdit ? (
                <Button size="small" onClick={() => setEditing(x)}>
                  {t('common.edit')}
                </Button>
              ) : null,
          },
        ]}
      />
      <FormModal<ExpertValues, unknown>
        open={editing !== null}
        title={edit ? edit.name : t('outreach.newExpert')}
        name="expertForm"
        initialValues={{ kind: 'professor', availability: 'available', fields: [] }}
        values={edit ? { name: edit.name, kind: edit.kind, affiliation: edit.affiliation ?? undefined, fields: edit.fields, availability: edit.availability, note: edit.note ?? undefined } : undefined}
        valuesKey={edit?.id}
        save={(v) => {
          const body = { ...v, affiliation: v.affiliation || null, note: v.note || null };
          return edit ? outreachApi.updateExpert(edit.id, body) : outreachApi.createExpert(body);
        }}
        success={t('outreach.saved')}
        invalidate={['outreach', 'experts']}
        onClose={() => setEditing(null)}
      >
        <Form.Item name="name" label={t('outreach.expertName')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="kind" label={t('outreach.expertKind')} rules={[{ required: true }]}>
          <Select options={EXPERT_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
        </Form.Item>
        <Form.Item name="affiliation" label={t('outreach.expertAffiliation')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="fields" label={t('outreach.expertField')} rules={[{ required: true }]}>
          <Select mode="tags" tokenSeparators={[',', '，', '、']} />
        </Form.Item>
        <Form.Item name="availability" label={t('outreach.expertAvailability')} rules={[{ required: true }]}>
          <Select options={EXPERT_AVAILABILITY.map((a) => ({ value: a, label: availLabel(a) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('outreach.expertNote')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormModal>
      <Drawer
        open={openId !== null}
        size={520}
        title={detail.data?.name}
        onClose={() => setOpenId(null)}
        extra={
          manage ? (
            <Button type="primary" onClick={() => setUsing(true)}>
              {t('outreach.recordUse')}
            </Button>
          ) : null
        }
      >
        {detail.data ? (
          <>
            <Typography.Paragraph>
              {kindLabel(detail.data.kind)} · {detail.data.affiliation ?? '—'} · {availLabel(detail.data.availability)}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">{detail.data.note}</Typography.Paragraph>
            <Typography.Title level={5}>{t('outreach.expertHistory')}</Typography.Title>
            <List
              data-testid="expert-history"
              dataSource={detail.data.history}
              locale={{ emptyText: t('outreach.none') }}
              renderItem={(h) => (
                <List.Item>
                  {h.usedOn} · {pick(EXPERT_USE_LABELS[h.purpose].zh, EXPERT_USE_LABELS[h.purpose].en)} · {h.orgName}
                  {h.note ? ` · ${h.note}` : ''}
                </List.Item>
              )}
            />
          </>
        ) : null}
      </Drawer>
      <FormModal<UseValues, unknown>
        open={using}
        title={t('outreach.recordUse')}
        name="expertUseForm"
        initialValues={{ purpose: 'training', usedOn: shanghaiDate(new Date()) }}
        save={(v) => outreachApi.recordExpertUse(openId!, { ...v, note: v.note || null })}
        success={t('outreach.saved')}
        invalidate={['outreach', 'experts']}
        onClose={() => setUsing(false)}
      >
        <Form.Item name="purpose" label={t('outreach.usePurpose')} rules={[{ required: true }]}>
          <Select options={EXPERT_USE_PURPOSES.map((p) => ({ value: p, label: pick(EXPERT_USE_LABELS[p].zh, EXPERT_USE_LABELS[p].en) }))} />
        </Form.Item>
        <Form.Item name="usedOn" label={t('outreach.usedOn')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="note" label={t('outreach.expertNote')}>
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
