import { useMemo } from 'react';
import { Tag } from 'antd';
import {
  ACCEPTANCE_STATE_LABELS,
  ACCEPTANCE_STATES,
  SITE_EVENT_LABELS,
  SITE_KIND_LABELS,
  SITE_KINDS,
  SITE_LEVEL_LABELS,
  SITE_LEVELS,
  SITE_STATUS_LABELS,
  SITE_STATUSES,
  TARGET_KIND_LABELS,
  type AcceptanceState,
  type SiteEventAction,
  type SiteKind,
  type SiteLevel,
  type SiteStatus,
  type TargetKind,
} from '@shangmi/shared';
import { useI18n } from '../../lib/i18n';

export const STATUS_COLORS: Record<SiteStatus, string> = {
  planned: 'default',
  building: 'processing',
  applying: 'warning',
  accredited: 'success',
  operating: 'green',
  suspended: 'orange',
  revoked: 'error',
};

/** Map and chart colours: a hue per kind, and per status for the pipeline. */
export const KIND_ACCENTS: Record<SiteKind, string> = { base: '#c41d7f', station: '#1f5fbf', point: '#13a8a8', centre: '#d46b08' };
export const STATUS_ACCENTS: Record<SiteStatus, string> = {
  planned: '#bfbfbf',
  building: '#69b1ff',
  applying: '#faad14',
  accredited: '#52c41a',
  operating: '#237804',
  suspended: '#fa8c16',
  revoked: '#595959',
};
export const KIND_SYMBOLS: Record<SiteKind, string> = { base: 'pin', station: 'diamond', point: 'circle', centre: 'triangle' };

const ACCEPTANCE_COLORS: Record<AcceptanceState, string> = { district: 'warning', city: 'gold', returned: 'error', withdrawn: 'default', approved: 'success' };

/** Labels of the shared catalogues in the current language. */
export function useSiteLabels() {
  const { pick } = useI18n();
  return useMemo(() => {
    const p = (m: { zh: string; en: string }) => pick(m.zh, m.en);
    return {
      kind: (k: SiteKind) => p(SITE_KIND_LABELS[k]),
      level: (l: SiteLevel) => p(SITE_LEVEL_LABELS[l]),
      status: (s: SiteStatus) => p(SITE_STATUS_LABELS[s]),
      acceptance: (a: AcceptanceState) => p(ACCEPTANCE_STATE_LABELS[a]),
      event: (a: SiteEventAction) => p(SITE_EVENT_LABELS[a] ?? { zh: a, en: a }),
      targetKind: (k: TargetKind) => p(TARGET_KIND_LABELS[k]),
      kindOptions: SITE_KINDS.map((k) => ({ value: k, label: p(SITE_KIND_LABELS[k]) })),
      levelOptions: SITE_LEVELS.map((l) => ({ value: l, label: p(SITE_LEVEL_LABELS[l]) })),
      statusOptions: SITE_STATUSES.map((s) => ({ value: s, label: p(SITE_STATUS_LABELS[s]) })),
      acceptanceOptions: ACCEPTANCE_STATES.map((a) => ({ value: a, label: p(ACCEPTANCE_STATE_LABELS[a]) })),
    };
  }, [pick]);
}

export function SiteStatusTag({ status }: { status: SiteStatus }) {
  const l = useSiteLabels();
  return <Tag color={STATUS_COLORS[status]}>{l.status(status)}</Tag>;
}

export function SiteKindTag({ kind }: { kind: SiteKind }) {
  const l = useSiteLabels();
  return (
    <Tag color={KIND_ACCENTS[kind]} style={{ marginInlineEnd: 4 }}>
      {l.kind(kind)}
    </Tag>
  );
}

export function AcceptanceTag({ state }: { state: AcceptanceState | null }) {
  const l = useSiteLabels();
  if (!state) return null;
  return <Tag color={ACCEPTANCE_COLORS[state]}>{l.acceptance(state)}</Tag>;
}
