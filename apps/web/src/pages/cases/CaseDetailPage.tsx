import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, App, Space, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { identityReveal, type CaseDetail, type ReporterInput } from '@shangmi/shared';
import { maxLengthOf } from '../../lib/forms';
import { casesApi } from '../../api/cases';
import { useCan } from '../../lib/access';
import { useErrorHandler } from '../../lib/errors';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/title';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { CaseActions, JointNotes } from './CaseActions';
import { CaseDialogs, ReasonPrompt, type Ask, type AskFor, type CaseDialog, type RunStep } from './CaseDialogs';
import { CaseFacts } from './CaseFacts';
import { CaseReferrals } from './CaseReferrals';
import { CaseClocks, CaseFiles, CaseReveals, CaseShares, CaseTimeline } from './CaseRecords';
import { useCaseLabels } from './labels';

/** 案件详情: parties, clocks, timeline, transfers and notices, documents, and the identity access log. */
export default function CaseDetailPage() {
  const id = Number(useParams().id);
  const l = useCaseLabels();
  const { t } = l;
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const canApprove = useCan('cases:approve');
  const q = useQuery({ queryKey: ['cases', id], queryFn: ({ signal }) => casesApi.get(id, signal) });
  const partners = useQuery({ queryKey: ['cases', 'partners'], queryFn: ({ signal }) => casesApi.partners(signal), enabled: !!q.data && !q.data.partnerView });
  const [ask, setAsk] = useState<Ask>(null);
  const [identity, setIdentity] = useState<ReporterInput | null>(null);
  const [dialog, setDialog] = useState<CaseDialog>(null);
  useDocumentTitle(q.data?.title ?? t('cases.caseTitle'));
  if (q.error) return <QueryError error={q.error} />;
  if (!q.data) return <FullPageSpinner />;
  const c = q.data;
  const allowed = new Set(c.allowed);

  const refresh = (d?: CaseDetail | void) => {
    if (d) qc.setQueryData(['cases', id], d);
    void qc.invalidateQueries({ queryKey: ['cases'] });
  };
  const run: RunStep = async (fn, form) => {
    try {
      refresh(await fn());
      message.success(t('cases.done'));
      return true;
    } catch (e) {
      onError(e, form);
      return false;
    }
  };
  const askFor: AskFor = (title, fn, max) => setAsk({ title, run: fn, max });
  const reveal = () =>
    askFor(t('cases.revealIdentity'), async (reason) => {
      setIdentity(await casesApi.reveal(id, reason));
      void qc.invalidateQueries({ queryKey: ['cases', id] });
    }, maxLengthOf(identityReveal.shape.reason));

  return (
    <>
      <PageHeader
        title={c.title}
        extra={
          <Space>
            {c.supervised ? <Tag color="red">{t('cases.supervised')}</Tag> : null}
            <Tag>{l.track(c.track)}</Tag>
            <Tag color="blue" data-testid="case-status">
              {l.status(c.status)}
            </Tag>
          </Space>
        }
      />
      {c.partnerView ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cases.partnerView')} /> : null}
      <CaseFacts c={c} identity={identity} onReveal={reveal} />
      <CaseClocks c={c} canApprove={canApprove} askFor={askFor} />
      {c.partnerView ? null : <CaseActions c={c} run={run} onOpen={setDialog} />}
      {c.partnerView ? null : <CaseFiles c={c} />}
      <CaseShares c={c} canApprove={canApprove} identity={identity} onIdentity={setIdentity} run={run} askFor={askFor} />
      {allowed.has('joint_note') && c.shares.some((s) => s.kind === 'joint') ? <JointNotes c={c} run={run} /> : null}
      {c.partnerView ? null : <CaseReferrals caseId={c.id} />}
      <CaseTimeline c={c} />
      {c.partnerView ? null : <CaseReveals c={c} />}
      <ReasonPrompt ask={ask} onClose={() => setAsk(null)} run={run} />
      <CaseDialogs c={c} open={dialog} agencies={partners.data ?? []} onClose={() => setDialog(null)} onSaved={refresh} />
    </>
  );
}
