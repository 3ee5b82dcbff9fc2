import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App, Form, Input } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { I18nProvider } from '../lib/i18n';
import { FormModal } from './FormDialog';

interface Values {
  username?: string;
  roleIds?: string;
  name?: string;
}

/** A user dialog as the pages write one, around a save the test decides. */
function renderDialog(props: { save: (v: Values) => Promise<{ id: number }>; rename?: Record<string, string> }) {
  const queryClient = new QueryClient();
  const invalidated: unknown[] = [];
  const origInvalidate = queryClient.invalidateQueries.bind(queryClient);
  queryClient.invalidateQueries = (filters) => {
    invalidated.push(filters?.queryKey);
    return origInvalidate(filters);
  };
  const events: string[] = [];
  render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        {/* antd's App (the toasts) is the router's now, around every page but the first screen (app/router.tsx) */}
        <App>
        <FormModal<Values, { id: number }>
          open
          name="userForm"
          title="新增用户"
          save={props.save}
          success={(r) => `已新增 #${r.id}`}
          invalidate={['users']}
          rename={props.rename}
          onSaved={(r) => events.push(`saved ${r.id}`)}
          onClose={() => events.push('closed')}
        >
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="roleIds" label="角色">
            <Input />
          </Form.Item>
          <Form.Item name="name" label="姓名">
            <Input />
          </Form.Item>
        </FormModal>
        </App>
      </I18nProvider>
    </QueryClientProvider>,
  );
  const dialog = screen.getByRole('dialog');
  return {
    dialog,
    events,
    invalidated,
    type: (id: string, value: string) => fireEvent.change(dialog.querySelector(`#userForm_${id}`)!, { target: { value } }),
    submit: () => fireEvent.click(within(dialog).getByRole('button', { name: '确定' })),
    /** the error text antd shows under a form item */
    errorUnder: (id: string) => dialog.querySelector(`#userForm_${id}`)!.closest('.ant-form-item')!.querySelector('.ant-form-item-explain')?.textContent ?? '',
  };
}

const refusal = () =>
  new ApiError('VALIDATION', '请检查填写的内容', 400, [
    { field: 'username', message: '用户名：已被占用' },
    { field: 'roleIds.0', message: '角色：不可授予' },
    { field: 'reporter.name', message: '名称：必填' },
    { field: 'orgId', message: '所属组织：不存在' },
  ]);

describe('FormModal', () => {
  it("puts the server's field errors under their fields without the label, the rest in one toast, and stays open with what was typed", async () => {
    const seen: Values[] = [];
    const d = renderDialog({
      save: async (v) => {
        seen.push(v);
        throw refusal();
      },
      rename: { 'reporter.name': 'name' },
    });
    d.type('username', 'wang');
    d.submit();
    await waitFor(() => expect(d.errorUnder('username')).toBe('已被占用'));
    expect(d.errorUnder('roleIds')).toBe('不可授予');
    // renamed by its whole path: reporter.name is the form's name
    expect(d.errorUnder('name')).toBe('必填');
    // what matched no field is said in the toast, after the general message
    expect(await screen.findByText('请检查填写的内容 所属组织：不存在')).toBeTruthy();
    expect(seen).toEqual([{ username: 'wang', roleIds: undefined, name: undefined }]);
    expect(d.events).toEqual([]);
    expect((d.dialog.querySelector('#userForm_username') as HTMLInputElement).value).toBe('wang');
  });

  it("validates first: the save is not called while a required field is empty", async () => {
    let calls = 0;
    const d = renderDialog({
      save: async () => {
        calls++;
        return { id: 1 };
      },
    });
    d.submit();
    await waitFor(() => expect(d.errorUnder('username')).toBe('请输入用户名'));
    expect(calls).toBe(0);
  });

  it('once saved: the toast, the list read again, onSaved, then closed', async () => {
    const d = renderDialog({ save: async () => ({ id: 42 }) });
    d.type('username', 'li');
    d.submit();
    await waitFor(() => expect(d.events).toEqual(['saved 42', 'closed']));
    expect(await screen.findByText('已新增 #42')).toBeTruthy();
    expect(d.invalidated).toEqual([['users']]);
  });

  it('a refusal without field errors is one toast; the dialog stays open', async () => {
    const d = renderDialog({
      save: async () => {
        throw new ApiError('CONFLICT', '用户名已存在', 409);
      },
    });
    d.type('username', 'zhao');
    d.submit();
    expect(await screen.findByText('用户名已存在')).toBeTruthy();
    expect(d.errorUnder('username')).toBe('');
    expect(d.events).toEqual([]);
  });
});
