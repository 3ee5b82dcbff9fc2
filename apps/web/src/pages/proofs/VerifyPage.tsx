import { useMemo, useState } from 'react';
import { Alert, Button, Card, Collapse, Descriptions, Flex, Form, Input, List, Progress, Typography, Upload } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone, FileProtectOutlined, UploadOutlined } from '@ant-design/icons';
import { SIG_COSIGNATURE_V1, SIG_ED25519, fromHex, parseVerifierKey, verifyReceipt, type ReceiptCheck } from '@shangmi/shared/tlog';
import { formatDateTime } from '@shangmi/shared';
import { proofsApi } from '../../api/proofs';
import { useT, type MessageKey } from '../../lib/i18n';
import { PublicFrame } from '../../components/PublicHeader';
import { useDocumentTitle } from '../../lib/title';
import { browserEd25519, browserSha256, hashFiles } from '../../lib/hashing/hashing';

/**
 * 存证核验 (public): the receipt and the files stay on this computer; only the log's public key and the witness
 * list are fetched. Shows what is proven: these bytes, committed at this time, in this log, seen by these witnesses.
 * 独立核验: keys the verifier obtained elsewhere (a bureau's announcement, a notary) replace the platform's log key and
 * witness list, so the answer no longer rests on what this server says about its own keys.
 */
/** The shared verifier's problems (English, for logs and the CLI) as the page's own sentences. */
const PROBLEMS: [RegExp, MessageKey][] = [
  [/^malformed checkpoint/, 'proofs.problem.malformed'],
  [/^malformed/, 'proofs.problem.malformed'],
  [/^file not in receipt/, 'proofs.problem.fileNotInReceipt'],
  [/^file missing or changed/, 'proofs.problem.fileChanged'],
  [/^unexpected log origin/, 'proofs.problem.origin'],
  [/^inclusion proof/, 'proofs.problem.inclusion'],
  [/^checkpoint not signed/, 'proofs.problem.unsigned'],
  [/^bad signature/, 'proofs.problem.badSignature'],
  [/^bad trusted key/, 'proofs.problem.badKey'],
  [/^not the certified entry/, 'proofs.problem.notCertified'],
];

class OwnKeyError extends Error {}

export default function VerifyPage() {
  const t = useT();
  useDocumentTitle(t('proofs.verifyTitle'));
  // the chosen receipt file, read when checked: a click right after choosing checks that file, never the one before
  const [receipt, setReceipt] = useState<File | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<(ReceiptCheck & { logKeyText: string; ownKeys: boolean }) | null>(null);
  const [ownKeys, setOwnKeys] = useState('');
  const [ownKeysError, setOwnKeysError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // a certificate's QR code names the entry it certifies: the receipt must be that one
  const expected = useMemo(() => {
    const q = new URLSearchParams(window.location.search);
    const index = q.get('index');
    return index !== null && /^\d+$/.test(index) ? { log: q.get('log') ?? '', index: Number(index), c: (q.get('c') ?? '').toLowerCase() } : null;
  }, []);

  /** The pasted keys, one per line: signed-note Ed25519 keys sign the log, cosignature/v1 keys are witnesses. */
  const parseOwnKeys = async (): Promise<{ log: string[]; witnesses: string[] } | null> => {
    const lines = ownKeys.split(/\r?\n/).map((l) => l.trim());
    if (!lines.some(Boolean)) return null;
    const sha256 = await browserSha256();
    const out = { log: [] as string[], witnesses: [] as string[] };
    for (const [i, line] of lines.entries()) {
      if (!line) continue;
      let type: number;
      try {
        type = parseVerifierKey(sha256, line).type;
      } catch {
        throw new OwnKeyError(t('proofs.ownKeysBadLine', { line: i + 1 }));
      }
      if (type === SIG_ED25519) out.log.push(line);
      else if (type === SIG_COSIGNATURE_V1) out.witnesses.push(line);
      else throw new OwnKeyError(t('proofs.ownKeysBadType', { line: i + 1 }));
    }
    if (!out.log.length) throw new OwnKeyError(t('proofs.ownKeysNoLogKey'));
    return out;
  };

  const run = async () => {
    if (!receipt) return;
    setError(null);
    setOwnKeysError(null);
    setResult(null);
    let own: { log: string[]; witnesses: string[] } | null;
    try {
      own = await parseOwnKeys();
    } catch (e) {
      setOwnKeysError((e as Error).message);
      return;
    }
    setBusy(true);
    try {
      const [digests, trusted, sha256] = await Promise.all([
        hashFiles(files, (i, n) => setDone((prev) => prev.map((x, j) => (j === i ? n : x)))),
        // the verifier's own keys, or what this platform publishes
        own
          ? { logKeys: own.log, witnessKeys: own.witnesses, origin: undefined }
          : Promise.all([proofsApi.logKey(), proofsApi.witnesses()]).then(([key, witnesses]) => ({
              logKeys: [key.key, ...key.previous],
              witnessKeys: witnesses.filter((w) => w.active).map((w) => w.vkey),
              origin: key.origin,
            })),
        browserSha256(),
      ]);
      setDone(files.map((f) => f.size));
      const r = await verifyReceipt(sha256, browserEd25519, await receipt.text(), {
        ...trusted,
        files: files.length ? digests.map((d) => ({ sha256: fromHex(d.sha256), sm3: fromHex(d.sm3) })) : undefined,
      });
      if (expected && (r.index !== expected.index || (expected.log && r.origin !== expected.log) || !(r.commitment ?? '').startsWith(expected.c))) {
        r.ok = false;
        r.problems.push(`not the certified entry ${expected.log} #${expected.index}`);
      }
      setResult({ ...r, logKeyText: (r.logKeyId && trusted.logKeys.find((k) => k.split('+')[1] === r.logKeyId)) || trusted.logKeys.join('\n'), ownKeys: !!own });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame>
      <div style={{ maxWidth: 960, margin: '0 auto' }}>
        <Typography.Title level={3}>
          <FileProtectOutlined aria-hidden /> {t('proofs.verifyTitle')}
        </Typography.Title>
        <Typography.Paragraph>{t('proofs.verifyIntro')}</Typography.Paragraph>
        {expected ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('proofs.certified', { log: expected.log, index: expected.index, c: expected.c })} data-testid="certified" />
        ) : null}
        <Flex gap={16} wrap>
          <Card style={{ flex: 1, minWidth: 300 }}>
            <Upload.Dragger
              accept=".tlog-proof,text/plain"
              showUploadList={false}
              beforeUpload={(f) => {
                setReceipt(f);
                setResult(null);
                setError(null);
                return false;
              }}
              data-testid="receipt-drop"
            >
              <p>
                <UploadOutlined aria-hidden /> {t('proofs.chooseReceipt')}
              </p>
              {receipt ? <Typography.Text strong>{receipt.name}</Typography.Text> : null}
            </Upload.Dragger>
          </Card>
          <Card style={{ flex: 1, minWidth: 300 }}>
            <Upload.Dragger
              multiple
              showUploadList={false}
              beforeUpload={(f, list) => {
                if (list[list.length - 1] === f) {
                  setFiles(list as unknown as File[]);
                  setDone(list.map(() => 0));
                  setResult(null);
                }
                return false;
              }}
              data-testid="files-drop"
            >
              <p>
                <UploadOutlined aria-hidden /> {t('proofs.chooseVerifyFiles')}
              </p>
            </Upload.Dragger>
            {files.map((f, i) => (
              <div key={`${f.name}-${i}`}>
                {f.name}
                <Progress percent={f.size ? Math.floor(((done[i] ?? 0) / f.size) * 100) : 0} size="small" />
              </div>
            ))}
          </Card>
        </Flex>
        <Collapse
          style={{ marginTop: 16 }}
          items={[
            {
              key: 'own',
              label: t('proofs.ownKeysTitle'),
              children: (
                <Form layout="vertical">
                  <Form.Item label={t('proofs.ownKeys')} extra={t('proofs.ownKeysHint')} validateStatus={ownKeysError ? 'error' : undefined} help={ownKeysError ?? undefined} style={{ marginBottom: 0 }}>
                    <Input.TextArea
                      rows={3}
                      value={ownKeys}
                      onChange={(e) => {
                        setOwnKeys(e.target.value);
                        setOwnKeysError(null);
                        setResult(null);
                      }}
                      placeholder="shangmi.example/proofs+1a2b3c4d+AeX…"
                      style={{ fontFamily: 'monospace' }}
                      data-testid="own-keys"
                    />
                  </Form.Item>
                </Form>
              ),
            },
            {
              // the offline tools are for forensic examiners and notaries, not the public: a section of their own
              key: 'tech',
              label: t('proofs.techTitle'),
              children: (
                <Typography.Paragraph style={{ marginBottom: 0 }} data-testid="tech-verifiers">
                  {t('proofs.techBody', { cli: 'shangmi verify', script: 'docs/proofs-verify.py' })}
                </Typography.Paragraph>
              ),
            },
          ]}
        />
        {/* one accessible name whatever its state (antd adds "loading" to it while busy); disabled while a check runs */}
        <Button type="primary" style={{ marginTop: 16 }} disabled={!receipt || busy} loading={busy} aria-label={t('proofs.verify')} onClick={() => void run()} data-testid="verify-run">
          {t('proofs.verify')}
        </Button>
        {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} /> : null}
        {result && result.index < 0 ? (
          // not a receipt at all (unreadable): nothing of a receipt to show, no 日志序号 #-1
          <Alert type="error" showIcon style={{ marginTop: 16 }} message={t('proofs.invalid')} description={t('proofs.notReceipt')} data-testid="not-receipt" />
        ) : result ? (
          <Card style={{ marginTop: 16 }} data-testid="verify-result">
            <Alert type={result.ok ? 'success' : 'error'} showIcon message={result.ok ? t('proofs.valid') : t('proofs.invalid')} data-testid={result.ok ? 'verify-ok' : 'verify-bad'} />
            {result.ownKeys ? null : <Alert type="info" showIcon style={{ marginTop: 8 }} message={t('proofs.platformKeysNote')} data-testid="platform-keys" />}
            <List
              style={{ marginTop: 12 }}
              dataSource={result.files}
              renderItem={(f, i) => (
                <List.Item>
                  <Flex gap={8} align="start">
                    {f.matched ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}
                    <div>
                      <div>
                        {t('proofs.fileLine', { n: i + 1, result: f.matched ? t('proofs.fileMatched') : t('proofs.fileNotMatched') })}
                      </div>
                      <Typography.Text code style={{ fontSize: 11, wordBreak: 'break-all' }}>
                        SHA-256 {f.sha256} · SM3 {f.sm3}
                      </Typography.Text>
                    </div>
                  </Flex>
                </List.Item>
              )}
            />
            <Descriptions column={1} size="small" bordered style={{ marginTop: 12 }}>
              <Descriptions.Item label={t('proofs.integratedAt')}>{formatDateTime(result.integratedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('proofs.certLog')}>{result.origin}</Descriptions.Item>
              <Descriptions.Item label={t('proofs.index')}>#{result.index}</Descriptions.Item>
              <Descriptions.Item label={`${t('proofs.size')} / ${t('proofs.root')}`}>
                {result.size} / <code>{result.root}</code>
              </Descriptions.Item>
              <Descriptions.Item label={t('proofs.logSigned')}>{result.logKey ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}</Descriptions.Item>
              <Descriptions.Item label={t('proofs.logKey')}>
                <code style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{result.logKeyText}</code>
                <div>
                  <Typography.Text type="secondary" data-testid="key-source">
                    {result.ownKeys ? t('proofs.keySourceOwn') : t('proofs.keySourcePlatform')}
                  </Typography.Text>
                </div>
              </Descriptions.Item>
              <Descriptions.Item label={t('proofs.witnessed')}>
                {result.witnesses.length ? result.witnesses.map((w) => `${w.name} (${formatDateTime(w.timestamp * 1000)})`).join('、') : t('proofs.certNone')}
              </Descriptions.Item>
              {result.problems.length ? (
                <Descriptions.Item label={t('proofs.problems')}>
                  {/* in the page's language only: the verifier's English wording is for logs and the command line */}
                  {[...new Set(result.problems.map((p) => PROBLEMS.find(([re]) => re.test(p))?.[1] ?? 'proofs.problem.other'))].map((key) => (
                    <div key={key} data-testid="verify-problem">
                      {t(key)}
                    </div>
                  ))}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        ) : null}
      </div>
    </PublicFrame>
  );
}
