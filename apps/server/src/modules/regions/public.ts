/**
 * Which region the public pages serve (投诉举报, 站点名录, 企业注册 …). A deployment names it; it never follows from the order
 * of the regions table, which on a multi-region deployment (the demo seeds 46) would send a citizen's complaint to whichever
 * code sorts first.
 *
 * In order: the region the visitor chose (one of the public ones), the host name's region (SHANGMI_PUBLIC_HOSTS), the
 * default — the first of SHANGMI_PUBLIC_REGION, else the config/regions file marked `"default": true`, else the only
 * configured file. With several public regions and no default the visitor must choose (the answer names the field).
 */
import { asc, inArray } from 'drizzle-orm';
import type { PublicRegions, RegionConfig } from '@shangmi/shared';
import type { Config } from '../../config.js';
import { districts, parks, regions } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { loadRegionConfigs } from '../../seed.js';

const msg = {
  notPublic: { zh: '不是本平台服务的试点地区', en: 'is not a pilot region this site serves' },
  choose: { zh: '请选择所在地区', en: 'choose the region' },
};

/** The public regions and the default, from the configuration (the host not yet considered). */
export function publicRegionConfig(config: Pick<Config, 'publicRegions'>, files: RegionConfig[]): { codes: string[]; defaultCode: string | null } {
  if (config.publicRegions?.length) return { codes: config.publicRegions, defaultCode: config.publicRegions[0] };
  const marked = files.find((f) => f.default);
  const codes = [...(marked ? [marked.code] : []), ...files.filter((f) => f !== marked).map((f) => f.code)];
  return { codes, defaultCode: marked?.code ?? (files.length === 1 ? files[0].code : null) };
}

let fromFiles: RegionConfig[] | null = null;
function configured(ctx: Ctx, host: string | undefined) {
  fromFiles ??= loadRegionConfigs();
  const { codes, defaultCode } = publicRegionConfig(ctx.deps.config, fromFiles);
  const byHost = host ? ctx.deps.config.publicHosts[host.toLowerCase().replace(/:\d+$/, '')] : undefined;
  return { codes: byHost && !codes.includes(byHost) ? [byHost, ...codes] : codes, defaultCode: byHost ?? defaultCode };
}

/** What the public pages offer on this host (GET /api/public/region): the regions to choose from and the default. */
export async function publicRegions(ctx: Ctx, host: string | undefined): Promise<PublicRegions> {
  const { codes, defaultCode } = configured(ctx, host);
  const rows = codes.length ? await ctx.db.select().from(regions).where(inArray(regions.code, codes)) : [];
  const ds = rows.length ? await ctx.db.select().from(districts).where(inArray(districts.regionCode, codes)).orderBy(asc(districts.sort), asc(districts.code)) : [];
  const ps = rows.length ? await ctx.db.select().from(parks).where(inArray(parks.regionCode, codes)).orderBy(asc(parks.sort), asc(parks.id)) : [];
  const rs = codes
    .map((c) => rows.find((r) => r.code === c))
    .filter((r) => r !== undefined)
    .map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.nameEn,
      districts: ds.filter((d) => d.regionCode === r.code).map((d) => ({ code: d.code, name: d.name, nameEn: d.nameEn, sort: d.sort })),
      parks: ps.filter((p) => p.regionCode === r.code).map((p) => ({ id: p.id, name: p.name, nameEn: p.nameEn, districtCode: p.districtCode, sort: p.sort })),
    }));
  return { defaultCode: defaultCode && rs.some((r) => r.code === defaultCode) ? defaultCode : null, regions: rs };
}

/** The region a public request is for: the one it names (when public), else the host's or the default; else a field error. */
export async function resolvePublicRegion(ctx: Ctx, requested: string | null | undefined, host: string | undefined): Promise<string> {
  const { codes, defaultCode } = configured(ctx, host);
  const code = requested ?? defaultCode;
  if (!code) throw fieldError('regionCode', msg.choose);
  if (!codes.includes(code)) throw fieldError('regionCode', msg.notPublic);
  const [known] = await ctx.db.select({ code: regions.code }).from(regions).where(inArray(regions.code, [code]));
  if (!known) throw fieldError('regionCode', msg.notPublic);
  return code;
}
