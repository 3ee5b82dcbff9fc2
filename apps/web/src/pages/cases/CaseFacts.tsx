import { Link } from 'react-router';
import { Button, Card, Descriptions, Space, Typography } from 'antd';
import { DECISION_KIND_LABELS, pick, type CaseDetail, type ReporterInput } from '@shangmi/shared';
import { useRegionOptions } from '../../components/useRegionOptions';
import { fenToYuan } from '../../lib/money';
import { useCaseLabels } from './labels';

/** Who the reporter is, once revealed. */
export function Identity({ identity }: { identity: ReporterInput }) {
  return <span data-testid="identity">{[identity.name, identity.phone, identity.email].filter(Boolean).join(' · ')}</span>;
}

/** The case's parties and facts, and a rights holder's report (Art. 17–18) when it is one. */
export function CaseFacts({ c, identity, onReveal }: { c: CaseDetail; identity: ReporterInput | null; onReveal: () => void }) {
  const l = useCaseLabels();
  const { t, locale } = l;
  const regions = useRegionOptions();
  const allowed = new Set(c.allowed);
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          {c.partnerView ? null : <Descriptions.Item label={t('cases.code')}>{c.trackingCode}</Descriptions.Item>}
          <Descriptions.Item label={t('cases.source')}>{l.source(c.source)}</Descriptions.Item>
          <Descriptions.Item label={t('cases.respondentName')}>{c.respondentName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.respondentCreditCode')}>{c.respondentCreditCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.respondentAddress')}>{c.respondentAddress ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.org')}>{c.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('cases.suggested')}>{c.suggestedDistrictCode ? regions.districtLabel(c.suggestedDistrictCode) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cases.receivedOn')}>{c.receivedOn}</Descriptions.Item>
          {c.partnerView ? null : (
            <Descriptions.Item label={t('cases.reporter')}>
              {c.anonymous ? (
                t('cases.anonymousReporter')
              ) : identity ? (
                <Identity identity={identity} />
              ) : (
                <Space>
                  <Typography.Text type="secondary">{t('cases.sealed')}</Typography.Text>
                  {allowed.has('identity') ? (
                    <Button size="small" onClick={onReveal}>
                      {t('cases.revealIdentity')}
                    </Button>
                  ) : null}
                </Space>
              )}
            </Descriptions.Item>
          )}
          {c.caseNumber ? <Descriptions.Item label={t('cases.caseNumber')}>{c.caseNumber}</Descriptions.Item> : null}
          {c.decisionKind ? (
            <Descriptions.Item label={t('cases.decisionKind')}>
              {`${pick(DECISION_KIND_LABELS[c.decisionKind as keyof typeof DECISION_KIND_LABELS], locale)} ${c.decisionNo ?? ''} ${t('cases.fineYuan')} ${fenToYuan(c.fineFen)}`}
            </Descriptions.Item>
          ) : null}
          {c.siblingId ? (
            <Descriptions.Item label={t('cases.sibling')}>
              <Link to={`/cases/${c.siblingId}`}>#{c.siblingId}</Link>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Typography.Paragraph style={{ marginTop: 12, whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
      </Card>

      {c.rightholder ? (
        <Card title={t('cases.rightholder')} style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('cases.secretSummary')}>{c.rightholder.secretSummary}</Descriptions.Item>
            <Descriptions.Item label={t('cases.measures')}>{c.rightholder.measures}</Descriptions.Item>
            <Descriptions.Item label={t('cases.infringementLeads')}>{c.rightholder.infringementLeads}</Descriptions.Item>
            <Descriptions.Item label={t('cases.receipts')}>{c.rightholder.receiptRefs.join('、') || '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
    </>
  );
}
