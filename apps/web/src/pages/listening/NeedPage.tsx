import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Card, Descriptions, Form, Input, Space, Tag, Timeline } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { NEED_CATEGORY_LABELS, NEED_KIND_LABELS, NEED_LINK_LABELS, NEED_SOURCE_LABELS, NEED_STATE_LABELS, formatDateTime, pick, type NeedDetail } from '@shangmi/shared';
import { listeningApi, type NeedStep } from '../../api/listening';
import { todayInShanghai } from '../../lib/dates';
import { useI18n } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { FromNeedButton } from '../../components/FromNeedButton';
import { NeedToCultivationButton } from '../../components/listening/NeedToCultivationButton';

interface AssignValues {
  assigneeOrgId: number;
  dueOn: string;
  comment?: string;
}
interface TextValues {
  text: string;
}

/** One need: what it is, where it stands, its history, and the steps the caller may take now (the server's `allowed`). */
export default function NeedPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const q = useQuery({ queryKey: ['listening', 'need', id], queryFn: ({ signal }) => listeningApi.need(id, signal) });
  const [assigning, setAssigning] = useState(false);
  const [stepOpen, setStepOpen] = useState<NeedStep | null>(null);
  if (q.error) return <QueryError error={q.error} />;
  const n = q.data;
  const can = (s: string) => !!n?.allowed.includes(s);
  const stepLabel: Record<NeedStep, string> = { reply: t('listening.doReply'), confirm: t('listening.confirm'), reopen: t('listening.reopen'), close: t('listening.close') };
  const field: Record<NeedStep, string> = { reply: 'reply', confirm: 'comment', reopen: 'comment', close: 'comment' };
  return (
    <>
      <PageHeader
        title={n ? n.title : t('listening.menuNeeds')}
        extra={
          <Space wrap>
            {can('assign') ? (
              <Button type="primary" data-testid="need-assign" onClick={() => setAssigning(true)}>
                {t('listening.assign')}
              </Button>
            ) : null}
            {(['reply', 'confirm', 'reopen', 'close'] as NeedStep[]).filter(can).map((s) => (
              <Button key={s} type={s === 'reply' || s === 'confirm' ? 'primary' : 'default'} data-testid={`need-${s}`} onClick={() => setStepOpen(s)}>
                {stepLabel[s]}
              </Button>
            ))}
            {n ? <FromNeedButton need={n} /> : null}
            {n ? <NeedToCultivationButton need={n} /> : null}
          </Space>
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" loading={q.isLoading}>
          {n ? <NeedFacts n={n} locale={locale} /> : null}
        </Card>
        <Card size="small" title={t('listening.history')}>
          <Timeline
            items={(n?.history ?? []).map((h) => ({
              children: (
                <>
                  <b>{h.label}</b> · {h.userName}（{h.orgName}） · {formatDateTime(h.at)}
                  {h.comment ? <div>{h.comment}</div> : null}
                </>
              ),
            }))}
          />
        </Card>
      </Space>
      <FormModal<AssignValues, NeedDetail>
        open={assigning}
        onClose={() => setAssigning(false)}
        title={t('listening.assign')}
        name="assignForm"
        success={t('listening.assign')}
        save={(v) => listeningApi.assign(id, { assigneeOrgId: v.assigneeOrgId, dueOn: v.dueOn, comment: v.comment || null })}
        invalidate={['listening']}
      >
        <Form.Item name="assigneeOrgId" label={t('listening.assignee')} rules={[{ required: true }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item name="dueOn" label={t('listening.dueOn')} rules={[{ required: true }]} initialValue={todayInShanghai()}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="comment" label={t('listening.comment')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </FormModal>
      <FormModal<TextValues, NeedDetail>
        open={stepOpen !== null}
        onClose={() => setStepOpen(null)}
        title={stepOpen ? stepLabel[stepOpen] : ''}
        name="stepForm"
        success={stepOpen ? stepLabel[stepOpen] : ''}
        rename={stepOpen ? { [field[stepOpen]]: 'text' } : undefined}
        save={(v) => listeningApi.step(id, stepOpen!, { [field[stepOpen!]]: v.text || (stepOpen === 'confirm' ? null : '') })}
        invalidate={['listening']}
      >
        <Form.Item name="text" label={stepOpen === 'reply' ? t('listening.reply') : stepOpen === 'confirm' ? t('listening.comment') : t('listening.reason')} rules={[{ required: stepOpen !== 'confirm' }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </FormModal>
    </>
  );
}

function NeedFacts({ n, locale }: { n: NeedDetail; locale: 'zh-CN' | 'en-US' }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label={t('listening.state')}>
        <Tag data-testid="need-state">{pick(NEED_STATE_LABELS[n.state], locale)}</Tag>
        {n.overdue ? <Tag color="red">{t('listening.overdue')}</Tag> : null}
      </Descriptions.Item>
      <Descriptions.Item label={t('listening.enterprise')}>{n.enterpriseName}</Descriptions.Item>
      <Descriptions.Item label={t('listening.needKind')}>{`${pick(NEED_KIND_LABELS[n.kind], locale)} · ${pick(NEED_CATEGORY_LABELS[n.category], locale)}`}</Descriptions.Item>
      <Descriptions.Item label={t('listening.source')}>{pick(NEED_SOURCE_LABELS[n.source], locale)}</Descriptions.Item>
      <Descriptions.Item label={t('listening.org')}>{n.orgName}</Descriptions.Item>
      <Descriptions.Item label={t('listening.assignee')}>{n.assigneeName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('listening.dueOn')}>{n.dueOn ?? '—'}</Descriptions.Item>
      {n.linkKind ? (
        <Descriptions.Item label={t('listening.link')}>
          <Link data-testid="need-link" to={n.linkKind === 'cultivation' ? `/cultivation/${n.linkId}` : `/services/requests/${n.linkId}`}>{`${pick(NEED_LINK_LABELS[n.linkKind], locale)} #${n.linkId}`}</Link>
        </Descriptions.Item>
      ) : null}
      {n.detail ? <Descriptions.Item label={t('listening.detail')}>{n.detail}</Descriptions.Item> : null}
      {n.reply ? (
        <Descriptions.Item label={t('listening.reply')}>
          <span data-testid="need-reply-text">{n.reply}</span>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}
