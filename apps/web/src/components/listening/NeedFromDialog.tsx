import { Form, Input, Select } from 'antd';
import { NEED_CATEGORIES, NEED_CATEGORY_LABELS, NEED_KINDS, NEED_KIND_LABELS, pick, type NeedDetail, type NeedSource } from '@shangmi/shared';
import { listeningApi } from '../../api/listening';
import { todayInShanghai } from '../../lib/dates';
import { useI18n } from '../../lib/i18n';
import { FormModal } from '../FormDialog';
import { OrgTreeSelect } from '../OrgTreeSelect';

export interface NeedFrom {
  enterpriseId: number;
  enterpriseName: string;
  source: NeedSource;
  /** the survey or help request it came from */
  sourceId: number;
  title: string;
  detail: string;
}
interface Values {
  kind: (typeof NEED_KINDS)[number];
  category: (typeof NEED_CATEGORIES)[number];
  title: string;
  assigneeOrgId: number;
  dueOn: string;
}

/**
 * 登记为诉求: a survey's text answer (results page) or a help request (services) becomes a need of the tracker in one
 * request — kind, where it goes and by when; the need is created and assigned in one transaction (docs/listening.md §
 * Needs from every source). Then the need's page opens when `onSaved` says so.
 */
export function NeedFromDialog({ from, onClose, onSaved }: { from: NeedFrom | null; onClose: () => void; onSaved?: (n: NeedDetail) => void }) {
  const { t, locale } = useI18n();
  return (
    <FormModal<Values, NeedDetail>
      open={!!from}
      onClose={onClose}
      title={`${t('listening.toNeed')} · ${from?.enterpriseName ?? ''}`}
      name="needFromForm"
      valuesKey={from ? `${from.source}-${from.sourceId}-${from.detail}` : null}
      values={from ? { kind: 'need', category: 'other', title: from.title.slice(0, 200), dueOn: todayInShanghai() } : undefined}
      save={(v) => listeningApi.createNeed({ enterpriseId: from!.enterpriseId, source: from!.source, sourceId: from!.sourceId, detail: from!.detail.slice(0, 4000) || null, kind: v.kind, category: v.category, title: v.title, assigneeOrgId: v.assigneeOrgId, dueOn: v.dueOn })}
      success={t('listening.toNeedDone')}
      invalidate={['listening']}
      onSaved={onSaved}
    >
      <Form.Item label={t('listening.detail')}>
        <div style={{ whiteSpace: 'pre-wrap', maxHeight: 120, overflow: 'auto' }} data-testid="need-from-detail">
          {from?.detail}
        </div>
      </Form.Item>
      <Form.Item name="kind" label={t('listening.needKind')} rules={[{ required: true }]}>
        <Select options={NEED_KINDS.map((k) => ({ value: k, label: pick(NEED_KIND_LABELS[k], locale) }))} />
      </Form.Item>
      <Form.Item name="category" label={t('listening.category')} rules={[{ required: true }]}>
        <Select options={NEED_CATEGORIES.map((k) => ({ value: k, label: pick(NEED_CATEGORY_LABELS[k], locale) }))} />
      </Form.Item>
      <Form.Item name="title" label={t('listening.needTitle')} rules={[{ required: true, max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="assigneeOrgId" label={t('listening.assignee')} rules={[{ required: true }]}>
        <OrgTreeSelect />
      </Form.Item>
      <Form.Item name="dueOn" label={t('listening.dueOn')} rules={[{ required: true }]}>
        <Input type="date" />
      </Form.Item>
    </FormModal>
  );
}
