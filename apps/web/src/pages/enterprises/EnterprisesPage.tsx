import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { App, Button, Card, Flex, Form, Input, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { ENTERPRISE_STATUSES, formatDateTime, type CultivationStage, type Enterprise, type EnterpriseStatus } from '@shangmi/shared';
import { ENTERPRISES_EXPORT_PATH, enterprisesApi } from '../../api/enterprises';
import type { Query } from '../../api/client';
import { Can, usePermissions } from '../../app/access';
import { useMe } from '../../app/auth';
import { useDict } from '../../app/dicts';
import { useT } from '../../app/i18n';
import { useErrorHandler } from '../../app/errors';
import { PageHeader } from '../../components/PageHeader';
import { ExportButton } from '../../components/ExportButton';
import { QueryError } from '../../components/QueryError';
import { useServerTable } from '../../components/useServerTable';
import { EnterpriseDrawer } from './EnterpriseDrawer';
import { useCultivationLabels } from '../cultivation/options';
import { BulkRejectModal, RejectModal } from './EnterpriseModals';
import { EnterpriseStatusTag, useIndustryTree, useRegionOptions, useStatusOptions } from './options';

interface Filters {
  q?: string;
  districtCode?: string;
  parkId?: number;
  industryCode?: string;
  kind?: string;
  size?: string;
  status?: EnterpriseStatus;
  /** current stage on the cultivation list */
  stage?: CultivationStage;
}

function toQuery(f: Filters): Query {
  return {
    q: f.q?.trim() || undefined,
    districtCode: f.districtCode,
    parkId: f.parkId,
    industryCode: f.industryCode,
    kind: f.kind,
    size: f.size,
    status: f.status,
    stage: f.stage,
  };
}

/** Filters a link may carry (the home page's to-dos): ?status=pending. */
function filtersFrom(params: URLSearchParams): Filters {
  const status = params.get('status') as EnterpriseStatus | null;
  return { status: status && (ENTERPRISE_STATUSES as readonly string[]).includes(status) ? status : undefined };
}

export default function EnterprisesPage() {
  const t = useT();
  const [params] = useSearchParams();
  const [initial] = useState(() => filtersFrom(params));
  const can = usePermissions();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const [filterForm] = Form.useForm<Filters>();
  const filterDistrict = Form.useWatch('districtCode', filterForm);
  const regions = useRegionOptions(filterDistrict);
  const industry = useIndustryTree();
  const kinds = useDict('enterprise_kind');
  const sizes = useDict('enterprise_size');
  const statusOptions = useStatusOptions();
  const cultivation = useCultivationLabels();
  const [drawer, setDrawer] = useState<{ open: boolean; enterprise: Enterprise | null }>({ open: false, enterprise: null });
  const [rejecting, setRejecting] = useState<Enterprise | null>(null);
  // pending registrations picked for 批量驳回 (a wave of bogus sign-ups is rejected with one reason)
  const [picked, setPicked] = useState<number[]>([]);
  const [bulkRejecting, setBulkRejecting] = useState(false);

  const list = useServerTable<Enterprise>({
    key: 'enterprises',
    fetch: enterprisesApi.list,
    initialFilters: toQuery(initial),
    sortable: { name: 'name', createdAt: 'createdAt' },
  });
  // an enterprise's own users have one enterprise: its page is their list
  const own = me.orgKind === 'enterprise' ? list.data?.items.find((x) => x.orgId === me.orgId) : undefined;
  if (own) return <Navigate to={`/enterprises/${own.id}`} replace />;

  const confirm = async (e: Enterprise) => {
    try {
      await enterprisesApi.confirm(e.id);
      message.success(t('enterprises.confirmed'));
      await queryClient.invalidateQueries({ queryKey: ['enterprises'] });
    } catch (err) {
      onError(err);
    }
  };

  const canUpdate = can('enterprises:update');
  const canConfirm = can('enterprises:confirm');

  const columns: TableColumnsType<Enterprise> = [
    {
      title: t('enterprises.name'),
      key: 'name',
      sorter: true,
      width: 280,
      render: (_, e) => (
        <Flex vertical>
          <Link to={`/enterprises/${e.id}`}>{e.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }} copyable={{ text: e.creditCode }}>
            {e.creditCode}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('enterprises.district'), key: 'district', width: 110, render: (_, e) => regions.districtLabel(e.districtCode) },
    { title: t('enterprises.industry'), key: 'industry', width: 180, ellipsis: true, render: (_, e) => industry.label(e.industryCode) },
    {
      title: t('enterprises.kinds'),
      key: 'kinds',
      width: 200,
      render: (_, e) =>
        e.kinds.map((k) => (
          <Tag key={k} color="blue">
            {kinds.label(k)}
          </Tag>
        )),
    },
    { title: t('enterprises.size'), key: 'size', width: 80, render: (_, e) => sizes.label(e.size) },
    { title: t('enterprises.status'), key: 'status', width: 90, render: (_, e) => <EnterpriseStatusTag status={e.status} /> },
    {
      title: t('enterprises.contact'),
      key: 'contact',
      width: 160,
      render: (_, e) => (
        <Flex vertical>
          <span>{e.contactName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.contactPhone ?? e.contactEmail}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('enterprises.createdAt'), dataIndex: 'createdAt', key: 'createdAt', sorter: true, width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 200,
      render: (_, e) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => navigate(`/enterprises/${e.id}`)}>
            {t('enterprises.view')}
          </Button>
          {canUpdate && e.status !== 'merged' ? (
            <Button type="link" size="small" onClick={() => setDrawer({ open: true, enterprise: e })}>
              {t('common.edit')}
            </Button>
          ) : null}
          {canConfirm && e.status === 'pending' ? (
            <>
              <Popconfirm title={t('enterprises.confirmRegPrompt', { name: e.name })} onConfirm={() => confirm(e)}>
                <Button type="link" size="small">
                  {t('enterprises.confirmReg')}
                </Button>
              </Popconfirm>
              <Button type="link" size="small" danger onClick={() => setRejecting(e)}>
                {t('enterprises.rejectReg')}
              </Button>
            </>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('enterprises.title')}
        extra={
          <>
            <Can perm="enterprises:create">
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDrawer({ open: true, enterprise: null })}>
                {t('enterprises.add')}
              </Button>
            </Can>
            <Can perm="enterprises:import">
              <Button icon={<UploadOutlined aria-hidden />} onClick={() => void navigate('/enterprises/import')}>
                {t('enterpriseImport.button')}
              </Button>
            </Can>
            <ExportButton path={ENTERPRISES_EXPORT_PATH} query={list.exportQuery} baseName={t('enterprises.title')} />
          </>
        }
      />
      <Card className="filter-bar">
        <Form<Filters>
          form={filterForm}
          name="enterpriseFilter"
          initialValues={initial}
          layout="inline"
          onFinish={(v) => list.setFilters(toQuery(v))}
          onValuesChange={(changed: Partial<Filters>) => {
            if ('districtCode' in changed) filterForm.setFieldValue('parkId', undefined);
          }}
        >
          <Form.Item name="q" label={t('common.keyword')}>
            <Input allowClear placeholder={t('enterprises.keywordPlaceholder')} maxLength={100} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="districtCode" label={t('enterprises.district')}>
            <Select allowClear options={regions.districtOptions} loading={regions.loading} style={{ width: 140 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="parkId" label={t('enterprises.park')}>
            <Select
              allowClear
              options={regions.parkOptions}
              loading={regions.loading}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 180 }}
              placeholder={t('common.all')}
            />
          </Form.Item>
          <Form.Item name="industryCode" label={t('enterprises.industry')}>
            <TreeSelect
              allowClear
              treeData={industry.tree}
              showSearch
              treeNodeFilterProp="title"
              style={{ width: 240 }}
              popupMatchSelectWidth={360}
              listHeight={360}
              placeholder={t('common.all')}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('enterprises.kinds')}>
            <Select allowClear options={kinds.options} loading={kinds.loading} style={{ width: 150 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="size" label={t('enterprises.size')}>
            <Select allowClear options={sizes.options} loading={sizes.loading} style={{ width: 110 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="status" label={t('enterprises.status')}>
            <Select allowClear options={statusOptions} style={{ width: 110 }} placeholder={t('common.all')} />
          </Form.Item>
          {can('cultivation:read') ? (
            <Form.Item name="stage" label={t('cultivation.stage')}>
              <Select allowClear options={cultivation.stageOptions} style={{ width: 140 }} placeholder={t('common.all')} popupMatchSelectWidth={false} />
            </Form.Item>
          ) : null}
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  filterForm.resetFields();
                  list.setFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        {list.error ? <QueryError error={list.error} onRetry={() => void list.refetch()} /> : null}
        {canConfirm && picked.length ? (
          <Flex justify="flex-end" style={{ marginBottom: 12 }}>
            <Button danger onClick={() => setBulkRejecting(true)}>
              {t('enterprises.bulkReject', { count: picked.length })}
            </Button>
          </Flex>
        ) : null}
        <Table<Enterprise>
          {...list.tableProps}
          columns={columns}
          scroll={{ x: 1450 }}
          size="middle"
          rowSelection={
            canConfirm
              ? {
                  selectedRowKeys: picked,
                  preserveSelectedRowKeys: true,
                  onChange: (keys) => setPicked(keys as number[]),
                  getCheckboxProps: (e) => ({ disabled: e.status !== 'pending', name: `pick-${e.id}` }),
                }
              : undefined
          }
        />
      </Card>
      <EnterpriseDrawer
        open={drawer.open}
        enterprise={drawer.enterprise}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
      />
      <RejectModal enterprise={rejecting} onClose={() => setRejecting(null)} />
      <BulkRejectModal ids={picked} open={bulkRejecting} onClose={() => setBulkRejecting(false)} onDone={() => setPicked([])} />
    </>
  );
}
