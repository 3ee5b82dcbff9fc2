import { useState, type Key } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Input, Popconfirm, Row, Spin, Tree, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, type Org } from '@shangmi/shared';
import { orgsApi } from '../../api/orgs';
import { Can } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { regionsQuery, useDict } from '../../lib/dicts';
import { PageHeader } from '../../components/PageHeader';
import { ExportButton } from '../../components/ExportButton';
import { QueryError } from '../../components/QueryError';
import { StatusTag } from '../../components/Tags';
import { isMoreKey, useOrgTree } from '../../components/orgTree';
import { useDebounced } from '../../lib/hooks';
import { OrgDrawer, type OrgDrawerMode } from './OrgDrawer';

const SEARCH_PAGE_SIZE = 100;

export default function OrgsPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const tree = useOrgTree();
  const kinds = useDict('org_kind');
  const regions = useQuery(regionsQuery);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [drawer, setDrawer] = useState<{ open: boolean; mode: OrgDrawerMode | null }>({ open: false, mode: null });

  const found = useQuery({
    queryKey: ['orgs', 'search', q],
    queryFn: ({ signal }) => orgsApi.list({ q, page: 1, pageSize: SEARCH_PAGE_SIZE }, signal),
    enabled: q.length > 0,
  });

  const detail = useQuery({
    queryKey: ['orgs', 'detail', selectedId],
    queryFn: () => orgsApi.get(selectedId!),
    enabled: selectedId !== null,
  });
  const org = detail.data;

  const districtName = (code: string | null) => {
    if (!code) return '';
    for (const r of regions.data ?? []) {
      const d = r.districts.find((x) => x.code === code);
      if (d) return pick(d.name, d.nameEn);
    }
    return code;
  };

  const afterChange = async (parents: (number | null)[]) => {
    await Promise.all([...new Set(parents)].map((p) => tree.reload(p).catch(onError)));
    // show where the change happened
    setExpanded((keys) => [...new Set([...keys, ...parents.filter((p) => p !== null).map(String)])]);
    await queryClient.invalidateQueries({ queryKey: ['orgs'] });
  };

  const remove = async (o: Org) => {
    try {
      await orgsApi.remove(o.id);
      message.success(t('common.deleted'));
      setSelectedId(null);
      await afterChange([o.parentId]);
    } catch (e) {
      onError(e);
    }
  };

  const searching = q.length > 0;
  const searchNodes = (found.data?.items ?? []).map((o) => ({ key: String(o.id), title: o.name, isLeaf: true }));

  return (
    <>
      <PageHeader
        title={t('orgs.title')}
        extra={<ExportButton path="/api/orgs/export" query={{ q: q || undefined }} baseName={t('orgs.title')} />}
      />
      <Row gutter={16}>
        <Col xs={24} lg={9} xl={8}>
          <Card title={t('orgs.tree')} className="org-tree-card" size="small">
            <Input.Search
              allowClear
              aria-label={t('orgs.searchPlaceholder')}
              placeholder={t('orgs.searchPlaceholder')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              maxLength={100}
              style={{ marginBottom: 12 }}
              loading={found.isFetching}
            />
            {tree.rootError ? <QueryError error={tree.rootError} onRetry={tree.retryRoots} /> : null}
            {searching ? (
              <>
                {found.error ? <QueryError error={found.error} onRetry={() => void found.refetch()} /> : null}
                {found.data && found.data.items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
                {found.data && found.data.total > found.data.items.length ? (
                  <Typography.Text type="secondary">
                    {t('common.loadMore', { shown: found.data.items.length, total: found.data.total })}
                  </Typography.Text>
                ) : null}
                <Tree
                  treeData={searchNodes}
                  selectedKeys={selectedId ? [String(selectedId)] : []}
                  onSelect={(keys) => keys.length && setSelectedId(Number(keys[0]))}
                />
              </>
            ) : (
              <Spin spinning={tree.rootLoading}>
                {!tree.rootLoading && !tree.rootError && tree.treeData.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                ) : (
                  <Tree
                    showLine
                    blockNode
                    treeData={tree.treeData}
                    expandedKeys={expanded}
                    onExpand={setExpanded}
                    loadData={(node) => tree.loadChildren(String(node.key)).catch(onError)}
                    selectedKeys={selectedId ? [String(selectedId)] : []}
                    onSelect={(keys) => {
                      const k = keys[0];
                      if (k !== undefined && !isMoreKey(k)) setSelectedId(Number(k));
                    }}
                  />
                )}
              </Spin>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15} xl={16}>
          <Card
            size="small"
            title={org ? org.name : t('common.detail')}
            extra={
              org ? (
                <Flex gap={8} wrap>
                  <Can perm="orgs:update">
                    <Button icon={<EditOutlined aria-hidden />} onClick={() => setDrawer({ open: true, mode: { kind: 'edit', org } })}>
                      {t('common.edit')}
                    </Button>
                  </Can>
                  <Can perm="orgs:create">
                    <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDrawer({ open: true, mode: { kind: 'create', parent: org } })}>
                      {t('orgs.addChild')}
                    </Button>
                  </Can>
                  <Can perm="orgs:delete">
                    <Popconfirm
                      title={t('common.deleteConfirm', { name: org.name })}
                      description={t('orgs.deleteHint')}
                      onConfirm={() => remove(org)}
                      okButtonProps={{ danger: true }}
                    >
                      <Button danger icon={<DeleteOutlined aria-hidden />}>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </Can>
                </Flex>
              ) : null
            }
          >
            {selectedId === null ? (
              <Empty description={t('orgs.noSelection')} />
            ) : detail.error ? (
              <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
            ) : !org ? (
              <Spin />
            ) : (
              <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label={t('orgs.name')} span="filled">
                  {org.name}
                </Descriptions.Item>
                <Descriptions.Item label={t('orgs.shortName')}>{org.shortName}</Descriptions.Item>
                <Descriptions.Item label={t('orgs.kind')}>{kinds.label(org.kind)}</Descriptions.Item>
                <Descriptions.Item label={t('orgs.districtCode')}>{districtName(org.districtCode)}</Descriptions.Item>
                <Descriptions.Item label={t('orgs.creditCode')}>{org.creditCode}</Descriptions.Item>
                <Descriptions.Item label={t('orgs.contactName')}>{org.contactName}</Descriptions.Item>
                <Descriptions.Item label={t('orgs.contactPhone')}>{org.contactPhone}</Descriptions.Item>
                <Descriptions.Item label={t('orgs.address')} span="filled">
                  {org.address}
                </Descriptions.Item>
                <Descriptions.Item label={t('orgs.status')}>
                  <StatusTag status={org.status} />
                </Descriptions.Item>
                <Descriptions.Item label={t('orgs.sort')}>{org.sort}</Descriptions.Item>
                <Descriptions.Item label={t('orgs.createdAt')}>{formatDateTime(org.createdAt)}</Descriptions.Item>
                <Descriptions.Item label={t('orgs.updatedAt')}>{formatDateTime(org.updatedAt)}</Descriptions.Item>
              </Descriptions>
            )}
          </Card>
        </Col>
      </Row>
      <OrgDrawer
        open={drawer.open}
        mode={drawer.mode}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
        onSaved={(parents) => void afterChange(parents)}
      />
    </>
  );
}
