import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Form, Input, Select, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import {
  CONSULT_CATEGORIES,
  CONSULT_CATEGORY_LABELS,
  CONSULT_STATES,
  CONSULT_TEXT_MAX,
  formatDateTime,
  type Consultation,
  type ConsultationDetail,
  type ConsultState,
  type consultationListQuery,
} from '@shangmi/shared';
import { consultApi } from '../../api/consultations';
import { servicesApi } from '../../api/services';
import type { Filters } from '../../api/lists';
import { useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { FormModal } from '../../components/FormDialog';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';

type ConsultFilters = Filters<typeof consultationListQuery>;
const STATE_COLORS: Record<ConsultState, string> = { routing: 'red', asked: 'orange', answered: 'blue', published: 'green' };

export function ConsultStateTag({ state, overdue }: { state: ConsultState; overdue?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <Tag color={STATE_COLORS[state]}>{t(`consult.states.${state}`)}</Tag>
      {overdue ? <Tag color="red">{t('consult.overdue')}</Tag> : null}
    </>
  );
}

/** The sites and providers of the region that list a service: whom a question can go to (one entry per organisation). */
export function useAnswerers(enabled: boolean) {
  const q = useQuery({ queryKey: ['services', 'offerings', 'all'], queryFn: ({ signal }) => servicesApi.offerings({}, signal), enabled });
  const options = [...new Map((q.data ?? []).filter((o) => o.active).map((o) => [o.orgId, { value: o.orgId, label: o.orgName }])).values()];
  return { options, loading: q.isPending && enabled };
}

type AskValues = { category?: Consultation['category']; title?: string; question?: string; assigneeOrgId?: number };

/**
 * 咨询问答: an enterprise's own questions (and 提出咨询), a site's or provider's questions to answer (overdue ones flagged,
 * filterable), a bureau's area (what waits for it to route or publish).
 */
export default function ConsultationsPage() {
  const { t, pick } = useI18n();
  useDocumentTitle(t('consult.menu'));
  const enterprise = useMe().orgKind === 'enterprise';
  const [asking, setAsking] = useState(false);
  const table = useServerTable<Consultation, ConsultFilters>({ key: 'consultations', fetch: consultApi.list });
  const answerers = useAnswerers(asking);
  const navigate = useNavigate();
  const cat = (c: Consultation['category']) => pick(CONSULT_CATEGORY_LABELS[c].zh, CONSULT_CATEGORY_LABELS[c].en);
  return (
    <>
      <PageHeader
        title={t('consult.menu')}
        extra={
          enterprise ? (
            <Button type="primary" onClick={() => setAsking(true)}>
              {t('consult.ask')}
            </Button>
          ) : null
        }
      />
      <FilterBar<ConsultFilters> table={table} name="consultFilter" instant>
        <FilterSelect name="state" label={t('consult.state')} width={150} options={CONSULT_STATES.map((s) => ({ value: s, label: t(`consult.states.${s}`) }))} />
        <FilterSelect name="category" label={t('consult.category')} width={160} options={CONSULT_CATEGORIES.map((c) => ({ value: c, label: cat(c) }))} />
        <FilterSelect name="overdue" label={t('consult.overdueOnly')} width={110} options={[{ value: 'true', label: t('consult.overdue') }]} />
      </FilterBar>
      <ListCard<Consultation>
        table={table}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: t('consult.title'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => void navigate(`/services/consultations/${r.id}`)}>
                {v}
              </Button>
            ),
          },
          { title: t('consult.category'), dataIndex: 'category', width: 130, render: (v: Consultation['category']) => cat(v) },
          { title: t('consult.enterprise'), dataIndex: 'enterpriseName', width: 200 },
          { title: t('consult.assignee'), dataIndex: 'assigneeName', width: 180, render: (v: string | null) => v ?? '—' },
          { title: t('consult.state'), dataIndex: 'state', width: 170, render: (v: ConsultState, r) => <ConsultStateTag state={v} overdue={r.overdue} /> },
          { title: t('consult.dueOn'), dataIndex: 'dueOn', width: 110, render: (v: string | null) => v ?? '—' },
          { title: t('consult.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
        ]}
      />
      <FormModal<AskValues, ConsultationDetail>
        open={asking}
        title={t('consult.askTitle')}
        name="askForm"
        values={{}}
        valuesKey="ask"
        save={(v) => consultApi.ask({ category: v.category!, title: v.title!, question: v.question!, assigneeOrgId: v.assigneeOrgId ?? null })}
        success={t('consult.done')}
        invalidate={['consultations']}
        onSaved={(r) => void navigate(`/services/consultations/${r.id}`)}
        onClose={() => setAsking(false)}
      >
        <Alert type="warning" showIcon title={t('consult.noSecret')} style={{ marginBottom: 16 }} />
        <Form.Item name="category" label={t('consult.category')} rules={[{ required: true }]}>
          <Select options={CONSULT_CATEGORIES.map((c) => ({ value: c, label: cat(c) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('consult.title')} rules={[{ required: true, max: 60 }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="question" label={t('consult.question')} rules={[{ required: true }]}>
          <Input.TextArea rows={5} showCount maxLength={CONSULT_TEXT_MAX} />
        </Form.Item>
        <Form.Item name="assigneeOrgId" label={t('consult.assignee')}>
          <Select allowClear placeholder={t('consult.assigneeNone')} options={answerers.options} loading={answerers.loading} />
        </Form.Item>
      </FormModal>
    </>
  );
}
