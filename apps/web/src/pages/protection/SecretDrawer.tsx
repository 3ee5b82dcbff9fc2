import { Alert, Button, DatePicker, Divider, Flex, Form, Input, InputNumber, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { SECRET_TEXT_LIMITS, type Secret } from '@shangmi/shared';
import { protectionApi, type SecretCreateInput } from '../../api/protection';
import { nullIfEmpty } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { FormDrawer } from '../../components/FormDialog';
import { dayItem, useProtectionLabels } from './labels';

interface Values {
  code?: string;
  name: string;
  category: Secret['category'];
  subKind: string;
  level: Secret['level'];
  department?: string;
  custodianName?: string;
  summary?: string;
  createdOn?: string | null;
  reviewMonths?: number | null;
  carriers: { kind: string; description?: string; location?: string }[];
  advantages?: string[];
  formation?: string;
  notPublic?: string[];
  developmentCostYuan?: number | null;
  advantageYears?: number | null;
  valueNote?: string;
}

function toInput(v: Values): SecretCreateInput {
  return {
    code: nullIfEmpty(v.code),
    name: v.name,
    category: v.category,
    subKind: v.subKind,
    level: v.level,
    department: nullIfEmpty(v.department),
    custodianName: nullIfEmpty(v.custodianName),
    summary: nullIfEmpty(v.summary),
    createdOn: v.createdOn ?? null,
    reviewMonths: v.reviewMonths ?? null,
    carriers: (v.carriers ?? []).map((c) => ({ kind: c.kind, description: nullIfEmpty(c.description), location: nullIfEmpty(c.location) })),
    value: {
      advantages: v.advantages ?? [],
      formation: v.formation ?? null,
      notPublic: v.notPublic ?? [],
      // money travels in fen
      developmentCostFen: v.developmentCostYuan == null ? null : Math.round(v.developmentCostYuan * 100),
      advantageYears: v.advantageYears ?? null,
      note: nullIfEmpty(v.valueNote),
    },
  };
}

function fromSecret(s: Secret): Values {
  return {
    code: s.code ?? undefined,
    name: s.name,
    category: s.category,
    subKind: s.subKind,
    level: s.level,
    department: s.department ?? undefined,
    custodianName: s.custodianName ?? undefined,
    summary: s.summary ?? undefined,
    createdOn: s.createdOn,
    reviewMonths: s.reviewMonths,
    carriers: s.carriers.map((c) => ({ kind: c.kind, description: c.description ?? undefined, location: c.location ?? undefined })),
    advantages: s.value.advantages,
    formation: s.value.formation ?? undefined,
    notPublic: s.value.notPublic,
    developmentCostYuan: s.value.developmentCostFen == null ? null : s.value.developmentCostFen / 100,
    advantageYears: s.value.advantageYears ?? null,
    valueNote: s.value.note ?? undefined,
  };
}

/** 登记 / 修改秘密事项: fields that describe a secret, short on purpose, under a warning never to paste the secret. */
export function SecretDrawer({ open, onClose, secret, onSaved }: { open: boolean; onClose: () => void; secret?: Secret; onSaved?: (s: Secret) => void }) {
  const t = useT();
  const l = useProtectionLabels();
  const [form] = Form.useForm<Values>();
  const category = Form.useWatch('category', form);
  const limit = (n: number) => t('protection.longTextHint', { n });
  return (
    <FormDrawer<Values, Secret>
      open={open}
      onClose={onClose}
      size={720}
      form={form}
      name="secretForm"
      title={secret ? t('protection.edit') : t('protection.add')}
      values={secret ? fromSecret(secret) : undefined}
      valuesKey={secret?.id}
      initialValues={{ category: 'technical', level: 'important', carriers: [] }}
      success={secret ? t('common.saved') : t('protection.created')}
      invalidate={['protection']}
      save={(v) => (secret ? protectionApi.updateSecret(secret.id, toInput(v)) : protectionApi.createSecret(toInput(v)))}
      onSaved={onSaved}
      rename={{ 'value.developmentCostFen': 'developmentCostYuan', 'value.note': 'valueNote', 'value.advantages': 'advantages', 'value.notPublic': 'notPublic', 'value.formation': 'formation' }}
      onValuesChange={(changed: Partial<Values>) => {
        if (changed.category) form.setFieldValue('subKind', undefined);
      }}
      before={<Alert type="warning" showIcon message={t('protection.noSecretWarning')} style={{ marginBottom: 16 }} data-testid="no-secret-warning" />}
    >
      <Flex gap={12}>
        <Form.Item name="code" label={t('protection.code')} style={{ width: 160 }} rules={[{ max: 30 }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="name" label={t('protection.name')} style={{ flex: 1 }} rules={[{ required: true, max: SECRET_TEXT_LIMITS.name }]} extra={limit(SECRET_TEXT_LIMITS.name)}>
          <Input maxLength={SECRET_TEXT_LIMITS.name} showCount />
        </Form.Item>
      </Flex>
      <Flex gap={12}>
        <Form.Item name="category" label={t('protection.category')} style={{ width: 160 }} rules={[{ required: true }]}>
          <Select options={l.categoryOptions} />
        </Form.Item>
        <Form.Item name="subKind" label={t('protection.subKind')} style={{ flex: 1 }} rules={[{ required: true }]}>
          <Select options={l.subKindOptions(category)} />
        </Form.Item>
        <Form.Item name="level" label={t('protection.level')} style={{ width: 120 }} rules={[{ required: true }]}>
          <Select options={l.levelOptions} />
        </Form.Item>
      </Flex>
      <Flex gap={12}>
        <Form.Item name="department" label={t('protection.department')} style={{ flex: 1 }} rules={[{ max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="custodianName" label={t('protection.custodian')} style={{ flex: 1 }} rules={[{ max: 30 }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="createdOn" label={t('protection.createdOn')} {...dayItem}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="reviewMonths" label={t('protection.reviewMonths')} style={{ width: 130 }}>
          <InputNumber min={1} max={60} style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="summary" label={t('protection.summary')} rules={[{ max: SECRET_TEXT_LIMITS.summary }]} extra={limit(SECRET_TEXT_LIMITS.summary)}>
        <Input.TextArea rows={2} maxLength={SECRET_TEXT_LIMITS.summary} showCount />
      </Form.Item>
      <Divider titlePlacement="start" plain>
        {t('protection.carriers')}
      </Divider>
      <Form.List name="carriers">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Flex key={f.key} gap={8} align="start">
                <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]} style={{ width: 150 }}>
                  <Select options={l.carrierOptions} placeholder={t('protection.carrierKind')} aria-label={t('protection.carrierKind')} />
                </Form.Item>
                <Form.Item name={[f.name, 'description']} style={{ flex: 1 }} rules={[{ max: SECRET_TEXT_LIMITS.carrier }]}>
                  <Input maxLength={SECRET_TEXT_LIMITS.carrier} placeholder={t('protection.carrierDescription')} aria-label={t('protection.carrierDescription')} />
                </Form.Item>
                <Form.Item name={[f.name, 'location']} style={{ flex: 1 }} rules={[{ max: SECRET_TEXT_LIMITS.carrier }]}>
                  <Input maxLength={SECRET_TEXT_LIMITS.carrier} placeholder={t('protection.carrierLocation')} aria-label={t('protection.carrierLocation')} />
                </Form.Item>
                <Button icon={<DeleteOutlined aria-hidden />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ kind: undefined })} style={{ marginBottom: 16 }}>
              {t('protection.addCarrier')}
            </Button>
          </>
        )}
      </Form.List>
      <Divider titlePlacement="start" plain>
        {t('protection.value')}
      </Divider>
      <Form.Item name="advantages" label={t('protection.advantages')}>
        <Select mode="multiple" options={l.advantageOptions} />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="formation" label={t('protection.formation')} style={{ flex: 1 }}>
          <Select allowClear options={l.formationOptions} />
        </Form.Item>
        <Form.Item name="developmentCostYuan" label={t('protection.developmentCost')} style={{ width: 170 }}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="advantageYears" label={t('protection.advantageYears')} style={{ width: 170 }}>
          <InputNumber min={0} max={100} style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="notPublic" label={t('protection.notPublic')}>
        <Select mode="multiple" options={l.notPublicOptions} />
      </Form.Item>
      <Form.Item name="valueNote" label={t('protection.valueNote')} rules={[{ max: SECRET_TEXT_LIMITS.note }]} extra={limit(SECRET_TEXT_LIMITS.note)}>
        <Input.TextArea rows={2} maxLength={SECRET_TEXT_LIMITS.note} showCount />
      </Form.Item>
    </FormDrawer>
  );
}
