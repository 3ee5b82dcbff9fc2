import { DatePicker, Flex, Form, Input, Select } from 'antd';
import type { Person } from '@shangmi/shared';
import { protectionApi, type PersonCreateInput } from '../../api/protection';
import { nullIfEmpty, PHONE_RE } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { FormDrawer } from '../../components/FormDialog';
import { dayItem, useProtectionLabels } from './labels';

interface Values {
  name: string;
  kind: string;
  organisation?: string;
  department?: string;
  position?: string;
  employeeNo?: string;
  email?: string;
  phone?: string;
  agreementSignedOn?: string | null;
  nonCompeteFrom?: string | null;
  nonCompeteTo?: string | null;
  note?: string;
}

const toInput = (v: Values): PersonCreateInput => ({
  name: v.name,
  kind: v.kind,
  organisation: nullIfEmpty(v.organisation),
  department: nullIfEmpty(v.department),
  position: nullIfEmpty(v.position),
  employeeNo: nullIfEmpty(v.employeeNo),
  email: nullIfEmpty(v.email),
  phone: nullIfEmpty(v.phone),
  agreementSignedOn: v.agreementSignedOn ?? null,
  nonCompeteFrom: v.nonCompeteFrom ?? null,
  nonCompeteTo: v.nonCompeteTo ?? null,
  note: nullIfEmpty(v.note),
});

const fromPerson = (p: Person): Values => ({
  name: p.name,
  kind: p.kind,
  organisation: p.organisation ?? undefined,
  department: p.department ?? undefined,
  position: p.position ?? undefined,
  employeeNo: p.employeeNo ?? undefined,
  email: p.email ?? undefined,
  phone: p.phone ?? undefined,
  agreementSignedOn: p.agreementSignedOn,
  nonCompeteFrom: p.nonCompeteFrom,
  nonCompeteTo: p.nonCompeteTo,
  note: p.note ?? undefined,
});

/** 登记 / 修改涉密人员: employees and outside parties, their agreement and non-compete dates. */
export function PersonDrawer({ open, onClose, person, onSaved }: { open: boolean; onClose: () => void; person?: Person; onSaved?: (p: Person) => void }) {
  const t = useT();
  const l = useProtectionLabels();
  return (
    <FormDrawer<Values, Person>
      open={open}
      onClose={onClose}
      size={560}
      name="personForm"
      title={person ? t('protection.editPerson') : t('protection.addPerson')}
      values={person ? fromPerson(person) : undefined}
      valuesKey={person?.id}
      initialValues={{ kind: 'employee' }}
      success={t('protection.personSaved')}
      invalidate={['protection']}
      save={(v) => (person ? protectionApi.updatePerson(person.id, toInput(v)) : protectionApi.createPerson(toInput(v)))}
      onSaved={onSaved}
    >
      <Flex gap={12}>
        <Form.Item name="name" label={t('protection.personName')} style={{ flex: 1 }} rules={[{ required: true, max: 30 }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="kind" label={t('protection.personKind')} style={{ width: 160 }} rules={[{ required: true }]}>
          <Select options={l.personKindOptions} />
        </Form.Item>
      </Flex>
      <Form.Item name="organisation" label={t('protection.organisation')} rules={[{ max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="department" label={t('protection.department')} style={{ flex: 1 }} rules={[{ max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="position" label={t('protection.position')} style={{ flex: 1 }} rules={[{ max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="employeeNo" label={t('protection.employeeNo')} style={{ width: 120 }} rules={[{ max: 30 }]}>
          <Input maxLength={30} />
        </Form.Item>
      </Flex>
      <Flex gap={12}>
        <Form.Item name="email" label={t('protection.email')} style={{ flex: 1 }} rules={[{ type: 'email', max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="phone" label={t('protection.phone')} style={{ flex: 1 }} rules={[{ pattern: PHONE_RE }]}>
          <Input maxLength={20} />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item name="agreementSignedOn" label={t('protection.agreementSignedOn')} {...dayItem}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="nonCompeteFrom" label={t('protection.nonCompeteFrom')} {...dayItem}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="nonCompeteTo" label={t('protection.nonCompeteTo')} {...dayItem}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('protection.note')} rules={[{ max: 200 }]}>
        <Input.TextArea rows={2} maxLength={200} />
      </Form.Item>
    </FormDrawer>
  );
}
