import { App, Button, Card, Flex, Form, Input, InputNumber, Switch, Table, Tag, Typography, type FormInstance } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { casesApi, type CalendarView } from '../../api/cases';
import { useErrorHandler } from '../../lib/errors';
import { useT } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { QueryError } from '../../components/QueryError';

interface OverrideValues {
  date: string;
  work: boolean;
  note?: string;
}

/**
 * 工作日历: the administrator's corrections of the State Council calendar (a day made working or off), and the years
 * whose arrangement has been entered in full (their dates stop being provisional). Open clocks are recomputed.
 */
export default function CaseCalendarPage() {
  const t = useT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const [form] = Form.useForm<OverrideValues>();
  const [yearForm] = Form.useForm<{ year: number }>();
  useDocumentTitle(t('cases.menuCalendar'));
  const q = useQuery({ queryKey: ['cases', 'calendar'], queryFn: ({ signal }) => casesApi.calendar(signal) });
  const save = async (fn: () => Promise<CalendarView>, f: FormInstance) => {
    try {
      qc.setQueryData(['cases', 'calendar'], await fn());
      void qc.invalidateQueries({ queryKey: ['cases'] });
      message.success(t('cases.done'));
      f.resetFields();
    } catch (e) {
      onError(e, f);
    }
  };
  if (q.error) return <QueryError error={q.error} />;
  return (
    <>
      <PageHeader title={t('cases.menuCalendar')} />
      <Typography.Paragraph type="secondary">{t('cases.calendarIntro')}</Typography.Paragraph>
      <Card title={t('cases.calendarOverride')} style={{ marginBottom: 16 }}>
        <Form form={form} name="calendar-override" layout="inline" initialValues={{ work: false }} onFinish={(v) => save(() => casesApi.setOverride(v), form)}>
          <Form.Item name="date" label={t('cases.date')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="work" label={t('cases.workingDay')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="note" label={t('cases.note')}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('cases.save')}
          </Button>
        </Form>
        <Table
          style={{ marginTop: 16 }}
          rowKey="date"
          size="small"
          pagination={false}
          dataSource={q.data?.overrides ?? []}
          locale={{ emptyText: t('cases.none') }}
          columns={[
            { title: t('cases.date'), dataIndex: 'date' },
            { title: t('cases.workingDay'), dataIndex: 'work', render: (w: boolean) => <Tag color={w ? 'blue' : 'default'}>{w ? t('cases.workday') : t('cases.dayOff')}</Tag> },
            { title: t('cases.note'), dataIndex: 'note' },
          ]}
        />
      </Card>
      <Card title={t('cases.loadedYears')}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {(q.data?.loadedYears ?? []).map((y) => (
            <Tag key={y}>{y}</Tag>
          ))}
        </Flex>
        <Form form={yearForm} name="calendar-year" layout="inline" onFinish={(v) => save(() => casesApi.loadYear(v.year), yearForm)}>
          <Form.Item name="year" label={t('cases.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Button htmlType="submit">{t('cases.markLoaded')}</Button>
        </Form>
      </Card>
    </>
  );
}
