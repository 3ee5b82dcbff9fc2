import { Button, Form, Input, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../lib/i18n';

/** A decision's tasks (交办): title, assignee, due date — in the meeting form and when a decision is added later. */
export function TaskFields({ name, options }: { name: (string | number)[] | string; options: { value: number; label: string }[] }) {
  const { t } = useI18n();
  return (
    <Form.List name={name}>
      {(tasks, ops) => (
        <>
          {tasks.map((k) => (
            <Space key={k.key} wrap align="start">
              <Form.Item name={[k.name, 'title']} rules={[{ required: true }]}>
                <Input placeholder={t('taskforce.task')} style={{ width: 240 }} />
              </Form.Item>
              <Form.Item name={[k.name, 'assigneeOrgId']} rules={[{ required: true }]}>
                <Select placeholder={t('taskforce.assignee')} options={options} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name={[k.name, 'dueOn']} rules={[{ required: true }]}>
                <Input type="date" />
              </Form.Item>
              <MinusCircleOutlined onClick={() => ops.remove(k.name)} />
            </Space>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => ops.add()}>
            {t('taskforce.addTask')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
