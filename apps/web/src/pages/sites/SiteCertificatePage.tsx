import { useNavigate, useParams } from 'react-router';
import { Button, Flex, Result } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@shangmi/shared';
import { sitesApi } from '../../api/sites';
import { useT } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { FullPageSpinner } from '../../components/Spinner';
import { useSiteLabels } from '../../components/sites/labels';

/** 认定证书: a printable page (A4 landscape) for an accredited site; the menu and buttons do not print. */
export default function SiteCertificatePage() {
  const t = useT();
  const l = useSiteLabels();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const query = useQuery({ queryKey: ['sites', 'detail', id], queryFn: ({ signal }) => sitesApi.get(id, signal), enabled: id > 0 });
  const d = query.data;
  useDocumentTitle(d ? `${t('sites.certificate')} ${d.name}` : t('sites.certificate'));
  if (query.isPending) return <FullPageSpinner />;
  const a = d?.acceptances.find((x) => x.state === 'approved');
  if (!d || !a || !d.plaqueNo) return <Result status="404" title={t('sites.noCertificate')} extra={<Button onClick={() => navigate(-1)}>{t('common.back')}</Button>} />;
  const date = formatDateTime(d.accreditedAt ?? a.cityAt).slice(0, 10).split('-');
  return (
    <>
      <Flex gap={8} className="no-print" style={{ marginBottom: 16 }}>
        <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate(`/sites/${d.id}`)}>
          {t('common.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined aria-hidden />} onClick={() => window.print()}>
          {t('sites.print')}
        </Button>
      </Flex>
      <div className="certificate" data-testid="certificate">
        <div className="certificate-inner">
          <div className="certificate-title">商业秘密保护{l.kind(d.kind)}认定证书</div>
          <div className="certificate-no">编号：{d.plaqueNo}</div>
          <div className="certificate-body">
            <p>
              <strong>{d.name}</strong>
              {d.hostName ? `（依托单位：${d.hostName}）` : ''}：
            </p>
            <p>
              经自评申报、区县市场监督管理局审核，你单位符合《{d.standard?.title ?? '商业秘密保护基地（站、点）建设标准'}》要求，
              {a.districtTotal !== null ? `验收评分 ${a.districtTotal} 分，` : ''}
              现认定为<strong>{`${l.level(d.level)}商业秘密保护${l.kind(d.kind)}`}</strong>，特发此证。
            </p>
          </div>
          <div className="certificate-sign">
            <div>{d.cityBureauName}</div>
            <div>{`${date[0]}年${Number(date[1])}月${Number(date[2])}日`}</div>
          </div>
        </div>
      </div>
    </>
  );
}
