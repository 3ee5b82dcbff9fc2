import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Form, Input, Select } from 'antd';
import type { HelpRequestDetail, NeedDetail } from '@shangmi/shared';
import { servicesApi } from '../api/services';
import { useCan } from '../lib/access';
import { useDict } from '../lib/dicts';
import { useI18n } from '../lib/i18n';
import { FormModal } from './FormDialog';

type Values = { serviceKind: string; contactName: string; contactPhone: string };

/**
 * 转为求助 on a listening need (shown on the need's page): a district or city officer opens a help request for the need's
 * enterprise (title and need taken from the need; the best suggestion, else the district, takes it up); the need records
 * the link in the same transaction. Then the request's page opens.
 */
export function FromNeedButton({ need }: { need: NeedDetail }) {
  const { t } = useI18n();
  const allowed = useCan('services:assign');
  const kinds = useDict('service_kind');
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  if (!allowed || need.linkKind || need.state === 'closed') return null;
  return (
    <>
      <Button data-testid="need-to-request" onClick={() => setOpen(true)}>
        {t('services.fromNeed')}
      </Button>
      <FormModal<Values, HelpRequestDetail>
        open={open}
        title={t('services.fromNeed')}
        name="fromNeedForm"
        values={{ serviceKind: need.category === 'legal' ? 'legal_consulting' : need.category === 'rights' ? 'rights_assistance' : 'consulting' }}
        save={(v) => servicesApi.fromNeed({ needId: need.id, ...v })}
        success={t('services.fromNeedDone')}
        invalidate={['listening', 'services']}
        onSaved={(r) => void navigate(`/services/requests/${r.id}`)}
        onClose={() => setOpen(false)}
      >
        <Form.Item name="serviceKind" label={t('services.serviceKind')} rules={[{ required: true }]}>
          <Select options={kinds.options} />
        </Form.Item>
        <Form.Item name="contactName" label={t('services.contactName')} rules={[{ required: true, max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('services.contactPhone')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
      </FormModal>
    </>
  );
}
