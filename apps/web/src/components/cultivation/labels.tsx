import { useMemo } from 'react';
import { Tag } from 'antd';
import {
  batchLabel,
  batchName,
  CULTIVATION_EVENT_LABELS,
  CULTIVATION_MIN_YEAR,
  CULTIVATION_PATH,
  CULTIVATION_REVIEW_LABELS,
  CULTIVATION_STAGE_LABELS,
  CULTIVATION_STAGES,
  type CultivationEventAction,
  type CultivationReviewState,
  type CultivationStage,
} from '@shangmi/shared';
import { useI18n } from '../../lib/i18n';

export const STAGE_COLORS: Record<CultivationStage, string> = {
  candidate: 'default',
  cultivating: 'processing',
  created: 'cyan',
  accepted: 'success',
  withdrawn: 'error',
};

/** Column accents of the board (and chart colours), in the path's order. */
export const STAGE_ACCENTS: Record<CultivationStage, string> = {
  candidate: '#8c8c8c',
  cultivating: '#1f5fbf',
  created: '#13a8a8',
  accepted: '#389e0d',
  withdrawn: '#595959',
};

const REVIEW_COLORS: Record<CultivationReviewState, string> = { none: 'default', district: 'warning', city: 'gold', returned: 'error' };

/** Labels of the shared catalogues (stages, review states, history actions, batches) in the current language. */
export function useCultivationLabels() {
  const { pick, locale } = useI18n();
  return useMemo(
    () => ({
      stage: (s: CultivationStage) => pick(CULTIVATION_STAGE_LABELS[s].zh, CULTIVATION_STAGE_LABELS[s].en),
      review: (r: CultivationReviewState) => pick(CULTIVATION_REVIEW_LABELS[r].zh, CULTIVATION_REVIEW_LABELS[r].en),
      event: (a: CultivationEventAction) => pick(CULTIVATION_EVENT_LABELS[a]?.zh ?? a, CULTIVATION_EVENT_LABELS[a]?.en ?? a),
      batch: (year: number, batch: number) => batchLabel(year, batch, locale),
      stageOptions: CULTIVATION_STAGES.map((s) => ({ value: s, label: pick(CULTIVATION_STAGE_LABELS[s].zh, CULTIVATION_STAGE_LABELS[s].en) })),
      reviewOptions: (['district', 'city', 'returned', 'none'] as const).map((r) => ({
        value: r,
        label: pick(CULTIVATION_REVIEW_LABELS[r].zh, CULTIVATION_REVIEW_LABELS[r].en),
      })),
      /** 第一批 … 第二十批 (batch numbers only: the year is chosen beside it) */
      batchOptions: Array.from({ length: 20 }, (_, i) => ({ value: i + 1, label: batchName(i + 1, locale).replace(/^b/, 'B') })),
    }),
    [pick, locale],
  );
}

/** Years a list may be for: from the pilot's first possible year to next year, newest first. */
export function yearOptions(label: (year: number) => string) {
  const last = new Date().getFullYear() + 1;
  return Array.from({ length: last - CULTIVATION_MIN_YEAR + 1 }, (_, i) => last - i).map((y) => ({ value: y, label: label(y) }));
}

export function StageTag({ stage }: { stage: CultivationStage }) {
  const l = useCultivationLabels();
  return <Tag color={STAGE_COLORS[stage]}>{l.stage(stage)}</Tag>;
}

/** The open request's state, with the stage asked for; nothing when there is no request. */
export function ReviewTag({ review, requestStage }: { review: CultivationReviewState; requestStage: CultivationStage | null }) {
  const l = useCultivationLabels();
  if (review === 'none') return null;
  return (
    <Tag color={REVIEW_COLORS[review]}>
      {l.review(review)}
      {requestStage ? ` · ${l.stage(requestStage)}` : ''}
    </Tag>
  );
}

export const PATH_STAGES = CULTIVATION_PATH;
