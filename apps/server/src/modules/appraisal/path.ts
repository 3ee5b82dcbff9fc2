/**
 * A district's sheet on the workflow engine (docs/workflows.md; docs/appraisal.md): the city opens the round (each
 * sheet's first step, the district hears of it), the district submits its evidence, the city publishes the result
 * (the district hears of it), the district may object (the city hears of it), the city answers (the district hears
 * again) and finalises (the final ranking). The city's steps are `bureau` steps: the city bureau is above the district
 * bureau the sheet is homed at. "Once" and the objection period are the module's rules (sheets.ts), checked first.
 */
import { defineWorkflow } from '../../platform/workflow/index.js';

const L = (zh: string, en: string) => ({ zh, en });

export const sheetPath = defineWorkflow({
  kind: 'appraisal.sheet',
  label: L('考核评分表', 'Appraisal sheet'),
  states: {
    filling: { label: L('待提交', 'To submit') },
    submitted: { label: L('已提交', 'Submitted') },
    published: { label: L('已公布', 'Published') },
    objected: { label: L('异议待答复', 'Objection to answer') },
    final: { label: L('已终定', 'Final') },
  },
  initial: 'filling',
  transitions: [
    { name: 'open', from: 'filling', to: 'filling', permission: 'appraisal:manage', by: 'bureau', startsRound: true, label: L('开启考核', 'Round opened') },
    { name: 'submit', from: 'filling', to: 'submitted', permission: 'appraisal:submit', label: L('提交自评材料', 'Submitted') },
    { name: 'publish', from: 'submitted', to: 'published', permission: 'appraisal:manage', by: 'bureau', label: L('公布考核结果', 'Result published') },
    { name: 'object', from: 'published', to: 'objected', permission: 'appraisal:submit', requires: { reason: true }, label: L('提出异议', 'Objection raised') },
    { name: 'answer', from: 'objected', to: 'published', permission: 'appraisal:manage', by: 'bureau', requires: { reason: true }, label: L('答复异议', 'Objection answered') },
    { name: 'finalise', from: 'published', to: 'final', permission: 'appraisal:manage', by: 'bureau', label: L('终定排名', 'Ranking final') },
  ],
  notify: {
    filling: { event: 'task', to: [{ holders: 'appraisal:submit', at: 'home' }], title: L('考核已开启，请补充证明材料并提交：{record}', 'Appraisal opened, add your evidence and submit: {record}') },
    submitted: { event: 'task', to: [{ holders: 'appraisal:manage', at: 'above' }], title: L('区县已提交考核材料，待评分：{record}', 'Appraisal submitted, to score: {record}') },
    published: { event: 'decision', to: [{ holders: 'appraisal:submit', at: 'home' }], title: L('考核结果已公布：{record}', 'Appraisal result published: {record}') },
    objected: { event: 'task', to: [{ holders: 'appraisal:manage', at: 'above' }], title: L('区县对考核结果提出异议，待答复：{record}', 'Objection to an appraisal, to answer: {record}') },
    final: { event: 'decision', to: [{ holders: 'appraisal:submit', at: 'home' }], title: L('考核最终排名已公布：{record}', 'Final appraisal ranking published: {record}') },
  },
  link: (id) => `/appraisal/sheets/${id}`,
});
