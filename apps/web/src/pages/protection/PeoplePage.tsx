import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { formatDateTime, type Person } from '@shangmi/shared';
import { PEOPLE_EXPORT_PATH, protectionApi, type PersonFilters } from '../../api/protection';
import { Can } from '../../lib/access';
import { useT } from '../../lib/i18n';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useServerTable } from '../../components/useServerTable';
import { useProtectionLabels } from './labels';
import { NoticeSendModal } from './NoticeSendModal';
import { PersonDrawer } from './PersonDrawer';

/** 涉密人员: employees and outside parties who know a secret, their agreements, acknowledgements and departures. */
export default function PeoplePage() {
  const t = useT();
  const l = useProtectionLabels();
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  const [sending, setSending] = useState(false);
  const list = useServerTable<Person, PersonFilters>({ key: 'protection', fetch: protectionApi.people });
  const columns: TableColumnsType<Person> = [
    { title: t('protection.personName'), key: 'name', render: (_, p) => <Link to={`/protection/people/${p.id}`}>{p.name}</Link> },
    { title: t('protection.personKind'), key: 'kind', width: 110, render: (_, p) => l.personKind(p.kind) },
    { title: t('protection.department'), key: 'dept', render: (_, p) => [p.organisation, p.department, p.position].filter(Boolean).join(' · ') || '—' },
    { title: t('protection.agreementSignedOn'), key: 'agreement', width: 130, render: (_, p) => p.agreementSignedOn ?? <Tag color="warning">{t('protection.noAgreement')}</Tag> },
    { title: t('protection.nonCompeteTo'), key: 'nc', width: 120, render: (_, p) => p.nonCompeteTo ?? '—' },
    { title: t('protection.secretsKnown'), key: 'secrets', width: 90, render: (_, p) => p.secretCount },
    { title: t('protection.acknowledgedAt'), key: 'ack', width: 170, render: (_, p) => formatDateTime(p.lastAcknowledgedAt) || '—' },
    { title: t('protection.personStatus'), key: 'status', width: 110, render: (_, p) => (p.status === 'departed' ? `${t('protection.statusDeparted')} ${p.departedOn ?? ''}` : t('protection.statusActive')) },
  ];
  return (
    <>
      <PageHeader
        title={t('protection.peopleTitle')}
        extra={
          <>
            <Can perm="protection:manage">
              <Button icon={<SendOutlined aria-hidden />} onClick={() => setSending(true)}>
                {t('protection.sendNotice')}
              </Button>
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
                {t('protection.addPerson')}
              </Button>
            </Can>
            <ExportButton path={PEOPLE_EXPORT_PATH} query={list.exportQuery} baseName={t('protection.peopleTitle')} />
          </>
        }
      />
      <FilterBar<PersonFilters> table={list} name="peopleFilter" keyword={{ placeholder: t('protection.personName'), width: 160 }}>
        <FilterSelect name="kind" label={t('protection.personKind')} options={l.personKindOptions} width={120} />
        <FilterSelect
          name="status"
          label={t('protection.personStatus')}
          options={[
            { value: 'active', label: t('protection.statusActive') },
            { value: 'departed', label: t('protection.statusDeparted') },
          ]}
          width={120}
        />
        <FilterSelect name="noAgreement" label={t('protection.noAgreement')} options={[{ value: 'true', label: t('protection.noAgreement') }]} width={130} />
      </FilterBar>
      <ListCard<Person> table={list} columns={columns} scroll={{ x: 1000 }} />
      <PersonDrawer open={adding} onClose={() => setAdding(false)} onSaved={(p) => navigate(`/protection/people/${p.id}`)} />
      <NoticeSendModal open={sending} onClose={() => setSending(false)} />
    </>
  );
}
