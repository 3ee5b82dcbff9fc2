import { Button, Card, Flex, Form, Input, InputNumber, Select, Space } from 'antd';
import { CASE_ACTIONS, caseActionInput, DECISION_KIND_LABELS, DECISION_KINDS, pick, type CaseAction, type CaseDetail } from '@shangmi/shared';
import { maxLengthOf } from '../../lib/forms';
import { casesApi } from '../../api/cases';
import { downloadExport } from '../../api/client';
import { useErrorHandler } from '../../lib/errors';
import { yuanToFen } from '../../lib/money';
import type { CaseDialog, RunStep } from './CaseDialogs';
import { useCaseLabels } from './labels';

const LIFECYCLE = Object.keys(CASE_ACTIONS) as CaseAction[];
const DOCS = [
  { kind: 'filing-approval', zh: '立案审批表', en: 'Filing approval form' },
  { kind: 'penalty-notice', zh: '行政处罚告知书', en: 'Notice of proposed penalty' },
  { kind: 'penalty-decision', zh: '行政处罚决定书', en: 'Penalty decision' },
];

interface ActionValues {
  action: CaseAction;
  reason: string;
  caseNumber?: string;
  decisionKind?: (typeof DECISION_KINDS)[number];
  decisionNo?: string;
  fineYuan?: number;
  confiscationYuan?: number;
}

/** The next lifecycle step (with what it needs: a case number, a decision), the other steps' dialogs, the Word documents. */
export function CaseActions({ c, run, onOpen }: { c: CaseDetail; run: RunStep; onOpen: (dialog: CaseDialog) => void }) {
  const { t, locale } = useCaseLabels();
  const onError = useErrorHandler();
  const [form] = Form.useForm<ActionValues>();
  const action = Form.useWatch('action', form);
  const allowed = new Set(c.allowed);
  const lifecycle = LIFECYCLE.filter((a) => allowed.has(a));

  const submit = async (v: ActionValues) => {
    const ok = await run(
      () =>
        casesApi.act(c.id, {
          action: v.action,
          reason: v.reason,
          caseNumber: v.caseNumber || undefined,
          decisionKind: v.decisionKind || undefined,
          decisionNo: v.decisionNo || undefined,
          fineFen: yuanToFen(v.fineYuan) ?? undefined,
          confiscationFen: yuanToFen(v.confiscationYuan) ?? undefined,
        }),
      form,
    );
    if (ok) form.resetFields();
  };

  return (
    <Card title={t('cases.actions')} style={{ marginBottom: 16 }}>
      <Form<ActionValues> form={form} name="case-action" layout="vertical" onFinish={submit}>
        <Flex gap={12} wrap>
          <Form.Item name="action" label={t('cases.action')} rules={[{ required: true }]} style={{ minWidth: 200 }}>
            <Select options={lifecycle.map((a) => ({ value: a, label: pick(CASE_ACTIONS[a], locale) }))} />
          </Form.Item>
          {action === 'file' ? (
            <Form.Item name="caseNumber" label={t('cases.caseNumber')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          ) : null}
          {action === 'decide' ? (
            <>
              <Form.Item name="decisionKind" label={t('cases.decisionKind')} rules={[{ required: true }]} style={{ minWidth: 160 }}>
                <Select options={DECISION_KINDS.map((k) => ({ value: k, label: pick(DECISION_KIND_LABELS[k], locale) }))} />
              </Form.Item>
              <Form.Item name="decisionNo" label={t('cases.decisionNo')}>
                <Input />
              </Form.Item>
              <Form.Item name="fineYuan" label={t('cases.fineYuan')}>
                <InputNumber min={0} />
              </Form.Item>
              <Form.Item name="confiscationYuan" label={t('cases.confiscationYuan')}>
                <InputNumber min={0} />
              </Form.Item>
            </>
          ) : null}
        </Flex>
        <Form.Item name="reason" label={t('cases.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={maxLengthOf(caseActionInput.shape.reason)} showCount />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" disabled={!lifecycle.length}>
            {t('cases.doAction')}
          </Button>
          {allowed.has('transfer') && c.track === 'report' ? <Button onClick={() => onOpen('transfer')}>{t('cases.transferPolice')}</Button> : null}
          {allowed.has('notice') ? <Button onClick={() => onOpen('notice')}>{t('cases.notice')}</Button> : null}
          {allowed.has('joint') ? <Button onClick={() => onOpen('joint')}>{t('cases.joint')}</Button> : null}
          {allowed.has('supervise') ? <Button onClick={() => onOpen('supervise')}>{t('cases.supervise')}</Button> : null}
          {allowed.has('progress_report') ? <Button onClick={() => onOpen('progress')}>{t('cases.reportProgress')}</Button> : null}
          {DOCS.map((d) => (
            <Button key={d.kind} type="link" onClick={() => downloadExport(casesApi.documentPath(c.id, d.kind), {}, `${d.zh}.docx`).catch(onError)}>
              {pick(d, locale)}
            </Button>
          ))}
        </Space>
      </Form>
    </Card>
  );
}

/** Notes of a joint case, each shared with the member agencies the author names. */
export function JointNotes({ c, run }: { c: CaseDetail; run: RunStep }) {
  const { t } = useCaseLabels();
  const [form] = Form.useForm<{ text: string; shareWith?: number[] }>();
  return (
    <Card title={t('cases.jointNotes')} style={{ marginBottom: 16 }}>
      <Form
        form={form}
        name="joint-note"
        layout="vertical"
        onFinish={async (v) => {
          if (await run(() => casesApi.jointNote(c.id, v.text, v.shareWith ?? []), form)) form.resetFields();
        }}
      >
        <Form.Item name="text" label={t('cases.jointNote')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {c.partnerView ? null : (
          <Form.Item name="shareWith" label={t('cases.shareWith')}>
            <Select mode="multiple" options={c.shares.filter((s) => s.kind === 'joint').map((s) => ({ value: s.orgId, label: s.orgName }))} />
          </Form.Item>
        )}
        <Button htmlType="submit">{t('cases.addNote')}</Button>
      </Form>
    </Card>
  );
}
