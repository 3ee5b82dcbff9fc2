import { Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { PARTY_KINDS, PARTY_KIND_LABELS, PENALTY_KINDS, PENALTY_KIND_LABELS, PROCEDURES, PROCEDURE_LABELS, fenToWan, pick, wanToFen, type CreditPrefill, type CreditRecordCreate, type CreditRecordDetail } from '@shangmi/shared';
import { creditApi } from '../../api/credit';
import { useI18n } from '../../lib/i18n';
import { useCreditCodeRule } from '../../components/useCreditCodeRule';
import { FormDrawer } from '../../components/FormDialog';

/** The form's values: amounts as 万元 text (up to six decimals, as the 双公示 files carry them), dates as Dayjs. */
interface Values extends Omit<CreditRecordCreate, 'caseId' | 'fineFen' | 'confiscationFen' | 'decidedOn' | 'validUntil' | 'lossFen' | 'illegalGainFen'> {
  fineWan?: string;
  confiscationWan?: string;
  decidedOn?: Dayjs;
  validUntil?: Dayjs | null;
}

const day = (v?: string | null) => (v ? dayjs(v) : undefined);

/** What a record (being edited) or a case (prefilling a new one) puts in the form. */
export function valuesOf(r: CreditRecordDetail | null, prefill: CreditPrefill | null): Partial<Values> {
  if (r) {
    const { caseId: _caseId, ...rest } = r;
    return {
      ...rest,
      legalRep: r.legalRep ?? undefined,
      licenceInfo: r.licenceInfo ?? undefined,
      remark: r.remark ?? undefined,
      fineWan: r.fineFen === null ? undefined : fenToWan(r.fineFen),
      confiscationWan: r.confiscationFen === null ? undefined : fenToWan(r.confiscationFen),
      decidedOn: day(r.decidedOn),
      validUntil: day(r.validUntil),
    };
  }
  if (prefill) {
    return {
      partyName: prefill.partyName,
      partyKind: 'legal',
      creditCode: prefill.creditCode ?? undefined,
      legalRep: prefill.legalRep ?? undefined,
      decisionNo: prefill.decisionNo ?? undefined,
      decidedOn: day(prefill.decidedOn),
      penaltyKinds: prefill.fineFen ? ['fine'] : [],
      fineWan: prefill.fineFen === null ? undefined : fenToWan(prefill.fineFen),
      confiscationWan: prefill.confiscationFen === null ? undefined : fenToWan(prefill.confiscationFen),
      violationType: '侵犯商业秘密',
      authorityName: prefill.authorityName,
      sourceName: prefill.authorityName,
      procedure: 'ordinary',
      secretTerms: [],
    };
  }
  return { partyKind: 'legal', procedure: 'ordinary', violationType: '侵犯商业秘密', penaltyKinds: [], secretTerms: [] };
}

/** The 双公示 fields, entered or corrected: a new record (by hand or from a case) or an edit of one. */
export function RecordForm({ open, onClose, record, prefill, onSaved }: { open: boolean; onClose: () => void; record: CreditRecordDetail | null; prefill: CreditPrefill | null; onSaved: (r: CreditRecordDetail) => void }) {
  const { t, locale } = useI18n();
  const codeRule = useCreditCodeRule();
  const req = { required: true };
  const wanRule = { pattern: /^\d{1,9}(\.\d{1,6})?$/, message: t('credit.fineWan') };
  const save = (v: Values) => {
    const input = {
      ...v,
      legalRep: v.legalRep || null,
      licenceInfo: v.licenceInfo || null,
      remark: v.remark || null,
      fineFen: v.fineWan ? wanToFen(v.fineWan) : null,
      confiscationFen: v.confiscationWan ? wanToFen(v.confiscationWan) : null,
      decidedOn: v.decidedOn!.format('YYYY-MM-DD'),
      validUntil: v.validUntil ? v.validUntil.format('YYYY-MM-DD') : null,
    } as CreditRecordCreate & { fineWan?: string; confiscationWan?: string };
    delete input.fineWan;
    delete input.confiscationWan;
    if (record) return creditApi.update(record.id, input);
    return creditApi.create(prefill ? { ...input, caseId: prefill.caseId } : input);
  };
  const title = record ? t('credit.formEdit') : prefill ? t('credit.formFromCase', { no: prefill.caseNumber ?? String(prefill.caseId) }) : t('credit.formNew');
  return (
    <FormDrawer<Values, CreditRecordDetail>
      open={open}
      onClose={onClose}
      title={title}
      name="creditRecord"
      size={760}
      values={valuesOf(record, prefill)}
      valuesKey={record?.id ?? prefill?.caseId ?? 'new'}
      save={save}
      success={t('credit.saved')}
      invalidate={['credit']}
      onSaved={onSaved}
      rename={{ fineFen: 'fineWan', confiscationFen: 'confiscationWan' }}
    >
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item name="partyName" label={t('credit.party')} rules={[req]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="partyKind" label={t('credit.partyKind')} rules={[req]}>
            <Select options={PARTY_KINDS.map((k) => ({ value: k, label: pick(PARTY_KIND_LABELS[k], locale) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="creditCode" label={t('credit.creditCode')} rules={[req, codeRule]}>
            <Input maxLength={18} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="legalRep" label={t('credit.legalRep')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="decisionNo" label={t('credit.decisionNo')} rules={[req]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="decidedOn" label={t('credit.decidedOn')} rules={[req]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="procedure" label={t('credit.procedure')} rules={[req]}>
            <Select options={PROCEDURES.map((k) => ({ value: k, label: pick(PROCEDURE_LABELS[k], locale) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="violationType" label={t('credit.violationType')} rules={[req]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="penaltyKinds" label={t('credit.penaltyKinds')} rules={[req]}>
            <Select mode="multiple" options={PENALTY_KINDS.map((k) => ({ value: k, label: pick(PENALTY_KIND_LABELS[k], locale) }))} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="facts" label={t('credit.facts')} extra={t('credit.factsHelp')} rules={[req]}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="basis" label={t('credit.basis')} rules={[req]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="content" label={t('credit.content')} rules={[req]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="fineWan" label={t('credit.fineWan')} rules={[wanRule]}>
            <Input inputMode="decimal" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="confiscationWan" label={t('credit.confiscationWan')} rules={[wanRule]}>
            <Input inputMode="decimal" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="validUntil" label={t('credit.validUntil')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="licenceInfo" label={t('credit.licenceInfo')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="authorityName" label={t('credit.authorityName')} rules={[req]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="authorityCode" label={t('credit.authorityCode')} rules={[req, codeRule]}>
            <Input maxLength={18} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="sourceName" label={t('credit.sourceName')} rules={[req]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="sourceCode" label={t('credit.sourceCode')} rules={[req, codeRule]}>
            <Input maxLength={18} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="remark" label={t('credit.remark')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="secretTerms" label={t('credit.secretTerms')} extra={t('credit.secretTermsHelp')}>
            <Select mode="tags" open={false} />
          </Form.Item>
        </Col>
      </Row>
    </FormDrawer>
  );
}
