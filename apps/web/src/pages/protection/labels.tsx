import { useMemo } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Progress, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import {
  GRANT_STATUS_LABELS,
  NOTICE_STATUS_LABELS,
  READINESS_BANDS,
  RECORD_KIND_LABELS,
  RECORD_KINDS,
  SECRET_STATUS_LABELS,
  SECRET_STATUSES,
  readinessBand,
  ruleLabel,
  type GrantStatus,
  type NoticeStatus,
  type ProtectionRules,
  type RecordKind,
  type SecretStatus,
} from '@shangmi/shared';
import { protectionApi } from '../../api/protection';
import { useI18n } from '../../lib/i18n';

type Choice = { value: string; label: { zh: string; en: string } };

/** The file's rules (config/protection/rules.yaml, read once per session) and its labels in the current language. */
export function useProtectionLabels() {
  const { pick } = useI18n();
  const rules = useQuery({ queryKey: ['protection', 'rules'], queryFn: ({ signal }) => protectionApi.rules(signal), staleTime: Infinity });
  return useMemo(() => {
    const r: ProtectionRules | undefined = rules.data;
    const p = (m: { zh: string; en: string }) => pick(m.zh, m.en);
    const options = (list: readonly Choice[] | undefined) => (list ?? []).map((c) => ({ value: c.value, label: p(c.label) }));
    const label = (list: readonly Choice[] | undefined, v: string) => p(ruleLabel(list ?? [], v));
    return {
      rules: r,
      p,
      category: (v: string) => label(r?.categories, v),
      subKind: (category: string, v: string) => label(r?.categories.find((c) => c.value === category)?.kinds, v),
      level: (v: string) => label(r?.levels, v),
      carrierKind: (v: string) => label(r?.carrierKinds, v),
      personKind: (v: string) => label(r?.people.kinds, v),
      part: (v: string) => label(r?.grants.parts, v),
      departureItem: (v: string) => label(r?.departure.items, v),
      status: (s: SecretStatus) => p(SECRET_STATUS_LABELS[s]),
      noticeStatus: (s: NoticeStatus) => p(NOTICE_STATUS_LABELS[s]),
      grantStatus: (s: GrantStatus) => p(GRANT_STATUS_LABELS[s]),
      recordKind: (k: RecordKind) => p(RECORD_KIND_LABELS[k]),
      categoryOptions: options(r?.categories),
      subKindOptions: (category: string | undefined) => options(r?.categories.find((c) => c.value === category)?.kinds),
      levelOptions: options(r?.levels),
      carrierOptions: options(r?.carrierKinds),
      advantageOptions: options(r?.advantages),
      formationOptions: options(r?.formations),
      notPublicOptions: options(r?.notPublic),
      personKindOptions: options(r?.people.kinds),
      partOptions: options(r?.grants.parts),
      statusOptions: SECRET_STATUSES.map((s) => ({ value: s, label: p(SECRET_STATUS_LABELS[s]) })),
      recordKindOptions: RECORD_KINDS.map((k) => ({ value: k, label: p(RECORD_KIND_LABELS[k]) })),
    };
  }, [rules.data, pick]);
}

const BAND_COLORS = ['#389e0d', '#1677ff', '#fa8c16', '#cf1322'];
const STATUS_COLORS: Record<SecretStatus, string> = { active: 'success', retired: 'default', disclosed: 'error' };
const NOTICE_COLORS: Record<NoticeStatus, string> = { pending: 'processing', acknowledged: 'success', expired: 'default', revoked: 'default' };
const GRANT_COLORS: Record<GrantStatus, string> = { active: 'success', expired: 'default', revoked: 'default' };

/** The score as a bar in its band's colour, with the band's name. */
export function ReadinessBar({ score, width = 120 }: { score: number; width?: number }) {
  const { pick } = useI18n();
  const band = readinessBand(score);
  const b = READINESS_BANDS[band]!;
  return (
    <span title={pick(b.label.zh, b.label.en)} style={{ display: 'inline-block', width }} data-testid="readiness">
      <Progress percent={score} size="small" strokeColor={BAND_COLORS[band]} format={(n) => `${n}`} />
    </span>
  );
}

export function SecretStatusTag({ status }: { status: SecretStatus }) {
  const l = useProtectionLabels();
  return <Tag color={STATUS_COLORS[status]}>{l.status(status)}</Tag>;
}
export function NoticeStatusTag({ status }: { status: NoticeStatus }) {
  const l = useProtectionLabels();
  return <Tag color={NOTICE_COLORS[status]}>{l.noticeStatus(status)}</Tag>;
}
export function GrantStatusTag({ status }: { status: GrantStatus }) {
  const l = useProtectionLabels();
  return <Tag color={GRANT_COLORS[status]}>{l.grantStatus(status)}</Tag>;
}
export const LEVEL_COLORS: Record<string, string> = { core: 'red', important: 'orange', general: 'blue' };

/** Form.Item props for a DatePicker whose value is the API's `YYYY-MM-DD` text (legal dates travel as days, not instants). */
export const dayItem = {
  getValueProps: (v: string | null | undefined) => ({ value: v ? dayjs(v) : null }),
  normalize: (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null),
};
