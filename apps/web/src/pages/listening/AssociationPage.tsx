import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ASSOCIATION_KIND_LABELS, MEETING_KIND_LABELS, MEETING_STATUS_LABELS, NORM_KINDS, NORM_KIND_LABELS, pick, type AssociationDetail, type Meeting, type MeetingKind, type Norm } from '@shangmi/shared';
import { associationsApi, listeningApi } from '../../api/listening';
import { todayInShanghai } from '../../lib/dates';
import { useErrorHandler } from '../../lib/errors';
import { useI18n } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { MemberPicker } from './MemberPicker';

interface NormValues {
  code?: string;
  kind: (typeof NORM_KINDS)[number];
  title: string;
  body: string;
  effectiveOn: string;
  note?: string;
}
interface ActivityValues {
  kind: MeetingKind;
  enterpriseIds: number[];
  plannedOn: string;
  staff: string;
  purpose: string;
}

/**
 * One association or alliance: its members (add, leave), its 自律规范/conventions (publish, a new version, every
 * version), its activities (plan one with members: it opens on the visit page to be recorded, needs and all).
 */
export default function AssociationPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const q = useQuery({ queryKey: ['listening-associations', id], queryFn: ({ signal }) => associationsApi.get(id, signal) });
  const [adding, setAdding] = useState<number[]>([]);
  const [norm, setNorm] = useState<Partial<NormValues> | null>(null);
  const [versionsOf, setVersionsOf] = useState<string | null>(null);
  const [planning, setPlanning] = useState(false);
  const versions = useQuery({ queryKey: ['listening-associations', id, 'norm', versionsOf], enabled: !!versionsOf, queryFn: ({ signal }) => associationsApi.versions(id, versionsOf!, signal) });
  if (q.error) return <QueryError error={q.error} />;
  const a = q.data;
  const refresh = (d: AssociationDetail) => qc.setQueryData(['listening-associations', id], d);
  const addMembers = async () => {
    try {
      refresh(await associationsApi.addMembers(id, adding));
      setAdding([]);
      void qc.invalidateQueries({ queryKey: ['listening-associations', id, 'candidates'] });
      message.success(t('common.saved'));
    } catch (e) {
      onError(e);
    }
  };
  const current = (a?.memberList ?? []).filter((m) => !m.leftOn);
  return (
    <>
      <PageHeader title={a?.name ?? t('listening.menuAssociations')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" loading={q.isLoading}>
          {a ? (
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('listening.kind')}>{pick(ASSOCIATION_KIND_LABELS[a.kind], locale)}</Descriptions.Item>
              <Descriptions.Item label={t('listening.trade')}>{a.trade}</Descriptions.Item>
              <Descriptions.Item label={t('listening.registeredUnder')}>{a.parentName}</Descriptions.Item>
              <Descriptions.Item label={t('listening.contactName')}>{[a.contactName, a.contactPhone].filter(Boolean).join(' ')}</Descriptions.Item>
              <Descriptions.Item label={t('listening.intro')} span={2}>
                {a.intro}
              </Descriptions.Item>
            </Descriptions>
          ) : null}
        </Card>
        <Card size="small" title={`${t('listening.members')} (${current.length})`}>
          <Space wrap style={{ marginBottom: 12 }}>
            <div style={{ width: 'min(480px, 80vw)' }}>
              <MemberPicker associationId={id} value={adding} onChange={setAdding} />
            </div>
            <Button data-testid="add-members" disabled={!adding.length} onClick={() => void addMembers()}>
              {t('listening.addMembers')}
            </Button>
          </Space>
          <Table
            size="small"
            rowKey="enterpriseId"
            pagination={false}
            dataSource={a?.memberList ?? []}
            columns={[
              { title: t('listening.enterprise'), dataIndex: 'name' },
              { title: t('listening.joinedOn'), dataIndex: 'joinedOn', width: 120 },
              {
                title: t('listening.leftOn'),
                dataIndex: 'leftOn',
                width: 140,
                render: (v: string | null, m) =>
                  v ?? (
                    <Button size="small" type="link" onClick={() => void associationsApi.removeMember(id, m.enterpriseId).then(refresh, onError)}>
                      {t('listening.leave')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
        <Card
          size="small"
          title={t('listening.norms')}
          extra={
            <Button size="small" data-testid="add-norm" onClick={() => setNorm({ kind: 'norm', effectiveOn: todayInShanghai() })}>
              {t('listening.addNorm')}
            </Button>
          }
        >
          <Table<Norm>
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={a?.normList ?? []}
            columns={[
              { title: t('listening.normTitle'), dataIndex: 'title' },
              { title: t('listening.kind'), dataIndex: 'kind', width: 110, render: (v: Norm['kind']) => pick(NORM_KIND_LABELS[v], locale) },
              { title: t('listening.version'), dataIndex: 'version', width: 70, render: (v: number) => <Tag>v{v}</Tag> },
              { title: t('listening.effectiveOn'), dataIndex: 'effectiveOn', width: 120 },
              {
                title: '',
                width: 190,
                render: (_: unknown, n) => (
                  <Space size={0}>
                    <Button size="small" type="link" onClick={() => setNorm({ code: n.code, kind: n.kind, title: n.title, body: n.body, effectiveOn: todayInShanghai() })}>
                      {t('listening.newVersion')}
                    </Button>
                    <Button size="small" type="link" onClick={() => setVersionsOf(n.code)}>
                      {t('listening.versions')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
        <Card
          size="small"
          title={t('listening.activities')}
          extra={
            <Button size="small" data-testid="plan-activity" disabled={!current.length} onClick={() => setPlanning(true)}>
              {t('listening.planActivity')}
            </Button>
          }
        >
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={a?.activityList ?? []}
            columns={[
              { title: t('listening.plannedOn'), dataIndex: 'plannedOn', width: 120, render: (v: string, r) => <Link to={`/listening/visits/${r.id}`}>{v}</Link> },
              { title: t('listening.kind'), dataIndex: 'kind', width: 100, render: (v: MeetingKind) => pick(MEETING_KIND_LABELS[v], locale) },
              { title: t('listening.purpose'), dataIndex: 'purpose', ellipsis: true },
              { title: t('listening.status'), dataIndex: 'status', width: 90, render: (v: Meeting['status']) => pick(MEETING_STATUS_LABELS[v], locale) },
              { title: t('listening.needsFound'), dataIndex: 'needs', width: 90 },
            ]}
          />
        </Card>
      </Space>
      <FormModal<NormValues, Norm>
        open={!!norm}
        onClose={() => setNorm(null)}
        title={norm?.code ? t('listening.newVersion') : t('listening.addNorm')}
        name="normForm"
        initialValues={norm ?? {}}
        save={(v) => associationsApi.addNorm(id, { ...v, code: norm?.code, note: v.note || null })}
        success={t('common.saved')}
        invalidate={['listening-associations']}
      >
        <Form.Item name="kind" label={t('listening.kind')} rules={[{ required: true }]}>
          <Select options={NORM_KINDS.map((k) => ({ value: k, label: pick(NORM_KIND_LABELS[k], locale) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('listening.normTitle')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label={t('listening.normBody')} rules={[{ required: true }]}>
          <Input.TextArea rows={8} maxLength={50_000} />
        </Form.Item>
        <Form.Item name="effectiveOn" label={t('listening.effectiveOn')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="note" label={t('listening.versionNote')}>
          <Input maxLength={500} />
        </Form.Item>
      </FormModal>
      <Modal open={!!versionsOf} onCancel={() => setVersionsOf(null)} footer={null} title={t('listening.versions')} width={720}>
        {(versions.data ?? []).map((v) => (
          <Card key={v.id} size="small" style={{ marginBottom: 8 }} title={`v${v.version} · ${v.effectiveOn}${v.note ? ` · ${v.note}` : ''}`}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{v.body}</div>
          </Card>
        ))}
      </Modal>
      <FormModal<ActivityValues, Meeting>
        open={planning}
        onClose={() => setPlanning(false)}
        title={t('listening.planActivity')}
        name="activityForm"
        initialValues={{ kind: 'forum', plannedOn: todayInShanghai() }}
        save={(v) => listeningApi.plan({ kind: v.kind, enterpriseIds: v.enterpriseIds ?? [], plannedOn: v.plannedOn, staff: (v.staff ?? '').split(/[,，、]/).map((s) => s.trim()).filter(Boolean), purpose: v.purpose, associationId: id })}
        success={t('common.created')}
        invalidate={['listening-associations', 'listening']}
        onSaved={(m) => void navigate(`/listening/visits/${m.id}`)}
      >
        <Form.Item name="kind" label={t('listening.kind')} rules={[{ required: true }]}>
          <Select options={(['forum', 'visit', 'interview'] as const).map((k) => ({ value: k, label: pick(MEETING_KIND_LABELS[k], locale) }))} />
        </Form.Item>
        <Form.Item name="enterpriseIds" label={t('listening.members')} rules={[{ required: true }]}>
          <Select mode="multiple" options={current.map((m) => ({ value: m.enterpriseId, label: m.name }))} />
        </Form.Item>
        <Form.Item name="plannedOn" label={t('listening.plannedOn')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="staff" label={t('listening.staff')} extra={t('listening.staffHint')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="purpose" label={t('listening.purpose')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </FormModal>
    </>
  );
}
