import { Tag } from 'antd';
import { PUBLISH_STATE_LABELS, REPAIR_STATE_LABELS, SERIOUS_STATE_LABELS, pick, type PublishState, type RepairState, type SeriousState } from '@shangmi/shared';
import { useI18n } from '../../lib/i18n';

const PUBLISH_COLOURS: Record<PublishState, string> = {
  unpublishable: 'default',
  pending: 'processing',
  overdue: 'error',
  public: 'red',
  expired: 'default',
  repaired: 'green',
  withdrawn: 'orange',
};
export function PublishStateTag({ state }: { state: PublishState }) {
  const { locale } = useI18n();
  return <Tag color={PUBLISH_COLOURS[state]}>{pick(PUBLISH_STATE_LABELS[state], locale)}</Tag>;
}

export function SeriousStateTag({ state }: { state: SeriousState }) {
  const { locale } = useI18n();
  return <Tag color={state === 'listed' ? 'red' : state === 'removed' || state === 'not_listed' ? 'default' : 'processing'}>{pick(SERIOUS_STATE_LABELS[state], locale)}</Tag>;
}

export function RepairStateTag({ state }: { state: RepairState }) {
  const { locale } = useI18n();
  return <Tag color={state === 'approved' ? 'green' : state === 'rejected' ? 'default' : state === 'returned' ? 'orange' : 'processing'}>{pick(REPAIR_STATE_LABELS[state], locale)}</Tag>;
}
