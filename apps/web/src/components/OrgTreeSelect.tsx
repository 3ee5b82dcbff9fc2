import { useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { TreeSelect } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { orgsApi } from '../api/orgs';
import { useT } from '../lib/i18n';
import { useErrorHandler } from '../lib/errors';
import { useDebounced } from '../lib/hooks';
import { useOrgTree, type OrgNode } from './orgTree';

interface Props {
  id?: string;
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  /** name to show for `value` before its branch of the tree has been loaded (e.g. the user's orgName) */
  fallbackLabel?: string;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  /** only active organisations can be chosen for new records */
  status?: 'active' | 'disabled';
  /** this organisation and its subtree are not offered (moving an organisation under itself) */
  disabledSubtreeOf?: number;
  style?: CSSProperties;
}

/**
 * Organisation picker: the tree loads level by level; typing searches the server (`q`) and lists matches flat, since
 * a match may sit in a branch not loaded yet.
 */
export function OrgTreeSelect({
  id,
  value,
  onChange,
  fallbackLabel,
  placeholder,
  allowClear = true,
  disabled,
  status,
  disabledSubtreeOf,
  style,
}: Props) {
  const t = useT();
  const onError = useErrorHandler();
  const tree = useOrgTree({ status, disabledSubtreeOf });
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [picked, setPicked] = useState<{ id: number; name: string } | null>(null);

  const found = useQuery({
    queryKey: ['orgs', 'search', q, status ?? ''],
    queryFn: ({ signal }) => orgsApi.list({ q, status, page: 1, pageSize: 50 }, signal),
    enabled: q.length > 0,
    staleTime: 30_000,
  });

  const searchNodes = useMemo<OrgNode[]>(
    () =>
      (found.data?.items ?? []).map((org) => ({
        key: `s${org.id}`,
        value: org.id,
        title: org.name,
        name: org.name,
        isLeaf: true,
        disabled: org.id === disabledSubtreeOf || undefined,
        org,
      })),
    [found.data, disabledSubtreeOf],
  );

  const label = (v: number): string => {
    if (picked?.id === v) return picked.name;
    return tree.findOrg(v)?.name ?? found.data?.items.find((o) => o.id === v)?.name ?? fallbackLabel ?? String(v);
  };

  const searching = search.trim().length > 0;
  return (
    <TreeSelect<{ value: number; label: ReactNode } | undefined>
      id={id}
      style={{ width: '100%', ...style }}
      labelInValue
      value={value ? { value, label: label(value) } : undefined}
      onChange={(v) => {
        if (v && typeof v.value === 'number') {
          setPicked({ id: v.value, name: label(v.value) });
          onChange?.(v.value);
        } else {
          setPicked(null);
          onChange?.(undefined);
        }
        setSearch('');
      }}
      treeData={searching ? searchNodes : tree.treeData}
      loadData={searching ? undefined : (node) => tree.loadChildren(String(node.key)).catch(onError)}
      treeNodeLabelProp="name"
      showSearch={{ searchValue: search, onSearch: setSearch, filterTreeNode: false, autoClearSearchValue: true }}
      notFoundContent={found.isFetching || tree.rootLoading ? t('common.loading') : undefined}
      placeholder={placeholder ?? t('common.pleaseSelect')}
      allowClear={allowClear}
      disabled={disabled}
      loading={tree.rootLoading || found.isFetching}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto', minWidth: 280 } } }}
    />
  );
}
