import { useState } from 'react';
import { Alert, Button, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { formatDateTime, shanghaiDate, type Contract, type ContractPaymentRow } from '@shangmi/shared';
import { servicesApi } from '../../api/services';
import { useI18n } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { QueryError } from '../../components/QueryError';

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 });
type PayValues = { paidOn?: Dayjs; amountYuan?: number; note?: string };
type ReverseValues = { reason?: string };
type EvalValues = { scores?: { indicator?: string; weight?: number; score?: number }[]; conclusion?: string };

/**
 * A contract's money and its 绩效评价 sheet: payments against the budget (a wrong one is reversed by a new entry with its
 * reason, never deleted), and the sheet — indicators whose weights add up to 100, scores, the weighted total. The
 * purchaser edits (`allowed` pay / evaluate); the provider reads.
 */
export function ContractDetail({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['services', 'contract', id], queryFn: ({ signal }) => servicesApi.contract(id!, signal), enabled: id !== null });
  const c: Contract | undefined = q.data;
  const [paying, setPaying] = useState(false);
  const [reversing, setReversing] = useState<ContractPaymentRow | null>(null);
  const [evaluating, setEvaluating] = useState(false);
  const [evalForm] = Form.useForm<EvalValues>();
  const scores = Form.useWatch('scores', evalForm);
  const weightSum = (scores ?? []).reduce((a, s) => a + (s?.weight ?? 0), 0);
  const mayPay = !!c?.allowed.includes('pay');
  const mayEvaluate = !!c?.allowed.includes('evaluate');
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={c ? `${t('services.contractDetail')} ${c.number}` : t('services.contractDetail')}>
      {q.error ? <QueryError error={q.error} onRetry={() => void q.refetch()} /> : null}
      {c ? (
        <Space orientation="vertical" style={{ width: '100%' }} size="large">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('services.title')}>{c.title}</Descriptions.Item>
            <Descriptions.Item label={t('services.provider')}>{c.providerName}</Descriptions.Item>
            <Descriptions.Item label={`${t('services.paid')} / ${t('services.budget')}`}>
              <span data-testid="contract-paid">{`${yuan(c.paidFen)} / ${yuan(c.budgetFen)}`}</span>
            </Descriptions.Item>
          </Descriptions>

          <div>
            <Space style={{ marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('services.payments')}
              </Typography.Title>
              {mayPay ? (
                <Button size="small" type="primary" onClick={() => setPaying(true)}>
                  {t('services.recordPayment')}
                </Button>
              ) : null}
            </Space>
            <Table<ContractPaymentRow>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={c.payments}
              data-testid="payments"
              columns={[
                { title: '#', dataIndex: 'id', width: 60 },
                { title: t('services.paidOn'), dataIndex: 'paidOn', width: 110 },
                { title: t('services.amountYuan'), dataIndex: 'amountFen', width: 130, align: 'right', render: (v: number) => yuan(v) },
                {
                  title: t('services.paymentNote'),
                  render: (_, p) => (
                    <Space wrap size={4}>
                      {p.note}
                      {p.reversesId ? <Tag color="orange">{t('services.reversalOf', { id: p.reversesId })}</Tag> : null}
                      {p.reason ? <Typography.Text type="secondary">{p.reason}</Typography.Text> : null}
                      {p.reversedById ? <Tag>{t('services.reversed')}</Tag> : null}
                    </Space>
                  ),
                },
                {
                  title: '',
                  width: 80,
                  render: (_, p) =>
                    mayPay && !p.reversesId && !p.reversedById ? (
                      <Button size="small" danger onClick={() => setReversing(p)} aria-label={`${t('services.reverse')} #${p.id}`}>
                        {t('services.reverse')}
                      </Button>
                    ) : null,
                },
              ]}
            />
          </div>

          <div data-testid="evaluation">
            <Space style={{ marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('services.evaluation')}
              </Typography.Title>
              {mayEvaluate ? (
                <Button size="small" onClick={() => setEvaluating(true)}>
                  {t('services.editEvaluation')}
                </Button>
              ) : null}
            </Space>
            {c.evaluation ? (
              <>
                <Table
                  rowKey="indicator"
                  size="small"
                  pagination={false}
                  dataSource={c.evaluation.scores}
                  columns={[
                    { title: t('services.indicator'), dataIndex: 'indicator' },
                    { title: t('services.weight'), dataIndex: 'weight', width: 80, align: 'right' },
                    { title: t('services.score'), dataIndex: 'score', width: 80, align: 'right' },
                  ]}
                />
                <Descriptions column={1} size="small" style={{ marginTop: 8 }}>
                  <Descriptions.Item label={t('services.total')}>
                    <b data-testid="evaluation-total">{c.evaluation.total}</b>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('services.conclusion')}>{c.evaluation.conclusion}</Descriptions.Item>
                  <Descriptions.Item label="">{t('services.evaluatedBy', { by: c.evaluation.by, at: formatDateTime(c.evaluation.at) })}</Descriptions.Item>
                </Descriptions>
              </>
            ) : (
              <Typography.Text type="secondary">{t('services.notEvaluated')}</Typography.Text>
            )}
          </div>
        </Space>
      ) : null}

      <FormModal<PayValues, Contract>
        open={paying}
        title={t('services.recordPayment')}
        name="paymentForm"
        values={{ paidOn: dayjs(shanghaiDate(new Date())) }}
        save={(v) => servicesApi.pay(id!, { paidOn: v.paidOn!.format('YYYY-MM-DD'), amountFen: Math.round((v.amountYuan ?? 0) * 100), note: v.note || null })}
        rename={{ amountFen: 'amountYuan' }}
        success={t('services.done')}
        invalidate={['services']}
        onClose={() => setPaying(false)}
      >
        <Space wrap>
          <Form.Item name="paidOn" label={t('services.paidOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="amountYuan" label={t('services.amountYuan')} rules={[{ required: true }]}>
            <InputNumber min={0.01} precision={2} style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('services.paymentNote')}>
          <Input maxLength={200} />
        </Form.Item>
      </FormModal>

      <FormModal<ReverseValues, Contract>
        open={!!reversing}
        title={t('services.reverseTitle')}
        name="reverseForm"
        before={<Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('services.reverseHint')} />}
        save={(v) => servicesApi.reversePayment(id!, reversing!.id, v.reason ?? '')}
        success={t('services.done')}
        invalidate={['services']}
        onClose={() => setReversing(null)}
      >
        {reversing ? <Typography.Paragraph>{`#${reversing.id} ${reversing.paidOn} ${yuan(reversing.amountFen)}`}</Typography.Paragraph> : null}
        <Form.Item name="reason" label={t('services.reverseReason')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormModal>

      <FormModal<EvalValues, Contract>
        open={evaluating}
        form={evalForm}
        title={t('services.editEvaluation')}
        name="evaluationForm"
        width={680}
        values={
          c?.evaluation
            ? { scores: c.evaluation.scores, conclusion: c.evaluation.conclusion }
            : {
                scores: [
                  { indicator: '服务数量完成情况', weight: 40 },
                  { indicator: '服务质量', weight: 30 },
                  { indicator: '企业满意度', weight: 30 },
                ],
              }
        }
        save={(v) =>
          servicesApi.evaluate(id!, {
            scores: (v.scores ?? []).map((s) => ({ indicator: s.indicator ?? '', weight: s.weight ?? 0, score: s.score ?? 0 })),
            conclusion: v.conclusion ?? '',
          })
        }
        success={t('services.done')}
        invalidate={['services']}
        onClose={() => setEvaluating(false)}
      >
        <Form.List name="scores">
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'indicator']} rules={[{ required: true }]}>
                    <Input placeholder={t('services.indicator')} aria-label={`${t('services.indicator')} ${f.name + 1}`} style={{ width: 240 }} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'weight']} rules={[{ required: true }]}>
                    <InputNumber placeholder={t('services.weight')} aria-label={`${t('services.weight')} ${f.name + 1}`} min={1} max={100} precision={0} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'score']} rules={[{ required: true }]}>
                    <InputNumber placeholder={t('services.score')} aria-label={`${t('services.score')} ${f.name + 1}`} min={0} max={100} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>−</Button>
                </Space>
              ))}
              <Space>
                <Button onClick={() => add({})}>+ {t('services.addIndicator')}</Button>
                <Typography.Text type={weightSum === 100 ? 'success' : 'warning'} data-testid="weights-sum">
                  {t('services.weightsSum', { sum: weightSum })}
                </Typography.Text>
              </Space>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
        <Form.Item name="conclusion" label={t('services.conclusion')} rules={[{ required: true }]} style={{ marginTop: 12 }}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </FormModal>
    </Drawer>
  );
}
