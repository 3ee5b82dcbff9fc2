import { yearOf } from '@shangmi/shared';
import * as svc from '../modules/steering/steering.service.js';
import type { DemoWorld } from './demo-context.js';

/**
 * 领导驾驶舱 for the tour (docs/steering.md): the indicators are computed from what the other parts of the demo wrote, so
 * nothing is seeded for them; the 金凤区 officer enters the one manual indicator (a rights-guidance centre, with its
 * evidence), and the line printed says the city's stations and points against the plan's targets.
 */
export async function seedDemoSteering(w: DemoWorld, o: { officer: string; city: string }): Promise<string> {
  const year = yearOf(w.now);
  await w.act(o.officer, 'steering.putManual', w.daysAgo(3), (ctx) =>
    svc.putManual(ctx, { key: 'manual.rights_centres', year, districtCode: null, value: 1, evidence: '金凤区商业秘密保护维权指导中心挂牌（区市场监管局文件，示例数据）', fileIds: [] }),
  );
  svc.forgetValues();
  const cp = await w.read(o.city, (ctx) => svc.cockpitOf(ctx, {}));
  const sp = cp.indicators.find((i) => i.key === 'sites.stations_points')!;
  const said = sp.years.map((y) => `${y.year} ${y.done ?? 0}/${y.target ?? '—'} ${y.status}`).join(', ');
  return `领导驾驶舱 Cockpit: ${cp.indicators.length} indicators; stations and points ${said}; 1 manual value (金凤区 rights-guidance centre)`;
}
