import type { ReactNode } from 'react';
import { Button, Card, DatePicker, Form, Input, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { Query } from '../../api/client';
import { useT } from '../../lib/i18n';
import { rangeToIso } from '../../lib/dates';

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

/** Keyword, page-specific fields (`children`), date range; 查询 / 重置. */
export function LogFilterBar({
  name,
  keywordPlaceholder,
  onSearch,
  children,
}: {
  name: string;
  keywordPlaceholder: string;
  onSearch: (query: Query) => void;
  children?: ReactNode;
}) {
  const t = useT();
  const [form] = Form.useForm<LogFilterValues>();
  return (
    <Card className="filter-bar">
      <Form<LogFilterValues> form={form} name={name} layout="inline" onFinish={(v) => onSearch(logFiltersToQuery(v))}>
        <Form.Item name="q" label={t('common.keyword')}>
          <Input allowClear placeholder={keywordPlaceholder} maxLength={100} style={{ width: 200 }} />
        </Form.Item>
        {children}
        <Form.Item name="range" label={t('common.dateRange')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                onSearch({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
