import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { buildCreditCode, shanghaiDate, type CreditRecordCreate } from '@shangmi/shared';
import { orgs } from '../db/schema/index.js';
import * as cases from '../modules/cases/cases.service.js';
import * as files from '../modules/files/files.service.js';
import * as svc from '../modules/credit/credit.service.js';
import type { DemoWorld } from './demo-context.js';

interface Party {
  name: string;
  creditCode: string;
  username?: string;
}

/** The deciding bureau's own credit code (a sample: both check characters computed, GB 32100 and GB 11714). */
const BUREAU_CODE = (() => {
  const body = '11640106MB0123456';
  return buildCreditCode(body.slice(0, 2), body.slice(2, 8), body.slice(8, 16));
})();

/**
 * 信用联合惩戒 for the tour (docs/credit.md), through the credit services as the officers who would take each step, at the
 * days they would take them: in 金凤区 (`officer` enters, `reviewer` reviews and publishes) — a record awaiting review, a
 * low fine on view for three months, a heavier one on view whose enterprise has applied for credit repair, a revoked
 * decision waiting to be withdrawn, and a listing on the serious-violation list decided by the city; the closed case of
 * 西夏区 keeps waiting for its record (past its 20 working days: overdue on the dashboard), and its public summary,
 * approved, is the first 以案说法 story.
 */
export async function seedDemoCredit(
  w: DemoWorld,
  o: { officer: string; reviewer: string; city: string; parties: Party[]; summaryCase?: { caseId: number; writer: string } },
): Promise<{ records: number; listed: number; repairs: number }> {
  const [jf] = await w.database.db.select().from(orgs).where(and(eq(orgs.kind, 'district_bureau'), eq(orgs.districtCode, '640106')));
  const bureau = jf?.name ?? '金凤区市场监督管理局';
  const day = (daysAgo: number) => shanghaiDate(w.daysAgo(daysAgo));
  let n = 0;
  const record = async (p: Party, decidedAgo: number, extra: Partial<CreditRecordCreate> = {}) => {
    n += 1;
    const input: CreditRecordCreate = {
      partyName: p.name,
      partyKind: 'legal',
      creditCode: p.creditCode,
      legalRep: null,
      decisionNo: `金市监处罚〔${day(decidedAgo).slice(0, 4)}〕${20 + n}号`,
      violationType: '侵犯商业秘密',
      facts: '当事人以不正当手段获取权利人的经营信息，并在经营活动中使用。',
      basis: '《中华人民共和国反不正当竞争法》第九条第一款第（一）项、第二十一条',
      penaltyKinds: ['fine'],
      content: '责令停止违法行为，罚款人民币二十万元',
      fineFen: 20_000_000,
      decidedOn: day(decidedAgo),
      procedure: 'ordinary',
      authorityName: bureau,
      authorityCode: BUREAU_CODE,
      sourceName: bureau,
      sourceCode: BUREAU_CODE,
      ...extra,
    };
    const row = await w.act(o.officer, 'credit.create', w.daysAgo(decidedAgo - 1, 9), (ctx) => svc.createRecord(ctx, input));
    return row.id;
  };
  const publish = async (id: number, daysAgo: number) => {
    await w.act(o.officer, 'credit.submit', w.daysAgo(daysAgo, 9), (ctx) => svc.submitRecord(ctx, id, {}));
    await w.act(o.reviewer, 'credit.review', w.daysAgo(daysAgo, 11), (ctx) => svc.reviewRecord(ctx, id, { factsConfirmed: true, comment: '违法事实已核对，不含商业秘密内容。' }));
    await w.act(o.reviewer, 'credit.publish', w.daysAgo(daysAgo, 15), (ctx) => svc.publishRecord(ctx, id, {}));
  };
  const [a, b, c, d, e] = o.parties;
  let listed = 0;
  let repairs = 0;
  // awaiting review (a to-do for the reviewer)
  if (a) {
    const id = await record(a, 6, { fineFen: 15_000_000, content: '责令停止违法行为，罚款人民币十五万元' });
    await w.act(o.officer, 'credit.submit', w.daysAgo(4, 10), (ctx) => svc.submitRecord(ctx, id, { comment: '请审核。' }));
  }
  // a low fine: on view for three months
  if (b) await publish(await record(b, 30, { fineFen: 800_000, content: '责令停止违法行为，罚款人民币八千元' }), 25);
  // published eight months ago; the enterprise applies for repair with its materials (a to-do for the district)
  if (c) {
    const id = await record(c, 250, { fineFen: 30_000_000, content: '责令停止违法行为，罚款人民币三十万元' });
    await publish(id, 240);
    if (c.username) {
      // the materials, uploaded as the browser would (stored, then recorded as the uploader's own file)
      const file = await w.act(c.username, 'files.upload', w.daysAgo(3, 10), async (ctx) =>
        files.recordFile(ctx, await files.storeUpload(ctx, Readable.from([Buffer.from(`%PDF-1.4 信用修复申请书 ${c.name}`)])), { name: '信用修复申请书及缴款凭证.pdf' }),
      );
      await w.act(c.username, 'credit.repair-apply', w.daysAgo(3, 11), (ctx) =>
        svc.applyRepair(ctx, { kind: 'record', targetId: id, reason: '已缴清罚款，完成整改，建立了商业秘密保护制度并开展员工培训，申请信用修复、提前停止公示。', fileIds: [file.id] }),
      );
      repairs += 1;
    }
  }
  // a decision revoked two days ago: the 3-working-day withdrawal limit runs (a to-do for the publisher)
  if (d) {
    const id = await record(d, 70);
    await publish(id, 60);
    await w.act(o.officer, 'credit.revoke', w.daysAgo(2, 10), (ctx) => svc.revokeRecord(ctx, id, { kind: 'changed', documentNo: `宁市监复决字〔${day(2).slice(0, 4)}〕2号`, on: day(2), comment: '经行政复议，罚款数额予以变更。' }));
  }
  // on the serious-violation list: proposal, notice, statement, the city's decision, publication
  if (e) {
    const id = await record(e, 120, { fineFen: 150_000_000, content: '责令停止违法行为，罚款人民币一百五十万元', basis: '《中华人民共和国反不正当竞争法》第二十一条（情节严重）' });
    await publish(id, 110);
    const s = await w.act(o.officer, 'credit.serious-propose', w.daysAgo(100, 10), (ctx) => svc.proposeSerious(ctx, { recordId: id, reason: '侵犯商业秘密，罚款数额巨大，情节严重，社会影响恶劣。', basis: '《市场监督管理严重违法失信名单管理办法》（总局令第44号）' }));
    await w.act(o.officer, 'credit.serious-notify', w.daysAgo(98, 10), (ctx) => svc.seriousStep(ctx, s, 'notify', {}));
    await w.act(o.officer, 'credit.serious-heard', w.daysAgo(88, 10), (ctx) => svc.seriousStep(ctx, s, 'heard', { statement: '当事人在期限内未提出陈述、申辩，亦未要求听证。' }));
    await w.act(o.city, 'credit.serious-decide', w.daysAgo(85, 10), (ctx) => svc.seriousStep(ctx, s, 'decide', { comment: '同意列入。' }));
    await w.act(o.reviewer, 'credit.serious-publish', w.daysAgo(84, 10), (ctx) => svc.seriousStep(ctx, s, 'publish', {}));
    listed += 1;
  }
  // 以案说法: the closed case's public summary, written and approved by someone else
  if (o.summaryCase) {
    const { caseId, writer } = o.summaryCase;
    await w.act(writer, 'cases.summary-write', w.daysAgo(12, 10), (ctx) => cases.writeSummary(ctx, caseId, '某物流公司在合作终止后使用前合作方的客户名单开展业务，构成侵犯商业秘密，被依法责令停止违法行为并处罚款。'));
    await w.act(o.city, 'cases.summary-approve', w.daysAgo(11, 10), (ctx) => cases.approveSummary(ctx, caseId));
  }
  return { records: n, listed, repairs };
}
