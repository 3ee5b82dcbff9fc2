import { Readable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import { shanghaiDate } from '@shangmi/shared';
import { enterprises } from '../db/schema/index.js';
import * as svc from '../modules/cultivation/cultivation.service.js';
import * as files from '../modules/files/files.service.js';
import type { DemoWorld } from './demo-context.js';

type Stage = 'candidate' | 'cultivating' | 'created' | 'accepted' | 'withdrawn';
/** Where an entry's request stands at the end of the tour: none open, waiting for the district or the city, or returned. */
type Open = 'district' | 'city' | 'returned' | undefined;

interface Plan {
  /** the stage reached through approved requests */
  stage: Stage;
  /** the year it was listed: the ones that went further were listed the year before */
  lastYear?: boolean;
  batch: number;
  /** a request for the next stage left open (or returned) */
  open?: Open;
  /** a coaching plan: done, overdue and upcoming items */
  plan?: boolean;
}

/**
 * What the list shows for the district's enterprises, in order (the tour enterprise first; the first seven — a small
 * demo may have no more — show every stage and every review state). Every stage of the pilot's path,
 * a request waiting at each level and one returned, so the list, the board (看板) and the statistics have something
 * to show and each office a step to take.
 */
const PLANS: Plan[] = [
  { stage: 'cultivating', batch: 1, plan: true },
  { stage: 'created', lastYear: true, batch: 2, plan: true },
  { stage: 'accepted', lastYear: true, batch: 1 },
  { stage: 'candidate', batch: 1, open: 'district' },
  { stage: 'cultivating', batch: 1, open: 'city' },
  { stage: 'candidate', batch: 1, open: 'returned' },
  { stage: 'withdrawn', lastYear: true, batch: 1 },
  { stage: 'cultivating', batch: 1, plan: true },
  { stage: 'candidate', batch: 2 },
  { stage: 'candidate', batch: 2 },
];

const ORDER: Stage[] = ['candidate', 'cultivating', 'created', 'accepted'];
const STATEMENTS: Record<string, string> = {
  cultivating: '已完成保密制度初评和涉密岗位梳理，申请进入培育阶段。',
  created: '保密制度、涉密人员管理和载体管控已建立并运行三个月，申请进入创建阶段。',
  accepted: '创建期满，体检得分 85 分以上，申请认定为示范企业。',
};
const EVIDENCE: Record<string, string> = {
  cultivating: '保密制度初评报告.pdf',
  created: '保密管理体系运行记录.pdf',
  accepted: '示范企业创建总结报告.pdf',
};

/**
 * The cultivation list (培育企业清单, docs/cultivation.md) of the tour district, through the cultivation services as the
 * people who act: the district officer (`requester`) lists each enterprise and asks for each stage with an evidence
 * file, a second officer of the district (`reviewer`: never one's own request) passes it on, the city approves — so the
 * history, the workflow steps and the operation log are the real ones. The enterprises: the district's active ones,
 * those named in `first` (the tour's pilots) first.
 */
export async function seedDemoCultivation(
  w: DemoWorld,
  o: { requester: string; reviewer: string; city: string; regionCode: string; districtCode: string; first: number[] },
): Promise<{ entries: number; byStage: Record<string, number> }> {
  const thisYear = Number(shanghaiDate(w.now).slice(0, 4));
  const local = await w.database.db
    .select({ id: enterprises.id, name: enterprises.name })
    .from(enterprises)
    .where(and(eq(enterprises.regionCode, o.regionCode), eq(enterprises.districtCode, o.districtCode), eq(enterprises.status, 'active')))
    .orderBy(asc(enterprises.id))
    .limit(200);
  const rank = (id: number) => (o.first.includes(id) ? o.first.indexOf(id) : o.first.length);
  const chosen = [...local].sort((a, b) => rank(a.id) - rank(b.id)).slice(0, PLANS.length);
  const byStage: Record<string, number> = {};
  let entries = 0;
  for (const [i, p] of chosen.entries()) {
    const plan = PLANS[i]!;
    const officer = o.requester;
    // the history is spread over the months before now: listed first, each stage some weeks after the previous
    let days = plan.lastYear ? 300 - i * 7 : 150 - i * 9;
    const entry = await w.act(officer, 'cultivation.create', w.daysAgo(days), (ctx) =>
      svc.createEntry(ctx, { enterpriseId: p.id, year: plan.lastYear ? thisYear - 1 : thisYear, batch: plan.batch, mentorName: i % 2 ? '王老师' : '李老师', note: null }),
    );
    const upload = async (name: string, at: Date) =>
      w.act(officer, 'files.upload', at, async (ctx) => files.recordFile(ctx, await files.storeUpload(ctx, Readable.from([Buffer.from(`%PDF-1.4 ${name} ${p.name}`)])), { name }));
    const ask = async (to: Exclude<Stage, 'candidate'>) => {
      days -= 5;
      const file = to === 'withdrawn' ? null : await upload(EVIDENCE[to]!, w.daysAgo(days, 9));
      const comment = to === 'withdrawn' ? '企业经营方向调整，主动申请退出培育。' : STATEMENTS[to]!;
      await w.act(officer, 'cultivation.request', w.daysAgo(days, 10), (ctx) => svc.requestStage(ctx, entry.id, { toStage: to, comment, fileIds: file ? [file.id] : [] }));
    };
    const pass = async () => {
      days -= 3;
      await w.act(o.reviewer, 'cultivation.review', w.daysAgo(days, 11), (ctx) => svc.districtReview(ctx, entry.id, { decision: 'pass', comment: '材料齐全，同意报市局。' }));
    };
    const approve = async () => {
      days -= 4;
      await w.act(o.city, 'cultivation.approve', w.daysAgo(days, 15), (ctx) => svc.cityApproval(ctx, entry.id, { decision: 'pass', comment: '同意。' }));
    };
    if (plan.stage === 'withdrawn') {
      await ask('cultivating');
      await pass();
      await approve();
      await ask('withdrawn');
      await pass();
      await approve();
    } else {
      for (const to of ORDER.slice(1, ORDER.indexOf(plan.stage) + 1) as Exclude<Stage, 'candidate'>[]) {
        await ask(to);
        await pass();
        await approve();
        days -= 20;
      }
    }
    if (plan.plan) {
      const items: [string, number, boolean][] = [
        ['梳理商业秘密清单并定密', -20, true],
        ['涉密人员签订保密协议并开展培训', 10, false],
        ['完成保密体检并整改短板', -40, false],
      ];
      for (const [title, due, done] of items) {
        // `due` days from now (negative: already past)
        const dueDate = shanghaiDate(new Date(w.now.getTime() + due * 86_400_000));
        const detail = await w.act(officer, 'cultivation.plan', w.daysAgo(Math.max(days, 60), 9), (ctx) => svc.addPlanItem(ctx, entry.id, { title, dueDate, note: null }));
        const item = detail.plan.find((x) => x.title === title);
        if (done && item) await w.act(officer, 'cultivation.plan-complete', w.daysAgo(25, 16), (ctx) => svc.completePlanItem(ctx, entry.id, item.id, { doneNote: '已完成，清单已归档。' }));
      }
    }
    const next = ORDER[ORDER.indexOf(plan.stage) + 1] as Exclude<Stage, 'candidate'> | undefined;
    if (plan.open && next) {
      days = Math.min(days, 12);
      await ask(next);
      if (plan.open === 'city') await pass();
      if (plan.open === 'returned') {
        await w.act(o.reviewer, 'cultivation.review', w.daysAgo(days - 2, 11), (ctx) => svc.districtReview(ctx, entry.id, { decision: 'return', comment: '佐证材料缺少制度发布文件，请补充后重新申请。' }));
      }
    }
    byStage[plan.stage] = (byStage[plan.stage] ?? 0) + 1;
    entries++;
  }
  return { entries, byStage };
}
