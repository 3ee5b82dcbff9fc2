/**
 * An article's publication on the workflow engine (docs/workflows.md): the writer submits, a publisher (someone else)
 * publishes — at once or at a set time — or returns it with a reason; a published article may be withdrawn with a
 * reason. A publisher of the writer's own organisation or one above it acts (`by: record`: the publisher's data scope
 * must reach the article's organiser).
 */
import { defineWorkflow } from '../../platform/workflow/index.js';

const L = (zh: string, en: string) => ({ zh, en });

export const articlePath = defineWorkflow({
  kind: 'outreach.article',
  label: L('文章发布', 'Article publication'),
  states: {
    draft: { label: L('草稿', 'Draft') },
    review: { label: L('待审核', 'Awaiting review') },
    returned: { label: L('已退回', 'Returned') },
    published: { label: L('已发布', 'Published') },
    withdrawn: { label: L('已撤下', 'Withdrawn') },
  },
  initial: 'draft',
  transitions: [
    { name: 'submit', from: ['draft', 'returned', 'withdrawn'], to: 'review', permission: 'outreach:manage', startsRound: true, label: L('提交审核', 'Submitted for review') },
    {
      name: 'return',
      from: 'review',
      to: 'returned',
      permission: 'outreach:publish',
      requires: { reason: true },
      separateFrom: ['submit'],
      label: L('审核退回', 'Returned'),
      refuse: { separation: L('审核人不能是提交人', 'The reviewer cannot be the one who submitted it') },
    },
    {
      name: 'publish',
      from: 'review',
      to: 'published',
      permission: 'outreach:publish',
      separateFrom: ['submit'],
      label: L('审核发布', 'Published'),
      refuse: {
        separation: L('发布人不能是提交人', 'The publisher cannot be the one who submitted it'),
        state: L('文章须经提交审核后才能发布', 'An article is published only after it is submitted for review'),
      },
    },
    { name: 'withdraw', from: 'published', to: 'withdrawn', permission: 'outreach:publish', requires: { reason: true }, label: L('撤下', 'Withdrawn') },
  ],
  notify: {
    review: { event: 'task', to: [{ holders: 'outreach:publish', at: 'home' }, { holders: 'outreach:publish', at: 'above' }], title: L('文章待审核：{record}', 'Article to review: {record}') },
    returned: { event: 'decision', to: [{ steps: ['submit'] }], title: L('文章被退回：{record}', 'Article returned: {record}') },
    published: { event: 'decision', to: [{ steps: ['submit'] }], title: L('文章已审核发布：{record}', 'Article published: {record}') },
  },
  link: (id) => `/outreach/articles/${id}`,
  todos: { review: { key: 'outreach.review', path: '/outreach/articles?state=review' } },
});
