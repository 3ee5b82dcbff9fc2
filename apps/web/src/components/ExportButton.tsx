import { useState } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { downloadExport, type Query } from '../api/client';
import { useT } from '../lib/i18n';
import { useErrorHandler } from '../lib/errors';

/** "导出 Excel": the list's `/export` twin with the filters currently applied (not the page). */
export function ExportButton({ path, query, baseName }: { path: string; query: Query; baseName: string }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      await downloadExport(path, query, `${baseName}-${dayjs().format('YYYYMMDD-HHmmss')}.xlsx`);
      message.success(t('common.exportDone'));
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button icon={<DownloadOutlined aria-hidden />} loading={busy} onClick={run}>
      {t('common.exportExcel')}
    </Button>
  );
}
