import type { ReactNode } from 'react';
import { Button, Card, Form, Input, Select, Space, type FormInstance, type FormProps, type SelectProps } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useT } from '../lib/i18n';

export interface FilterBarProps<F extends object, Q> {
  /** where the filters go: a list's useServerTable (or anything with setFilters) */
  table: { setFilters: (query: Q) => void };
  /** the form's name, the prefix of its fields' ids (`usersFilter_q`) */
  name: string;
  /** the form's values → the list's filters; by default the values as they are, the keyword trimmed */
  toQuery?: (values: F) => Q;
  /** filled in at first (filters carried by the address) */
  initialValues?: Partial<F>;
  /** what 重置 returns to (empty unless given) */
  defaults?: Partial<F>;
  /** the keyword box first (field `q`): its placeholder, and a label other than 关键字 */
  keyword?: { placeholder: string; label?: string; width?: number; maxLength?: number };
  /** the caller's form, when it watches fields (Form.useWatch) */
  form?: FormInstance<F>;
  onValuesChange?: FormProps<F>['onValuesChange'];
  /**
   * Apply every choice at once (selects, dates) and the keyword on Enter; no 查询 / 重置 buttons. For short bars
   * where a button press would be one click too many.
   */
  instant?: boolean;
  /** the page's own filter fields (Form.Item, FilterSelect) */
  children?: ReactNode;
}

function trimKeyword<F extends object>(values: F): F {
  const q = 'q' in values && typeof values.q === 'string' ? values.q.trim() || undefined : undefined;
  return { ...values, q };
}

/** 查询 / 重置 over a list's filters: one inline form wired to the list (useServerTable), the same on every list page. */
export function FilterBar<F extends object, Q = F>(props: FilterBarProps<F, Q>) {
  const t = useT();
  const [form] = Form.useForm<F>(props.form);
  // without toQuery the form's values are the filters (F = Q)
  const toQuery = props.toQuery ?? ((values: F) => trimKeyword(values) as unknown as Q);
  const apply = (values: F) => props.table.setFilters(toQuery(values));
  const reset = () => {
    // every field empty (not back to the address's filters), then the defaults
    const cleared = Object.fromEntries(Object.keys(form.getFieldsValue(true)).map((k) => [k, undefined]));
    form.setFieldsValue({ ...cleared, ...props.defaults } as Parameters<typeof form.setFieldsValue>[0]);
    apply({ ...props.defaults } as F);
  };
  const kw = props.keyword;
  return (
    <Card className="filter-bar">
      <Form<F>
        form={form}
        name={props.name}
        layout="inline"
        initialValues={props.initialValues}
        onFinish={apply}
        onValuesChange={(changed: Partial<F>, all: F) => {
          props.onValuesChange?.(changed, all);
          // instant: a choice applies at once; typing waits for Enter
          if (props.instant && !Object.keys(changed).every((k) => k === 'q')) apply(form.getFieldsValue(true) as F);
        }}
      >
        {kw ? (
          <Form.Item name="q" label={kw.label ?? t('common.keyword')}>
            {props.instant ? (
              <Input.Search allowClear placeholder={kw.placeholder} maxLength={kw.maxLength ?? 100} style={{ width: kw.width ?? 200 }} onSearch={() => form.submit()} />
            ) : (
              <Input allowClear placeholder={kw.placeholder} maxLength={kw.maxLength ?? 100} style={{ width: kw.width ?? 200 }} />
            )}
          </Form.Item>
        ) : null}
        {props.children}
        {props.instant ? null : (
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
                {t('common.search')}
              </Button>
              <Button onClick={reset}>{t('common.reset')}</Button>
            </Space>
          </Form.Item>
        )}
      </Form>
    </Card>
  );
}

/** One choice of a filter bar: labelled, clearable, "全部" when empty. */
export function FilterSelect<V>({ name, label, width, ...select }: { name: string; label: string; width: number } & Omit<SelectProps<V>, 'allowClear' | 'style'>) {
  const t = useT();
  return (
    <Form.Item name={name} label={label}>
      <Select<V> allowClear placeholder={t('common.all')} style={{ width }} {...select} />
    </Form.Item>
  );
}
