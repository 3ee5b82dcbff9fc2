import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Col, Flex, Progress, Radio, Result, Row, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, IMPORT_COLUMNS, type ImportJob, type ImportMode, type ImportRowError } from '@shangmi/shared';
import { downloadExport, type JobProgress } from '../../api/client';
import { enterpriseImportsApi } from '../../api/enterprises';
import { useI18n, useT } from '../../lib/i18n';
import { useErrorHandler } from '../../lib/errors';
import { PageHeader } from '../../components/PageHeader';

type Stage =
  | { step: 'file' }
  | { step: 'working'; label: string; percent: number | null; job?: ImportJob }
  | { step: 'checked'; job: ImportJob }
  | { step: 'done'; job: ImportJob };

/**
 * 批量导入: choose a file (template offered) → upload and check (row errors shown, error workbook offered, nothing
 * written) → import the valid rows in one transaction with a live progress bar → done. Both long steps stream their
 * progress from the server.
 */
export default function EnterpriseImportPage() {
  const t = useT();
  const { pick } = useI18n();
  const { modal } = App.useApp();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<ImportMode>('insert');
  const [stage, setStage] = useState<Stage>({ step: 'file' });
  const history = useQuery({ queryKey: ['enterprise-imports'], queryFn: () => enterpriseImportsApi.list() });

  const columnLabel = (key: string) => {
    const c = IMPORT_COLUMNS.find((x) => x.key === key);
    return c ? pick(c.zh, c.en) : t('enterpriseImport.wholeRow');
  };

  const phaseLabel = (p: JobProgress) =>
    p.phase === 'read' ? t('enterpriseImport.reading') : p.phase === 'check' ? t('enterpriseImport.checking') : t('enterpriseImport.writing');
  const percentOf = (p: JobProgress) => (p.total ? Math.min(100, Math.floor((p.done / p.total) * 100)) : null);

  const start = async (file: File) => {
    setStage({ step: 'working', label: t('enterpriseImport.uploading'), percent: 0 });
    try {
      const uploaded = await enterpriseImportsApi.upload(file, (f) =>
        setStage({ step: 'working', label: t('enterpriseImport.uploading'), percent: Math.floor(f * 100) }),
      );
      const job = await enterpriseImportsApi.check({ fileId: uploaded.id, mode }, (p) =>
        setStage({ step: 'working', label: phaseLabel(p), percent: percentOf(p) }),
      );
      setStage({ step: 'checked', job });
      void queryClient.invalidateQueries({ queryKey: ['enterprise-imports'] });
    } catch (e) {
      setStage({ step: 'file' });
      onError(e);
    }
  };

  const commit = (job: ImportJob) => {
    const run = async () => {
      setStage({ step: 'working', label: t('enterpriseImport.writing'), percent: 0, job });
      try {
        const done = await enterpriseImportsApi.commit(job.id, (p) => setStage({ step: 'working', label: phaseLabel(p), percent: percentOf(p), job }));
        setStage({ step: 'done', job: done });
        void queryClient.invalidateQueries({ queryKey: ['enterprises'] });
        void queryClient.invalidateQueries({ queryKey: ['enterprise-imports'] });
      } catch (e) {
        setStage({ step: 'checked', job });
        onError(e);
      }
    };
    if (job.errorRows === 0) return void run();
    modal.confirm({
      title: t('enterpriseImport.commit', { n: job.validRows }),
      content: t('enterpriseImport.commitConfirm', { n: job.validRows, bad: job.errorRows }),
      onOk: run,
    });
  };

  const downloadErrors = async (job: ImportJob) => {
    try {
      await downloadExport(`/api/enterprises/imports/${job.id}/errors`, {}, `errors-${job.id}.xlsx`);
    } catch (e) {
      onError(e);
    }
  };

  const current = stage.step === 'file' ? 0 : stage.step === 'done' ? 3 : stage.step === 'checked' ? 1 : stage.job ? 2 : 1;

  return (
    <>
      <PageHeader
        title={t('enterpriseImport.title')}
        extra={
          <Button icon={<DownloadOutlined aria-hidden />} onClick={() => downloadExport('/api/enterprises/import-template', {}, 'template.xlsx').catch(onError)}>
            {t('enterpriseImport.template')}
          </Button>
        }
      />
      <Card>
        <Steps
          current={current}
          style={{ marginBottom: 24 }}
          items={[{ title: t('enterpriseImport.stepFile') }, { title: t('enterpriseImport.stepCheck') }, { title: t('enterpriseImport.stepImport') }]}
        />

        {stage.step === 'file' && (
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <Alert type="info" showIcon message={t('enterpriseImport.templateHint')} />
            <Flex gap={12} align="center" wrap>
              <Typography.Text strong>{t('enterpriseImport.mode')}</Typography.Text>
              <Radio.Group
                value={mode}
                onChange={(e) => setMode(e.target.value as ImportMode)}
                options={[
                  { value: 'insert', label: t('enterpriseImport.modeInsert') },
                  { value: 'upsert', label: t('enterpriseImport.modeUpsert') },
                ]}
              />
            </Flex>
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple={false}
              showUploadList={false}
              beforeUpload={(file) => {
                void start(file);
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined aria-hidden />
              </p>
              <p className="ant-upload-text">{t('enterpriseImport.drop')}</p>
              <p className="ant-upload-hint">{t('enterpriseImport.dropHint')}</p>
            </Upload.Dragger>
          </Space>
        )}

        {stage.step === 'working' && (
          <div style={{ padding: '32px 0', maxWidth: 640, margin: '0 auto' }} role="status" aria-live="polite">
            <Typography.Paragraph>{stage.label}</Typography.Paragraph>
            <Progress percent={stage.percent ?? 0} status="active" showInfo={stage.percent !== null} aria-label={stage.label} />
          </div>
        )}

        {stage.step === 'checked' && <CheckResult job={stage.job} columnLabel={columnLabel} onDownload={downloadErrors} onCommit={commit} onReset={() => setStage({ step: 'file' })} />}

        {stage.step === 'done' && (
          <Result
            status="success"
            title={t('enterpriseImport.done')}
            subTitle={t('enterpriseImport.doneDetail', { inserted: stage.job.inserted, updated: stage.job.updated })}
            extra={[
              <Link key="list" to="/enterprises">
                <Button type="primary">{t('enterpriseImport.toList')}</Button>
              </Link>,
              <Button key="again" onClick={() => setStage({ step: 'file' })}>
                {t('enterpriseImport.again')}
              </Button>,
            ]}
          />
        )}
      </Card>

      <Card title={t('enterpriseImport.history')} style={{ marginTop: 16 }} size="small">
        <Table<ImportJob>
          rowKey="id"
          size="small"
          loading={history.isLoading}
          dataSource={history.data ?? []}
          pagination={false}
          columns={[
            { title: t('enterpriseImport.file'), dataIndex: 'fileName' },
            { title: t('enterpriseImport.totalRows'), dataIndex: 'totalRows', width: 100 },
            { title: t('enterpriseImport.errorRows'), dataIndex: 'errorRows', width: 120 },
            {
              title: t('enterpriseImport.status'),
              width: 200,
              render: (_, j) =>
                j.status === 'committed' ? (
                  <Tag color="success">
                    {t('enterpriseImport.statusCommitted')} · {t('enterpriseImport.doneDetail', { inserted: j.inserted, updated: j.updated })}
                  </Tag>
                ) : (
                  <Tag>{t('enterpriseImport.statusChecked')}</Tag>
                ),
            },
            { title: t('enterpriseImport.time'), width: 170, render: (_, j) => formatDateTime(j.committedAt ?? j.createdAt) },
            {
              title: t('common.actions'),
              width: 140,
              render: (_, j) =>
                j.errorRows > 0 ? (
                  <Button type="link" size="small" onClick={() => void downloadErrors(j)}>
                    {t('enterpriseImport.downloadErrors')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </>
  );
}

function CheckResult({
  job,
  columnLabel,
  onDownload,
  onCommit,
  onReset,
}: {
  job: ImportJob;
  columnLabel: (key: string) => string;
  onDownload: (job: ImportJob) => void;
  onCommit: (job: ImportJob) => void;
  onReset: () => void;
}) {
  const t = useT();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title={t('enterpriseImport.totalRows')} value={job.totalRows} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('enterpriseImport.validRows')} value={job.validRows} valueStyle={{ color: '#389e0d' }} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('enterpriseImport.errorRows')} value={job.errorRows} valueStyle={job.errorRows ? { color: '#cf1322' } : undefined} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={`${t('enterpriseImport.newRows')} / ${t('enterpriseImport.existingRows')}`} value={`${job.newRows} / ${job.existingRows}`} />
        </Col>
      </Row>
      {job.errorRows === 0 ? (
        <Alert type="success" showIcon message={t('enterpriseImport.allValid', { n: job.validRows })} />
      ) : (
        <>
          {job.validRows === 0 && <Alert type="warning" showIcon message={t('enterpriseImport.nothingValid')} />}
          <Table<ImportRowError & { key: string }>
            size="small"
            title={() => (
              <Flex justify="space-between" align="center" wrap gap={8}>
                <Typography.Text strong>{t('enterpriseImport.errorsTitle')}</Typography.Text>
                {job.errors.length < job.errorRows || job.errors.length >= 500 ? (
                  <Typography.Text type="secondary">{t('enterpriseImport.errorsMore', { shown: job.errors.length })}</Typography.Text>
                ) : null}
              </Flex>
            )}
            dataSource={job.errors.map((e, i) => ({ ...e, key: `${e.row}-${e.column}-${i}` }))}
            pagination={{ pageSize: 10, showSizeChanger: false }}
            columns={[
              { title: t('enterpriseImport.row'), dataIndex: 'row', width: 90 },
              { title: t('enterpriseImport.column'), dataIndex: 'column', width: 180, render: (c: string) => columnLabel(c) },
              { title: t('enterpriseImport.message'), dataIndex: 'message', render: (m: string) => <Typography.Text type="danger">{m}</Typography.Text> },
            ]}
          />
        </>
      )}
      <Flex gap={8} wrap justify="flex-end">
        <Button onClick={onReset}>{t('enterpriseImport.reselect')}</Button>
        {job.errorRows > 0 && (
          <Button icon={<DownloadOutlined aria-hidden />} onClick={() => onDownload(job)}>
            {t('enterpriseImport.downloadErrors')}
          </Button>
        )}
        <Button type="primary" disabled={job.validRows === 0} onClick={() => onCommit(job)}>
          {t('enterpriseImport.commit', { n: job.validRows })}
        </Button>
      </Flex>
    </Space>
  );
}
