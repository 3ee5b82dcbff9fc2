import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { SURVEY_STATUSES, SURVEY_STATUS_LABELS, pick, type Survey, type surveyListQuery } from '@shangmi/shared';
import { listeningApi, type SurveySummary } from '../../api/listening';
import type { Filters } from '../../api/lists';
import { useCan } from '../../lib/access';
import { useI18n } from '../../lib/i18n';
import { FilterBar, FilterSelect } from '../../components/FilterBar';
import { FormModal } from '../../components/FormDialog';
import { ListCard } from '../../components/ListCard';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../components/useAction';
import { useRegionOptions } from '../../components/useRegionOptions';
import { useServerTable } from '../../components/useServerTable';
import { EnterpriseSelect } from './EnterpriseSelect';

type SurveyFilters = Filters<typeof surveyListQuery>;
const SECTIONS = 'ABCDEFGHIJKLMNOPQRST'.split('');

/** 调查问卷: the surveys of the caller's bureau; new from a template, send to filtered enterprises, issue links, close. */
export default function SurveysPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const table = useServerTable<SurveySummary, SurveyFilters>({ key: 'listening', fetch: listeningApi.surveys });
  const templates = useQuery({ queryKey: ['listening', 'templates'], queryFn: ({ signal }) => listeningApi.templates(signal) });
  const { districtOptions } = useRegionOptions();
  const registry = useCan('enterprises:read');
  const act = useAction(['listening']);
  const [creating, setCreating] = useState(false);
  const [sending, setSending] = useState<number | null>(null);
  const [links, setLinks] = useState<string[] | null>(null);
  const [qr, setQr] = useState<string[]>([]);
  const [linking, setLinking] = useState<number | null>(null);
  return (
    <>
      <PageHeader
        title={t('listening.menuSurveys')}
        extra={
          <>
            <Button data-testid="survey-new" onClick={() => void navigate('/listening/surveys/new')}>
              {t('listening.newSurvey')}
            </Button>
            <Button type="primary" data-testid="survey-from-template" onClick={() => setCreating(true)}>
              {t('listening.newFromTemplate')}
            </Button>
          </>
        }
      />
      <FilterBar<SurveyFilters> table={table} name="surveyFilter" instant>
        <FilterSelect name="status" label={t('listening.status')} width={130} options={SURVEY_STATUSES.map((k) => ({ value: k, label: pick(SURVEY_STATUS_LABELS[k], locale) }))} />
      </FilterBar>
      <ListCard<SurveySummary>
        table={table}
        scroll={{ x: 900 }}
        columns={[
          { title: t('listening.surveyTitle'), dataIndex: 'title', render: (v: string, r) => <Link to={`/listening/surveys/${r.id}`}>{v}</Link> },
          { title: t('listening.status'), dataIndex: 'status', width: 100, render: (v: SurveySummary['status'], r) => <>{pick(SURVEY_STATUS_LABELS[v], locale)} {r.anonymous ? <Tag>{t('listening.anonymous')}</Tag> : null}</> },
          { title: t('listening.targets'), dataIndex: 'targets', width: 90 },
          { title: t('listening.responses'), dataIndex: 'responses', width: 90 },
          {
            title: '',
            key: 'actions',
            width: 260,
            render: (_: unknown, r) =>
              r.status === 'closed' ? null : (
                <Space size={4} wrap>
                  {r.status === 'draft' ? (
                    <Button size="small" data-testid={`survey-design-${r.id}`} onClick={() => void navigate(`/listening/surveys/${r.id}/edit`)}>
                      {t('listening.design')}
                    </Button>
                  ) : null}
                  <Button size="small" data-testid={`survey-send-${r.id}`} onClick={() => setSending(r.id)}>
                    {t('listening.distribute')}
                  </Button>
                  <Button size="small" onClick={() => setLinking(r.id)}>
                    {t('listening.tokens')}
                  </Button>
                  {r.status === 'open' ? (
                    <Button size="small" danger onClick={() => void act(() => listeningApi.close(r.id), t('listening.closeSurvey'))}>
                      {t('listening.closeSurvey')}
                    </Button>
                  ) : null}
                </Space>
              ),
          },
        ]}
      />
      <FormModal<{ template: string; title?: string }, Survey>
        open={creating}
        onClose={() => setCreating(false)}
        title={t('listening.newFromTemplate')}
        name="templateForm"
        success={t('common.created')}
        initialValues={{ template: templates.data?.[0]?.key }}
        values={{ template: templates.data?.[0]?.key }}
        save={(v) => listeningApi.fromTemplate(v.template, v.title || undefined)}
        invalidate={['listening']}
        onSaved={(s) => void navigate(`/listening/surveys/${s.id}`)}
      >
        <Form.Item name="template" label={t('listening.template')} rules={[{ required: true }]}>
          <Select options={(templates.data ?? []).map((x) => ({ value: x.key, label: x.title }))} />
        </Form.Item>
        <Form.Item name="title" label={t('listening.surveyTitle')}>
          <Input />
        </Form.Item>
      </FormModal>
      <FormModal<{ districtCodes?: string[]; industrySections?: string[]; enterpriseIds?: number[] }, Survey>
        open={sending !== null}
        onClose={() => setSending(null)}
        title={t('listening.distributeTitle')}
        name="distributeForm"
        success={t('listening.sent')}
        save={(v) => listeningApi.distribute(sending!, { districtCodes: v.districtCodes?.length ? v.districtCodes : undefined, industrySections: v.industrySections?.length ? v.industrySections : undefined, enterpriseIds: v.enterpriseIds?.length ? v.enterpriseIds : undefined })}
        invalidate={['listening']}
      >
        <Form.Item name="districtCodes" label={t('listening.districts')}>
          <Select mode="multiple" options={districtOptions} />
        </Form.Item>
        <Form.Item name="industrySections" label={t('listening.industrySections')}>
          <Select mode="multiple" options={SECTIONS.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        {registry ? (
          <Form.Item name="enterpriseIds" label={t('listening.enterprises')}>
            <EnterpriseSelect multiple />
          </Form.Item>
        ) : (
          // an association's account reads no registry: its surveys go to its current members
          <Typography.Paragraph type="secondary" data-testid="send-to-members">
            {t('listening.sendToMembers')}
          </Typography.Paragraph>
        )}
      </FormModal>
      <FormModal<{ count: number }, { tokens: string[]; links: string[]; qr: string[] }>
        open={linking !== null}
        onClose={() => setLinking(null)}
        title={t('listening.tokens')}
        name="tokensForm"
        success={t('listening.tokens')}
        initialValues={{ count: 10 }}
        save={(v) => listeningApi.tokens(linking!, v.count)}
        invalidate={['listening']}
        onSaved={(r) => {
          setLinks(r.links.map((l) => `${window.location.origin}${l}`));
          setQr(r.qr);
        }}
      >
        <Form.Item name="count" label={t('listening.tokenCount')} rules={[{ required: true }]}>
          <InputNumber min={1} max={500} />
        </Form.Item>
      </FormModal>
      <Modal open={links !== null} onCancel={() => setLinks(null)} onOk={() => setLinks(null)} title={t('listening.tokens')} width={720}>
        <Typography.Paragraph type="secondary">{t('listening.tokensOnce')}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: (links ?? []).join('\n') }}>
          {(links ?? []).map((l, i) => (
            <div key={l} data-testid="survey-link" style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 8 }}>
              {qr[i] ? <img alt="QR" width={96} height={96} src={`data:image/svg+xml;utf8,${encodeURIComponent(qr[i])}`} data-testid="survey-qr" /> : null}
              <span style={{ wordBreak: 'break-all' }}>{l}</span>
            </div>
          ))}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
