import { Descriptions, Form, Input, Tag, Typography, type TableColumnsType } from 'antd';
import { formatDateTime, OPLOG_ACTIONS, oplogTargetLabel, type OplogEntry } from '@shangmi/shared';
import { logsApi } from '../../api/logs';
import { useI18n, useT } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { ExportButton } from '../../components/ExportButton';
import { FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { useServerTable } from '../../components/useServerTable';
import { LogFilterBar } from './LogFilterBar';

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  let text: string;
  try {
    text = JSON.stringify(value, null, 2);
  } catch {
    text = String(value);
  }
  return <pre className="json-block">{text}</pre>;
}

function OplogDetail({ entry }: { entry: OplogEntry }) {
  const t = useT();
  return (
    // fixed layout: a long path, error code or value wraps inside the row instead of widening it (oplog-detail, styles.css)
    <Descriptions className="oplog-detail" size="small" column={2} bordered>
      <Descriptions.Item label={t('logs.method')} span={2}>
        <Typography.Text code>
          {entry.method} {entry.path}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('logs.seq')}>{entry.seq}</Descriptions.Item>
      <Descriptions.Item label={t('logs.requestId')}>{entry.requestId}</Descriptions.Item>
      {entry.errorCode ? (
        <Descriptions.Item label={t('logs.errorCode')} span={2}>
          {entry.errorCode}
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('logs.before')} span={2}>
        <Json value={entry.before} />
      </Descriptions.Item>
      <Descriptions.Item label={t('logs.after')} span={2}>
        <Json value={entry.after} />
      </Descriptions.Item>
    </Descriptions>
  );
}

export default function OplogPage() {
  const t = useT();
  const { pick, locale } = useI18n();
  const list = useServerTable<OplogEntry>({ key: 'oplog', fetch: logsApi.oplog });

  const columns: TableColumnsType<OplogEntry> = [
    // The page never scrolls sideways (issue 22): the organisation, action and target share what is left of the width,
    // and every cell that may be long ends in … with the whole value on hover.
    { title: t('logs.at'), dataIndex: 'at', key: 'at', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t('logs.user'), dataIndex: 'username', key: 'username', width: 110, ellipsis: true },
    { title: t('logs.org'), dataIndex: 'orgName', key: 'orgName', ellipsis: true },
    {
      title: t('logs.action'),
      dataIndex: 'action',
      key: 'action',
      ellipsis: { showTitle: false },
      render: (action: string) => {
        const name = OPLOG_ACTIONS[action];
        return (
          <span title={name ? `${pick(name.zh, name.en)} · ${action}` : action}>
            {name ? <span className="cell-line">{pick(name.zh, name.en)}</span> : null}
            <Typography.Text type={name ? 'secondary' : undefined} className="cell-line" style={name ? { fontSize: 12 } : undefined}>
              {action}
            </Typography.Text>
          </span>
        );
      },
    },
    {
      title: t('logs.target'),
      key: 'target',
      ellipsis: { showTitle: false },
      // the target's readable name (案件 #13), its code on hover
      render: (_, e) => {
        const label = oplogTargetLabel(e.targetType, e.targetId, locale === 'en-US' ? 'en' : 'zh');
        return <span title={e.targetType ? `${label} (${e.targetType})` : label}>{label}</span>;
      },
    },
    {
      title: t('logs.result'),
      key: 'result',
      width: 90,
      render: (_, e) =>
        e.result === 'success' ? <Tag color="success">{t('logs.success')}</Tag> : <Tag color="error">{t('logs.failure')}</Tag>,
    },
    { title: t('logs.ip'), dataIndex: 'ip', key: 'ip', width: 130, ellipsis: true },
    { title: t('logs.duration'), dataIndex: 'durationMs', key: 'durationMs', width: 90, align: 'right' },
  ];

  return (
    <>
      <PageHeader
        title={t('logs.oplogTitle')}
        extra={<ExportButton path="/api/oplog/export" query={list.exportQuery} baseName={t('logs.oplogTitle')} />}
      />
      <LogFilterBar name="oplogFilter" keywordPlaceholder={t('logs.keywordPlaceholder')} table={list}>
        <Form.Item name="action" label={t('logs.action')}>
          <Input allowClear placeholder={t('logs.actionPlaceholder')} maxLength={100} style={{ width: 160 }} />
        </Form.Item>
        <FilterSelect
          name="result"
          label={t('logs.result')}
          width={110}
          options={[
            { value: 'success', label: t('logs.success') },
            { value: 'failure', label: t('logs.failure') },
          ]}
        />
      </LogFilterBar>
      <ListCard<OplogEntry>
        table={list}
        columns={columns}
        // below this the table scrolls inside its card, never the page
        scroll={{ x: 900 }}
        expandable={{ expandedRowRender: (entry) => <OplogDetail entry={entry} /> }}
      />
    </>
  );
}
