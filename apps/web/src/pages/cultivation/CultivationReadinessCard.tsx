import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Flex, Form, Input, List, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { CultivationReadiness } from '@shangmi/shared';
import { api } from '../../api/client';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { useCultivationLabels } from '../../components/cultivation/labels';

interface IntentionValues {
  signedOn: Dayjs | null;
  note?: string;
}

/**
 * 培育条件 (issue 24 item 3): the willingness on file, the latest health check and its gaps, and whether the entry is ready
 * for its next stage — every rule of config/cultivation/readiness.json with its outcome, so the district sees why.
 */
export function CultivationReadinessCard({ entryId, editable }: { entryId: number; editable: boolean }) {
  const { t, pick } = useI18n();
  const l = useCultivationLabels();
  const canManage = useCan('cultivation:manage');
  const key = ['cultivation', entryId, 'readiness'];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<CultivationReadiness>(`/api/cultivation/${entryId}/readiness`, undefined, signal) });
  const [open, setOpen] = useState(false);
  const r = q.data;
  return (
    <Card
      title={t('readiness.title')}
      loading={q.isPending}
      data-testid="cultivation-readiness"
      extra={
        canManage && editable ? (
          <Button size="small" onClick={() => setOpen(true)}>
            {t('readiness.recordIntention')}
          </Button>
        ) : null
      }
    >
      {r ? (
        <Flex vertical gap={12}>
          {r.nextStage ? (
            <Alert
              type={r.ready ? 'success' : 'warning'}
              showIcon
              title={r.ready ? t('readiness.ready', { stage: l.stage(r.nextStage) }) : t('readiness.notReady', { stage: l.stage(r.nextStage) })}
            />
          ) : (
            <Alert type="info" showIcon title={t('readiness.endOfPath')} />
          )}
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
            <Descriptions.Item label={t('readiness.intention')}>{r.intentionSignedOn ?? t('readiness.noIntention')}</Descriptions.Item>
            <Descriptions.Item label={t('readiness.score')}>{r.check?.score ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('readiness.checkedOn')}>{r.check?.asOf ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('readiness.gaps')} span={3}>
              {r.dimensionGaps.length ? r.dimensionGaps.map((g) => <Tag key={g.id} color="orange">{`${g.id} ${g.score ?? '—'}`}</Tag>) : '—'}
            </Descriptions.Item>
          </Descriptions>
          {r.reasons.length ? (
            <List
              size="small"
              dataSource={r.reasons}
              renderItem={(x) => (
                <List.Item>
                  <Flex gap={8}>
                    {x.ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}
                    <span>{pick(x.zh, x.en)}</span>
                  </Flex>
                </List.Item>
              )}
            />
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('readiness.basis', { version: r.rulesVersion })} {r.basis}
          </Typography.Text>
        </Flex>
      ) : null}
      <FormModal<IntentionValues, CultivationReadiness>
        open={open}
        name="intentionForm"
        title={t('readiness.recordIntention')}
        onClose={() => setOpen(false)}
        success={t('readiness.saved')}
        invalidate={['cultivation']}
        values={{ signedOn: r?.intentionSignedOn ? dayjs(r.intentionSignedOn) : dayjs() }}
        save={(v) => api.put<CultivationReadiness>(`/api/cultivation/${entryId}/intention`, { signedOn: v.signedOn ? v.signedOn.format('YYYY-MM-DD') : null, note: v.note ?? null })}
      >
        <Form.Item name="signedOn" label={t('readiness.signedOn')} extra={t('readiness.signedOnHint')}>
          <DatePicker allowClear />
        </Form.Item>
        <Form.Item name="note" label={t('readiness.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
