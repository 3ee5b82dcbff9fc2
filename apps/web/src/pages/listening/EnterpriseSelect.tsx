import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { enterprisesApi } from '../../api/enterprises';
import { useT } from '../../lib/i18n';

/** Enterprises within the caller's scope, searched by name on the server (a visit's or forum's enterprises). */
export function EnterpriseSelect({ id, value, onChange, multiple }: { id?: string; value?: number[]; onChange?: (v: number[]) => void; multiple?: boolean }) {
  const t = useT();
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['enterprises', 'pick', q], queryFn: ({ signal }) => enterprisesApi.list({ q: q || undefined, pageSize: 20 }, signal) });
  return (
    <Select<number[]>
      id={id}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v) => onChange?.(Array.isArray(v) ? v : [v as unknown as number])}
      placeholder={t('listening.enterpriseIdsHint')}
      loading={found.isFetching}
      options={(found.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
    />
  );
}
