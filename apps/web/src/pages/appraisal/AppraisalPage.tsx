import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Empty, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { APPRAISAL_ROUND_STATUS_LABELS, APPRAISAL_SHEET_STATE_LABELS, formatDateTime, pick, type AppraisalRound, type AppraisalSheetSummary } from '@shangmi/shared';
import { appraisalApi } from '../../api/appraisal';
import { useCan } from '../../lib/access';
import { todayInShanghai } from '../../lib/dates';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

const STATUS_COLORS = { open: 'blue', scoring: 'orange', published: 'purple', final: 'green' } as const;
const n2 = (v: number) => v.toFixed(2);

/**
 * 区县考核: the year's round. The city opens it, refreshes the figures, starts scoring, publishes and finalises, and sees
 * every district's sheet ranked; a district sees its own sheet (the whole ranking once final).
 */
export default function AppraisalPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  useDocumentTitle(t('appraisal.title'));
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const manage = useCan('appraisal:manage');
  const list = useQuery({ queryKey: ['appraisal', 'rounds', year], queryFn: ({ signal }) => appraisalApi.rounds(year, signal) });
  const head = list.data?.[0];
  const q = useQuery({ queryKey: ['appraisal', 'round', head?.id], queryFn: ({ signal }) => appraisalApi.round(head!.id, signal), enabled: !!head });
  const [busy, setBusy] = useState(false);
  if (list.error || q.error) return <QueryError error={list.error ?? q.error} />;
  const r = q.data;

  const act = (run: () => Promise<unknown>, done: string) => {
    setBusy(true);
    run()
      .then(() => {
        message.success(done);
        return qc.invalidateQueries({ queryKey: ['appraisal'] });
      }, onError)
      .finally(() => setBusy(false));
  };
  const early = r?.objectionDue ? todayInShanghai() <= r.objectionDue : false;

  return (
    <>
      <PageHeader
        title={t('appraisal.title')}
        extra={
          <Space wrap>
            <Link to="/appraisal/schemes" data-testid="ap-schemes">
              {t('appraisal.schemes.link')}
            </Link>
            <Select
              value={year}
              onChange={setYear}
              style={{ width: 110 }}
              data-testid="ap-year"
              options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
            />
            {manage && !head && !list.isLoading ? (
              <Button type="primary" data-testid="ap-open" loading={busy} onClick={() => act(() => appraisalApi.open(year), t('appraisal.opened'))}>
                {t('appraisal.open')}
              </Button>
            ) : null}
            {manage && r ? <CityActions r={r} busy={busy} early={early} act={act} /> : null}
            {r ? (
              <>
                <Button icon={<FileWordOutlined />} onClick={() => appraisalApi.rankingFile(r.id, 'docx').catch(onError)}>
                  {t('appraisal.exportRankingWord')}
                </Button>
                <Button icon={<FileExcelOutlined />} onClick={() => appraisalApi.rankingFile(r.id, 'xlsx').catch(onError)}>
                  {t('appraisal.exportRankingExcel')}
                </Button>
              </>
            ) : null}
          </Space>
        }
      />
      {!head && !list.isLoading ? <Empty description={t('appraisal.none')} /> : null}
      {r ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small" loading={q.isLoading}>
            <Space wrap>
              <Typography.Text strong>{pick(r.title, locale)}</Typography.Text>
              {r.schemeVersion ? <Tag data-testid="ap-scheme-version">{t('appraisal.schemes.versionN', { n: r.schemeVersion })}</Tag> : null}
              <Tag color={STATUS_COLORS[r.status]} data-testid="ap-status">
                {pick(APPRAISAL_ROUND_STATUS_LABELS[r.status], locale)}
              </Tag>
              {r.objectionDue ? <Tag>{t('appraisal.objectionDue', { due: r.objectionDue })}</Tag> : null}
            </Space>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('appraisal.basis')}：{r.scheme.citation.document}
              {r.scheme.citation.clause}“{r.scheme.citation.text}” · {t('appraisal.computedAt', { at: formatDateTime(r.computedAt) })}
            </Typography.Paragraph>
          </Card>
          <Card size="small" title={t('appraisal.ranking')}>
            <Table<AppraisalSheetSummary>
              rowKey="id"
              size="small"
              pagination={false}
              data-testid="ap-ranking"
              scroll={{ x: 720 }}
              dataSource={[...r.sheets].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99) || a.id - b.id)}
              columns={[
                { title: t('appraisal.rank'), dataIndex: 'rank', width: 70, render: (v: number | null) => v ?? '—' },
                { title: t('appraisal.district'), dataIndex: 'districtName', render: (v: string, s) => <Link to={`/appraisal/sheets/${s.id}`}>{v}</Link> },
                {
                  title: t('appraisal.state'),
                  dataIndex: 'state',
                  render: (v: AppraisalSheetSummary['state'], s) => (
                    <Space size={4}>
                      <Tag>{pick(APPRAISAL_SHEET_STATE_LABELS[v], locale)}</Tag>
                      {s.objected ? <Tag color="red">{t('appraisal.objected')}</Tag> : null}
                    </Space>
                  ),
                },
                { title: t('appraisal.base'), dataIndex: 'base', align: 'right', render: n2 },
                { title: t('appraisal.bonus'), dataIndex: 'bonus', align: 'right', render: n2 },
                { title: t('appraisal.deduction'), dataIndex: 'deduction', align: 'right', render: n2 },
                { title: t('appraisal.total'), dataIndex: 'total', align: 'right', render: (v: number) => <b>{n2(v)}</b> },
              ]}
            />
          </Card>
        </Space>
      ) : null}
    </>
  );
}

function CityActions({ r, busy, early, act }: { r: AppraisalRound; busy: boolean; early: boolean; act: (run: () => Promise<unknown>, done: string) => void }) {
  const { t } = useI18n();
  if (r.status === 'open')
    return (
      <>
        <Button data-testid="ap-refresh" loading={busy} onClick={() => act(() => appraisalApi.roundStep(r.id, 'refresh'), t('appraisal.refreshed'))}>
          {t('appraisal.refresh')}
        </Button>
        <Popconfirm title={t('appraisal.startScoringConfirm')} onConfirm={() => act(() => appraisalApi.roundStep(r.id, 'scoring'), t('appraisal.startScoring'))}>
          <Button type="primary" data-testid="ap-scoring" loading={busy}>
            {t('appraisal.startScoring')}
          </Button>
        </Popconfirm>
      </>
    );
  if (r.status === 'scoring')
    return (
      <Popconfirm title={t('appraisal.publishConfirm')} onConfirm={() => act(() => appraisalApi.roundStep(r.id, 'publish'), t('appraisal.published'))}>
        <Button type="primary" data-testid="ap-publish" loading={busy}>
          {t('appraisal.publish')}
        </Button>
      </Popconfirm>
    );
  if (r.status === 'published')
    return (
      <Popconfirm
        title={early ? t('appraisal.finaliseEarly', { due: r.objectionDue ?? '' }) : t('appraisal.finaliseConfirm')}
        onConfirm={() => act(() => appraisalApi.finalise(r.id, early), t('appraisal.finalised'))}
      >
        <Button type="primary" data-testid="ap-finalise" loading={busy}>
          {t('appraisal.finalise')}
        </Button>
      </Popconfirm>
    );
  return null;
}
