import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Checkbox, Flex, Form, Input, Select, Switch, Tag } from 'antd';
import type { CaseSummary, IntakeResult } from '@shangmi/shared';
import { CASE_SOURCES, CASE_STATUSES, CASE_TRACKS } from '@shangmi/shared';
import { casesApi, CASES_EXPORT_PATH, type StaffIntakeInput } from '../../api/cases';
import { useCan } from '../../lib/access';
import { useMe } from '../../lib/auth';
import { FormModal } from '../../components/FormDialog';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { useServerTable } from '../../components/useServerTable';
import { PARTNER_ORG_KINDS } from '../../app/nav';
import { INTAKE_RENAME, IntakeFields, toIntake, type IntakeValues } from './CaseIntake';
import { useCaseLabels } from './labels';

type EntryValues = IntakeValues & { source: StaffIntakeInput['source'] };

/** 案件列表: every case in the user's scope (a partner agency: what was transferred or notified to it), filterable and exportable. */
export default function CasesPage() {
  const l = useCaseLabels();
  const { t } = l;
  const me = useMe();
  const partner = PARTNER_ORG_KINDS.includes(me.orgKind);
  const title = partner ? t('cases.partnerMenuList') : t('cases.menuList');
  useDocumentTitle(title);
  const table = useServerTable<CaseSummary>({ key: 'cases', fetch: casesApi.list });
  const canEnter = useCan('cases:create');
  const [entering, setEntering] = useState(false);
  const [form] = Form.useForm<EntryValues>();
  const anonymous = Form.useWatch('anonymous', form);
  const navigate = useNavigate();

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
      <FormModal<EntryValues, IntakeResult>
        form={form}
        name="case-enter"
        open={entering}
        title={t('cases.enter')}
        width={640}
        keepValues
        initialValues={{ tracks: ['report'], anonymous: false, source: 'phone' }}
        onClose={() => setEntering(false)}
        save={(v) => casesApi.enter({ ...toIntake(v), source: v.source })}
        success={(r) => `${t('cases.code')} ${r.trackingCode}`}
        rename={INTAKE_RENAME}
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
        <IntakeFields descriptionRows={3} />
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
      <FilterBar table={table} name="casesFilter" instant keyword={{ placeholder: t('cases.search'), width: 260 }}>
        <FilterSelect name="track" label={t('cases.track')} width={120} options={CASE_TRACKS.map((x) => ({ value: x, label: l.track(x) }))} />
        <FilterSelect name="status" label={t('cases.status')} width={160} options={CASE_STATUSES.map((x) => ({ value: x, label: l.status(x) }))} />
      </FilterBar>
      <ListCard<CaseSummary>
        table={table}
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
    </>
  );
}
