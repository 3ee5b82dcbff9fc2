import { useState } from 'react';
import { Select, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { sitesApi } from '../../api/sites';
import { useDict } from '../../lib/dicts';
import { useT } from '../../lib/i18n';

/**
 * The host (依托单位) of a site: an organisation of the registry, searched by a part of its name (issue 24 item 2) —
 * enterprises show their kinds (知识密集型 …), other organisations their kind. `current` labels the linked host before
 * any search.
 */
export function HostSelect({ id, value, onChange, current }: { id?: string; value?: number | null; onChange?: (v: number | null) => void; current?: { id: number; name: string } | null }) {
  const t = useT();
  const [q, setQ] = useState('');
  const kinds = useDict('enterprise_kind');
  const orgKinds = useDict('org_kind');
  const found = useQuery({ queryKey: ['sites', 'hosts', q], queryFn: ({ signal }) => sitesApi.hosts(q, signal), enabled: q.trim().length > 0 });
  const options = (found.data ?? []).map((h) => ({
    value: h.id,
    label: (
      <span>
        {h.name}{' '}
        <Tag>{orgKinds.label(h.kind)}</Tag>
        {h.enterpriseKinds.map((k) => (
          <Tag key={k} color="blue">
            {kinds.label(k)}
          </Tag>
        ))}
      </span>
    ),
  }));
  if (current && !options.some((o) => o.value === current.id)) options.unshift({ value: current.id, label: <span>{current.name}</span> });
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
      loading={found.isFetching}
      placeholder={t('sites.hostSearch')}
      notFoundContent={q ? t('sites.hostNone') : null}
    />
  );
}
