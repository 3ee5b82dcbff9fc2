import { Alert, Button, Card, Checkbox, Col, DatePicker, Flex, Input, InputNumber, Progress, Radio, Row, Space, Statistic, Tag, Typography, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { answerEntry, choicesOf, IMPORTANCE_LABELS, pick, RESULT_LABELS, RISK_LABELS, type AnswerEntry, type AssessmentDetail, type Framework, type FrameworkRequirement, type ScoreResult } from '@shangmi/shared';
import { maxLengthOf } from '../../lib/forms';
import { assessmentsApi } from '../../api/assessments';
import { useI18n } from '../../lib/i18n';

export const riskColor = (r: ScoreResult['risk']) => (r === 'high' ? 'red' : r === 'medium' ? 'orange' : 'green');

export const resultColor = (r: string) => (r === 'compliant' ? 'green' : r === 'partial' ? 'gold' : r === 'non_compliant' ? 'red' : 'default');

/** The answer control of one requirement, by question type. */
function QuestionInput({ f, r, value, disabled, onChange }: { f: Framework; r: FrameworkRequirement; value: AnswerEntry['value']; disabled: boolean; onChange: (v: AnswerEntry['value']) => void }) {
  const { locale, t } = useI18n();
  const q = r.question;
  const L = (m: { zh: string; en: string }) => pick(m, locale);
  switch (q.type) {
    case 'single':
    case 'yes_no':
      return (
        <Radio.Group value={value ?? undefined} disabled={disabled} onChange={(e) => onChange(String(e.target.value))} aria-label={L(r.text)}>
          <Space orientation="vertical">
            {choicesOf(f, q).map((c) => (
              <Radio key={c.value} value={c.value}>
                {L(c.text)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      );
    case 'multiple':
      return (
        <Checkbox.Group<string>
          value={Array.isArray(value) ? value : []}
          disabled={disabled}
          onChange={(v) => onChange(v)}
          options={choicesOf(f, q).map((c) => ({ value: c.value, label: L(c.text) }))}
        />
      );
    case 'number':
      return (
        <Space>
          <InputNumber value={typeof value === 'number' ? value : null} disabled={disabled} min={0} onChange={(v) => onChange(v ?? null)} aria-label={L(r.text)} />
          {q.unit ? <Typography.Text type="secondary">{L(q.unit)}</Typography.Text> : null}
        </Space>
      );
    case 'date':
      // the platform's date picker (Chinese calendar, YYYY-MM-DD), not the browser's own, which follows the OS locale
      return (
        <DatePicker
          style={{ width: 180 }}
          format="YYYY-MM-DD"
          value={typeof value === 'string' && value ? dayjs(value) : null}
          disabled={disabled}
          onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : null)}
          aria-label={L(r.text)}
        />
      );
    case 'text':
      return (
        <Input.TextArea
          rows={2}
          maxLength={4000}
          value={typeof value === 'string' ? value : ''}
          disabled={disabled}
          placeholder={t('assessments.textPlaceholder')}
          onChange={(e) => onChange(e.target.value)}
          aria-label={L(r.text)}
        />
      );
  }
}

/** One requirement: the question, guidance, legal basis, note and evidence files. */
export function RequirementCard(props: {
  f: Framework;
  r: FrameworkRequirement;
  d: AssessmentDetail;
  entry: AnswerEntry | undefined;
  score: ScoreResult['requirements'][number] | undefined;
  warned: boolean;
  editable: boolean;
  onAnswer: (patch: AnswerEntry) => void;
  onEvidence: (file: File) => Promise<void>;
  onRemoveEvidence: (fileId: number) => void;
}) {
  const { locale, t } = useI18n();
  const { f, r, d, entry, score, warned, editable } = props;
  const L = (m: { zh: string; en: string }) => pick(m, locale);
  const files = d.evidence.filter((e) => e.requirementId === r.id);
  const comments = d.comments.filter((c) => c.requirementId === r.id);
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-requirement={r.id}>
      <Flex justify="space-between" gap={8} wrap>
        <Typography.Text strong>{L(r.text)}</Typography.Text>
        <Space size={4} wrap>
          <Tag>{L(IMPORTANCE_LABELS[r.importance])}</Tag>
          {r.redLine ? <Tag color="red">{t('assessments.redLine')}</Tag> : null}
          {score ? <Tag color={resultColor(score.result)}>{L(RESULT_LABELS[score.result])}</Tag> : null}
        </Space>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
        {L(r.guidance)}
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('assessments.legalBasis')}：{r.legalBasis.map(L).join('；')}
        </Typography.Text>
      </Typography.Paragraph>
      <QuestionInput f={f} r={r} value={entry?.value} disabled={!editable} onChange={(value) => props.onAnswer({ value })} />
      <Row gutter={12} style={{ marginTop: 8 }}>
        <Col xs={24} md={12}>
          <Input.TextArea
            rows={1}
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={maxLengthOf(answerEntry.shape.note)}
            showCount
            placeholder={t('assessments.notePlaceholder')}
            value={entry?.note ?? ''}
            disabled={!editable}
            onChange={(e) => props.onAnswer({ note: e.target.value })}
            aria-label={t('assessments.note')}
          />
        </Col>
        <Col xs={24} md={12}>
          {r.evidence.length ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('assessments.evidenceExpected')}：{r.evidence.map(L).join('；')}
            </Typography.Text>
          ) : null}
          <div>
            {files.map((e) => (
              <Tag key={e.file.id} icon={<PaperClipOutlined aria-hidden />} closable={editable} onClose={() => props.onRemoveEvidence(e.file.id)}>
                <a onClick={() => assessmentsApi.downloadEvidence(d.id, e.file.id, e.file.name)}>{e.file.name}</a>
              </Tag>
            ))}
            {editable ? (
              <Upload showUploadList={false} customRequest={({ file }) => void props.onEvidence(file as File)}>
                <Button size="small" icon={<UploadOutlined aria-hidden />}>
                  {t('assessments.uploadEvidence')}
                </Button>
              </Upload>
            ) : null}
          </div>
        </Col>
      </Row>
      {warned ? <Alert style={{ marginTop: 8 }} type="warning" showIcon title={t('assessments.warnNoEvidence')} /> : null}
      {comments.map((c) => (
        <Alert key={c.id} style={{ marginTop: 8 }} type="info" title={`${c.authorOrgName} ${c.authorName}：${c.body}`} />
      ))}
    </Card>
  );
}

export function ScorePanel({ f, result, testId }: { f: Framework; result: ScoreResult; testId: string }) {
  const { locale, t } = useI18n();
  const L = (m: { zh: string; en: string }) => pick(m, locale);
  return (
    <Card size="small">
      <Row gutter={16}>
        <Col span={8}>
          <Statistic title={t('assessments.liveScore')} value={result.overall} precision={1} valueRender={(n) => <span data-testid={testId}>{n}</span>} />
        </Col>
        <Col span={8}>
          <Statistic title={t('assessments.level')} value={`${result.level} ${L(f.levels[result.level - 1].name)}`} />
        </Col>
        <Col span={8}>
          <Statistic title={t('assessments.risk')} value={L(RISK_LABELS[result.risk])} styles={{ content: { color: riskColor(result.risk) === 'red' ? '#cf1322' : undefined } }} />
        </Col>
      </Row>
      <Progress percent={Math.round((result.progress.answered / Math.max(1, result.progress.applicable)) * 100)} format={() => `${result.progress.answered}/${result.progress.applicable}`} />
    </Card>
  );
}
