import { Tag, Tooltip } from 'antd';
import {
  CASE_EVENT_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATUS_LABELS,
  CASE_TRACK_LABELS,
  CLOCK_STATE_LABELS,
  pick,
  SHARE_STATUS_LABELS,
  shanghaiDateTime,
  type ClockState,
  type ClockView,
  type Locale,
} from '@shangmi/shared';
import { useI18n } from '../../lib/i18n';

const of = (labels: Record<string, { zh: string; en: string }>, key: string, locale: Locale) => (labels[key] ? pick(labels[key], locale) : key);

/** The case vocabulary in the user's language, from the shared label tables. */
export function useCaseLabels() {
  const { locale, t } = useI18n();
  return {
    locale,
    status: (s: string) => of(CASE_STATUS_LABELS, s, locale),
    track: (s: string) => of(CASE_TRACK_LABELS, s, locale),
    source: (s: string) => of(CASE_SOURCE_LABELS, s, locale),
    event: (s: string) => of(CASE_EVENT_LABELS, s, locale),
    share: (s: string) => of(SHARE_STATUS_LABELS, s, locale),
    clockState: (s: ClockState) => of(CLOCK_STATE_LABELS, s, locale),
    msg: (m: { zh: string; en: string }) => pick(m, locale),
    t,
  };
}

const STATE_COLORS: Record<ClockState, string> = {
  on_track: 'green',
  due_soon: 'orange',
  overdue: 'red',
  paused: 'default',
  closed_on_time: 'blue',
  closed_late: 'volcano',
};

export function ClockStateTag({ state }: { state: ClockState }) {
  const l = useCaseLabels();
  return (
    <Tag color={STATE_COLORS[state]} data-state={state}>
      {l.clockState(state)}
    </Tag>
  );
}

/**
 * A clock's due date: with its time for a limit in hours; while the year's holiday arrangement is unpublished, marked 暂定
 * with the range the arrangement can give (the clock runs by the earliest date).
 */
export function DueDate({ clock }: { clock: Pick<ClockView, 'dueOn' | 'dueAt' | 'dueLatest' | 'provisional'> }) {
  const { t } = useI18n();
  if (!clock.dueOn) return <>—</>;
  if (clock.dueAt) return <span data-due-at={clock.dueAt}>{shanghaiDateTime(new Date(clock.dueAt))}</span>;
  if (!clock.provisional) return <>{clock.dueOn}</>;
  const range = clock.dueLatest && clock.dueLatest !== clock.dueOn ? `${clock.dueOn} – ${clock.dueLatest}` : clock.dueOn;
  return (
    <Tooltip title={t('cases.provisionalHint')}>
      <span data-provisional="true">
        {range} <Tag>{t('cases.provisional')}</Tag>
      </span>
    </Tooltip>
  );
}
