import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { Button } from 'antd';
import { REPAIR_KINDS, REPAIR_KIND_LABELS, REPAIR_STATES, REPAIR_STATE_LABELS, formatDateTime, pick, type CreditRepair, type creditRepairListQuery } from '@shangmi/shared';
import { creditApi } from '../../api/credit';
import type { Filters } from '../../api/lists';
import { useI18n } from '../../lib/i18n';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { useServerTable } from '../../components/useServerTable';
import { RepairDrawer } from './RepairDrawer';
import { RepairStateTag } from './tags';

type RepairFilters = Filters<typeof creditRepairListQuery>;

/** 信用修复: repair and early-removal applications in scope; the district reviews, the city decides. */
export default function CreditRepairsPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('credit.menuRepairs'));
  const [params] = useSearchParams();
  const st = params.get('state');
  const kind = params.get('kind');
  const initial: RepairFilters = {};
  if (st && (REPAIR_STATES as readonly string[]).includes(st)) initial.state = st as RepairFilters['state'];
  if (kind && (REPAIR_KINDS as readonly string[]).includes(kind)) initial.kind = kind as RepairFilters['kind'];
  const table = useServerTable<CreditRepair, RepairFilters>({ key: 'credit', fetch: creditApi.repairs, initialFilters: initial });
  const [open, setOpen] = useState<number | null>(Number(useParams().id) || null);
  return (
    <>
      <PageHeader title={t('credit.menuRepairs')} />
      <FilterBar<RepairFilters> table={table} name="repairFilter" instant keyword={{ placeholder: t('credit.search'), width: 240 }}>
        <FilterSelect name="state" label={t('credit.repairState')} width={150} options={REPAIR_STATES.map((k) => ({ value: k, label: pick(REPAIR_STATE_LABELS[k], locale) }))} />
        <FilterSelect name="kind" label={t('credit.repairKind')} width={260} options={REPAIR_KINDS.map((k) => ({ value: k, label: pick(REPAIR_KIND_LABELS[k], locale) }))} />
      </FilterBar>
      <ListCard<CreditRepair>
        table={table}
        scroll={{ x: 1100 }}
        columns={[
          {
            title: t('credit.party'),
            dataIndex: 'partyName',
            render: (v: string, r) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(r.id)}>
                {v}
              </Button>
            ),
          },
          { title: t('credit.repairKind'), dataIndex: 'kind', width: 260, render: (v: CreditRepair['kind']) => pick(REPAIR_KIND_LABELS[v], locale) },
          { title: t('credit.decisionNo'), dataIndex: 'decisionNo', width: 200 },
          { title: t('credit.repairState'), dataIndex: 'state', width: 130, render: (v: CreditRepair['state']) => <RepairStateTag state={v} /> },
          { title: t('credit.appliedAt'), dataIndex: 'appliedAt', width: 170, render: (v: string) => formatDateTime(v) },
          { title: t('credit.dueOn'), dataIndex: 'dueOn', width: 120, render: (v: string | null) => v ?? '—' },
        ]}
      />
      <RepairDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}
