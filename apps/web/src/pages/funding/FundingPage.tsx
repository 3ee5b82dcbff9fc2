import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Form, Input, InputNumber, Progress, Select, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import {
  FUNDING_CATEGORIES,
  FUNDING_CATEGORY_LABELS,
  FUNDING_LEVELS,
  FUNDING_LEVEL_LABELS,
  FUNDING_SOURCES,
  FUNDING_SOURCE_LABELS,
  pick,
  type BudgetLine,
  type BudgetLineDetail,
  type FundingCategory,
  type FundingLevel,
  type FundingSource,
  type budgetLineListQuery,
} from '@shangmi/shared';
import { fundingApi, LINES_EXPORT_PATH } from '../../api/funding';
import type { Filters } from '../../api/lists';
import { useCan } from '../../lib/access';
import { todayInShanghai } from '../../lib/dates';
import { useI18n } from '../../lib/i18n';
import { fenToYuan, yuanToFen } from '../../lib/money';
import { useDocumentTitle } from '../../lib/title';
import { useRegionOptions } from '../../components/useRegionOptions';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { FormModal } from '../../components/FormDialog';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';

type LineFilters = Filters<typeof budgetLineListQuery>;
interface Values {
  year: number;
  level: FundingLevel;
  districtCode?: string;
  parkId?: number;
  category: FundingCategory;
  source: FundingSource;
  title: string;
  amountYuan: number;
}
const percent = (rate: number) => Math.round(rate * 1000) / 10;

/** 资金保障: the year's execution by district, the budget lines with their execution rate, Excel export. */
export default function FundingPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('funding.title'));
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const table = useServerTable<BudgetLine, LineFilters>({ key: 'funding', fetch: fundingApi.lines, initialFilters: { year: thisYear } });
  const year = table.filters.year ?? thisYear;
  const ex = useQuery({ queryKey: ['funding', 'execution', year], queryFn: ({ signal }) => fundingApi.execution(year, signal) });
  const canAdd = useCan('funding:manage');
  const [open, setOpen] = useState(false);
  const region = useRegionOptions();
  const [form] = Form.useForm<Values>();
  const level = Form.useWatch('level', form);
  const years = [thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }));
  const rateCell = (v: number) => <Progress percent={percent(v)} size="small" style={{ minWidth: 120 }} />;
  return (
    <>
      <PageHeader
        title={t('funding.title')}
        extra={
          <>
            <ExportButton path={LINES_EXPORT_PATH} query={table.exportQuery} baseName={t('funding.title')} />{' '}
            {canAdd ? (
              <Button type="primary" data-testid="fd-add-line" onClick={() => setOpen(true)}>
                {t('funding.addLine')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card size="small" title={`${t('funding.execution')} · ${year}`} style={{ marginBottom: 12 }}>
        <Table
          rowKey={(r) => r.districtCode ?? 'city'}
          size="small"
          pagination={false}
          loading={ex.isPending}
          dataSource={ex.data ? [...ex.data.rows, { ...ex.data.total, districtCode: 'total' }] : []}
          scroll={{ x: 640 }}
          data-testid="fd-execution"
          columns={[
            { title: t('funding.district'), dataIndex: 'name' },
            { title: t('funding.lineCount'), dataIndex: 'lines', width: 80 },
            { title: t('funding.amount'), dataIndex: 'amountFen', width: 150, render: (v: number) => fenToYuan(v) },
            { title: t('funding.spent'), dataIndex: 'spentFen', width: 150, render: (v: number) => fenToYuan(v) },
            { title: t('funding.rate'), dataIndex: 'rate', width: 180, render: rateCell },
          ]}
        />
      </Card>
      <FilterBar<LineFilters> table={table} name="lineFilter" instant>
        <FilterSelect name="year" label={t('funding.year')} width={100} options={years} />
        <FilterSelect name="level" label={t('funding.level')} width={120} options={FUNDING_LEVELS.map((k) => ({ value: k, label: pick(FUNDING_LEVEL_LABELS[k], locale) }))} />
        <FilterSelect name="category" label={t('funding.category')} width={130} options={FUNDING_CATEGORIES.map((k) => ({ value: k, label: pick(FUNDING_CATEGORY_LABELS[k], locale) }))} />
      </FilterBar>
      <ListCard<BudgetLine>
        table={table}
        scroll={{ x: 1100 }}
        columns={[
          { title: t('funding.line'), dataIndex: 'title', render: (v: string, r) => <Link to={`/funding/lines/${r.id}`}>{v}</Link> },
          { title: t('funding.level'), dataIndex: 'level', width: 100, render: (v: FundingLevel, r) => [pick(FUNDING_LEVEL_LABELS[v], locale), r.districtName, r.parkName].filter(Boolean).join(' · ') },
          { title: t('funding.category'), dataIndex: 'category', width: 100, render: (v: FundingCategory) => pick(FUNDING_CATEGORY_LABELS[v], locale) },
          { title: t('funding.amount'), dataIndex: 'amountFen', width: 140, render: (v: number) => fenToYuan(v) },
          { title: t('funding.spent'), dataIndex: 'spentFen', width: 140, render: (v: number) => fenToYuan(v) },
          { title: t('funding.rate'), dataIndex: 'rate', width: 180, render: rateCell },
        ]}
      />
      <FormModal<Values, BudgetLineDetail>
        open={open}
        form={form}
        onClose={() => setOpen(false)}
        title={t('funding.addLine')}
        name="lineForm"
        success={t('funding.addLine')}
        initialValues={{ year: thisYear, level: 'district', category: 'services', source: 'district_budget' }}
        rename={{ amountFen: 'amountYuan' }}
        save={(v) =>
          fundingApi.createLine({ year: v.year, level: v.level, districtCode: v.level === 'district' ? v.districtCode : null, parkId: v.level === 'park' ? v.parkId : null, category: v.category, source: v.source, title: v.title, amountFen: yuanToFen(v.amountYuan) ?? 0 })
        }
        invalidate={['funding']}
      >
        <Form.Item name="year" label={t('funding.year')} rules={[{ required: true }]}>
          <Select options={years} />
        </Form.Item>
        <Form.Item name="level" label={t('funding.level')} rules={[{ required: true }]}>
          <Select options={FUNDING_LEVELS.map((k) => ({ value: k, label: pick(FUNDING_LEVEL_LABELS[k], locale) }))} />
        </Form.Item>
        {level === 'district' ? (
          <Form.Item name="districtCode" label={t('funding.district')} rules={[{ required: true }]}>
            <Select options={region.districtOptions} />
          </Form.Item>
        ) : null}
        {level === 'park' ? (
          <Form.Item name="parkId" label={t('funding.park')} rules={[{ required: true }]}>
            <Select options={region.parkOptions} />
          </Form.Item>
        ) : null}
        <Form.Item name="category" label={t('funding.category')} rules={[{ required: true }]}>
          <Select options={FUNDING_CATEGORIES.map((k) => ({ value: k, label: pick(FUNDING_CATEGORY_LABELS[k], locale) }))} />
        </Form.Item>
        <Form.Item name="source" label={t('funding.source')} rules={[{ required: true }]}>
          <Select options={FUNDING_SOURCES.map((k) => ({ value: k, label: pick(FUNDING_SOURCE_LABELS[k], locale) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('funding.line')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="amountYuan" label={t('funding.amount')} rules={[{ required: true }]}>
          <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
        </Form.Item>
      </FormModal>
    </>
  );
}
