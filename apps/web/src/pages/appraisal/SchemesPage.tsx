import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Empty, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { APPRAISAL_SCHEME_STATUS_LABELS, formatDateTime, pick, type AppraisalItem, type AppraisalScheme } from '@shangmi/shared';
import { ApiError } from '../../api/client';
import { appraisalApi, type AppraisalSchemeVersionHead } from '../../api/appraisal';
import { useCan } from '../../lib/access';
import { todayInShanghai } from '../../lib/dates';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

const BASE = new Set(['linear', 'threshold', 'yesno', 'manual']);
const TOTAL = 100;

/**
 * 考核方案管理 (docs/appraisal.md § Scheme versions): the year's scheme versions. The city makes a new version (a draft
 * copied from the newest), edits its items' weights, indicators and targets and the caps, saves (checked by the server:
 * the error names the item and field), and publishes it; a published version is shown read-only. A district reads.
 */
export default function SchemesPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  useDocumentTitle(t('appraisal.schemes.title'));
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const manage = useCan('appraisal:manage');
  const list = useQuery({ queryKey: ['appraisal', 'schemes', year], queryFn: ({ signal }) => appraisalApi.schemeVersions(year, signal) });
  const all = useQuery({ queryKey: ['appraisal', 'schemes', 'all'], queryFn: ({ signal }) => appraisalApi.schemeVersions(undefined, signal) });
  const [selected, setSelected] = useState<number | null>(null);
  const rows = list.data ?? [];
  const current = selected && rows.some((r) => r.id === selected) ? selected : (rows[0]?.id ?? null);
  const v = useQuery({ queryKey: ['appraisal', 'scheme', current], queryFn: ({ signal }) => appraisalApi.schemeVersion(current!, signal), enabled: !!current });
  const [busy, setBusy] = useState(false);
  if (list.error || v.error) return <QueryError error={list.error ?? v.error} />;
  const draft = rows.find((r) => r.status === 'draft');
  // a new version starts from the year's newest; a year without any from the newest scheme of any year
  const source = rows[0] ?? all.data?.[0];

  const create = () => {
    if (!source) return;
    setBusy(true);
    appraisalApi
      .schemeVersion(source.id)
      .then((s) => appraisalApi.createSchemeVersion(s.year === year ? s.scheme : { ...s.scheme, year, effectiveFrom: `${year}-01-01` }))
      .then((created) => {
        message.success(t('appraisal.schemes.created', { n: created.version }));
        setSelected(created.id);
        return qc.invalidateQueries({ queryKey: ['appraisal', 'schemes'] });
      }, onError)
      .finally(() => setBusy(false));
  };

  return (
    <>
      <PageHeader
        title={t('appraisal.schemes.title')}
        extra={
          <Space wrap>
            <Link to="/appraisal">{t('appraisal.title')}</Link>
            <Select
              value={year}
              onChange={(y) => {
                setYear(y);
                setSelected(null);
              }}
              style={{ width: 110 }}
              data-testid="sv-year"
              options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
            />
            {manage ? (
              <Button type="primary" data-testid="sv-new" disabled={!!draft || !source} loading={busy} onClick={create}>
                {t('appraisal.schemes.newVersion')}
              </Button>
            ) : null}
          </Space>
        }
      />
      {!rows.length && !list.isLoading ? <Empty description={t('appraisal.schemes.none')} /> : null}
      {rows.length ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <Table<AppraisalSchemeVersionHead>
              rowKey="id"
              size="small"
              pagination={false}
              data-testid="sv-versions"
              scroll={{ x: 720 }}
              dataSource={rows}
              rowClassName={(r) => (r.id === current ? 'ant-table-row-selected' : '')}
              onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('appraisal.schemes.version'), dataIndex: 'version', render: (n: number) => t('appraisal.schemes.versionN', { n }) },
                {
                  title: t('appraisal.schemes.status'),
                  dataIndex: 'status',
                  render: (s: AppraisalSchemeVersionHead['status']) => <Tag color={s === 'draft' ? 'orange' : 'green'}>{pick(APPRAISAL_SCHEME_STATUS_LABELS[s], locale)}</Tag>,
                },
                { title: t('appraisal.schemes.source'), dataIndex: 'source', render: (s: string) => t(s === 'file' ? 'appraisal.schemes.sourceFile' : 'appraisal.schemes.sourceEdit') },
                { title: t('appraisal.schemes.createdAt'), dataIndex: 'createdAt', render: (at: string, r) => `${formatDateTime(at)}${r.createdByName ? ` · ${r.createdByName}` : ''}` },
                { title: t('appraisal.schemes.publishedAt'), dataIndex: 'publishedAt', render: (at: string | null) => (at ? formatDateTime(at) : '—') },
                {
                  title: t('appraisal.schemes.rounds'),
                  dataIndex: 'rounds',
                  render: (rs: AppraisalSchemeVersionHead['rounds']) => (rs.length ? rs.map((r) => <Link key={r.id} to="/appraisal">{r.year}</Link>) : '—'),
                },
              ]}
            />
          </Card>
          {v.data ? (
            <Editor
              key={`${v.data.id}:${v.data.status}`}
              id={v.data.id}
              version={v.data.version}
              editable={manage && v.data.status === 'draft'}
              initial={v.data.scheme}
              onDone={() => qc.invalidateQueries({ queryKey: ['appraisal'] })}
              onDeleted={() => setSelected(null)}
            />
          ) : null}
        </Space>
      ) : null}
    </>
  );
}

type Errors = Record<string, string>;

function Editor({ id, version, editable, initial, onDone, onDeleted }: { id: number; version: number; editable: boolean; initial: AppraisalScheme; onDone: () => Promise<unknown>; onDeleted: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [scheme, setScheme] = useState(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => setScheme(initial), [initial]);
  const base = useMemo(() => Math.round(scheme.items.filter((i) => BASE.has(i.rule.type)).reduce((a, i) => a + (i.points || 0), 0) * 100) / 100, [scheme]);
  const setItem = (n: number, patch: (i: AppraisalItem) => AppraisalItem) => setScheme((s) => ({ ...s, items: s.items.map((i, k) => (k === n ? patch(i) : i)) }));
  const err = (path: string) => errors[`scheme.${path}`];
  const status = (path: string) => (err(path) ? ('error' as const) : undefined);

  const run = (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setErrors({});
    work()
      .then(async () => {
        message.success(done);
        await onDone();
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
        onError(e);
      })
      .finally(() => setBusy(false));
  };

  const num = (path: string, value: number | undefined, set: (v: number) => void, testid?: string) =>
    editable ? (
      <InputNumber size="small" value={value} status={status(path)} data-testid={testid} onChange={(x) => x !== null && set(Number(x))} style={{ width: 90 }} />
    ) : (
      (value ?? '—')
    );

  return (
    <Card
      size="small"
      title={
        <Space>
          {pick(scheme.title, locale)}
          <Tag>{t('appraisal.schemes.versionN', { n: version })}</Tag>
        </Space>
      }
      extra={
        editable ? (
          <Space wrap>
            <Button data-testid="sv-save" loading={busy} onClick={() => run(() => appraisalApi.updateSchemeVersion(id, scheme), t('appraisal.schemes.saved'))}>
              {t('appraisal.schemes.save')}
            </Button>
            <Popconfirm title={t('appraisal.schemes.publishConfirm')} onConfirm={() => run(() => appraisalApi.updateSchemeVersion(id, scheme).then(() => appraisalApi.publishSchemeVersion(id)), t('appraisal.schemes.publishedOk', { n: version }))}>
              <Button type="primary" data-testid="sv-publish" loading={busy}>
                {t('appraisal.schemes.publish')}
              </Button>
            </Popconfirm>
            <Popconfirm title={t('appraisal.schemes.remove')} onConfirm={() => run(() => appraisalApi.deleteSchemeVersion(id).then(onDeleted), t('appraisal.schemes.removed'))}>
              <Button danger loading={busy}>
                {t('appraisal.schemes.remove')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {!editable ? <Typography.Text type="secondary">{t('appraisal.schemes.readOnly')}</Typography.Text> : null}
        {Object.keys(errors).length ? (
          <Alert
            type="error"
            showIcon
            data-testid="sv-errors"
            message={t('appraisal.schemes.errors')}
            description={Object.values(errors).map((m) => (
              <div key={m}>{m}</div>
            ))}
          />
        ) : null}
        <Space wrap size={16}>
          <span>
            {t('appraisal.schemes.objectionDays')}：{num('objectionDays', scheme.objectionDays, (x) => setScheme((s) => ({ ...s, objectionDays: x })))}
          </span>
          <span>
            {t('appraisal.schemes.bonusCap')}：{num('bonusCap', scheme.bonusCap, (x) => setScheme((s) => ({ ...s, bonusCap: x })))}
          </span>
          <span>
            {t('appraisal.schemes.deductionCap')}：{num('deductionCap', scheme.deductionCap, (x) => setScheme((s) => ({ ...s, deductionCap: x })))}
          </span>
          <Tag color={base === TOTAL ? 'green' : 'red'} data-testid="sv-sum">
            {t('appraisal.schemes.baseSum', { sum: String(base), total: String(TOTAL) })}
          </Tag>
        </Space>
        <Table<AppraisalItem & { n: number }>
          rowKey="key"
          size="small"
          pagination={false}
          data-testid="sv-items"
          scroll={{ x: 900 }}
          dataSource={scheme.items.map((i, n) => ({ ...i, n }))}
          columns={[
            { title: t('appraisal.schemes.group'), dataIndex: 'group', width: 100, render: (g: AppraisalItem['group']) => pick(g, locale) },
            {
              title: t('appraisal.schemes.item'),
              dataIndex: 'name',
              render: (name: AppraisalItem['name'], r) =>
                editable ? <Input size="small" value={name.zh} status={status(`items.${r.n}.name.zh`)} onChange={(e) => setItem(r.n, (i) => ({ ...i, name: { ...i.name, zh: e.target.value } }))} /> : pick(name, locale),
            },
            { title: t('appraisal.ruleType'), dataIndex: 'rule', width: 110, render: (rule: AppraisalItem['rule']) => t(`appraisal.rule.${rule.type}`) },
            {
              title: t('appraisal.schemes.points'),
              dataIndex: 'points',
              width: 110,
              render: (p: number, r) => num(`items.${r.n}.points`, p, (x) => setItem(r.n, (i) => ({ ...i, points: x })), `sv-points-${r.key}`),
            },
            {
              title: t('appraisal.schemes.indicator'),
              dataIndex: 'rule',
              key: 'indicator',
              width: 230,
              render: (rule: AppraisalItem['rule'], r) =>
                'indicator' in rule ? (
                  editable ? (
                    <Space orientation="vertical" size={0}>
                      <Input
                        size="small"
                        value={rule.indicator}
                        status={status(`items.${r.n}.rule.indicator`)}
                        data-testid={`sv-indicator-${r.key}`}
                        onChange={(e) => setItem(r.n, (i) => ({ ...i, rule: { ...i.rule, indicator: e.target.value } as AppraisalItem['rule'] }))}
                      />
                      {err(`items.${r.n}.rule.indicator`) ? <Typography.Text type="danger">{err(`items.${r.n}.rule.indicator`)}</Typography.Text> : null}
                    </Space>
                  ) : (
                    <Typography.Text code>{rule.indicator}</Typography.Text>
                  )
                ) : (
                  '—'
                ),
            },
            {
              title: t('appraisal.schemes.target'),
              dataIndex: 'rule',
              key: 'target',
              width: 110,
              render: (rule: AppraisalItem['rule'], r) =>
                rule.type === 'linear' ? num(`items.${r.n}.rule.target`, rule.target, (x) => setItem(r.n, (i) => ({ ...i, rule: { ...(i.rule as typeof rule), target: x } })), `sv-target-${r.key}`) : '—',
            },
          ]}
        />
      </Space>
    </Card>
  );
}
