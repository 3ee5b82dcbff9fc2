import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Form, Input, Select } from 'antd';
import { ASSOCIATION_KINDS, ASSOCIATION_KIND_LABELS, pick, type Association, type AssociationDetail, type AssociationKind, type associationListQuery } from '@shangmi/shared';
import { associationsApi } from '../../api/listening';
import type { Filters } from '../../api/lists';
import { useI18n } from '../../lib/i18n';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { FormModal } from '../../components/FormDialog';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';
import { useMe } from '../../lib/auth';

type AssociationFilters = Filters<typeof associationListQuery>;
interface CreateValues {
  name: string;
  kind: AssociationKind;
  trade: string;
  intro?: string;
  contactName?: string;
  contactPhone?: string;
}

/** 协会联盟: the registry of industry associations and protection alliances under the caller's bureau; register one. */
export default function AssociationsPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const bureau = ['platform', 'city_bureau', 'district_bureau'].includes(useMe().orgKind);
  const table = useServerTable<Association, AssociationFilters>({ key: 'listening-associations', fetch: associationsApi.list });
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t('listening.menuAssociations')}
        extra={
          bureau ? (
            <Button type="primary" data-testid="register-association" onClick={() => setCreating(true)}>
              {t('listening.registerAssociation')}
            </Button>
          ) : null
        }
      />
      <FilterBar<AssociationFilters> table={table} name="associationFilter" instant keyword={{ placeholder: t('listening.associationName'), maxLength: 50 }}>
        <FilterSelect name="kind" label={t('listening.kind')} width={170} options={ASSOCIATION_KINDS.map((k) => ({ value: k, label: pick(ASSOCIATION_KIND_LABELS[k], locale) }))} />
      </FilterBar>
      <ListCard<Association>
        table={table}
        scroll={{ x: 760 }}
        columns={[
          { title: t('listening.associationName'), dataIndex: 'name', render: (v: string, r) => <Link to={`/listening/associations/${r.id}`}>{v}</Link> },
          { title: t('listening.kind'), dataIndex: 'kind', width: 150, render: (v: AssociationKind) => pick(ASSOCIATION_KIND_LABELS[v], locale) },
          { title: t('listening.trade'), dataIndex: 'trade', width: 140 },
          { title: t('listening.registeredUnder'), dataIndex: 'parentName', width: 180 },
          { title: t('listening.members'), dataIndex: 'members', width: 80 },
          { title: t('listening.norms'), dataIndex: 'norms', width: 80 },
          { title: t('listening.activities'), dataIndex: 'activities', width: 80 },
        ]}
      />
      <FormModal<CreateValues, AssociationDetail>
        open={creating}
        onClose={() => setCreating(false)}
        title={t('listening.registerAssociation')}
        name="associationForm"
        initialValues={{ kind: 'association' }}
        save={(v) => associationsApi.create({ name: v.name, kind: v.kind, trade: v.trade, intro: v.intro || null, contactName: v.contactName || null, contactPhone: v.contactPhone || null })}
        success={t('common.created')}
        invalidate={['listening-associations']}
        onSaved={(a) => void navigate(`/listening/associations/${a.id}`)}
      >
        <Form.Item name="name" label={t('listening.associationName')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('listening.kind')} rules={[{ required: true }]}>
          <Select options={ASSOCIATION_KINDS.map((k) => ({ value: k, label: pick(ASSOCIATION_KIND_LABELS[k], locale) }))} />
        </Form.Item>
        <Form.Item name="trade" label={t('listening.trade')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="intro" label={t('listening.intro')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="contactName" label={t('listening.contactName')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('listening.contactPhone')}>
          <Input maxLength={30} />
        </Form.Item>
      </FormModal>
    </>
  );
}
