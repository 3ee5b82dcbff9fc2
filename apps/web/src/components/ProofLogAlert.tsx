import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { proofsApi } from '../api/proofs';
import { useI18n } from '../lib/i18n';
import { formatDateTime } from '@shangmi/shared';

/**
 * A halted existence-proof log, said where people work with it (the home page of those who hold proofs permissions,
 * 我的存证, 存证见证方): it signs nothing until the stored data is repaired, and nobody should learn that from a failed
 * receipt. Nothing is shown while the log is signing.
 */
export function ProofLogAlert() {
  const { t } = useI18n();
  const status = useQuery({ queryKey: ['proofs', 'log-status'], queryFn: ({ signal }) => proofsApi.logStatus(signal), staleTime: 30_000 });
  const s = status.data;
  if (!s?.halted) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="proof-log-halted"
      title={t('proofs.logHalted', { since: s.haltedAt ? formatDateTime(s.haltedAt) : '' })}
      description={t('proofs.logHaltedHint', { reason: s.halted })}
    />
  );
}
