import type { ReactNode } from 'react';
import { Button, Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { fieldLabel, formatDateTime, type CultivationEvent, type CultivationEvidence } from '@shangmi/shared';
import { cultivationApi } from '../../api/cultivation';
import { useI18n, useT } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { useCultivationLabels } from './labels';

const EVENT_COLORS: Partial<Record<CultivationEvent['action'], string>> = {
  created: 'blue',
  requested: 'blue',
  district_passed: 'green',
  city_passed: 'green',
  district_returned: 'red',
  city_returned: 'red',
};
const STAGE_MOVES = new Set<CultivationEvent['action']>(['requested', 'cancelled', 'district_passed', 'district_returned', 'city_passed', 'city_returned', 'merged']);

/** The entry's history, newest first: what happened, between which stages, why, with which files, by whom. */
export function CultivationHistory({
  events: all,
  evidence,
  entryId,
  compact = false,
}: {
  events: CultivationEvent[];
  evidence?: CultivationEvidence[];
  entryId: number;
  /** the enterprise page's summary: stage steps only, without file links */
  compact?: boolean;
}) {
  const t = useT();
  const { locale } = useI18n();
  const l = useCultivationLabels();
  const onError = useErrorHandler();
  const files = new Map((evidence ?? []).map((f) => [f.id, f]));
  // the summary keeps the path through the stages; the plan's and the evidence's steps are on the entry's own page
  const shown = compact ? all.filter((ev) => ev.action === 'created' || STAGE_MOVES.has(ev.action)) : all;
  if (!shown.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cultivation.historyEmpty')} />;
  return (
    <Timeline
      items={shown.map((ev) => {
        const returned = ev.action === 'district_returned' || ev.action === 'city_returned';
        let detail: ReactNode = ev.comment;
        if (returned && ev.comment) detail = t('cultivation.returnedReason', { reason: ev.comment });
        if (ev.action === 'updated' && ev.changed.length) detail = t('cultivation.changed', { fields: ev.changed.map((f) => fieldLabel(f, locale)).join(locale === 'en-US' ? ', ' : '、') });
        return {
          key: ev.id,
          color: EVENT_COLORS[ev.action] ?? 'gray',
          content: (
            <Flex vertical gap={2} data-event={ev.action}>
              <span>
                <Typography.Text strong>{l.event(ev.action)}</Typography.Text>
                {STAGE_MOVES.has(ev.action) && ev.fromStage && ev.toStage ? (
                  <Typography.Text type="secondary">
                    {'  '}
                    {l.stage(ev.fromStage)} → {l.stage(ev.toStage)}
                  </Typography.Text>
                ) : null}
              </span>
              {detail ? (
                <Typography.Text type={returned ? 'danger' : undefined} style={{ whiteSpace: 'pre-wrap' }}>
                  {detail}
                </Typography.Text>
              ) : null}
              {ev.fileIds.length && !compact ? (
                <Flex wrap gap={4} align="center">
                  <Typography.Text type="secondary">{t('cultivation.historyFiles')}</Typography.Text>
                  {ev.fileIds.map((id) => {
                    const f = files.get(id);
                    return f ? (
                      <Button
                        key={id}
                        type="link"
                        size="small"
                        icon={<PaperClipOutlined aria-hidden />}
                        style={{ padding: 0, height: 'auto' }}
                        onClick={() => cultivationApi.downloadEvidence(entryId, id, f.name).catch(onError)}
                      >
                        {f.name}
                      </Button>
                    ) : (
                      <Tag key={id} icon={<PaperClipOutlined aria-hidden />}>
                        #{id}
                      </Tag>
                    );
                  })}
                </Flex>
              ) : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[ev.userName, ev.orgName, formatDateTime(ev.at)].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Flex>
          ),
        };
      })}
    />
  );
}

