/**
 * Consultations on the workflow engine (docs/workflows.md, docs/services.md § Consultations): `services.consult`. The
 * time to answer is data (config/services/consultations.json); the engine reminds the answering site or provider
 * before, on and after the due day in its inbox, and the list marks an unanswered question past its day as overdue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { consultRulesFile, type ConsultRulesFile } from '@shangmi/shared';
import { defineWorkflow } from '../../platform/workflow/index.js';

const FILE = path.resolve(import.meta.dirname, '../../../../../config/services/consultations.json');

function load(): ConsultRulesFile {
  const parsed = consultRulesFile.safeParse(JSON.parse(fs.readFileSync(FILE, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`config/services/consultations.json: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
export const CONSULT_RULES = load();

const L = (zh: string, en: string) => ({ zh, en });

/**
 * Home: the enterprise's node (its district above it routes and publishes); `alsoPaths`: the site or provider asked,
 * whose staff answer within scope `org`. Consent is a step that stays in `answered` (each side once, the module checks
 * which side the actor is); a follow-up question takes the thread back to `asked` and forgets both consents.
 */
export const consultPath = defineWorkflow({
  kind: 'services.consult',
  label: L('咨询问答', 'Consultation'),
  states: {
    none: { label: L('未提交', 'Not submitted') },
    routing: { label: L('待区县指定答复单位', 'With the district to route') },
    asked: { label: L('待答复', 'Awaiting an answer') },
    answered: { label: L('已答复', 'Answered') },
    published: { label: L('已公开', 'Published to the FAQ') },
  },
  initial: 'none',
  transitions: [
    { name: 'ask', from: 'none', to: ['asked', 'routing'], permission: 'services:request', startsRound: true, label: L('提出咨询', 'Asked') },
    { name: 'route', from: 'routing', to: 'asked', permission: 'services:assign', by: 'bureau', label: L('指定答复单位', 'Routed to a site or provider') },
    { name: 'answer', from: 'asked', to: 'answered', permission: 'services:deliver', label: L('答复', 'Answered') },
    { name: 'followUp', from: 'answered', to: 'asked', permission: 'services:request', label: L('追问', 'Follow-up question') },
    { name: 'consent', from: 'answered', to: 'answered', permission: 'services:read', work: false, label: L('同意公开（隐去名称）', 'Consented to publication (names removed)') },
    { name: 'publish', from: 'answered', to: 'published', permission: 'services:assign', by: 'bureau', label: L('发布到公开问答', 'Published to the FAQ') },
    { name: 'unpublish', from: 'published', to: 'answered', permission: 'services:assign', by: 'bureau', requires: { reason: true }, work: false, label: L('撤下公开问答', 'Withdrawn from the FAQ') },
  ],
  limits: { asked: { length: CONSULT_RULES.answerWorkingDays, unit: 'working', label: L('答复咨询', 'Answer the question') } },
  notify: {
    routing: { event: 'task', to: [{ holders: 'services:assign', at: 'above' }], title: L('企业咨询待指定答复单位：{record}', 'Question to route: {record}') },
    asked: { event: 'task', to: [{ holders: 'services:deliver', at: 'also' }], title: L('新的企业咨询待答复：{record}', 'New question to answer: {record}') },
    answered: { event: 'decision', to: [{ steps: ['ask', 'followUp'] }], title: L('您的咨询已答复：{record}', 'Your question was answered: {record}') },
    published: { event: 'decision', to: [{ steps: ['ask', 'answer'] }], title: L('咨询已隐去名称公开：{record}', 'Published to the FAQ (names removed): {record}') },
  },
  link: (id) => `/services/consultations/${id}`,
});
