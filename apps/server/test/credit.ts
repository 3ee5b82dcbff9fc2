/** Fixtures of the credit module's API tests: a case decided with a penalty, a record's fields, the publication steps. */
import { expect } from 'vitest';
import { buildCreditCode } from '@shangmi/shared';
import { json, type Client, type Json, type TestApp } from './harness.js';

let serial = 0;
/** A valid 统一社会信用代码 in a district (both check characters computed: GB 32100 and the organisation code's GB 11714). */
export function creditCode(division: string, kind = '91'): string {
  const body = `${kind}${division}${String(++serial).padStart(4, '0')}CR7D0`.slice(0, 17);
  return buildCreditCode(body.slice(0, 2), body.slice(2, 8), body.slice(8, 16));
}
export const AUTHORITY_CODE = creditCode('640100', '11');

/** The 双公示 fields of a record (a ¥200,000 fine by default), with overrides. */
export function recordInput(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    partyName: '宁夏测试科技有限公司',
    partyKind: 'legal',
    creditCode: creditCode('640106'),
    legalRep: '张三',
    decisionNo: `银市监处罚〔2026〕${++serial}号`,
    violationType: '侵犯商业秘密',
    facts: '当事人以不正当手段获取并使用权利人的经营信息。',
    basis: '《中华人民共和国反不正当竞争法》第二十一条',
    penaltyKinds: ['fine'],
    content: '责令停止违法行为，罚款人民币二十万元',
    fineFen: 20_000_000,
    decidedOn: '2026-11-20',
    procedure: 'ordinary',
    authorityName: '金凤区市场监督管理局',
    authorityCode: AUTHORITY_CODE,
    sourceName: '金凤区市场监督管理局',
    sourceCode: AUTHORITY_CODE,
    ...extra,
  };
}

export async function ok(res: { statusCode: number; body: string }): Promise<Json> {
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body) as Json;
}

/**
 * A public report filed and taken by `officer` (a district officer who may approve) through 核查 → 立案 → 决定 with a
 * penalty; `close` goes on to 执行 → 结案. Returns the case id.
 */
export async function decidedCase(t: TestApp, officer: Client, opts: { respondentName?: string; creditCode?: string; fineFen?: number; decisionNo?: string; close?: boolean } = {}): Promise<number> {
  const filed = await ok(
    await t.client().post('/api/public/cases', {
      tracks: ['report'],
      title: '前员工带走客户名单',
      description: '某公司前销售经理离职后将客户名单和报价体系交给竞争对手使用。',
      respondentName: opts.respondentName ?? '宁夏测试科技有限公司',
      respondentCreditCode: opts.creditCode ?? creditCode('640106'),
      anonymous: true,
    }),
  );
  const id = filed.cases[0].id as number;
  const act = (body: Record<string, unknown>) => officer.post(`/api/cases/${id}/actions`, body).then(ok);
  await act({ action: 'verify', reason: '核查线索' });
  await act({ action: 'file', reason: '同意立案', caseNumber: `银金市监立字〔2026〕${++serial}号` });
  await act({ action: 'decide', reason: '依法作出处罚决定', decisionKind: 'penalty', decisionNo: opts.decisionNo ?? `银金市监处罚〔2026〕${++serial}号`, fineFen: opts.fineFen ?? 20_000_000 });
  if (opts.close) {
    await act({ action: 'execute', reason: '罚款已缴清' });
    await act({ action: 'close', reason: '执行完毕结案' });
  }
  return id;
}

/** submit (by `officer`) → review (by `reviewer`, facts confirmed) → publish (by `reviewer`); answers the detail. */
export async function publish(officer: Client, reviewer: Client, id: number): Promise<Json> {
  await ok(await officer.post(`/api/credit/records/${id}/submit`, {}));
  await ok(await reviewer.post(`/api/credit/records/${id}/review`, { factsConfirmed: true, comment: '违法事实已核，不含商业秘密' }));
  return ok(await reviewer.post(`/api/credit/records/${id}/publish`, {}));
}

/** A record created by `officer` and published; answers its detail. */
export async function publishedRecord(officer: Client, reviewer: Client, extra: Record<string, unknown> = {}): Promise<Json> {
  const r = await ok(await officer.post('/api/credit/records', recordInput(extra)));
  return publish(officer, reviewer, r.id);
}

export const ids = (page: Json) => page.items.map((x: Json) => x.id);
export { json };
