import { yearOf } from '@shangmi/shared';
import * as ap from '../modules/appraisal/appraisal.service.js';
import type { DemoWorld } from './demo-context.js';

/**
 * 区县考核 for the tour (docs/appraisal.md), through the module's services: the city opens this year's round (when the
 * region has a scheme for it: config/appraisal/), every computable item filled from the demo's live data; 金凤区 adds
 * evidence to both manual items and submits; 兴庆区 has added one piece of evidence and not yet submitted. The round
 * stays open (in progress): the city can refresh, start scoring and publish in the tour.
 */
export async function seedDemoAppraisal(w: DemoWorld, o: { city: string; district: string; officers: Record<string, string>; regionCode: string }): Promise<string | null> {
  const year = yearOf(w.now);
  if (!ap.schemeFor(o.regionCode, year)) return null;
  const round = await w.act(o.city, 'appraisal.openRound', w.daysAgo(10), (ctx) => ap.openRound(ctx, { regionCode: o.regionCode, year }));
  const sheetOf = (code: string) => round.sheets.find((s) => s.districtCode === code)!;
  const jf = sheetOf('640106');
  await w.act(o.district, 'appraisal.putEvidence', w.daysAgo(6), (ctx) =>
    ap.putEvidence(ctx, jf.id, 'mechanism', { evidence: '区政府办印发《金凤区商业秘密保护创新试点工作方案》，成立区级工作专班，明确联络员（示例数据）', fileIds: [] }),
  );
  await w.act(o.district, 'appraisal.putEvidence', w.daysAgo(6), (ctx) => ap.putEvidence(ctx, jf.id, 'funding', { evidence: '区财政年度预算列支试点经费50万元（示例数据）', fileIds: [] }));
  await w.act(o.district, 'appraisal.submitSheet', w.daysAgo(5), (ctx) => ap.submitSheet(ctx, jf.id));
  const xq = o.officers['640104'];
  if (xq) await w.act(xq, 'appraisal.putEvidence', w.daysAgo(4), (ctx) => ap.putEvidence(ctx, sheetOf('640104').id, 'mechanism', { evidence: '兴庆区试点工作专班成立通知（示例数据）', fileIds: [] }));
  const view = await w.read(o.city, (ctx) => ap.roundView(ctx, round.id));
  const best = [...view.sheets].sort((a, b) => b.total - a.total)[0]!;
  return `区县考核 Appraisal: ${year} round open for ${view.sheets.length} districts (金凤区 submitted, 兴庆区 adding evidence; computed items from the live data — highest so far ${best.districtName} ${best.total.toFixed(2)})`;
}
