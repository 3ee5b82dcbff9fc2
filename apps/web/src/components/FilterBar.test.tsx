import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Form, Input } from 'antd';
import { I18nProvider } from '../lib/i18n';
import { FilterBar } from './FilterBar';

type Filters = { q?: string; status?: string; subtree?: string };

function renderBar(props: { instant?: boolean; initialValues?: Filters; defaults?: Filters; toQuery?: (v: Filters) => Filters }) {
  const applied: Filters[] = [];
  render(
    <I18nProvider>
      <FilterBar<Filters> table={{ setFilters: (f) => applied.push(f) }} name="f" keyword={{ placeholder: '名称' }} {...props}>
        <Form.Item name="status" label="状态">
          <Input />
        </Form.Item>
      </FilterBar>
    </I18nProvider>,
  );
  const field = (id: string) => document.querySelector(`#f_${id}`) as HTMLInputElement;
  return { applied, field, type: (id: string, value: string) => fireEvent.change(field(id), { target: { value } }) };
}

describe('FilterBar', () => {
  it('查询 sends the form as the list’s filters, the keyword trimmed (empty: left out)', async () => {
    const b = renderBar({});
    b.type('q', '  银川  ');
    b.type('status', 'active');
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    await waitFor(() => expect(b.applied).toEqual([{ q: '银川', status: 'active' }]));
    b.type('q', '   ');
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    await waitFor(() => expect(b.applied[1]).toEqual({ q: undefined, status: 'active' }));
  });

  it('重置 empties every field, the address’s filters too, then applies the defaults', async () => {
    const b = renderBar({ initialValues: { status: 'pending' }, defaults: { subtree: 'true' } });
    expect(b.field('status').value).toBe('pending');
    b.type('q', 'x');
    fireEvent.click(screen.getByRole('button', { name: '重置' }));
    await waitFor(() => expect(b.applied).toEqual([{ subtree: 'true' }]));
    expect(b.field('status').value).toBe('');
    expect(b.field('q').value).toBe('');
  });

  it('instant: a choice applies at once through toQuery, typing waits for Enter, and there are no buttons', async () => {
    const b = renderBar({ instant: true, toQuery: (v) => ({ ...v, q: v.q?.trim() || undefined }) });
    expect(screen.queryByRole('button', { name: '查询' })).toBeNull();
    b.type('q', '前技术员');
    expect(b.applied).toEqual([]);
    b.type('status', 'filed');
    await waitFor(() => expect(b.applied).toEqual([{ q: '前技术员', status: 'filed' }]));
    fireEvent.keyDown(b.field('q'), { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(b.applied).toHaveLength(2));
  });
});
