import { Form, Input } from 'antd';
import type { CaseTrack } from '@shangmi/shared';
import type { PublicIntakeInput } from '../../api/cases';
import { useCreditCodeRule } from '../../components/useCreditCodeRule';
import { useT } from '../../lib/i18n';

/** The intake form as typed, on the public page and in the staff's entry dialog. */
export interface IntakeValues {
  tracks: CaseTrack[];
  title: string;
  description: string;
  respondentName: string;
  respondentCreditCode?: string;
  respondentAddress?: string;
  anonymous: boolean;
  name?: string;
  phone?: string;
  email?: string;
  /** the public form's district choice (the staff's entry leaves it to the suggestion) */
  districtCode?: string;
}

/** The reporter's fields are flat in the form and nested in the request. */
export const INTAKE_RENAME = { 'reporter.name': 'name', 'reporter.phone': 'phone', 'reporter.email': 'email' };

export function toIntake(v: IntakeValues): PublicIntakeInput {
  return {
    tracks: v.tracks,
    title: v.title,
    description: v.description,
    respondentName: v.respondentName,
    respondentCreditCode: v.respondentCreditCode || null,
    respondentAddress: v.respondentAddress || null,
    anonymous: !!v.anonymous,
    reporter: v.anonymous ? null : { name: v.name ?? '', phone: v.phone || null, email: v.email || null },
  };
}

/** What happened and against whom (the limits are the server's). */
export function IntakeFields({ descriptionRows }: { descriptionRows: number }) {
  const t = useT();
  const creditCodeRule = useCreditCodeRule();
  return (
    <>
      <Form.Item name="title" label={t('cases.title')} rules={[{ required: true, max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('cases.description')} rules={[{ required: true, max: 5000 }]}>
        <Input.TextArea rows={descriptionRows} />
      </Form.Item>
      <Form.Item name="respondentName" label={t('cases.respondentName')} rules={[{ required: true, max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item
        name="respondentCreditCode"
        label={`${t('cases.respondentCreditCode')}${t('cases.optionalMark')}`}
        normalize={(v: string) => v.toUpperCase()}
        validateDebounce={300}
        rules={[creditCodeRule]}
      >
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item name="respondentAddress" label={`${t('cases.respondentAddress')}${t('cases.optionalMark')}`}>
        <Input />
      </Form.Item>
    </>
  );
}
