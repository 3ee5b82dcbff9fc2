import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from 'antd';
import type { HelpRequestDetail } from '@shangmi/shared';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { NeedFromDialog } from './NeedFromDialog';

/**
 * 登记为诉求 on a help request's page (services): an officer records the enterprise's need in the listening tracker
 * (source `help`, the request's id), assigned with a due date. Not for a request asked by the public (no enterprise) or
 * one that was itself opened from a need.
 */
export function NeedFromHelpButton({ request }: { request: HelpRequestDetail }) {
  const { t } = useI18n();
  const allowed = useCan('listening:manage');
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  if (!allowed || !request.enterpriseId || request.needId) return null;
  return (
    <>
      <Button data-testid="help-to-need" onClick={() => setOpen(true)}>
        {t('listening.toNeed')}
      </Button>
      <NeedFromDialog
        from={open ? { enterpriseId: request.enterpriseId, enterpriseName: request.enterpriseName, source: 'help', sourceId: request.id, title: request.title, detail: request.need } : null}
        onClose={() => setOpen(false)}
        onSaved={(n) => void navigate(`/listening/needs/${n.id}`)}
      />
    </>
  );
}
