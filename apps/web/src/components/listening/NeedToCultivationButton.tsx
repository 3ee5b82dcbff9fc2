import { useState } from 'react';
import { Button, Form, Input } from 'antd';
import type { NeedDetail } from '@shangmi/shared';
import { listeningApi } from '../../api/listening';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { FormModal } from '../FormDialog';

interface Values {
  title: string;
  dueDate?: string;
  note?: string;
}

/**
 * 转为培育辅导 on a need's page: the need becomes a coaching item of its enterprise's cultivation plan (the server adds
 * it and links the entry in one transaction). For those who keep the cultivation list, while the need is open and unlinked.
 */
export function NeedToCultivationButton({ need }: { need: NeedDetail }) {
  const { t } = useI18n();
  const allowed = useCan('cultivation:manage');
  const [open, setOpen] = useState(false);
  if (!allowed || need.linkKind || need.state === 'closed') return null;
  return (
    <>
      <Button data-testid="need-to-cultivation" onClick={() => setOpen(true)}>
        {t('listening.toCultivation')}
      </Button>
      <FormModal<Values, NeedDetail>
        open={open}
        onClose={() => setOpen(false)}
        title={t('listening.toCultivation')}
        name="toCultivationForm"
        values={{ title: need.title }}
        save={(v) => listeningApi.toCultivation(need.id, { title: v.title, dueDate: v.dueDate || null, note: v.note || null })}
        success={t('listening.toCultivationDone')}
        invalidate={['listening']}
      >
        <Form.Item name="title" label={t('listening.coachingTitle')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="dueDate" label={t('listening.dueOn')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="note" label={t('listening.comment')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </FormModal>
    </>
  );
}
