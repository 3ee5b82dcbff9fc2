import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { App, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, List, Row, Space, Table, Tag, Typography } from 'antd';
import { FileWordOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, type Notice, type PersonDetail } from '@shangmi/shared';
import { protectionApi } from '../../api/protection';
import { Can, useCan } from '../../lib/access';
import { todayInShanghai } from '../../lib/dates';
import { errorText } from '../../lib/errors';
import { nullIfEmpty } from '../../lib/forms';
import { useI18n, useT } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FullPageSpinner } from '../../components/Spinner';
import { dayItem, LEVEL_COLORS, NoticeStatusTag, useProtectionLabels } from './labels';
import { NoticeLinksModal, NoticeSendModal } from './NoticeSendModal';
import { PersonDrawer } from './PersonDrawer';
import type { NoticeLink } from '../../api/protection';

/** One person: what they know, their agreement, trainings, notices, the departure checklist, documents made for them. */
export default function PersonDetailPage() {
  const id = Number(useParams().id);
  const t = useT();
  const l = useProtectionLabels();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<'edit' | 'training' | 'notice' | null>(null);
  const [links, setLinks] = useState<NoticeLink[] | null>(null);
  const detail = useQuery({ queryKey: ['protection', 'person', id], queryFn: ({ signal }) => protectionApi.person(id, signal) });
  const act = useMutation({
    mutationFn: (fn: () => Promise<unknown>) => fn(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['protection'] }),
    onError: (e) => message.error(errorText(e, t('common.loadFailed'))),
  });
  if (detail.isError) return <QueryError error={detail.error} />;
  if (!detail.data) return <FullPageSpinner />;
  const d = detail.data;
  const p = d.person;
  const close = () => setDialog(null);

  return (
    <>
      <PageHeader
        title={p.name}
        extra={
          <>
            <Link to="/protection/people">{t('protection.peopleTitle')}</Link>
            <Can perm="protection:manage">
              <Button onClick={() => setDialog('edit')}>{t('protection.editPerson')}</Button>
              <Button icon={<SendOutlined aria-hidden />} onClick={() => setDialog('notice')} disabled={p.status !== 'active'}>
                {t('protection.sendNotice')}
              </Button>
            </Can>
          </>
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('protection.personKind')}>{l.personKind(p.kind)}</Descriptions.Item>
              <Descriptions.Item label={t('protection.department')}>{[p.organisation, p.department, p.position].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('protection.agreementSignedOn')}>{p.agreementSignedOn ?? <Tag color="warning">{t('protection.noAgreement')}</Tag>}</Descriptions.Item>
              <Descriptions.Item label={t('protection.nonCompeteTo')}>{p.nonCompeteFrom ? `${p.nonCompeteFrom} ~ ${p.nonCompeteTo ?? ''}` : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('protection.personStatus')}>{p.status === 'departed' ? `${t('protection.statusDeparted')} ${p.departedOn ?? ''}` : t('protection.statusActive')}</Descriptions.Item>
              <Descriptions.Item label={t('protection.secretsKnown')}>
                <Space size={4} wrap>
                  {d.secrets.map((s) => (
                    <Link key={s.id} to={`/protection/secrets/${s.id}`}>
                      <Tag color={LEVEL_COLORS[s.level]}>{s.name}</Tag>
                    </Link>
                  ))}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('protection.menuNotices')} style={{ marginTop: 12 }}>
            <Table<Notice>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.notices}
              columns={[
                { title: t('protection.noticeSecrets'), render: (_, n) => n.secretNames.join('、') },
                { title: t('protection.noticeStatus'), width: 110, render: (_, n) => <NoticeStatusTag status={n.status} /> },
                { title: t('protection.sentAt'), width: 160, render: (_, n) => formatDateTime(n.sentAt) },
                { title: t('protection.acknowledgedAt'), width: 160, render: (_, n) => formatDateTime(n.acknowledgedAt) || '—' },
                {
                  title: t('common.actions'),
                  width: 200,
                  render: (_, n) =>
                    n.status === 'acknowledged' ? (
                      <Button size="small" type="link" onClick={() => act.mutate(() => protectionApi.downloadAcknowledgement(n.id))}>
                        {t('protection.document')}
                      </Button>
                    ) : n.status === 'pending' || n.status === 'expired' ? (
                      <Can perm="protection:manage">
                        <Button size="small" type="link" onClick={() => act.mutate(() => protectionApi.reissue(n.id).then((x) => setLinks([x])))}>
                          {t('protection.reissue')}
                        </Button>
                        {n.status === 'pending' ? (
                          <Button size="small" type="link" danger onClick={() => act.mutate(() => protectionApi.revokeNotice(n.id))}>
                            {t('protection.revoke')}
                          </Button>
                        ) : null}
                      </Can>
                    ) : null,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <TemplatesCard detail={d} />
          <Card
            size="small"
            title={t('protection.trainings')}
            style={{ marginTop: 12 }}
            extra={
              <Can perm="protection:manage">
                <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => setDialog('training')}>
                  {t('protection.addTraining')}
                </Button>
              </Can>
            }
          >
            <List size="small" dataSource={d.trainings} renderItem={(x) => <List.Item>{`${x.on} · ${x.title}`}</List.Item>} />
          </Card>
          <DepartureCard detail={d} />
        </Col>
      </Row>
      <PersonDrawer open={dialog === 'edit'} onClose={close} person={p} />
      <NoticeSendModal open={dialog === 'notice'} onClose={close} personIds={[id]} secretIds={d.secrets.map((s) => s.id)} />
      <NoticeLinksModal links={links} onClose={() => setLinks(null)} />
      <FormModal<{ title: string; on: string }>
        open={dialog === 'training'}
        onClose={close}
        name="trainingForm"
        title={t('protection.addTraining')}
        initialValues={{ on: todayInShanghai() }}
        success={t('common.saved')}
        invalidate={['protection']}
        save={(v) => protectionApi.addTraining(id, v)}
      >
        <Form.Item name="title" label={t('protection.trainingTitle')} rules={[{ required: true, max: 60 }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="on" label={t('protection.trainingOn')} rules={[{ required: true }]} {...dayItem}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
      </FormModal>
    </>
  );
}

/** The documents made for one person (员工保密协议, 竞业限制协议, 离职承诺书 …), filled with their name and secrets. */
function TemplatesCard({ detail }: { detail: PersonDetail }) {
  const t = useT();
  const { pick } = useI18n();
  const { message } = App.useApp();
  const templates = useQuery({ queryKey: ['protection', 'templates'], queryFn: ({ signal }) => protectionApi.templates(signal), staleTime: Infinity });
  const make = useMutation({
    mutationFn: (slug: string) => protectionApi.downloadTemplate(slug, { personId: detail.person.id, secretIds: detail.secrets.map((s) => s.id).join(',') || undefined }, `${slug}.docx`),
    onSuccess: () => message.success(t('protection.templateDone')),
    onError: (e) => message.error(errorText(e, t('common.loadFailed'))),
  });
  return (
    <Card size="small" title={t('protection.generate')}>
      <Flex gap={8} wrap>
        {(templates.data ?? [])
          .filter((x) => x.needs === 'person')
          .map((x) => (
            <Button key={x.slug} icon={<FileWordOutlined aria-hidden />} loading={make.isPending && make.variables === x.slug} onClick={() => make.mutate(x.slug)}>
              {pick(x.title.zh, x.title.en)}
            </Button>
          ))}
      </Flex>
    </Card>
  );
}

/** 离职交接清单: each item of the rules' checklist with the day it was done. */
function DepartureCard({ detail }: { detail: PersonDetail }) {
  const t = useT();
  const l = useProtectionLabels();
  const canManage = useCan('protection:manage');
  const [form] = Form.useForm<{ departedOn: string; note?: string } & Record<string, string | null>>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const items = l.rules?.departure.items ?? [];
  const dep = detail.departure;
  const save = useMutation({
    mutationFn: (v: Record<string, string | null | undefined>) =>
      protectionApi.departure(detail.person.id, {
        departedOn: v.departedOn!,
        items: Object.fromEntries(items.map((i) => [i.value, v[`item_${i.value}`] ?? null])),
        note: nullIfEmpty(v.note ?? undefined),
      }),
    onSuccess: () => {
      message.success(t('protection.departureSaved'));
      void qc.invalidateQueries({ queryKey: ['protection'] });
    },
    onError: (e) => message.error(errorText(e, t('common.loadFailed'))),
  });
  const initial = { departedOn: dep?.departedOn ?? null, note: dep?.note ?? undefined, ...Object.fromEntries(items.map((i) => [`item_${i.value}`, dep?.items[i.value] ?? null])) };
  return (
    <Card size="small" title={t('protection.departure')} style={{ marginTop: 12 }}>
      {items.length ? (
        <Form form={form} name="departureForm" layout="horizontal" labelCol={{ span: 12 }} initialValues={initial} onFinish={(v) => save.mutate(v)} disabled={!canManage}>
          <Form.Item name="departedOn" label={t('protection.departedOn')} rules={[{ required: true }]} {...dayItem}>
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          {items.map((i) => (
            <Form.Item key={i.value} name={`item_${i.value}`} label={l.departureItem(i.value)} {...dayItem}>
              <DatePicker format="YYYY-MM-DD" placeholder={t('protection.itemDoneOn')} />
            </Form.Item>
          ))}
          <Form.Item name="note" label={t('protection.note')}>
            <Input maxLength={300} />
          </Form.Item>
          {dep ? <Typography.Paragraph type={dep.complete ? 'success' : 'warning'}>{t(dep.complete ? 'protection.departureDone' : 'protection.departureOpen')}</Typography.Paragraph> : null}
          {canManage ? (
            <Button htmlType="submit" loading={save.isPending}>
              {t('protection.departureSave')}
            </Button>
          ) : null}
        </Form>
      ) : null}
    </Card>
  );
}
