import { useState } from 'react';
import { Button, Card, Form, Radio, Select, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { EXPORT_FORMATS, EXPORT_TARGETS, EXPORT_TARGET_LABELS, formatDateTime, pick, type ExportTarget } from '@shangmi/shared';
import { creditApi, type CreditExportInput, type CreditLedgerRow } from '../../api/credit';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';

/**
 * 双公示导出: the files for 国家企业信用信息公示系统 and 信用银川 (XLSX, CSV, JSON; full or incremental since the last export
 * for that system), and the ledger of every export and pull (what stretch of the change feed, how many rows, by whom).
 */
export default function CreditExportsPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('credit.exportTitle'));
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CreditExportInput>();
  const [busy, setBusy] = useState(false);
  const [page, setPage] = useState(1);
  const ledger = useQuery({ queryKey: ['credit', 'ledger', page], queryFn: ({ signal }) => creditApi.ledger({ page, pageSize: 20 }, signal) });
  const run = async (v: CreditExportInput) => {
    setBusy(true);
    try {
      await creditApi.exportFile(v);
      await queryClient.invalidateQueries({ queryKey: ['credit', 'ledger'] });
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const targetName = (v: string) => ((EXPORT_TARGETS as readonly string[]).includes(v) ? pick(EXPORT_TARGET_LABELS[v as ExportTarget], locale) : v);
  return (
    <>
      <PageHeader title={t('credit.exportTitle')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<CreditExportInput> form={form} name="creditExport" layout="inline" initialValues={{ target: 'gsxt', format: 'xlsx', mode: 'full' }} onFinish={run} style={{ rowGap: 12 }}>
          <Form.Item name="target" label={t('credit.exportTarget')}>
            <Select style={{ width: 240 }} options={EXPORT_TARGETS.map((k) => ({ value: k, label: pick(EXPORT_TARGET_LABELS[k], locale) }))} />
          </Form.Item>
          <Form.Item name="format" label={t('credit.exportFormat')}>
            <Radio.Group optionType="button" options={EXPORT_FORMATS.map((f) => ({ value: f, label: f.toUpperCase() }))} />
          </Form.Item>
          <Form.Item name="mode" label={t('credit.exportMode')}>
            <Radio.Group
              options={[
                { value: 'full', label: t('credit.exportFull') },
                { value: 'incremental', label: t('credit.exportIncremental') },
              ]}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<DownloadOutlined />} loading={busy}>
              {t('credit.exportRun')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" title={t('credit.ledger')}>
        <Table<CreditLedgerRow>
          size="small"
          rowKey="id"
          className="credit-ledger"
          loading={ledger.isFetching}
          dataSource={ledger.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: ledger.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: t('credit.ledgerAt'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
            { title: t('credit.exportTarget'), dataIndex: 'target', render: targetName },
            { title: t('credit.exportMode'), dataIndex: 'mode', width: 90, render: (v: string) => (v === 'full' ? t('credit.modeFull') : t('credit.modeIncremental')) },
            { title: t('credit.exportFormat'), dataIndex: 'format', width: 80, render: (v: string) => v.toUpperCase() },
            { title: t('credit.ledgerRows'), dataIndex: 'rows', width: 80 },
            { title: t('credit.ledgerSeq'), width: 130, render: (_, r) => `${r.fromSeq} → ${r.toSeq}` },
            { title: t('credit.ledgerBy'), dataIndex: 'byName', width: 180 },
          ]}
        />
      </Card>
    </>
  );
}
