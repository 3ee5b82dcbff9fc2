import { useState } from 'react';
import { Alert, App, Button, Flex, Modal, Progress, Table, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { pick, SITE_IMPORT_COLUMNS, type SiteImportJob } from '@shangmi/shared';
import { uploadFile, type JobProgress } from '../../api/client';
import { sitesApi } from '../../api/sites';
import { useI18n, useT } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';

/** 批量导入站点: upload, check (row errors shown, nothing written), then import the valid rows in one go. */
export function SiteImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const [job, setJob] = useState<SiteImportJob | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const { locale } = useI18n();
  const columnLabel = (key: string) => {
    const c = SITE_IMPORT_COLUMNS.find((x) => x.key === key);
    return c ? pick({ zh: c.zh, en: c.en }, locale) : key;
  };
  const downloadErrors = async (j: SiteImportJob) => {
    try {
      await sitesApi.downloadImportErrors(j.id, `errors-${j.id}.xlsx`);
    } catch (e) {
      onError(e);
    }
  };
  const reset = () => {
    setJob(null);
    setProgress(null);
  };
  const check = async (file: File) => {
    setBusy(true);
    reset();
    try {
      const stored = await uploadFile(file);
      setJob(await sitesApi.checkImport(stored.id, setProgress));
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const commit = async () => {
    if (!job) return;
    setBusy(true);
    try {
      const done = await sitesApi.commitImport(job.id, setProgress);
      message.success(t('sites.importDone', { n: done.inserted }));
      await queryClient.invalidateQueries({ queryKey: ['sites'] });
      reset();
      onClose();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  return (
    <Modal
      open={open}
      title={t('sites.import')}
      width={860}
      onCancel={() => {
        reset();
        onClose();
      }}
      footer={
        <Flex justify="space-between">
          <Button icon={<DownloadOutlined aria-hidden />} onClick={() => sitesApi.downloadTemplate(t('sites.importTemplate')).catch(onError)}>
            {t('sites.importTemplate')}
          </Button>
          <Button type="primary" disabled={!job || job.status !== 'checked' || !job.validRows} loading={busy && !!job} onClick={commit}>
            {t('sites.importCommit', { n: job?.validRows ?? 0 })}
          </Button>
        </Flex>
      }
      destroyOnHidden
    >
      <Upload
        accept=".xlsx,.csv"
        showUploadList={false}
        beforeUpload={(file) => {
          void check(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined aria-hidden />} loading={busy && !job}>
          {t('sites.importChoose')}
        </Button>
      </Upload>
      {progress ? <Progress percent={progress.total ? Math.round((progress.done / progress.total) * 100) : 0} style={{ marginTop: 12 }} /> : null}
      {job ? (
        <>
          <Alert
            style={{ margin: '12px 0' }}
            type={job.errorRows ? 'warning' : 'success'}
            showIcon
            title={t('sites.importChecked', { total: job.totalRows, valid: job.validRows, errors: job.errorRows })}
            action={
              job.errorRows ? (
                <Button size="small" icon={<DownloadOutlined aria-hidden />} onClick={() => void downloadErrors(job)}>
                  {t('sites.importDownloadErrors')}
                </Button>
              ) : null
            }
          />
          {job.errors.length ? (
            <Table
              rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
              size="small"
              pagination={{ pageSize: 10 }}
              dataSource={job.errors}
              columns={[
                { title: t('sites.importRow'), dataIndex: 'row', width: 80 },
                { title: t('sites.importColumn'), dataIndex: 'column', width: 120, render: (c: string) => columnLabel(c) },
                { title: t('sites.importError'), dataIndex: 'message' },
              ]}
            />
          ) : null}
        </>
      ) : null}
    </Modal>
  );
}
