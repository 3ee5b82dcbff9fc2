import { useCallback, useEffect, useMemo, useRef, useState, type Key, type ReactNode } from 'react';
import { Typography } from 'antd';
import type { Org } from '@shangmi/shared';
import { orgsApi } from '../api/orgs';
import { MAX_PAGE_SIZE } from '../api/lists';
import { useT } from '../lib/i18n';

/** One node of the lazily loaded organisation tree, usable by antd Tree (key) and TreeSelect (value). */
export interface OrgNode {
  key: string;
  value: number | string;
  title: ReactNode;
  /** plain name, for labels outside the tree */
  name: string;
  isLeaf: boolean;
  selectable?: boolean;
  disabled?: boolean;
  children?: OrgNode[];
  org?: Org;
}

interface Bucket {
  items: Org[];
  total: number;
  page: number;
}

const ROOT = 'root';
const bucketKey = (parentId: number | null) => (parentId === null ? ROOT : String(parentId));
const MORE_PREFIX = 'more:';

export const isMoreKey = (key: Key) => String(key).startsWith(MORE_PREFIX);

interface Options {
  status?: 'active' | 'disabled';
  /** this organisation and everything under it cannot be chosen (moving an organisation) */
  disabledSubtreeOf?: number;
}

/**
 * Children are fetched when a node opens (`GET /api/orgs?parentId=`), a page at a time: a district may hold thousands
 * of enterprises, so a "load more" node follows a partly loaded level.
 */
export function useOrgTree({ status, disabledSubtreeOf }: Options = {}) {
  const t = useT();
  const [buckets, setBuckets] = useState<Record<string, Bucket>>({});
  const [rootError, setRootError] = useState<unknown>(null);
  const [rootLoading, setRootLoading] = useState(true);
  const inflight = useRef(new Map<string, Promise<void>>());

  const load = useCallback(
    (parentId: number | null, page = 1): Promise<void> => {
      const k = `${bucketKey(parentId)}#${page}`;
      const running = inflight.current.get(k);
      if (running) return running;
      const p = orgsApi
        .list({ parentId: parentId ?? undefined, status, page, pageSize: MAX_PAGE_SIZE })
        .then((res) => {
          setBuckets((prev) => {
            const old = prev[bucketKey(parentId)];
            const items = page === 1 || !old ? res.items : [...old.items, ...res.items.filter((o) => !old.items.some((x) => x.id === o.id))];
            return { ...prev, [bucketKey(parentId)]: { items, total: res.total, page } };
          });
        })
        .finally(() => inflight.current.delete(k));
      inflight.current.set(k, p);
      return p;
    },
    [status],
  );

  const loadRoots = useCallback(() => {
    setRootLoading(true);
    setRootError(null);
    load(null)
      .catch((e: unknown) => setRootError(e))
      .finally(() => setRootLoading(false));
  }, [load]);

  useEffect(() => {
    loadRoots();
  }, [loadRoots]);

  const loadMore = useCallback(
    (parentId: number | null) => {
      const b = buckets[bucketKey(parentId)];
      return load(parentId, (b?.page ?? 0) + 1);
    },
    [buckets, load],
  );

  /** Children of a node, for antd's `loadData`; a no-op when already loaded. */
  const loadChildren = useCallback(
    (key: Key) => {
      if (isMoreKey(key)) return Promise.resolve();
      const id = Number(key);
      if (buckets[bucketKey(id)]) return Promise.resolve();
      return load(id);
    },
    [buckets, load],
  );

  /** Fetch a level again after a child was added, moved or deleted. */
  const reload = useCallback((parentId: number | null) => load(parentId, 1), [load]);

  const treeData = useMemo(() => {
    const build = (parentId: number | null, disabled: boolean): OrgNode[] => {
      const b = buckets[bucketKey(parentId)];
      if (!b) return [];
      const nodes: OrgNode[] = b.items.map((org) => {
        const childBucket = buckets[bucketKey(org.id)];
        const off = disabled || org.id === disabledSubtreeOf;
        return {
          key: String(org.id),
          value: org.id,
          title: org.status === 'disabled' ? <Typography.Text type="secondary">{org.name}</Typography.Text> : org.name,
          name: org.name,
          isLeaf: childBucket ? childBucket.items.length === 0 : !org.hasChildren,
          disabled: off || undefined,
          children: childBucket ? build(org.id, off) : undefined,
          org,
        };
      });
      if (b.items.length < b.total) {
        const key = `${MORE_PREFIX}${bucketKey(parentId)}`;
        nodes.push({
          key,
          value: key,
          name: '',
          isLeaf: true,
          selectable: false,
          title: (
            <Typography.Link
              onClick={(e) => {
                e.stopPropagation();
                void loadMore(parentId);
              }}
            >
              {t('common.loadMore', { shown: b.items.length, total: b.total })}
            </Typography.Link>
          ),
        });
      }
      return nodes;
    };
    return build(null, false);
  }, [buckets, disabledSubtreeOf, loadMore, t]);

  const findOrg = useCallback(
    (id: number): Org | undefined => {
      for (const b of Object.values(buckets)) {
        const o = b.items.find((x) => x.id === id);
        if (o) return o;
      }
      return undefined;
    },
    [buckets],
  );

  return { treeData, loadChildren, reload, findOrg, rootError, rootLoading, retryRoots: loadRoots };
}
