import { useNavigate, useParams } from 'react-router';
import { Button, Flex, Result } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@shangmi/shared';
import { proofsApi } from '../../api/proofs';
import { useT } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FullPageSpinner } from '../../components/Spinner';
import './proofs.css';

/** 存证证书: printable, with the digests, times, checkpoint and a QR code to the public verify page. */
export default function ProofCertificatePage() {
  const t = useT();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const query = useQuery({ queryKey: ['proofs', 'certificate', id], queryFn: ({ signal }) => proofsApi.certificate(id, signal), enabled: id > 0 });
  const c = query.data;
  useDocumentTitle(c ? `${t('proofs.certificate')} ${c.record.title}` : t('proofs.certificate'));
  if (query.isPending) return <FullPageSpinner />;
  if (!c) return <Result status="404" title={query.error?.message} extra={<Button onClick={() => navigate(-1)}>{t('common.back')}</Button>} />;
  const r = c.record;
  return (
    <>
      <Flex gap={8} className="no-print" style={{ marginBottom: 16 }}>
        <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate('/proofs')}>
          {t('common.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined aria-hidden />} onClick={() => window.print()}>
          {t('proofs.print')}
        </Button>
      </Flex>
      <div className="certificate proof-certificate" data-testid="proof-certificate">
        <div className="certificate-inner">
          <div className="certificate-title">{t('proofs.certTitle')}</div>
          <div className="certificate-no">
            {c.origin} · #{r.logIndex}
          </div>
          <div className="certificate-body" style={{ fontSize: 14 }}>
            <p>{t('proofs.certIntro', { name: c.enterpriseName })}</p>
            <table className="proof-cert-table">
              <tbody>
                <tr>
                  <th>{t('proofs.name')}</th>
                  <td>{r.title}</td>
                </tr>
                {r.files.map((f, i) => (
                  <tr key={i}>
                    <th>
                      {t('proofs.files')} {i + 1}
                    </th>
                    <td>
                      <div>{f.name}</div>
                      <code>SHA-256 {f.sha256}</code>
                      <br />
                      <code>SM3 {f.sm3}</code>
                    </td>
                  </tr>
                ))}
                <tr>
                  <th>{t('proofs.integratedAt')}</th>
                  <td>{formatDateTime(r.integratedAt)}（北京时间 UTC+8）</td>
                </tr>
                <tr>
                  <th>{t('proofs.certCommitment')}</th>
                  <td>
                    <code>{r.commitment}</code>
                  </td>
                </tr>
                <tr>
                  <th>{t('proofs.certLog')}</th>
                  <td>
                    <code>{c.logKey}</code>
                  </td>
                </tr>
                <tr>
                  <th>{t('proofs.certCheckpoint')}</th>
                  <td>
                    <code>
                      {c.checkpointSize} / {c.checkpointRoot}
                    </code>
                  </td>
                </tr>
                <tr>
                  <th>{t('proofs.certWitnesses')}</th>
                  <td>{c.witnesses.length ? c.witnesses.join('、') : t('proofs.certNone')}</td>
                </tr>
              </tbody>
            </table>
          </div>
          <Flex align="center" gap={16} style={{ marginTop: 16 }}>
            <img src={c.qr} alt="QR" width={120} height={120} />
            <div style={{ fontSize: 12 }}>
              <div>{t('proofs.certScan')}</div>
              <code>{c.verifyUrl}</code>
            </div>
          </Flex>
        </div>
      </div>
    </>
  );
}
