import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Checkbox, Flex, Form, Input, Select, Switch, Table, Tag } from 'antd';
import type { CaseSummary, IntakeResult } from '@shangmi/shared';
import { CASE_SOURCES, CASE_STATUSES, CASE_TRACKS } from '@shangmi/shared';
import { casesApi, CASES_EXPORT_PATH } from '../../api/cases';
import { useCan } from '../../app/access';
import { useMe } from '../../app/auth';
import { FormModal } from '../../components/FormDialog';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader, useDocumentTitle } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useServerTable } from '../../components/useServerTable';
import { useCreditCodeRule } from '../../components/useCreditCodeRule';
import { useCaseLabels } from './labels';

const PARTNER_KINDS = ['police', 'procuratorate', 'court', 'justice'];

/** 案件列表: every case in the user's scope (a partner agency: what was transferred or notified to it), filterable and exportable. */
export default function CasesPage() {
  const l = useCaseLabels();
  const { t } = l;
  const me = useMe();
  const partner = PARTNER_KINDS.includes(me.orgKind);
  const title = partner ? t('cases.partnerMenuList') : t('cases.menuList');
  useDocumentTitle(title);
  const table = useServerTable<CaseSummary>({ key: 'cases', fetch: casesApi.list });
  const f = table.filters;
  const set = (k: string, v: unknown) => table.setFilters({ ...f, [k]: (v as string) || undefined });
  const canEnter = useCan('cases:create');
  const creditCodeRule = useCreditCodeRule();
  const [entering, setEntering] = useState(false);
  const [form] = Form.useForm();
  const anonymous = Form.useWatch('anonymous', form);
  const navigate = useNavigate();
  const enter = (v: Record<string, unknown>) =>
    casesApi.enter({
      source: v.source as string,
      tracks: v.tracks as ('complaint' | 'report')[],
      title: v.title as string,
      description: v.description as string,
      respondentName: v.respondentName as string,
      respondentCreditCode: (v.respondentCreditCode as string) || null,
      respondentAddress: (v.respondentAddress as string) || null,
      anonymous: !!v.anonymous,
      reporter: v.anonymous ? null : { name: v.name as string, phone: (v.phone as string) || null },
    });

  return (
    <>
      <PageHeader
        title={title}
        extra={
          partner ? null : (
            <Flex gap={8}>
              {canEnter ? (
                <Button type="primary" onClick={() => setEntering(true)}>
                  {t('cases.enter')}
                </Button>
              ) : null}
              <ExportButton path={CASES_EXPORT_PATH} query={table.exportQuery} baseName={t('cases.menuList')} />
            </Flex>
          )
        }
      />
      <FormModal<Record<string, unknown>, IntakeResult>
        form={form}
        name="case-enter"
        open={entering}
        title={t('cases.enter')}
        width={640}
        keepValues
        initialValues={{ tracks: ['report'], anonymous: false, source: 'phone' }}
        onClose={() => setEntering(false)}
        save={enter}
        success={(r) => `${t('cases.code')} ${r.trackingCode}`}
        rename={{ 'reporter.name': 'name', 'reporter.phone': 'phone' }}
        onSaved={(r) => {
          form.resetFields();
          navigate(`/cases/${r.cases[0].id}`);
        }}
      >
        <Form.Item name="source" label={t('cases.source')} rules={[{ required: true }]}>
          <Select options={CASE_SOURCES.filter((x) => x !== 'public' && x !== 'enterprise').map((x) => ({ value: x, label: l.source(x) }))} />
        </Form.Item>
        <Form.Item name="tracks" label={t('cases.track')} rules={[{ required: true }]}>
          <Checkbox.Group options={CASE_TRACKS.map((x) => ({ value: x, label: l.track(x) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('cases.title')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('cases.description')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="respondentName" label={t('cases.respondentName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="respondentCreditCode"
          label={t('cases.respondentCreditCode')}
          normalize={(v: string) => v.toUpperCase()}
          validateDebounce={300}
          rules={[creditCodeRule]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="respondentAddress" label={t('cases.respondentAddress')}>
          <Input />
        </Form.Item>
        <Form.Item name="anonymous" label={t('cases.anonymous')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {anonymous ? null : (
          <Flex gap={8}>
            <Form.Item name="name" label={t('cases.reporterName')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="phone" label={t('cases.reporterPhone')}>
              <Input />
            </Form.Item>
          </Flex>
        )}
      </FormModal>
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder={t('cases.search')} style={{ width: 260 }} onSearch={(v) => set('q', v)} aria-label={t('cases.search')} />
          <Select allowClear placeholder={t('cases.track')} style={{ width: 120 }} value={f.track as string | undefined} onChange={(v) => set('track', v)} options={CASE_TRACKS.map((x) => ({ value: x, label: l.track(x) }))} />
          <Select allowClear placeholder={t('cases.status')} style={{ width: 160 }} value={f.status as string | undefined} onChange={(v) => set('status', v)} options={CASE_STATUSES.map((x) => ({ value: x, label: l.status(x) }))} />
        </Flex>
        {table.error ? <QueryError error={table.error} onRetry={() => table.refetch()} /> : null}
        <Table<CaseSummary>
          {...table.tableProps}
          size="middle"
          columns={[
            { title: t('cases.title'), dataIndex: 'title', render: (v: string, c) => <Link to={`/cases/${c.id}`}>{v}</Link> },
            { title: t('cases.track'), dataIndex: 'track', width: 90, render: (v: string) => <Tag>{l.track(v)}</Tag> },
            { title: t('cases.respondentName'), dataIndex: 'respondentName' },
            { title: t('cases.status'), dataIndex: 'status', width: 120, render: (v: string) => l.status(v) },
            { title: t('cases.org'), dataIndex: 'orgName' },
            { title: t('cases.receivedOn'), dataIndex: 'receivedOn', width: 120 },
            { title: t('cases.nextDue'), dataIndex: 'nextDue', width: 120, render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
    </>
  );
}
