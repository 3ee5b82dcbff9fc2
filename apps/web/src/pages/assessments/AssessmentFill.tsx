import { useEffect, useMemo, useRef, useState } from 'react';
import { Affix, Alert, App, Button, Card, Col, Empty, InputNumber, Popconfirm, Radio, Row, Select, Tabs, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { formatDateTime, pick, scoreAssessment, type AnswerEntry, type AssessmentDetail, type Framework, type ProfileAnswers } from '@shangmi/shared';
import { assessmentsApi, type AssessmentAnswersInput } from '../../api/assessments';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { todayInShanghai } from '../../lib/dates';
import { RequirementCard, ScorePanel } from './AssessmentParts';

const AUTOSAVE_MS = 800;

/** Answering: profile first, then the applicable requirements by dimension; autosave; the live score from the shared engine. */
export function FillView({ d, f }: { d: AssessmentDetail; f: Framework }) {
  const { locale, t } = useI18n();
  const L = (m: { zh: string; en: string }) => pick(m, locale);
  const qc = useQueryClient();
  const onError = useErrorHandler();
  const { message } = App.useApp();
  const [profile, setProfile] = useState<ProfileAnswers>(d.profile);
  const [answers, setAnswers] = useState<Record<string, AnswerEntry>>(d.answers);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  // what changed since the last save, sent as one PATCH once typing pauses
  const pending = useRef<Required<AssessmentAnswersInput>>({ profile: {}, answers: {} });
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
            {f.profile.map((p) => {
              const answer = profile[p.id];
              return (
                <Col xs={24} md={12} key={p.id}>
                  <div style={{ marginBottom: 4 }}>{L(p.text)}</div>
                  {p.type === 'number' ? (
                    <InputNumber min={0} value={typeof answer === 'number' ? answer : null} disabled={!editable} onChange={(v) => setProfileAnswer(p.id, v ?? null)} aria-label={L(p.text)} />
                  ) : p.type === 'multiple' || (p.choices ?? []).length > 6 ? (
                    <Select
                      mode={p.type === 'multiple' ? 'multiple' : undefined}
                      allowClear
                      style={{ width: '100%' }}
                      value={p.type === 'multiple' ? (Array.isArray(answer) ? answer : []) : typeof answer === 'string' ? answer : undefined}
                      disabled={!editable}
                      onChange={(v) => setProfileAnswer(p.id, v)}
                      options={(p.choices ?? []).map((c) => ({ value: c.value, label: L(c.text) }))}
                      aria-label={L(p.text)}
                    />
                  ) : (
                    <Radio.Group value={profile[p.id] ?? undefined} disabled={!editable} onChange={(e) => setProfileAnswer(p.id, String(e.target.value))} aria-label={L(p.text)} optionType={p.type === 'yes_no' ? 'button' : 'default'}>
                      {(p.choices ?? []).map((c) => (
                        <Radio key={c.value} value={c.value}>
                          {L(c.text)}
                        </Radio>
                      ))}
                    </Radio.Group>
                  )}
                </Col>
              );
            })}
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
