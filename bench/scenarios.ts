/** The scenarios of the latency table: which page, as whom. Users, enterprises (search, filters, 企业统计, 首页待办), sites. */
import { BENCH_DISTRICT_CODE } from '../apps/server/src/cli/seed-scale.js';
import { getJson } from './child.js';
import type { Sessions } from './measure.js';
import type { Options, ScenarioGroup } from './options.js';

export interface Scenario {
  group: ScenarioGroup;
  scenario: string;
  /** a benchmark account, or null for a public route (no cookie) */
  who: keyof Sessions | null;
  url: string;
}

/** The scenarios of the groups asked for; a deep page is chosen from the list's total as it stands (so: per size). */
export async function listScenarios(o: Options, groups: Set<ScenarioGroup>, base: string, sessions: Sessions): Promise<Scenario[]> {
  const size = o.pageSize;
  const list = (params: string) => `/api/users?${params}`;
  const scenarios: Scenario[] = [];
  if (groups.has('users')) {
    const deep = async (who: keyof Sessions, wanted: number) => {
      const first = await getJson(base, list(`page=1&pageSize=${size}`), sessions[who].cookie);
      // a capped total ("10,000+") says there are more: the page asked for is there
      if (first.capped) return wanted;
      return Math.max(1, Math.min(wanted, Math.floor((first.total ?? 0) / size)));
    };
    const users = (scenario: string, who: keyof Sessions, url: string) => scenarios.push({ group: 'users', scenario, who, url });
    users('district · page 1', 'district', list(`page=1&pageSize=${size}`));
    const dPage = await deep('district', o.districtDeepPage);
    users(`district · page ${dPage}`, 'district', list(`page=${dPage}&pageSize=${size}`));
    users(`city · q=${o.q} & active`, 'city', list(`q=${encodeURIComponent(o.q)}&status=active&page=1&pageSize=${size}`));
    const cPage = await deep('city', o.cityDeepPage);
    users(`city · page ${cPage}`, 'city', list(`page=${cPage}&pageSize=${size}`));
  }
  if (groups.has('enterprises')) {
    const ent = (scenario: string, who: keyof Sessions, params: string) =>
      scenarios.push({
        group: 'enterprises',
        scenario: `enterprises · ${scenario}`,
        who,
        url: `/api/enterprises?${[params, `page=1&pageSize=${size}`].filter(Boolean).join('&')}`,
      });
    // search: common, partial and rare words, in the city's scope and in a district's (issue 23 item 3)
    for (const q of o.entQ) ent(`city · q=${q}`, 'city', `q=${encodeURIComponent(q)}`);
    for (const q of o.entQ) ent(`district · q=${q}`, 'district', `q=${encodeURIComponent(q)}`);
    ent(`district · industry C & small`, 'district', `districtCode=${BENCH_DISTRICT_CODE}&industryCode=C&size=small`);
    ent(`district · kind=high_tech`, 'district', `kind=high_tech`);
    ent(`district · page 1`, 'district', '');
    ent(`city · page 1`, 'city', '');
    // 企业统计 (maintained tallies) and 首页待办 (count-only, capped), each as a district and a city officer sees them
    for (const who of ['district', 'city'] as const) {
      scenarios.push({ group: 'enterprises', scenario: `enterprises · ${who} · 企业统计`, who, url: '/api/enterprises/stats' });
      scenarios.push({ group: 'enterprises', scenario: `home · ${who} · 首页待办`, who, url: '/api/home/todos' });
    }
  }
  if (groups.has('sites')) {
    // the dashboard: the city's (Yinchuan, its own region) and a district officer's (their district), every year up to this one
    scenarios.push({ group: 'sites', scenario: 'sites · city · dashboard', who: 'city', url: '/api/sites/dashboard' });
    scenarios.push({ group: 'sites', scenario: 'sites · district · dashboard', who: 'district', url: '/api/sites/dashboard' });
    // the dashboard's map: every site of the city as a point (its own answer since the dashboard split it off)
    scenarios.push({ group: 'sites', scenario: 'sites · city · map', who: 'city', url: '/api/sites/map' });
    // the public directory, no sign-in: all 46 regions' accredited and operating sites
    const dir = (scenario: string, params: string) =>
      scenarios.push({
        group: 'sites',
        scenario: `sites · public · ${scenario}`,
        who: null,
        url: `/api/public/sites?${[params, `page=1&pageSize=${size}`].filter(Boolean).join('&')}`,
      });
    dir(`q=${o.sitesQ}`, `q=${encodeURIComponent(o.sitesQ)}`);
    dir(`district ${o.sitesDistrict} & ${o.sitesService}`, `districtCode=${o.sitesDistrict}&service=${encodeURIComponent(o.sitesService)}`);
    dir('page 1', '');
  }
  return scenarios;
}
