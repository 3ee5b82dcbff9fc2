import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Empty, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { NEED_MAX, type RequestCreate } from '@shangmi/shared';
import { servicesApi } from '../../api/services';
import { useDict } from '../../lib/dicts';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/title';
import { PageHeader } from '../../components/PageHeader';
import { ServiceSystemsHint } from '../../components/sites/ServiceSystemsHint';

type Values = { serviceKind?: string; title?: string; need?: string; contactName?: string; contactPhone?: string; assigneeOrgId?: number };

/**
 * 我要求助: the enterprise describes its need — never the secret (the form says so and caps the text) — picks a service
 * kind and, from the suggestions (district, load, rating), a site or provider, or leaves the choice to the platform.
 */
export default function HelpPage() {
  const { t } = useI18n();
  useDocumentTitle(t('services.menuHelp'));
  const [form] = Form.useForm<Values>();
  const kinds = useDict('service_kind');
  const kind = Form.useWatch('serviceKind', form);
  const suggestions = useQuery({ queryKey: ['services', 'suggest', kind], queryFn: ({ signal }) => servicesApi.suggest(kind!, signal), enabled: !!kind });
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const save = async (v: Values) => {
    setBusy(true);
    try {
      const body: RequestCreate = { serviceKind: v.serviceKind!, title: v.title!, need: v.need!, contactName: v.contactName!, contactPhone: v.contactPhone!, assigneeOrgId: v.assigneeOrgId ?? null };
      const r = await servicesApi.ask(body);
      void message.success(t('services.submitted'));
      void navigate(`/services/requests/${r.id}`);
    } catch (e) {
      onError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title={t('services.menuHelp')} />
      <Card style={{ maxWidth: 760 }}>
        <Alert type="warning" showIcon title={t('services.noSecret')} style={{ marginBottom: 16 }} />
        <Form<Values> form={form} name="helpForm" layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="serviceKind" label={t('services.serviceKind')} rules={[{ required: true }]}>
            <Select options={kinds.options} loading={kinds.loading} onChange={() => form.setFieldValue('assigneeOrgId', undefined)} />
          </Form.Item>
          <Form.Item name="title" label={t('services.title')} rules={[{ required: true, max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="need" label={t('services.need')} extra={t('services.needHelp')} rules={[{ required: true }]}>
            <Input.TextArea rows={5} showCount maxLength={NEED_MAX} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="contactName" label={t('services.contactName')} rules={[{ required: true }]}>
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('services.contactPhone')} rules={[{ required: true }]}>
              <Input style={{ width: 200 }} />
            </Form.Item>
          </Space>
          {kind && (
            <Form.Item name="assigneeOrgId" label={t('services.suggestions')} extra={t('services.suggestionsHint')}>
              {suggestions.data?.length ? (
                <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                  {suggestions.data.map((s) => (
                    <Radio key={s.orgId} value={s.orgId}>
                      <Space wrap size={4}>
                        <Typography.Text strong>{s.orgName}</Typography.Text>
                        <span>{s.offeringTitle}</span>
                        {s.sameDistrict && <Tag color="blue">{t('services.sameDistrict')}</Tag>}
                        <Tag>{s.free ? t('services.free') : t('services.contract')}</Tag>
                        <Tag>{t('services.open', { n: s.openRequests })}</Tag>
                        {s.rating !== null && <Tag color="gold">★ {s.rating}</Tag>}
                      </Space>
                    </Radio>
                  ))}
                </Radio.Group>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={suggestions.isPending ? '' : t('services.noSuggestion')} />
              )}
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('services.submit')}
          </Button>
        </Form>
      </Card>
      {/* issue 24 item 5: not a trade-secret matter? the other public service systems */}
      <div style={{ maxWidth: 760 }}>
        <ServiceSystemsHint />
      </div>
    </>
  );
}
