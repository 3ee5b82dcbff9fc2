import { App, Button, Card, Col, Form, Row, Select, Typography } from 'antd';
import { FileWordOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { protectionApi, type TemplateInfo } from '../../api/protection';
import { errorText } from '../../lib/errors';
import { useI18n, useT } from '../../lib/i18n';
import { PageHeader } from '../../components/PageHeader';

/** 文书生成: the model texts filled from the enterprise's profile and register, as Word files. */
export default function TemplatesPage() {
  const t = useT();
  const templates = useQuery({ queryKey: ['protection', 'templates'], queryFn: ({ signal }) => protectionApi.templates(signal), staleTime: Infinity });
  const people = useQuery({ queryKey: ['protection', 'people', 'picker'], queryFn: ({ signal }) => protectionApi.people({ pageSize: 200 }, signal) });
  const secrets = useQuery({ queryKey: ['protection', 'secrets', 'picker'], queryFn: ({ signal }) => protectionApi.secrets({ status: 'active', pageSize: 200 }, signal) });
  const personOptions = (people.data?.items ?? []).map((p) => ({ value: p.id, label: [p.name, p.organisation ?? p.department].filter(Boolean).join(' · ') }));
  const secretOptions = (secrets.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
  return (
    <>
      <PageHeader title={t('protection.templatesTitle')}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('protection.templatesHint')}
        </Typography.Paragraph>
      </PageHeader>
      <Row gutter={[12, 12]}>
        {(templates.data ?? []).map((x) => (
          <Col key={x.slug} xs={24} md={12} xl={8}>
            <TemplateCard template={x} personOptions={personOptions} secretOptions={secretOptions} />
          </Col>
        ))}
      </Row>
    </>
  );
}

type Options = { value: number; label: string }[];

function TemplateCard({ template, personOptions, secretOptions }: { template: TemplateInfo; personOptions: Options; secretOptions: Options }) {
  const t = useT();
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ personId?: number; secretIds?: number[] }>();
  const make = useMutation({
    mutationFn: (v: { personId?: number; secretIds?: number[] }) => protectionApi.downloadTemplate(template.slug, { personId: v.personId, secretIds: v.secretIds?.join(',') || undefined }, `${template.slug}.docx`),
    onSuccess: () => message.success(t('protection.templateDone')),
    onError: (e) => message.error(errorText(e, t('common.loadFailed'))),
  });
  return (
    <Card size="small" title={pick(template.title.zh, template.title.en)} data-testid={`template-${template.slug}`} style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{pick(template.purpose.zh, template.purpose.en)}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('protection.templateFills')}：{template.fills.map((f) => pick(f.zh, f.en)).join('、')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name={`template_${template.slug.replace(/-/g, '_')}`} onFinish={(v) => make.mutate(v)}>
        {template.needs !== 'none' ? (
          <Form.Item name="personId" label={t('protection.templatePerson')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={personOptions} />
          </Form.Item>
        ) : null}
        <Form.Item name="secretIds" label={t('protection.templateSecrets')}>
          <Select mode="multiple" showSearch optionFilterProp="label" options={secretOptions} />
        </Form.Item>
        <Button htmlType="submit" icon={<FileWordOutlined aria-hidden />} loading={make.isPending}>
          {t('protection.templateDownload')}
        </Button>
      </Form>
    </Card>
  );
}
