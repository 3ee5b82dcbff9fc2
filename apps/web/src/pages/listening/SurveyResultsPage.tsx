import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Card, List, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { CROSS_BY, CROSS_BY_LABELS, SURVEY_STATUS_LABELS, pick, type SurveyDefinition, type SurveyResults } from '@shangmi/shared';
import { listeningApi } from '../../api/listening';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { NeedFromDialog, type NeedFrom } from '../../components/listening/NeedFromDialog';
import { ChartGrid, type ChartSpec } from '../../components/ChartGrid';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useRegionOptions } from '../../components/useRegionOptions';

type Question = SurveyResults['questions'][number];

/** A survey's results: a chart per choice question, the cross-tab by district / industry / kind, text answers, the export. */
export default function SurveyResultsPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const [by, setBy] = useState<string>('');
  const [toNeed, setToNeed] = useState<NeedFrom | null>(null);
  const mayRecord = useCan('listening:manage');
  const navigate = useNavigate();
  const survey = useQuery({ queryKey: ['listening', 'survey', id], queryFn: ({ signal }) => listeningApi.survey(id, signal) });
  const results = useQuery({ queryKey: ['listening', 'results', id, by], queryFn: ({ signal }) => listeningApi.results(id, by || undefined, signal) });
  const { districtLabel } = useRegionOptions();
  if (survey.error || results.error) return <QueryError error={(survey.error ?? results.error)!} />;
  const s = survey.data;
  const r = results.data;
  const label = (def: SurveyDefinition | undefined, q: Question, value: string) => {
    const question = def?.flatMap((x) => x.questions).find((x) => x.id === q.id);
    if (q.kind === 'matrix') {
      const [row, col] = value.split('=');
      return `${question?.rows?.find((x) => x.value === row)?.label ?? row}：${question?.options?.find((x) => x.value === col)?.label ?? col}`;
    }
    return question?.options?.find((x) => x.value === value)?.label ?? value;
  };
  const charts: ChartSpec[] = (r?.questions ?? [])
    .filter((q) => q.kind !== 'text' && q.kind !== 'textarea')
    .map((q) => ({ key: q.id, title: q.title, kind: q.kind === 'single' ? 'pie' : 'barH', span: 12, data: q.counts.map((c) => ({ name: label(s?.sections, q, c.value), value: c.count })) }));
  const groupLabel = (g: string) => (g ? (by === 'district' ? districtLabel(g) : g) : '—');
  return (
    <>
      <PageHeader
        title={s ? s.title : t('listening.results')}
        extra={<ExportButton path={`/api/listening/surveys/${id}/export`} query={{}} baseName={s?.title ?? 'survey'} />}
      >
        {s ? (
          <Space wrap>
            <Tag>{pick(SURVEY_STATUS_LABELS[s.status], locale)}</Tag>
            <Typography.Text data-testid="survey-responses">{`${t('listening.responses')}：${r?.responses ?? s.responses}`}</Typography.Text>
            <Typography.Text type="secondary">{`${t('listening.targets')}：${s.targets}`}</Typography.Text>
          </Space>
        ) : null}
      </PageHeader>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <ChartGrid charts={charts} loading={results.isLoading} seriesName={t('listening.responses')} empty={t('listening.noAnswers')} />
        <Card size="small" title={t('listening.stats')} extra={<Segmented value={by} onChange={(v) => setBy(String(v))} options={[{ value: '', label: t('listening.byNone') }, ...CROSS_BY.map((k) => ({ value: k, label: pick(CROSS_BY_LABELS[k], locale) }))]} />}>
          {by
            ? (r?.questions ?? [])
                .filter((q) => q.cross.length)
                .map((q) => (
                  <Table
                    key={q.id}
                    size="small"
                    title={() => q.title}
                    pagination={false}
                    rowKey={(x) => `${x.group}|${x.value}`}
                    dataSource={q.cross}
                    columns={[
                      { title: pick(CROSS_BY_LABELS[by as (typeof CROSS_BY)[number]], locale), dataIndex: 'group', render: (g: string) => groupLabel(g) },
                      { title: t('listening.answer'), dataIndex: 'value', render: (v: string) => label(s?.sections, q, v) },
                      { title: t('listening.responses'), dataIndex: 'count', width: 100 },
                    ]}
                    style={{ marginBottom: 12 }}
                  />
                ))
            : null}
        </Card>
        {(r?.questions ?? [])
          .filter((q) => q.texts.length)
          .map((q) => (
            <Card key={q.id} size="small" title={`${t('listening.texts')} · ${q.title}`}>
              <List
                size="small"
                dataSource={q.textAnswers}
                renderItem={(x) => (
                  <List.Item
                    data-testid="text-answer"
                    actions={
                      // a named answer: its enterprise's need, in one click (an anonymous one names no enterprise)
                      mayRecord && x.enterpriseId
                        ? [
                            <Button key="need" size="small" type="link" data-testid="text-to-need" onClick={() => setToNeed({ enterpriseId: x.enterpriseId!, enterpriseName: x.enterpriseName ?? '', source: 'survey', sourceId: id, title: x.text, detail: `${q.title}：${x.text}` })}>
                              {t('listening.toNeed')}
                            </Button>,
                          ]
                        : []
                    }
                  >
                    <List.Item.Meta title={x.text} description={x.enterpriseName ?? undefined} />
                  </List.Item>
                )}
              />
            </Card>
          ))}
      </Space>
      <NeedFromDialog from={toNeed} onClose={() => setToNeed(null)} onSaved={(n) => void navigate(`/listening/needs/${n.id}`)} />
    </>
  );
}
