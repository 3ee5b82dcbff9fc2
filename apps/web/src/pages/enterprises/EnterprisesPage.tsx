import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Button, Flex, Form, Popconfirm, Space, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { enterpriseListQuery, formatDateTime, type Enterprise } from '@shangmi/shared';
import { ENTERPRISES_EXPORT_PATH, enterprisesApi, type EnterpriseFilters } from '../../api/enterprises';
import { filtersFromParams } from '../../lib/filters';
import { Can, usePermissions } from '../../lib/access';
import { useMe } from '../../lib/auth';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { useServerTable } from '../../components/useServerTable';
import { EnterpriseDrawer } from './EnterpriseDrawer';
import { useCultivationLabels } from '../../components/cultivation/labels';
import { BulkRejectModal, RejectModal } from './EnterpriseModals';
import { EnterpriseStatusTag, useStatusOptions } from './options';
import { useIndustryTree } from '../../components/useIndustryTree';
import { useRegionOptions } from '../../components/useRegionOptions';
import { useAction } from '../../components/useAction';

export default function EnterprisesPage() {
  const t = useT();
  const [params] = useSearchParams();
  // filters a link may carry (the home page's to-dos): ?status=pending
  const [initial] = useState(() => filtersFromParams(enterpriseListQuery, params, ['status']));
  const can = usePermissions();
  const me = useMe();
  const navigate = useNavigate();
  const act = useAction(['enterprises']);
  const [filterForm] = Form.useForm<EnterpriseFilters>();
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

  const list = useServerTable<Enterprise, EnterpriseFilters>({
    key: 'enterprises',
    fetch: enterprisesApi.list,
    initialFilters: initial,
    sortable: { name: 'name', createdAt: 'createdAt' },
  });
  // an enterprise's own users have one enterprise: its page is their list
  const own = me.orgKind === 'enterprise' ? list.data?.items.find((x) => x.orgId === me.orgId) : undefined;
  if (own) return <Navigate to={`/enterprises/${own.id}`} replace />;

  const confirm = (e: Enterprise) => act(() => enterprisesApi.confirm(e.id), t('enterprises.confirmed'));

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
      <FilterBar<EnterpriseFilters>
        table={list}
        form={filterForm}
        name="enterpriseFilter"
        initialValues={initial}
        keyword={{ placeholder: t('enterprises.keywordPlaceholder'), width: 240 }}
        onValuesChange={(changed) => {
          if ('districtCode' in changed) filterForm.setFieldValue('parkId', undefined);
        }}
      >
        <FilterSelect name="districtCode" label={t('enterprises.district')} options={regions.districtOptions} loading={regions.loading} width={140} />
        <FilterSelect name="parkId" label={t('enterprises.park')} options={regions.parkOptions} loading={regions.loading} showSearch={{ optionFilterProp: 'label' }} width={180} />
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
        <FilterSelect name="kind" label={t('enterprises.kinds')} options={kinds.options} loading={kinds.loading} width={150} />
        <FilterSelect name="size" label={t('enterprises.size')} options={sizes.options} loading={sizes.loading} width={110} />
        <FilterSelect name="status" label={t('enterprises.status')} options={statusOptions} width={110} />
        {can('cultivation:read') ? <FilterSelect name="stage" label={t('cultivation.stage')} options={cultivation.stageOptions} width={140} popupMatchSelectWidth={false} /> : null}
      </FilterBar>
      <ListCard<Enterprise>
        table={list}
        columns={columns}
        scroll={{ x: 1450 }}
        toolbar={
          canConfirm && picked.length ? (
            <Flex justify="flex-end" style={{ marginBottom: 12 }}>
              <Button danger onClick={() => setBulkRejecting(true)}>
                {t('enterprises.bulkReject', { count: picked.length })}
              </Button>
            </Flex>
          ) : null
        }
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
