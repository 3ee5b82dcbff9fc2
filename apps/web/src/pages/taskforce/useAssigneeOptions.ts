import { useQuery } from '@tanstack/react-query';
import { orgsApi } from '../../api/orgs';
import { taskforceApi } from '../../api/taskforce';
import { useMe } from '../../lib/auth';

/** Whom a task may go to: the member units, then the district bureaus under the office's bureau. */
export function useAssigneeOptions(enabled: boolean) {
  const me = useMe();
  const units = useQuery({ queryKey: ['taskforce', 'units'], queryFn: ({ signal }) => taskforceApi.units(signal), enabled });
  const districts = useQuery({ queryKey: ['orgs', 'districtBureaus', me.orgId], queryFn: ({ signal }) => orgsApi.list({ parentId: me.orgId, kind: 'district_bureau' }, signal), enabled });
  const unitOptions = (units.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.orgId, label: u.orgName }));
  const seen = new Set(unitOptions.map((o) => o.value));
  const districtOptions = (districts.data?.items ?? []).filter((o) => !seen.has(o.id)).map((o) => ({ value: o.id, label: o.name }));
  return { units: unitOptions, all: [...unitOptions, ...districtOptions] };
}
