import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, Card, Descriptions, Flex, Popconfirm, Result, Tag, Tooltip } from 'antd';
import { ArrowLeftOutlined, EditOutlined, MergeCellsOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@shangmi/shared';
import { ApiError } from '../../api/client';
import { enterprisesApi } from '../../api/enterprises';
import { usePermissions } from '../../lib/access';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { EnterpriseCultivationCard } from '../../components/cultivation/EnterpriseCultivationCard';
import { EnterpriseCreditCard } from '../../components/credit/EnterpriseCreditCard';
import { EnterpriseVisitsCard } from '../../components/listening/EnterpriseVisitsCard';
import { EnterpriseDrawer } from './EnterpriseDrawer';
import { EnterpriseUsersCard } from './EnterpriseUsersCard';
import { InviteModal, MergeModal, RejectModal } from './EnterpriseModals';
import { EnterpriseStatusTag } from './options';
import { useIndustryTree } from '../../components/useIndustryTree';
import { useRegionOptions } from '../../components/useRegionOptions';
import { useAction } from '../../components/useAction';

export default function EnterpriseDetailPage() {
  const t = useT();
  const { id: rawId } = useParams();
  const id = Number(rawId);
  const valid = Number.isInteger(id) && id > 0;
  const navigate = useNavigate();
  const can = usePermissions();
  const act = useAction(['enterprises']);
  const regions = useRegionOptions();
  const industry = useIndustryTree();
  const kinds = useDict('enterprise_kind');
  const sizes = useDict('enterprise_size');
  const [editing, setEditing] = useState(false);
  const [inviting, setInviting] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [merging, setMerging] = useState(false);

  const query = useQuery({
    queryKey: ['enterprises', 'detail', id],
    queryFn: ({ signal }) => enterprisesApi.get(id, signal),
    enabled: valid,
  });
  const e = query.data;

  if (!valid || (query.error instanceof ApiError && query.error.status === 404)) {
    return (
      <Result
        status="404"
        title={t('enterprises.notFound')}
        extra={<Button onClick={() => navigate('/enterprises')}>{t('common.back')}</Button>}
      />
    );
  }
  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (!e) return <FullPageSpinner />;

  const confirm = () => act(() => enterprisesApi.confirm(e.id), t('enterprises.confirmed'));

  const dash = (v: string | null | undefined) => v || '—';
  const industryText = e.industryCode
    ? e.industrySection && e.industrySection !== e.industryCode
      ? `${industry.label(e.industrySection)} / ${industry.label(e.industryCode)}`
      : industry.label(e.industryCode)
    : '—';

  return (
    <>
      <PageHeader
        title={e.name}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate('/enterprises')}>
              {t('common.back')}
            </Button>
            {can('enterprises:confirm') && e.status === 'pending' ? (
              <>
                <Popconfirm title={t('enterprises.confirmRegPrompt', { name: e.name })} onConfirm={confirm}>
                  <Button type="primary">{t('enterprises.confirmReg')}</Button>
                </Popconfirm>
                <Button danger onClick={() => setRejecting(true)}>
                  {t('enterprises.rejectReg')}
                </Button>
              </>
            ) : null}
            {can('enterprises:create') ? (
              <Tooltip title={e.status === 'active' ? undefined : t('enterprises.inviteOnlyActive')}>
                <Button icon={<UserAddOutlined aria-hidden />} disabled={e.status !== 'active'} onClick={() => setInviting(true)}>
                  {t('enterprises.invite')}
                </Button>
              </Tooltip>
            ) : null}
            {can('enterprises:merge') && e.status !== 'merged' ? (
              <Button icon={<MergeCellsOutlined aria-hidden />} onClick={() => setMerging(true)}>
                {t('enterprises.merge')}
              </Button>
            ) : null}
            {can('enterprises:update') && e.status !== 'merged' ? (
              <Button type="primary" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex vertical gap={16}>
        <Card title={t('enterprises.profile')}>
          <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
            <Descriptions.Item label={t('enterprises.name')}>{e.name}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.creditCode')}>
              <span style={{ fontFamily: 'monospace' }}>{e.creditCode}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('enterprises.legalRep')}>{dash(e.legalRep)}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.size')}>{dash(sizes.label(e.size))}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.district')}>{dash(regions.districtLabel(e.districtCode))}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.park')}>{dash(regions.parkLabel(e.parkId))}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.industry')} span={2}>
              {industryText}
            </Descriptions.Item>
            <Descriptions.Item label={t('enterprises.kinds')} span={2}>
              {e.kinds.length
                ? e.kinds.map((k) => (
                    <Tag key={k} color="blue">
                      {kinds.label(k)}
                    </Tag>
                  ))
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('enterprises.regAddress')} span={2}>
              {dash(e.regAddress)}
            </Descriptions.Item>
            <Descriptions.Item label={t('enterprises.opAddress')} span={2}>
              {dash(e.opAddress)}
            </Descriptions.Item>
            <Descriptions.Item label={t('enterprises.products')} span={2}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{dash(e.products)}</span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('enterprises.contacts')}>
          <Descriptions column={{ xs: 1, md: 3 }} bordered size="small">
            <Descriptions.Item label={t('enterprises.contactName')}>{dash(e.contactName)}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.contactPhone')}>{dash(e.contactPhone)}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.contactEmail')}>{dash(e.contactEmail)}</Descriptions.Item>
          </Descriptions>
        </Card>
        <EnterpriseUsersCard enterprise={e} onInvite={() => setInviting(true)} />
        <Card title={t('enterprises.registry')}>
          <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
            <Descriptions.Item label={t('enterprises.status')}>
              <EnterpriseStatusTag status={e.status} />
              {e.status === 'merged' && e.mergedIntoId ? (
                <span>
                  {t('enterprises.mergedInto')} <Link to={`/enterprises/${e.mergedIntoId}`}>#{e.mergedIntoId}</Link>
                </span>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('enterprises.source')}>{t(`enterprises.sources.${e.source}`)}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.site')}>{dash(e.siteOrgName)}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.createdAt')}>{formatDateTime(e.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('enterprises.updatedAt')}>{formatDateTime(e.updatedAt)}</Descriptions.Item>
          </Descriptions>
        </Card>
        <EnterpriseCultivationCard enterprise={e} />
        <EnterpriseCreditCard enterpriseId={e.id} />
        <EnterpriseVisitsCard enterpriseId={e.id} />
      </Flex>
      <EnterpriseDrawer open={editing} enterprise={e} onClose={() => setEditing(false)} />
      <InviteModal enterprise={e} open={inviting} onClose={() => setInviting(false)} />
      <MergeModal enterprise={e} open={merging} onClose={() => setMerging(false)} />
      <RejectModal enterprise={rejecting ? e : null} onClose={() => setRejecting(false)} onDone={() => navigate('/enterprises')} />
    </>
  );
}
