import type { ReactNode } from 'react';
import { DatePicker, Form } from 'antd';
import type { Dayjs } from 'dayjs';
import type { Query } from '../../api/client';
import { useT } from '../../lib/i18n';
import { rangeToIso } from '../../lib/dates';
import { FilterBar } from '../../components/FilterBar';

export interface LogFilterValues {
  q?: string;
  action?: string;
  result?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export function logFiltersToQuery(v: LogFilterValues): Query {
  return {
    q: v.q?.trim() || undefined,
    action: v.action?.trim() || undefined,
    result: v.result || undefined,
    ...rangeToIso(v.range),
  };
}

/** The logs' filter bar: keyword, the page's own fields (`children`), the date range (Asia/Shanghai days). */
export function LogFilterBar({ name, keywordPlaceholder, table, children }: { name: string; keywordPlaceholder: string; table: { setFilters: (query: Query) => void }; children?: ReactNode }) {
  const t = useT();
  return (
    <FilterBar<LogFilterValues, Query> table={table} name={name} toQuery={logFiltersToQuery} keyword={{ placeholder: keywordPlaceholder }}>
      {children}
      <Form.Item name="range" label={t('common.dateRange')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
    </FilterBar>
  );
}
