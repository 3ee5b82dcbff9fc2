import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { associationsApi } from '../../api/listening';
import { useT } from '../../lib/i18n';
import { useRegionOptions } from '../../components/useRegionOptions';

/**
 * Picks enterprises to add as members of an association: the region's registry searched on the server by name or
 * credit code. It shows what an association may see of an enterprise that is not yet its member — name, credit code,
 * district — and greys out the current members.
 */
export function MemberPicker({ associationId, value, onChange }: { associationId: number; value: number[]; onChange: (v: number[]) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const { districtLabel } = useRegionOptions();
  const found = useQuery({ queryKey: ['listening-associations', associationId, 'candidates', q], queryFn: ({ signal }) => associationsApi.candidates(associationId, q || undefined, signal) });
  return (
    <Select<number[]>
      id="add-members"
      data-testid="member-picker"
      mode="multiple"
      style={{ width: '100%' }}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t('listening.memberPickerHint')}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? null : t('listening.noCandidates')}
      options={(found.data ?? []).map((e) => ({
        value: e.id,
        disabled: e.member,
        label: e.name,
        title: e.creditCode,
        desc: `${e.creditCode} · ${districtLabel(e.districtCode) || '—'}${e.member ? ` · ${t('listening.alreadyMember')}` : ''}`,
      }))}
      optionRender={(o) => (
        <div>
          <div>{o.data.label}</div>
          <div style={{ fontSize: 12, opacity: 0.65 }}>{o.data.desc}</div>
        </div>
      )}
    />
  );
}
