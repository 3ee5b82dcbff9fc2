import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Affix,
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, PaperClipOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import * as echarts from 'echarts/core';
import { RadarChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import {
  allRequirements,
  choicesOf,
  formatDateTime,
  IMPORTANCE_LABELS,
  modelDocumentSlugOf,
  pick,
  RESULT_LABELS,
  RISK_LABELS,
  scoreAssessment,
  type AnswerEntry,
  type AssessmentDetail,
  type Framework,
  type FrameworkRequirement,
  type ProfileAnswers,
  type ScoreResult,
} from '@shangmi/shared';
import { assessmentsApi } from '../../api/assessments';
import { useErrorHandler } from '../../app/errors';
import { useI18n } from '../../app/i18n';
import { EChart } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';

echarts.use([RadarChart, LegendComponent, TooltipComponent, CanvasRenderer]);

const todayInShanghai = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const AUTOSAVE_MS = 800;

const riskColor = (r: ScoreResult['risk']) => (r === 'high' ? 'red' : r === 'medium' ? 'orange' : 'green');
const resultColor = (r: string) => (r === 'compliant' ? 'green' : r === 'partial' ? 'gold' : r === 'non_compliant' ? 'red' : 'default');

/** The answer control of one requirement, by question type. */
function QuestionInput({ f, r, value, disabled, onChange }: { f: Framework; r: FrameworkRequirement; value: AnswerEntry['value']; disabled: boolean; onChange: (v: AnswerEntry['value']) => void }) {
  const { locale, t } = useI18n();
  const q = r.question;
  const L = (m: { zh: string; en: string }) => pick(m, locale);
  switch (q.type) {
    case 'single':
    case 'yes_no':
      return (
        <Radio.Group value={value ?? undefined} disabled={disabled} onChange={(e) => onChange(e.target.value as string)} aria-label={L(r.text)}>
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
        <Checkbox.Group
          value={Array.isArray(value) ? value : []}
          disabled={disabled}
          onChange={(v) => onChange(v as string[])}
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
function RequirementCard(props: {
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
            maxLength={2000}
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

function ScorePanel({ f, result, testId }: { f: Framework; result: ScoreResult; testId: string }) {
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

/** Answering: profile first, then the applicable requirements by dimension; autosave; the live score from the shared engine. */
function FillView({ d, f }: { d: AssessmentDetail; f: Framework }) {
  const { locale, t } = useI18n();
  const L = (m: { zh: string; en: string }) => pick(m, locale);
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const { message } = App.useApp();
  const [profile, setProfile] = useState<ProfileAnswers>(d.profile);
  const [answers, setAnswers] = useState<Record<string, AnswerEntry>>(d.answers);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const pending = useRef<{ profile: Record<string, unknown>; answers: Record<string, AnswerEntry> }>({ profile: {}, answers: {} });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<boolean>>(Promise.resolve(true));
  const editable = d.canAnswer;

  /**
   * One save at a time: the next starts when the previous has answered and carries everything changed meanwhile, so the
   * server applies the changes in the order they were made. What a failed save carried goes back in front of the newer
   * changes (a newer answer to the same item wins). Resolves false when the save failed.
   */
  const flush = (): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = inFlight.current.then(async () => {
      const body = pending.current;
      if (!Object.keys(body.profile).length && !Object.keys(body.answers).length) return true;
      pending.current = { profile: {}, answers: {} };
      try {
        const res = await assessmentsApi.save(d.id, body);
        setSavedAt(res.updatedAt);
        return true;
      } catch (e) {
        const later = pending.current;
        const answers = { ...body.answers };
        for (const [k, v] of Object.entries(later.answers)) answers[k] = { ...answers[k], ...v };
        pending.current = { profile: { ...body.profile, ...later.profile }, answers };
        onError(e);
        return false;
      }
    });
    inFlight.current = next;
    return next;
  };
  const schedule = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_MS);
  };
  useEffect(() => () => void flush(), []); // eslint-disable-line react-hooks/exhaustive-deps

  const answer = (id: string, patch: AnswerEntry) => {
    setAnswers((a) => ({ ...a, [id]: { ...a[id], ...patch } }));
    pending.current.answers[id] = { ...pending.current.answers[id], ...patch };
    schedule();
  };
  const setProfileAnswer = (id: string, v: ProfileAnswers[string]) => {
    setProfile((p) => ({ ...p, [id]: v }));
    pending.current.profile[id] = v ?? null;
    schedule();
  };

  const evidenceCounts = useMemo(() => {
    const m = new Map<string, number>();
    for (const e of d.evidence) m.set(e.requirementId, (m.get(e.requirementId) ?? 0) + 1);
    return m;
  }, [d.evidence]);
  // the same engine the server scores with
  const live = useMemo(
    () =>
      scoreAssessment(f, {
        profile,
        answers: Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, { value: v.value, evidenceCount: evidenceCounts.get(k) ?? 0 }])),
        asOf: todayInShanghai(),
      }),
    [f, profile, answers, evidenceCounts],
  );
  const byId = useMemo(() => new Map(live.requirements.map((r) => [r.id, r])), [live]);
  const warned = useMemo(() => new Set(live.warnings.map((w) => w.requirementId)), [live]);

  const refresh = (next: AssessmentDetail) => qc.setQueryData(['assessments', 'detail', d.id], next);
  const onEvidence = async (rid: string, file: File) => {
    try {
      const stored = await assessmentsApi.upload(file);
      refresh(await assessmentsApi.addEvidence(d.id, rid, [stored.id]));
      message.success(t('assessments.evidenceAdded'));
    } catch (e) {
      onError(e);
    }
  };
  const onRemoveEvidence = async (rid: string, fileId: number) => {
    try {
      refresh(await assessmentsApi.removeEvidence(d.id, rid, fileId));
    } catch (e) {
      onError(e);
    }
  };
  const submit = async () => {
    if (!(await flush())) return;
    try {
      refresh(await assessmentsApi.submit(d.id));
      message.success(t('assessments.submitted'));
      void qc.invalidateQueries({ queryKey: ['assessments'] });
    } catch (e) {
      onError(e);
    }
  };

  const tabs = f.dimensions.map((dim) => {
    const ds = live.dimensions.find((x) => x.id === dim.id)!;
    const applicable = dim.requirements.filter((r) => byId.get(r.id)?.applicable);
    return {
      key: dim.id,
      label: (
        <span>
          {L(dim.name)} <Typography.Text type="secondary">{ds.applicable ? `${ds.answered}/${ds.applicable}` : t('assessments.na')}</Typography.Text>
        </span>
      ),
      children: applicable.length ? (
        applicable.map((r) => (
          <RequirementCard
            key={r.id}
            f={f}
            r={r}
            d={d}
            entry={answers[r.id]}
            score={byId.get(r.id)}
            warned={warned.has(r.id)}
            editable={editable}
            onAnswer={(p) => answer(r.id, p)}
            onEvidence={(file) => onEvidence(r.id, file)}
            onRemoveEvidence={(fileId) => void onRemoveEvidence(r.id, fileId)}
          />
        ))
      ) : (
        <Empty description={t('assessments.dimensionNa')} />
      ),
    };
  });

  return (
    <Row gutter={16}>
      <Col xs={24} lg={17}>
        <Card size="small" title={t('assessments.profileTitle')} style={{ marginBottom: 12 }}>
          <Typography.Paragraph type="secondary">{t('assessments.profileHint')}</Typography.Paragraph>
          <Row gutter={[16, 8]}>
            {f.profile.map((p) => (
              <Col xs={24} md={12} key={p.id}>
                <div style={{ marginBottom: 4 }}>{L(p.text)}</div>
                {p.type === 'number' ? (
                  <InputNumber min={0} value={typeof profile[p.id] === 'number' ? (profile[p.id] as number) : null} disabled={!editable} onChange={(v) => setProfileAnswer(p.id, v ?? null)} aria-label={L(p.text)} />
                ) : p.type === 'multiple' || (p.choices ?? []).length > 6 ? (
                  <Select
                    mode={p.type === 'multiple' ? 'multiple' : undefined}
                    allowClear
                    style={{ width: '100%' }}
                    value={p.type === 'multiple' ? ((profile[p.id] as string[] | undefined) ?? []) : ((profile[p.id] as string | undefined) ?? undefined)}
                    disabled={!editable}
                    onChange={(v) => setProfileAnswer(p.id, v)}
                    options={(p.choices ?? []).map((c) => ({ value: c.value, label: L(c.text) }))}
                    aria-label={L(p.text)}
                  />
                ) : (
                  <Radio.Group value={profile[p.id] ?? undefined} disabled={!editable} onChange={(e) => setProfileAnswer(p.id, e.target.value as string)} aria-label={L(p.text)} optionType={p.type === 'yes_no' ? 'button' : 'default'}>
                    {(p.choices ?? []).map((c) => (
                      <Radio key={c.value} value={c.value}>
                        {L(c.text)}
                      </Radio>
                    ))}
                  </Radio.Group>
                )}
              </Col>
            ))}
          </Row>
        </Card>
        <Tabs items={tabs} tabPosition="left" />
      </Col>
      <Col xs={24} lg={7}>
        <Affix offsetTop={72}>
          <div>
            <ScorePanel f={f} result={live} testId="live-score" />
            <Card size="small" style={{ marginTop: 12 }}>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="autosave">
                {savedAt ? t('assessments.savedAt', { time: formatDateTime(savedAt).slice(11, 19) }) : t('assessments.autosaveHint')}
              </Typography.Paragraph>
              {live.warnings.length ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('assessments.warnCount', { n: live.warnings.length })} /> : null}
              {editable ? (
                <Popconfirm title={t('assessments.submitConfirm')} onConfirm={submit} disabled={live.progress.answered < live.progress.applicable}>
                  <Button type="primary" block icon={<SendOutlined aria-hidden />} disabled={live.progress.answered < live.progress.applicable}>
                    {t('assessments.submit')}
                  </Button>
                </Popconfirm>
              ) : null}
              {editable && live.progress.answered < live.progress.applicable ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('assessments.submitNeedsAll', { n: live.progress.applicable - live.progress.answered })}
                </Typography.Text>
              ) : null}
            </Card>
          </div>
        </Affix>
      </Col>
    </Row>
  );
}

/** The report of a submitted check: radar by dimension (with the last check), gaps, recommendations, legal basis. */
function ReportView({ d, f }: { d: AssessmentDetail; f: Framework }) {
  const { locale, t } = useI18n();
  const L = (m: { zh: string; en: string }) => pick(m, locale);
  const onError = useErrorHandler();
  const report = useQuery({ queryKey: ['assessments', 'report', d.id], queryFn: ({ signal }) => assessmentsApi.report(d.id, signal) });
  const reqs = useMemo(() => new Map(allRequirements(f).map((r) => [r.id, r])), [f]);
  const dims = useMemo(() => new Map(f.dimensions.map((x) => [x.id, x])), [f]);
  const r = report.data;
  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!r) return null;
    const shown = r.result.dimensions.filter((x) => x.score !== null);
    return {
      tooltip: {},
      legend: { bottom: 0 },
      radar: { indicator: shown.map((x) => ({ name: L(dims.get(x.id)!.name), max: 100 })), radius: '62%' },
      series: [
        {
          type: 'radar',
          data: [
            { name: t('assessments.thisTime'), value: shown.map((x) => x.score), areaStyle: { opacity: 0.2 } },
            ...(r.previous ? [{ name: t('assessments.lastTime'), value: shown.map((x) => r.previous!.dimensions[x.id] ?? 0), lineStyle: { type: 'dashed' } }] : []),
          ],
        },
      ],
    };
  }, [r, dims, locale]); // eslint-disable-line react-hooks/exhaustive-deps
  if (report.isLoading) return <FullPageSpinner />;
  if (!r) return <QueryError error={report.error} onRetry={() => void report.refetch()} />;
  const res = r.result;
  const level = f.levels[res.level - 1];
  const change = r.previous ? res.overall - r.previous.overall : null;
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('assessments.summary')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('assessments.score')}>
                <Typography.Text strong style={{ fontSize: 24 }} data-testid="report-score">
                  {res.overall.toFixed(1)}
                </Typography.Text>
                {change !== null ? <Tag style={{ marginLeft: 8 }} color={change >= 0 ? 'green' : 'red'}>{t('assessments.change', { d: `${change >= 0 ? '+' : ''}${change.toFixed(1)}` })}</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('assessments.level')}>
                {res.level} {L(level.name)}
                {level.description ? <Typography.Text type="secondary">（{L(level.description)}）</Typography.Text> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('assessments.risk')}>
                <Tag color={riskColor(res.risk)}>{L(RISK_LABELS[res.risk])}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('assessments.percentile')}>
                {r.percentile
                  ? t('assessments.percentileText', { basis: r.percentile.basis === 'industry' ? t('assessments.sameIndustry') : t('assessments.sameDistrict'), n: r.percentile.peers, p: r.percentile.value })
                  : t('assessments.percentileNone')}
              </Descriptions.Item>
              <Descriptions.Item label={t('assessments.submittedAt')}>{formatDateTime(d.submittedAt)}</Descriptions.Item>
            </Descriptions>
            {res.cappedBy.length ? (
              <Alert type="error" showIcon title={t('assessments.cappedBy', { items: res.cappedBy.map((id) => L(reqs.get(id)!.text)).join('；') })} />
            ) : null}
            <Space style={{ marginTop: 12 }} wrap>
              <Button type="primary" icon={<DownloadOutlined aria-hidden />} onClick={() => assessmentsApi.downloadReport(d.id).catch(onError)}>
                {t('assessments.downloadWord')}
              </Button>
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('assessments.radar')}>
            {option ? <EChart option={option} height={340} label={t('assessments.radar')} /> : null}
          </Card>
        </Col>
      </Row>
      {res.warnings.length ? (
        <Alert
          style={{ marginTop: 16 }}
          type="warning"
          showIcon
          title={t('assessments.warnCount', { n: res.warnings.length })}
          description={res.warnings.map((w) => L(reqs.get(w.requirementId)!.text)).join('；')}
        />
      ) : null}
      <Card size="small" title={t('assessments.gaps', { n: res.gaps.length })} style={{ marginTop: 16 }}>
        <Table
          rowKey="requirementId"
          size="small"
          pagination={{ pageSize: 10 }}
          dataSource={res.gaps}
          columns={[
            { title: '#', width: 48, render: (_v, _g, i) => i + 1 },
            {
              title: t('assessments.requirement'),
              render: (_v, g) => (
                <>
                  <div>{L(reqs.get(g.requirementId)!.text)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {L(dims.get(g.dimensionId)!.name)}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: t('assessments.result'),
              width: 120,
              render: (_v, g) => (
                <Space orientation="vertical" size={2}>
                  <Tag color={resultColor(g.result)}>{L(RESULT_LABELS[g.result])}</Tag>
                  <Tag>{L(IMPORTANCE_LABELS[g.importance])}</Tag>
                  {g.redLine ? <Tag color="red">{t('assessments.redLine')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('assessments.recommendation'),
              render: (_v, g) => {
                const req = reqs.get(g.requirementId)!;
                return (
                  <>
                    <div>{L(req.recommendation)}</div>
                    {(req.documents ?? []).map((doc) => {
                      const slug = modelDocumentSlugOf(doc.href);
                      return (
                        <Tag key={doc.href} color="blue">
                          {t('assessments.modelDoc')}：
                          {slug ? <Link to={`/model-documents/${slug}`}>{L(doc.title)}</Link> : L(doc.title)}
                        </Tag>
                      );
                    })}
                  </>
                );
              },
            },
            { title: t('assessments.legalBasis'), width: 260, render: (_v, g) => <Typography.Text style={{ fontSize: 12 }}>{reqs.get(g.requirementId)!.legalBasis.map(L).join('；')}</Typography.Text> },
          ]}
        />
      </Card>
    </>
  );
}

function Comments({ d }: { d: AssessmentDetail }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const [body, setBody] = useState('');
  const general = d.comments.filter((c) => !c.requirementId);
  if (!general.length && !d.canComment) return null;
  return (
    <Card size="small" title={t('assessments.comments')} style={{ marginTop: 16 }}>
      <List
        dataSource={general}
        locale={{ emptyText: t('assessments.noComments') }}
        renderItem={(c) => (
          <List.Item>
            <List.Item.Meta title={`${c.authorOrgName} ${c.authorName} · ${formatDateTime(c.createdAt).slice(0, 16)}`} description={c.body} />
          </List.Item>
        )}
      />
      {d.canComment ? (
        <Space.Compact style={{ width: '100%' }}>
          <Input value={body} maxLength={2000} onChange={(e) => setBody(e.target.value)} placeholder={t('assessments.commentPlaceholder')} aria-label={t('assessments.comments')} />
          <Button
            type="primary"
            disabled={!body.trim()}
            onClick={async () => {
              try {
                qc.setQueryData(['assessments', 'detail', d.id], await assessmentsApi.comment(d.id, body.trim()));
                setBody('');
              } catch (e) {
                onError(e);
              }
            }}
          >
            {t('assessments.addComment')}
          </Button>
        </Space.Compact>
      ) : null}
    </Card>
  );
}

export default function AssessmentPage() {
  const { id } = useParams();
  const { locale, t } = useI18n();
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const detail = useQuery({ queryKey: ['assessments', 'detail', Number(id)], queryFn: ({ signal }) => assessmentsApi.get(Number(id), signal) });
  const fw = useQuery({
    queryKey: ['assessments', 'framework', detail.data?.frameworkId],
    queryFn: ({ signal }) => assessmentsApi.framework(detail.data!.frameworkId, signal),
    enabled: !!detail.data,
    staleTime: Infinity,
  });
  if (detail.isLoading || (detail.data && fw.isLoading)) return <FullPageSpinner />;
  if (!detail.data || !fw.data) return <QueryError error={detail.error ?? fw.error} onRetry={() => void (detail.error ? detail.refetch() : fw.refetch())} />;
  const d = detail.data;
  const f = fw.data;
  return (
    <>
      <PageHeader
        title={`${d.enterpriseName} · ${pick(f.title, locale)}`}
        extra={
          <>
            {d.canShare ? (
              <Space>
                <Switch
                  checked={d.shared}
                  aria-label={t('assessments.shareLabel')}
                  onChange={async (v) => {
                    try {
                      qc.setQueryData(['assessments', 'detail', d.id], await assessmentsApi.share(d.id, v));
                    } catch (e) {
                      onError(e);
                    }
                  }}
                />
                <span>{t('assessments.shareLabel')}</span>
              </Space>
            ) : null}
            <Link to="/assessments">
              <Button icon={<ArrowLeftOutlined aria-hidden />}>{t('common.back')}</Button>
            </Link>
          </>
        }
      />
      {d.kind === 'onsite' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('assessments.onsiteBy', { site: d.siteOrgName ?? '', by: d.consentBy ?? '', date: d.consentDate ?? '' })}
        />
      ) : null}
      {d.status === 'submitted' ? <ReportView d={d} f={f} /> : <FillView d={d} f={f} />}
      <Comments d={d} />
    </>
  );
}
