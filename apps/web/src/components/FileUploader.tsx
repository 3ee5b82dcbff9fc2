import { useEffect, useRef, useState } from 'react';
import { Button, Typography, Upload, type UploadFile } from 'antd';
import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, uploadFile } from '../api/client';
import { useT } from '../lib/i18n';

interface Props {
  id?: string;
  /** ids of the files uploaded so far (what the form sends) */
  value?: number[];
  onChange?: (ids: number[]) => void;
  /** true while a file is still on its way (the form waits) */
  onBusyChange?: (busy: boolean) => void;
  max?: number;
  /** a small button instead of the drop area (one uploader per table row) */
  compact?: boolean;
}

/**
 * Evidence files: each is uploaded at once (POST /api/files, with progress) and becomes a file id; the record it is
 * linked to is saved afterwards with those ids. Removing a file here only unlinks it from the form.
 */
export function FileUploader({ id, onChange, onBusyChange, max = 20, compact = false }: Props) {
  const t = useT();
  const [files, setFiles] = useState<UploadFile<{ id: number }>[]>([]);
  const changed = useRef(onChange);
  const busyChanged = useRef(onBusyChange);
  useEffect(() => {
    changed.current = onChange;
    busyChanged.current = onBusyChange;
  });

  useEffect(() => {
    changed.current?.(files.filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id));
    busyChanged.current?.(files.some((f) => f.status === 'uploading'));
  }, [files]);

  const patch = (uid: string, next: Partial<UploadFile<{ id: number }>>) => setFiles((list) => list.map((f) => (f.uid === uid ? { ...f, ...next } : f)));

  const Box = compact ? Upload : Upload.Dragger;
  return (
    <div id={id}>
      <Box
        multiple
        fileList={files}
        maxCount={max}
        customRequest={({ file }) => {
          const f = file as File & { uid: string };
          uploadFile(f, (fraction) => patch(f.uid, { percent: Math.round(fraction * 100) }))
            .then((stored) => patch(f.uid, { status: 'done', percent: 100, response: { id: stored.id } }))
            .catch((err: unknown) => patch(f.uid, { status: 'error', error: err, response: undefined, name: `${f.name}（${err instanceof ApiError ? err.message : ''}）` }));
        }}
        beforeUpload={(file) => {
          setFiles((list) => [...list, { uid: (file as File & { uid: string }).uid, name: file.name, size: file.size, status: 'uploading', percent: 0 }]);
          return true;
        }}
        onRemove={(file) => {
          setFiles((list) => list.filter((f) => f.uid !== file.uid));
          return true;
        }}
      >
        {compact ? (
          <Button size="small" icon={<UploadOutlined aria-hidden />}>
            {t('cultivation.uploadButton')}
          </Button>
        ) : (
          <>
            <p className="ant-upload-drag-icon">
              <InboxOutlined aria-hidden />
            </p>
            <Typography.Text type="secondary">{t('cultivation.uploadHint')}</Typography.Text>
          </>
        )}
      </Box>
    </div>
  );
}
