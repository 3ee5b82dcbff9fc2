import { Tag, Typography, type TableColumnsType } from 'antd';
import { formatDateTime, LOGIN_RESULTS, type LoginlogEntry } from '@shangmi/shared';
import { logsApi } from '../../api/logs';
import { useT, type MessageKey } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { ExportButton } from '../../components/ExportButton';
import { FilterSelect } from '../../components/FilterBar';
import { ListCard } from '../../components/ListCard';
import { useServerTable } from '../../components/useServerTable';
import { LogFilterBar } from './LogFilterBar';

const RESULT_COLOR: Record<string, string> = {
  success: 'success',
  logout: 'default',
  totp_required: 'processing',
  locked: 'error',
  disabled: 'warning',
};

export default function LoginlogPage() {
  const t = useT();
  const list = useServerTable<LoginlogEntry>({ key: 'loginlog', fetch: logsApi.loginlog });

  const resultLabel = (r: string) => {
    const key = `logs.loginResult.${r}` as MessageKey;
    const text = t(key);
    return text === key ? r : text;
  };

  const columns: TableColumnsType<LoginlogEntry> = [
    { title: t('logs.at'), dataIndex: 'at', key: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('logs.username'), dataIndex: 'username', key: 'username', width: 140 },
    { title: t('logs.org'), dataIndex: 'orgName', key: 'orgName', width: 200, ellipsis: true },
    { title: t('logs.ip'), dataIndex: 'ip', key: 'ip', width: 130 },
    {
      title: t('logs.userAgent'),
      dataIndex: 'userAgent',
      key: 'userAgent',
      ellipsis: true,
      render: (v: string | null) => (v ? <Typography.Text title={v}>{v}</Typography.Text> : null),
    },
    {
      title: t('logs.result'),
      dataIndex: 'result',
      key: 'result',
      width: 140,
      render: (r: string) => <Tag color={RESULT_COLOR[r] ?? 'error'}>{resultLabel(r)}</Tag>,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('logs.loginlogTitle')}
        extra={<ExportButton path="/api/loginlog/export" query={list.exportQuery} baseName={t('logs.loginlogTitle')} />}
      />
      <LogFilterBar name="loginlogFilter" keywordPlaceholder={t('logs.username')} table={list}>
        <FilterSelect name="result" label={t('logs.result')} width={150} options={LOGIN_RESULTS.map((r) => ({ value: r, label: resultLabel(r) }))} />
      </LogFilterBar>
      <ListCard<LoginlogEntry> table={list} columns={columns} scroll={{ x: 1100 }} />
    </>
  );
}
