import { Readable } from 'node:stream';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { StandardItem } from '@shangmi/shared';
import { sites } from '../db/schema/index.js';
import * as files from '../modules/files/files.service.js';
import * as svc from '../modules/sites/sites.service.js';
import { currentStandard } from '../modules/sites/standards.js';
import type { DemoWorld } from './demo-context.js';

/**
 * Sites waiting for acceptance (申请验收), through the sites services: seed-scale writes no site in that state (an
 * application needs its self-evaluation, evidence and workflow state, which only the real submission makes — a
 * district once reviewed a demo station that had none and got 409). Here a station's staff submit its self-evaluation
 * with evidence: one in the tour district waits for its officer (`bench_district`), one in another district was
 * passed by its district and waits for the city's accreditation.
 */
export async function seedDemoSites(w: DemoWorld, o: { regionCode: string; district: string; officers: Record<string, string> }): Promise<{ applying: number }> {
  const building = await w.database.db
    .select({ id: sites.id, orgId: sites.orgId, kind: sites.kind, districtCode: sites.districtCode, name: sites.name })
    .from(sites)
    .where(and(eq(sites.regionCode, o.regionCode), eq(sites.status, 'building'), inArray(sites.kind, ['station', 'point'])))
    .orderBy(asc(sites.id));
  const homeCode = Object.keys(o.officers).find((d) => o.officers[d] === o.district);
  const otherCode = Object.keys(o.officers).find((d) => d !== homeCode);
  // a station under construction in each district, or one its officer registers now (a small demo may have none)
  const stationIn = async (code: string | undefined, n: number) => {
    if (!code) return undefined;
    const found = building.find((s) => s.districtCode === code);
    if (found) return found;
    const d = await w.act(o.officers[code]!, 'sites.create', w.daysAgo(40 - n), (ctx) =>
      svc.createSite(ctx, { kind: 'station', name: `示例商业秘密保护工作站（${n}）`, districtCode: code, status: 'building', hostName: '示例产业园管理委员会', services: ['consulting', 'training'] }),
    );
    return { id: d.id, orgId: d.orgId, kind: d.kind, districtCode: code, name: d.name };
  };
  const home = await stationIn(homeCode, 1);
  const other = await stationIn(otherCode, 2);
  let applying = 0;
  for (const [i, s] of [home, other].entries()) {
    if (!s) continue;
    const staff = `demo_applicant${i + 1}`;
    await w.createUser({ username: staff, displayName: `${s.name.slice(0, 8)} 工作人员`, orgId: s.orgId, role: 'site_staff' });
    const standard = await w.read(staff, (ctx) => currentStandard(ctx, o.regionCode, s.kind));
    if (!standard) continue;
    const items: { code: string; score: number; note: null; fileIds: number[] }[] = [];
    for (const std of standard.items as StandardItem[]) {
      // evidence for what the standard makes a must, scores near the full weight (above the pass score)
      const file = std.required
        ? await w.act(staff, 'files.upload', w.daysAgo(9 - i, 9), async (ctx) =>
            files.recordFile(ctx, await files.storeUpload(ctx, Readable.from([Buffer.from(`%PDF-1.4 ${std.code} ${s.name}`)])), { name: `${std.code}-佐证材料.pdf` }),
          )
        : null;
      items.push({ code: std.code, score: Math.ceil(std.weight * 0.9), note: null, fileIds: file ? [file.id] : [] });
    }
    await w.act(staff, 'sites.submit', w.daysAgo(8 - i, 10), (ctx) => svc.submitAcceptance(ctx, s.id, { statement: '场地、人员、制度和服务台账已按建设标准落实，申请验收。', items }));
    applying++;
    if (s === other) {
      await w.act(o.officers[s.districtCode!]!, 'sites.review', w.daysAgo(5, 15), (ctx) =>
        svc.reviewAcceptance(ctx, s.id, { decision: 'pass', comment: '现场核查属实，同意报市局认定。', items: items.map((it) => ({ code: it.code, score: it.score, comment: null })) }),
      );
    }
  }
  return { applying };
}
