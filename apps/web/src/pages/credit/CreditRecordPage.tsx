import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import {
  CREDIT_HISTORY_ACTIONS,
  CREDIT_SOURCE_LABELS,
  CREDIT_STATE_LABELS,
  DISCRETION_LEVEL_LABELS,
  PENALTY_KIND_LABELS,
  PROCEDURE_LABELS,
  PUBLICATION_TERM_LABELS,
  REVOCATION_KINDS,
  REVOCATION_KIND_LABELS,
  fenToWan,
  formatDateTime,
  pick,
  type CreditHistoryAction,
  type CreditRecordDetail,
  type CreditRevoke,
} from '@shangmi/shared';
import { creditApi, type RecordStep } from '../../api/credit';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { fenToYuan } from '../../lib/money';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { RecordForm } from './RecordForm';
import { PublishStateTag } from './tags';

type Dialog = 'edit' | 'review' | 'return' | 'revoke' | 'withdraw' | 'propose' | null;

function History({ d }: { d: CreditRecordDetail }) {
  const { t, locale } = useI18n();
  return (
    <Card size="small" title={t('credit.history')}>
      <Timeline
        items={d.history.map((h) => ({
          key: h.id,
          content: (
            <>
              <Typography.Text strong>{pick(CREDIT_HISTORY_ACTIONS[h.action as CreditHistoryAction] ?? { zh: h.action, en: h.action }, locale)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {formatDateTime(h.at)} {h.userName ?? ''} {h.orgName ?? ''}
              </Typography.Text>
              {h.comment ? <div style={{ whiteSpace: 'pre-wrap' }}>{h.comment}</div> : null}
            </>
          ),
        }))}
      />
    </Card>
  );
}

/** 行政处罚信息详情: the 双公示 fields, the publication clock and term, the discretion table, and the steps this user may take. */
export default function CreditRecordPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['credit', 'record', id], queryFn: ({ signal }) => creditApi.get(id, signal) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useDocumentTitle(q.data ? `${t('credit.detailTitle')} · ${q.data.partyName}` : t('credit.detailTitle'));
  if (q.isLoading) return <FullPageSpinner />;
  if (q.error || !q.data) return <QueryError error={q.error} />;
  const d = q.data;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['credit'] });
  const step = async (s: RecordStep) => {
    setBusy(s);
    try {
      await creditApi.step(d.id, s, { version: d.version });
      message.success(t('credit.done'));
      await refresh();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(null);
    }
  };
  const can = (a: CreditRecordDetail['allowed'][number]) => d.allowed.includes(a);
  const close = () => setDialog(null);
  const money = (v: number | null) => (v === null ? '—' : `${fenToWan(v)} 万元（${fenToYuan(v)}）`);
  return (
    <>
      <PageHeader
        title={d.partyName}
        extra={
          <Link to="/credit/records">
            <ArrowLeftOutlined /> {t('credit.menuRecords')}
          </Link>
        }
      >
        <Space wrap>
          <Tag>{pick(CREDIT_STATE_LABELS[d.state], locale)}</Tag>
          <PublishStateTag state={d.publishState} />
          {d.onTime === true ? <Tag color="green">{t('credit.onTime')}</Tag> : d.onTime === false ? <Tag color="orange">{t('credit.late')}</Tag> : null}
        </Space>
      </PageHeader>
      {d.notPublished ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('credit.notPublished', { reason: pick(d.notPublished, locale), citation: d.notPublished.citation })} /> : null}
      {d.revocation ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${t('credit.revocation')}：${pick(REVOCATION_KIND_LABELS[d.revocation.kind], locale)}（${d.revocation.documentNo}，${d.revocation.on}）`}
          description={
            <>
              <div>{d.revocation.reason}</div>
              {d.withdrawDueOn && !d.withdrawnOn ? <div>{`${t('credit.withdrawDueOn')}：${d.withdrawDueOn}`}</div> : null}
              {d.withdrawReason ? <div>{`${t('credit.withdrawReason')}：${d.withdrawReason}`}</div> : null}
            </>
          }
        />
      ) : null}
      <Space wrap style={{ marginBottom: 16 }} className="credit-actions">
        {can('edit') ? <Button onClick={() => setDialog('edit')}>{t('credit.edit')}</Button> : null}
        {can('submit') ? (
          <Button type="primary" loading={busy === 'submit'} onClick={() => step('submit')}>
            {t('credit.submit')}
          </Button>
        ) : null}
        {can('review') ? (
          <Button type="primary" onClick={() => setDialog('review')}>
            {t('credit.review')}
          </Button>
        ) : null}
        {can('return') ? <Button onClick={() => setDialog('return')}>{t('credit.return')}</Button> : null}
        {can('publish') ? (
          <Button type="primary" loading={busy === 'publish'} onClick={() => step('publish')}>
            {t('credit.publish')}
          </Button>
        ) : null}
        {can('revoke') ? <Button onClick={() => setDialog('revoke')}>{t('credit.revoke')}</Button> : null}
        {can('withdraw') ? (
          <Button danger type="primary" onClick={() => setDialog('withdraw')}>
            {t('credit.withdraw')}
          </Button>
        ) : null}
        {can('propose_serious') ? <Button onClick={() => setDialog('propose')}>{t('credit.proposeSerious')}</Button> : null}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('credit.party')}>{d.partyName}</Descriptions.Item>
              <Descriptions.Item label={t('credit.creditCode')}>{d.creditCode}</Descriptions.Item>
              <Descriptions.Item label={t('credit.legalRep')}>{d.legalRep ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('credit.decisionNo')}>{d.decisionNo}</Descriptions.Item>
              <Descriptions.Item label={t('credit.violationType')}>{d.violationType}</Descriptions.Item>
              <Descriptions.Item label={t('credit.penaltyKinds')}>{d.penaltyKinds.map((k) => pick(PENALTY_KIND_LABELS[k], locale)).join('、')}</Descriptions.Item>
              <Descriptions.Item label={t('credit.facts')} span={2}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{d.facts}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('credit.basis')} span={2}>
                {d.basis}
              </Descriptions.Item>
              <Descriptions.Item label={t('credit.content')} span={2}>
                {d.content}
              </Descriptions.Item>
              <Descriptions.Item label={t('credit.fineWan')}>{money(d.fineFen)}</Descriptions.Item>
              <Descriptions.Item label={t('credit.confiscationWan')}>{money(d.confiscationFen)}</Descriptions.Item>
              <Descriptions.Item label={t('credit.licenceInfo')}>{d.licenceInfo ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('credit.procedure')}>{pick(PROCEDURE_LABELS[d.procedure], locale)}</Descriptions.Item>
              <Descriptions.Item label={t('credit.decidedOn')}>{d.decidedOn}</Descriptions.Item>
              <Descriptions.Item label={t('credit.validUntil')}>{d.validUntil ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('credit.authorityName')}>{`${d.authorityName}（${d.authorityCode}）`}</Descriptions.Item>
              <Descriptions.Item label={t('credit.sourceName')}>{`${d.sourceName}（${d.sourceCode}）`}</Descriptions.Item>
              <Descriptions.Item label={t('credit.remark')} span={2}>
                {d.remark ?? '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" style={{ width: '100%' }} size={16}>
            <Card size="small">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('credit.source')}>
                  {d.caseId ? <Link to={`/cases/${d.caseId}`}>{t('credit.caseLink', { no: d.caseNumber ?? String(d.caseId) })}</Link> : pick(CREDIT_SOURCE_LABELS[d.source], locale)}
                </Descriptions.Item>
                <Descriptions.Item label={t('credit.org')}>{d.orgName}</Descriptions.Item>
                <Descriptions.Item label={t('credit.publishDueOn')}>{d.publishDueOn ? `${d.publishDueOn}${d.publishDueProvisional ? ` ${t('credit.provisional')}` : ''}` : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('credit.publishedOn')}>{d.publishedOn ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('credit.term')}>{d.term ? pick(PUBLICATION_TERM_LABELS[d.term], locale) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('credit.publicUntil')}>{d.publicUntil ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('credit.repairFrom')}>{d.repairFrom ?? (d.repairClosed ? pick(d.repairClosed, locale) : '—')}</Descriptions.Item>
                <Descriptions.Item label={t('credit.checkedTerms')}>{d.checkedTerms.length ? d.checkedTerms.map((x) => <Tag key={x}>{x}</Tag>) : '—'}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={t('credit.suggestion')}>
              <div>{t('credit.suggestionRange', { min: fenToYuan(d.suggestion.minFen), max: fenToYuan(d.suggestion.maxFen), level: pick(DISCRETION_LEVEL_LABELS[d.suggestion.level], locale) })}</div>
              {d.suggestion.verdict ? <Tag color={d.suggestion.verdict === 'within' ? 'green' : 'orange'}>{t(`credit.verdict.${d.suggestion.verdict}`)}</Tag> : null}
              <ul style={{ paddingLeft: 18, margin: '8px 0' }}>
                {d.suggestion.reasons.map((r) => (
                  <li key={r.zh}>{pick(r, locale)}</li>
                ))}
              </ul>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.suggestion.citation}
              </Typography.Text>
            </Card>
            <History d={d} />
          </Space>
        </Col>
      </Row>
      <RecordForm open={dialog === 'edit'} record={d} prefill={null} onClose={close} onSaved={() => undefined} />
      <FormModal<{ factsConfirmed?: boolean; comment?: string }, CreditRecordDetail>
        open={dialog === 'review'}
        title={t('credit.reviewTitle')}
        name="creditReview"
        onClose={close}
        before={<Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 8 }}>{d.facts}</Typography.Paragraph>}
        save={(v) => creditApi.step(d.id, 'review', { factsConfirmed: !!v.factsConfirmed, comment: v.comment || undefined, version: d.version })}
        success={t('credit.done')}
        invalidate={['credit']}
      >
        <Form.Item name="factsConfirmed" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('credit.factsConfirmed')))) }]}>
          <Checkbox>{t('credit.factsConfirmed')}</Checkbox>
        </Form.Item>
        <Form.Item name="comment" label={t('credit.comment')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </FormModal>
      <FormModal<{ comment: string }, CreditRecordDetail>
        open={dialog === 'return'}
        title={t('credit.returnTitle')}
        name="creditReturn"
        onClose={close}
        save={(v) => creditApi.step(d.id, 'return', { comment: v.comment, version: d.version })}
        success={t('credit.done')}
        invalidate={['credit']}
      >
        <Form.Item name="comment" label={t('credit.comment')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </FormModal>
      <FormModal<Omit<CreditRevoke, 'on'> & { on: Dayjs }, CreditRecordDetail>
        open={dialog === 'revoke'}
        title={t('credit.revokeTitle')}
        name="creditRevoke"
        onClose={close}
        save={(v) => creditApi.revoke(d.id, { ...v, on: v.on.format('YYYY-MM-DD') })}
        success={t('credit.done')}
        invalidate={['credit']}
      >
        <Form.Item name="kind" label={t('credit.revokeKind')} rules={[{ required: true }]}>
          <Select options={REVOCATION_KINDS.map((k) => ({ value: k, label: pick(REVOCATION_KIND_LABELS[k], locale) }))} />
        </Form.Item>
        <Form.Item name="documentNo" label={t('credit.documentNo')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="on" label={t('credit.revokeOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="comment" label={t('credit.revokeReason')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </FormModal>
      <FormModal<{ comment: string }, CreditRecordDetail>
        open={dialog === 'withdraw'}
        title={t('credit.withdrawTitle')}
        name="creditWithdraw"
        onClose={close}
        save={(v) => creditApi.withdraw(d.id, v.comment)}
        success={t('credit.done')}
        invalidate={['credit']}
      >
        <Form.Item name="comment" label={t('credit.withdrawReason')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormModal>
      <FormModal<{ reason: string; basis: string }, { id: number }>
        open={dialog === 'propose'}
        title={t('credit.proposeTitle')}
        name="creditPropose"
        onClose={close}
        values={{ basis: '《市场监督管理严重违法失信名单管理办法》（总局令第44号）' }}
        save={(v) => creditApi.propose(d.id, v.reason, v.basis)}
        success={t('credit.done')}
        invalidate={['credit']}
        onSaved={(s) => navigate(`/credit/serious/${s.id}`)}
      >
        <Form.Item name="reason" label={t('credit.proposeReason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item name="basis" label={t('credit.proposeBasis')} rules={[{ required: true }]}>
          <Input maxLength={300} />
        </Form.Item>
      </FormModal>
    </>
  );
}
