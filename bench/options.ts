/** `npm run bench`'s options (bench/run.ts header lists them) and their defaults. */
import path from 'node:path';
import { BENCH_DISTRICT_CODE } from '../apps/server/src/cli/seed-scale.js';
import { log } from './common.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export type Backend = 'postgres' | 'pglite';
export type ScenarioGroup = 'users' | 'enterprises' | 'import' | 'sites' | 'cases' | 'inbox' | 'credit';

export interface Options {
  users: number;
  /** registry enterprises seeded (0: none, and no enterprise scenarios); with growth steps, the last (largest) */
  enterprises: number;
  /**
   * Growth: `--enterprises 100000,1000000` seeds the first size, runs the scenarios, adds rows up to the next size and
   * runs the enterprise scenarios again (the report prints each scenario's ratio). One size: [enterprises].
   */
  enterpriseSizes: number[];
  /** rows of the import file (0: no import) */
  importRows: number;
  /** search words of the enterprise search scenarios */
  entQ: string[];
  /** protection sites seeded over 46 pilot regions (0: none, and no site scenarios) */
  sites: number;
  /** search text of the public directory's name search */
  sitesQ: string;
  /** district and service of the directory's filtered scenario */
  sitesDistrict: string;
  sitesService: string;
  scenarios: Set<ScenarioGroup>;
  /** cases seeded for the work-queue scenarios of the `cases` group (PostgreSQL) */
  cases: number;
  /** the `inbox` group: users one event is fanned out to, and the notices of the heavy user whose list is measured */
  fanout: number;
  notices: number;
  /** the `credit` group: penalty records on public view searched, and those of 金凤区 exported as XLSX */
  creditRecords: number;
  creditExport: number;
  /** downloads of the export (and runs of the writer alone beside them) */
  creditExportRuns: number;
  /** concurrent public-form submitters of the intake/SIGKILL scenario */
  submitters: number;
  /** seconds of intake before the server is killed */
  killAfterS: number;
  /** EXPLAIN (ANALYZE, BUFFERS) of every scenario's statements into the report (PostgreSQL) */
  explain: boolean;
  durationS: number;
  warmupS: number;
  connections: number;
  backends: Backend[];
  seed: number;
  q: string;
  dbPool?: number;
  out: string | null;
  districtDeepPage: number;
  cityDeepPage: number;
  pageSize: number;
}

export function parseOptions(argv: string[]): Options {
  const o: Options = {
    users: 100_000,
    enterprises: 0,
    enterpriseSizes: [],
    importRows: 100_000,
    // a word in many names (12 %); part of one 字号 (three characters: the trigram index and bigrams); a 字号 bigram (0.5 %)
    entQ: ['科技', '新华百', '塞上'],
    sites: 0,
    cases: 0,
    fanout: 10_000,
    notices: 100_000,
    creditRecords: 1_000_000,
    creditExport: 100_000,
    creditExportRuns: 5,
    submitters: 200,
    killAfterS: 8,
    // what a directory visitor types: in the names of the sites hosted by IP agencies (~12 %); four characters, so the
    // name's trigram index could serve it (two trigrams)
    sitesQ: '知识产权',
    sitesDistrict: BENCH_DISTRICT_CODE,
    sitesService: 'rights_assistance',
    scenarios: new Set(),
    explain: false,
    durationS: 10,
    warmupS: 2,
    connections: 50,
    backends: ['postgres', 'pglite'],
    seed: 42,
    q: 'zhang',
    out: path.join(ROOT, 'bench/results/latest.md'),
    districtDeepPage: 100,
    cityDeepPage: 2000,
    pageSize: 20,
  };
  let out: string | null | undefined;
  let scenarios: ScenarioGroup[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = () => {
      const v = Number(value().replace(/[_,]/g, ''));
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number`);
      return v;
    };
    const count = () => {
      const v = value().replace(/[_,]/g, '');
      if (!/^\d+$/.test(v)) throw new Error(`${flag} needs a whole number`);
      return Number(v);
    };
    switch (flag) {
      case '--users':
        o.users = Math.round(num());
        break;
      case '--enterprises': {
        // one size, or ascending sizes to grow through: 100000,1000000 (or 100k,1m)
        const sizes = value()
          .split(',')
          .map((v) => v.trim().toLowerCase().replace(/_/g, ''))
          .map((v) => (/^\d+k$/.test(v) ? Number(v.slice(0, -1)) * 1000 : /^\d+m$/.test(v) ? Number(v.slice(0, -1)) * 1_000_000 : /^\d+$/.test(v) ? Number(v) : NaN));
        if (sizes.some((n) => !Number.isSafeInteger(n))) throw new Error(`${flag} needs whole numbers, e.g. 100000 or 100000,1000000`);
        if (sizes.some((n, k) => k > 0 && n <= sizes[k - 1])) throw new Error(`${flag}: growth sizes must ascend (100000,1000000)`);
        o.enterpriseSizes = sizes;
        o.enterprises = sizes[sizes.length - 1];
        break;
      }
      case '--import-rows':
        o.importRows = count();
        break;
      case '--sites':
        o.sites = count();
        break;
      case '--sites-q':
        o.sitesQ = value().trim();
        break;
      case '--ent-q':
        o.entQ = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--scenarios': {
        const list = value().split(',').map((s) => s.trim()) as ScenarioGroup[];
        for (const g of list) if (!['users', 'enterprises', 'import', 'sites', 'cases', 'inbox', 'credit'].includes(g)) throw new Error(`unknown scenario group ${g} (users, enterprises, import, sites, cases, inbox, credit)`);
        scenarios = list;
        break;
      }
      case '--fanout':
        o.fanout = Number(value());
        break;
      case '--notices':
        o.notices = Number(value());
        break;
      case '--cases':
        o.cases = Number(value());
        break;
      case '--credit-records':
        o.creditRecords = Number(value());
        break;
      case '--credit-export':
        o.creditExport = Number(value());
        break;
      case '--credit-export-runs':
        o.creditExportRuns = Number(value());
        break;
      case '--submitters':
        o.submitters = Number(value());
        break;
      case '--kill-after':
        o.killAfterS = Number(value());
        break;
      case '--explain':
        o.explain = true;
        break;
      case '--duration':
        o.durationS = num();
        break;
      case '--warmup':
        o.warmupS = Number(value());
        break;
      case '--connections':
        o.connections = Math.round(num());
        break;
      case '--backends':
      case '--backend': {
        const list = value().split(',').map((s) => s.trim()) as Backend[];
        for (const b of list) if (b !== 'postgres' && b !== 'pglite') throw new Error(`unknown backend ${b} (postgres, pglite)`);
        o.backends = list;
        break;
      }
      case '--seed':
        o.seed = Math.round(num());
        break;
      case '--q':
        o.q = value();
        break;
      case '--db-pool':
        o.dbPool = Math.round(num());
        break;
      case '--out':
        out = path.resolve(value());
        break;
      case '--no-write':
        out = null;
        break;
      case '--help':
      case '-h':
        console.log(
          'npm run bench -- [--users N] [--enterprises N] [--import-rows N] [--ent-q a,b,c] [--sites N] [--sites-q TEXT] [--duration S] [--warmup S] [--connections C] ' +
            '[--backends postgres,pglite] [--scenarios users,enterprises,import,sites] [--seed S] [--q TEXT] [--explain] [--db-pool N] [--out FILE | --no-write]',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a} (--help lists them)`);
    }
  }
  if (o.enterprises >= IMPORT_INDEX_BASE) throw new Error(`--enterprises must stay below ${IMPORT_INDEX_BASE.toLocaleString('en-US')}`);
  o.scenarios = new Set(scenarios ?? ['users', ...(o.enterprises ? (['enterprises', 'import'] as const) : []), ...(o.sites ? (['sites'] as const) : [])]);
  if (!o.enterprises) {
    for (const g of ['enterprises', 'import'] as const) if (o.scenarios.delete(g)) log(`--scenarios ${g} needs --enterprises N: skipped`);
  }
  if (!o.sites && o.scenarios.delete('sites')) log('--scenarios sites needs --sites N: skipped');
  if (!o.importRows) o.scenarios.delete('import');
  // the default run keeps latest.md; an enterprise run gets its own file (enterprises-1m.md …), a sites run too (sites-100k.md)
  o.out =
    out !== undefined
      ? out
      : o.enterprises
        ? path.join(ROOT, `bench/results/enterprises-${o.enterpriseSizes.map(shortCount).join('-')}.md`)
        : o.sites
          ? path.join(ROOT, `bench/results/sites-${shortCount(o.sites)}.md`)
          : o.out;
  return o;
}

/** 1000000 → 1m, 20000 → 20k */
export const shortCount = (n: number) => (n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n));

/** Generated credit codes are unique per index: the import file's rows take indexes from here, the seeded ones below. */
export const IMPORT_INDEX_BASE = 100_000_000;
