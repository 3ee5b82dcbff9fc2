import { Link, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Form, Image, Input, Select, Space, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { MEETING_KIND_LABELS, MEETING_STATUS_LABELS, NEED_CATEGORIES, NEED_CATEGORY_LABELS, NEED_KINDS, NEED_KIND_LABELS, pick } from '@shangmi/shared';
import { listeningApi, type MeetingRecordInput } from '../../api/listening';
import { useCan } from '../../lib/access';
import { todayInShanghai } from '../../lib/dates';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { FileUploader } from '../../components/FileUploader';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';

interface RecordValues {
  heldOn: string;
  notes: string;
  situation?: string;
  photoFileIds?: number[];
  people?: { name: string; title?: string }[];
  needs?: { title: string; kind: 'need' | 'opinion'; category: (typeof NEED_CATEGORIES)[number]; enterpriseId?: number }[];
}

/**
 * One visit, forum or interview. Planned: the record form, one column so it works on a phone on site (notes, people
 * met, the situation, the needs found — each becomes an item of the needs tracker). Recorded: what was recorded.
 */
export default function VisitPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const canManage = useCan('listening:manage');
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const qc = useQueryClient();
  const [form] = Form.useForm<RecordValues>();
  const q = useQuery({ queryKey: ['listening', 'meeting', id], queryFn: ({ signal }) => listeningApi.meeting(id, signal) });
  if (q.error) return <QueryError error={q.error} />;
  const m = q.data;
  const save = async (v: RecordValues) => {
    const body: MeetingRecordInput = {
      heldOn: v.heldOn,
      notes: v.notes,
      situation: v.situation || null,
      photoFileIds: v.photoFileIds ?? [],
      peopleMet: (v.people ?? []).filter((p) => p?.name).map((p) => ({ name: p.name, title: p.title || null })),
      needs: (v.needs ?? []).filter((n) => n?.title).map((n) => ({ title: n.title, kind: n.kind, category: n.category, enterpriseId: n.enterpriseId })),
    };
    try {
      await listeningApi.record(id, body);
      message.success(t('listening.recorded'));
      await qc.invalidateQueries({ queryKey: ['listening'] });
    } catch (e) {
      onError(e, form);
    }
  };
  return (
    <>
      <PageHeader title={m ? `${pick(MEETING_KIND_LABELS[m.kind], locale)} · ${m.enterprises.map((e) => e.name).join('、')}` : t('listening.menuVisits')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" loading={q.isLoading}>
          {m ? (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('listening.status')}>
                <Tag data-testid="meeting-status">{pick(MEETING_STATUS_LABELS[m.status], locale)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('listening.plannedOn')}>{m.plannedOn}</Descriptions.Item>
              <Descriptions.Item label={t('listening.org')}>{m.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('listening.staff')}>{m.staff.join('、')}</Descriptions.Item>
              <Descriptions.Item label={t('listening.purpose')}>{m.purpose}</Descriptions.Item>
              {m.heldOn ? <Descriptions.Item label={t('listening.heldOn')}>{m.heldOn}</Descriptions.Item> : null}
              {m.notes ? <Descriptions.Item label={t('listening.notes')}>{m.notes}</Descriptions.Item> : null}
              {m.situation ? <Descriptions.Item label={t('listening.situation')}>{m.situation}</Descriptions.Item> : null}
              {m.peopleMet.length ? <Descriptions.Item label={t('listening.peopleMet')}>{m.peopleMet.map((p) => [p.name, p.title].filter(Boolean).join(' ')).join('、')}</Descriptions.Item> : null}
              {m.photoFileIds.length ? (
                <Descriptions.Item label={t('listening.photos')}>
                  <Image.PreviewGroup>
                    <Space wrap>
                      {m.photoFileIds.map((f) => (
                        <Image key={f} width={96} height={96} style={{ objectFit: 'cover' }} src={`/api/listening/meetings/${m.id}/photos/${f}`} data-testid="meeting-photo" />
                      ))}
                    </Space>
                  </Image.PreviewGroup>
                </Descriptions.Item>
              ) : null}
              {m.needIds.length ? (
                <Descriptions.Item label={t('listening.needsFound')}>
                  <Space wrap>
                    {m.needIds.map((n) => (
                      <Link key={n} to={`/listening/needs/${n}`} data-testid="meeting-need">
                        #{n}
                      </Link>
                    ))}
                  </Space>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          ) : null}
        </Card>
        {m && m.status === 'planned' && canManage ? (
          <Card size="small" title={t('listening.recordTitle')}>
            <Form<RecordValues> form={form} name="recordForm" layout="vertical" initialValues={{ heldOn: todayInShanghai(), needs: [] }} onFinish={(v) => void save(v)}>
              <Form.Item name="heldOn" label={t('listening.heldOn')} rules={[{ required: true }]}>
                <Input type="date" />
              </Form.Item>
              <Form.Item name="notes" label={t('listening.notes')} rules={[{ required: true }]}>
                <Input.TextArea rows={4} />
              </Form.Item>
              <Form.Item name="situation" label={t('listening.situation')}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="photoFileIds" label={t('listening.photos')} extra={t('listening.photosHint')}>
                <FileUploader compact max={30} />
              </Form.Item>
              <Form.List name="people">
                {(fields, { add }) => (
                  <Form.Item label={t('listening.peopleMet')}>
                    {fields.map((f) => (
                      <Space.Compact key={f.key} style={{ width: '100%', marginBottom: 8 }}>
                        <Form.Item name={[f.name, 'name']} noStyle>
                          <Input placeholder={t('listening.peopleMet')} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'title']} noStyle>
                          <Input placeholder="职务 / Title" />
                        </Form.Item>
                      </Space.Compact>
                    ))}
                    <Button size="small" onClick={() => add({})}>
                      +
                    </Button>
                  </Form.Item>
                )}
              </Form.List>
              <Form.List name="needs">
                {(fields, { add }) => (
                  <Form.Item label={t('listening.needsFound')}>
                    {fields.map((f) => (
                      <Card key={f.key} size="small" style={{ marginBottom: 8 }}>
                        <Form.Item name={[f.name, 'title']} label={t('listening.needTitle')} rules={[{ required: true }]}>
                          <Input.TextArea rows={2} />
                        </Form.Item>
                        <Space wrap>
                          <Form.Item name={[f.name, 'kind']} label={t('listening.needKind')}>
                            <Select style={{ width: 130 }} options={NEED_KINDS.map((k) => ({ value: k, label: pick(NEED_KIND_LABELS[k], locale) }))} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'category']} label={t('listening.category')}>
                            <Select style={{ width: 150 }} options={NEED_CATEGORIES.map((k) => ({ value: k, label: pick(NEED_CATEGORY_LABELS[k], locale) }))} />
                          </Form.Item>
                          {m.kind === 'forum' ? (
                            <Form.Item name={[f.name, 'enterpriseId']} label={t('listening.enterprise')}>
                              <Select style={{ width: 220 }} options={m.enterprises.map((e) => ({ value: e.id, label: e.name }))} />
                            </Form.Item>
                          ) : null}
                        </Space>
                      </Card>
                    ))}
                    <Button data-testid="add-need" onClick={() => add({ kind: 'need', category: 'other' })}>
                      {t('listening.addNeed')}
                    </Button>
                  </Form.Item>
                )}
              </Form.List>
              <Button type="primary" htmlType="submit" block data-testid="save-record">
                {t('listening.saveRecord')}
              </Button>
            </Form>
          </Card>
        ) : null}
      </Space>
    </>
  );
}
