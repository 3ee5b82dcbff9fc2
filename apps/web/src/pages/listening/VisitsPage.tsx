import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Form, Input, Select } from 'antd';
import { MEETING_KINDS, MEETING_KIND_LABELS, MEETING_STATUSES, MEETING_STATUS_LABELS, pick, type Meeting, type MeetingKind, type meetingListQuery } from '@shangmi/shared';
import { listeningApi } from '../../api/listening';
import type { Filters } from '../../api/lists';
import { useCan } from '../../lib/access';
import { todayInShanghai } from '../../lib/dates';
import { useI18n } from '../../lib/i18n';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { FormModal } from '../../components/FormDialog';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';
import { EnterpriseSelect } from './EnterpriseSelect';

type MeetingFilters = Filters<typeof meetingListQuery>;
interface PlanValues {
  kind: MeetingKind;
  enterpriseIds: number[];
  plannedOn: string;
  staff: string;
  purpose: string;
  agenda?: string;
}

/** This quarter, the four before it and the next one (`2026Q4`), newest first: a district plans its visits by quarter. */
function quarterOptions(today: string): { value: string; label: string }[] {
  let year = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 2; // start from the next quarter
  if (q === 5) [year, q] = [year + 1, 1];
  const out: { value: string; label: string }[] = [];
  for (let i = 0; i < 6; i++) {
    out.push({ value: `${year}Q${q}`, label: `${year} Q${q}` });
    if (--q === 0) [year, q] = [year - 1, 4];
  }
  return out;
}

/** 走访座谈: visits, forums and interviews held by the caller's bureau (and below); plan one, open one to record it. */
export default function VisitsPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const canManage = useCan('listening:manage');
  const table = useServerTable<Meeting, MeetingFilters>({ key: 'listening', fetch: listeningApi.meetings });
  const [planning, setPlanning] = useState(false);
  return (
    <>
      <PageHeader
        title={t('listening.menuVisits')}
        extra={
          canManage ? (
            <Button type="primary" data-testid="plan-visit" onClick={() => setPlanning(true)}>
              {t('listening.plan')}
            </Button>
          ) : null
        }
      />
      <FilterBar<MeetingFilters> table={table} name="meetingFilter" instant>
        <FilterSelect name="kind" label={t('listening.kind')} width={130} options={MEETING_KINDS.map((k) => ({ value: k, label: pick(MEETING_KIND_LABELS[k], locale) }))} />
        <FilterSelect name="status" label={t('listening.status')} width={130} options={MEETING_STATUSES.map((k) => ({ value: k, label: pick(MEETING_STATUS_LABELS[k], locale) }))} />
        <FilterSelect name="quarter" label={t('listening.quarter')} width={120} options={quarterOptions(todayInShanghai())} />
      </FilterBar>
      <ListCard<Meeting>
        table={table}
        scroll={{ x: 800 }}
        columns={[
          { title: t('listening.plannedOn'), dataIndex: 'plannedOn', width: 120, render: (v: string, r) => <Link to={`/listening/visits/${r.id}`}>{v}</Link> },
          { title: t('listening.kind'), dataIndex: 'kind', width: 100, render: (v: MeetingKind) => pick(MEETING_KIND_LABELS[v], locale) },
          { title: t('listening.enterprises'), dataIndex: 'enterprises', render: (v: Meeting['enterprises']) => v.map((e) => e.name).join('、') },
          { title: t('listening.purpose'), dataIndex: 'purpose', ellipsis: true },
          { title: t('listening.status'), dataIndex: 'status', width: 100, render: (v: Meeting['status']) => pick(MEETING_STATUS_LABELS[v], locale) },
        ]}
      />
      <FormModal<PlanValues, Meeting>
        open={planning}
        onClose={() => setPlanning(false)}
        title={t('listening.plan')}
        name="planForm"
        initialValues={{ kind: 'visit', plannedOn: todayInShanghai() }}
        save={(v) => listeningApi.plan({ kind: v.kind, enterpriseIds: v.enterpriseIds ?? [], plannedOn: v.plannedOn, staff: (v.staff ?? '').split(/[,，、]/).map((s) => s.trim()).filter(Boolean), purpose: v.purpose, agenda: v.agenda || null })}
        success={t('common.created')}
        invalidate={['listening']}
        onSaved={(m) => void navigate(`/listening/visits/${m.id}`)}
      >
        <Form.Item name="kind" label={t('listening.kind')} rules={[{ required: true }]}>
          <Select options={MEETING_KINDS.map((k) => ({ value: k, label: pick(MEETING_KIND_LABELS[k], locale) }))} />
        </Form.Item>
        <Form.Item name="enterpriseIds" label={t('listening.enterprises')} rules={[{ required: true }]}>
          <EnterpriseSelect multiple />
        </Form.Item>
        <Form.Item name="plannedOn" label={t('listening.plannedOn')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="staff" label={t('listening.staff')} extra={t('listening.staffHint')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="purpose" label={t('listening.purpose')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="agenda" label={t('listening.agenda')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </FormModal>
    </>
  );
}
