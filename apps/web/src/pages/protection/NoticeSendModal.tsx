import { useState } from 'react';
import { App, Button, Checkbox, Form, List, Modal, Select, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@shangmi/shared';
import { protectionApi, type NoticeLink } from '../../api/protection';
import { useT } from '../../lib/i18n';
import { FormModal } from '../../components/FormDialog';

interface Values {
  personIds: number[];
  secretIds: number[];
  sendEmail?: boolean;
}

/**
 * 发送保密告知书: the people and the secrets it names (by register name); the answer is one single-use link per person,
 * shown once to be passed on (and e-mailed where asked).
 */
export function NoticeSendModal({ open, onClose, personIds, secretIds }: { open: boolean; onClose: () => void; personIds?: number[]; secretIds?: number[] }) {
  const t = useT();
  const [links, setLinks] = useState<NoticeLink[] | null>(null);
  const people = useQuery({ queryKey: ['protection', 'people', 'picker'], queryFn: ({ signal }) => protectionApi.people({ status: 'active', pageSize: 200 }, signal), enabled: open });
  const secrets = useQuery({ queryKey: ['protection', 'secrets', 'picker'], queryFn: ({ signal }) => protectionApi.secrets({ status: 'active', pageSize: 200 }, signal), enabled: open });
  return (
    <>
      <FormModal<Values, { items: NoticeLink[] }>
        open={open}
        onClose={onClose}
        name="noticeForm"
        title={t('protection.sendTitle')}
        width={640}
        values={{ personIds: personIds ?? [], secretIds: secretIds ?? [] }}
        success={(r) => t('protection.sent', { n: r.items.length })}
        invalidate={['protection']}
        save={(v) => protectionApi.sendNotices({ personIds: v.personIds, secretIds: v.secretIds, sendEmail: !!v.sendEmail })}
        onSaved={(r) => setLinks(r.items)}
      >
        <Form.Item name="personIds" label={t('protection.noticePeople')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            loading={people.isLoading}
            options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: [p.name, p.department ?? p.organisation].filter(Boolean).join(' · ') }))}
          />
        </Form.Item>
        <Form.Item name="secretIds" label={t('protection.noticeSecrets')} rules={[{ required: true }]}>
          <Select mode="multiple" showSearch optionFilterProp="label" loading={secrets.isLoading} options={(secrets.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item name="sendEmail" valuePropName="checked">
          <Checkbox>{t('protection.sendEmail')}</Checkbox>
        </Form.Item>
      </FormModal>
      <NoticeLinksModal links={links} onClose={() => setLinks(null)} />
    </>
  );
}

/** The links just made, each with its copy button (shown once: the server keeps only their hashes). */
export function NoticeLinksModal({ links, onClose }: { links: NoticeLink[] | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const copy = (text: string) =>
    navigator.clipboard?.writeText(text).then(
      () => message.success(t('protection.copied')),
      () => undefined,
    );
  return (
    <Modal open={!!links} title={t('protection.linksTitle')} onCancel={onClose} onOk={onClose} width={720} cancelButtonProps={{ style: { display: 'none' } }}>
      <List
        dataSource={links ?? []}
        renderItem={(x) => (
          <List.Item actions={[<Button key="copy" size="small" icon={<CopyOutlined aria-hidden />} onClick={() => void copy(x.link)}>{t('protection.copy')}</Button>]}>
            <List.Item.Meta
              title={x.personName}
              description={
                <>
                  <Typography.Text code data-testid="notice-link" style={{ wordBreak: 'break-all' }}>
                    {x.link}
                  </Typography.Text>
                  <div>
                    {t('protection.expiresAt')} {formatDateTime(x.expiresAt)}
                  </div>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Modal>
  );
}
