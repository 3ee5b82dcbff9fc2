/** Campaigns: a bureau asks the enterprises matching its criteria to check themselves by a deadline, and reminds them. */
import { and, desc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { type CampaignCreate, type CampaignDetail, type CampaignSummary } from '@shangmi/shared';
import { assessmentCampaigns, assessmentCampaignTargets, cultivationEntries, enterprises, orgs } from '../../db/schema/index.js';
import { andAll, likeEscape, requireActor } from '../../platform/access.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { fieldError, forbidden, notFound } from '../../platform/errors.js';
import { cappedCount, one, type CappedTotal } from '../../platform/count-cache.js';
import { common } from '../../platform/messages.js';
import { notify } from '../../platform/inbox.js';
import { enterpriseScope } from '../enterprises/enterprises.service.js';
import { currentFrameworkId, frameworkById } from './framework-versions.js';
import { isEnterpriseUser, isSiteUser, iso } from './scope.js';
import { msg } from './assessments.messages.js';

/** Launched in the actor's own area (the actor's bureau or one below it): the whole campaign is theirs. */
function ownCampaign(actor: Actor): SQL | undefined {
  switch (actor.scope) {
    case 'all':
      return undefined;
    case 'org_and_below':
      return like(assessmentCampaigns.orgPath, `${likeEscape(actor.orgPath)}%`);
    default:
      return eq(assessmentCampaigns.orgId, actor.orgId);
  }
}

/** The campaign asks some of the enterprises the actor serves (a city's campaign, seen by a district for its own). */
function targetsVisibleTo(actor: Actor): SQL {
  return sql`exists (select 1 from ${assessmentCampaignTargets} join ${enterprises} on ${enterprises.id} = ${assessmentCampaignTargets.enterpriseId}
    where ${assessmentCampaignTargets.campaignId} = ${assessmentCampaigns.id} and ${enterpriseScope(actor) ?? sql`true`})`;
}

/**
 * Staff see the campaigns launched in their area, and those launched above them that cover enterprises they serve (a
 * district sees the city's campaign for its enterprises — only theirs in its items, and it reminds only them).
 */
function campaignScope(actor: Actor): SQL | undefined {
  const own = ownCampaign(actor);
  return own ? or(own, targetsVisibleTo(actor)) : undefined;
}

export async function createCampaign(ctx: Ctx, input: CampaignCreate): Promise<CampaignDetail> {
  const actor = requireActor(ctx);
  if (isEnterpriseUser(actor) || isSiteUser(actor)) throw forbidden(msg.campaignsByBureaus);
  if (!actor.regionCode) throw forbidden();
  const frameworkId = input.frameworkId ?? (await currentFrameworkId(ctx));
  await frameworkById(ctx, frameworkId).catch(() => {
    throw fieldError('frameworkId', common.notExist);
  });
  const c = input.criteria;
  const conds = andAll(
    enterpriseScope(actor),
    eq(enterprises.regionCode, actor.regionCode),
    eq(enterprises.status, 'active'),
    c.districtCodes?.length ? inArray(enterprises.districtCode, c.districtCodes) : undefined,
    c.industrySections?.length ? inArray(enterprises.industrySection, c.industrySections) : undefined,
    c.kinds?.length ? sql`${enterprises.kinds} && ${sql`array[${sql.join(c.kinds.map((k) => sql`${k}`), sql`, `)}]::text[]`}` : undefined,
    c.enterpriseIds?.length ? inArray(enterprises.id, c.enterpriseIds) : undefined,
    c.cultivation ? sql`exists (select 1 from ${cultivationEntries} ce where ce.enterprise_id = ${enterprises.id} and ce.stage <> 'withdrawn')` : undefined,
  );
  const targets = await ctx.db.select({ id: enterprises.id }).from(enterprises).where(conds);
  if (targets.length === 0) throw fieldError('criteria', msg.noEnterpriseMatches);
  const [row] = await ctx.db
    .insert(assessmentCampaigns)
    .values({ regionCode: actor.regionCode, orgId: actor.orgId, orgPath: actor.orgPath, title: input.title, frameworkId, deadline: input.deadline, criteria: c, createdBy: actor.userId })
    .returning();
  await ctx.db.insert(assessmentCampaignTargets).values(targets.map((t) => ({ campaignId: row.id, enterpriseId: t.id })));
  ctx.audit = { targetType: 'assessment_campaign', targetId: row.id, after: { title: input.title, targets: targets.length } };
  return getCampaign(ctx, row.id);
}

const campaignSelection = {
  c: assessmentCampaigns,
  orgName: orgs.name,
  targets: sql<number>`(select count(*)::int from assessment_campaign_targets t where t.campaign_id = ${assessmentCampaigns.id})`,
  completed: sql<number>`(select count(*)::int from assessment_campaign_targets t where t.campaign_id = ${assessmentCampaigns.id} and t.completed_at is not null)`,
};

type CampaignRow = { c: typeof assessmentCampaigns.$inferSelect; orgName: string; targets: number; completed: number };
const toCampaign = (r: CampaignRow, task: CampaignSummary['task'] = null): CampaignSummary => ({
  id: r.c.id,
  title: r.c.title,
  orgName: r.orgName,
  frameworkId: r.c.frameworkId,
  deadline: r.c.deadline,
  criteria: r.c.criteria as CampaignSummary['criteria'],
  targets: Number(r.targets),
  completed: Number(r.completed),
  createdAt: r.c.createdAt.toISOString(),
  task,
});

/** Staff: the campaigns launched within their area. Enterprises: the campaigns they are asked to take part in (tasks). */
export async function listCampaigns(ctx: Ctx): Promise<CampaignSummary[]> {
  const actor = requireActor(ctx);
  if (isEnterpriseUser(actor)) {
    const rows = await ctx.db
      .select({ ...campaignSelection, t: assessmentCampaignTargets })
      .from(assessmentCampaignTargets)
      .innerJoin(enterprises, eq(enterprises.id, assessmentCampaignTargets.enterpriseId))
      .innerJoin(assessmentCampaigns, eq(assessmentCampaigns.id, assessmentCampaignTargets.campaignId))
      .innerJoin(orgs, eq(orgs.id, assessmentCampaigns.orgId))
      .where(eq(enterprises.orgId, actor.orgId))
      .orderBy(desc(assessmentCampaigns.id));
    return rows.map((r) =>
      toCampaign(r, { assessmentId: r.t.assessmentId, completedAt: iso(r.t.completedAt), remindedCount: r.t.remindedCount, lastRemindedAt: iso(r.t.lastRemindedAt) }),
    );
  }
  const rows = await ctx.db
    .select(campaignSelection)
    .from(assessmentCampaigns)
    .innerJoin(orgs, eq(orgs.id, assessmentCampaigns.orgId))
    .where(campaignScope(actor))
    .orderBy(desc(assessmentCampaigns.id))
    .limit(200);
  return rows.map((r) => toCampaign(r));
}

/**
 * 首页待办: the campaign tasks of the enterprise user's organisation not yet completed (what listCampaigns shows with
 * an open task), count only and capped.
 */
export function openTaskCount(ctx: Ctx): Promise<CappedTotal> {
  const actor = requireActor(ctx);
  const where = and(eq(enterprises.orgId, actor.orgId), isNull(assessmentCampaignTargets.completedAt));
  return cappedCount(ctx.db, (limit) =>
    ctx.db
      .select({ one })
      .from(assessmentCampaignTargets)
      .innerJoin(enterprises, eq(enterprises.id, assessmentCampaignTargets.enterpriseId))
      .where(where)
      .limit(limit),
  );
}

export async function getCampaign(ctx: Ctx, id: number): Promise<CampaignDetail> {
  const actor = requireActor(ctx);
  if (isEnterpriseUser(actor)) throw notFound();
  const [r] = await ctx.db
    .select(campaignSelection)
    .from(assessmentCampaigns)
    .innerJoin(orgs, eq(orgs.id, assessmentCampaigns.orgId))
    .where(andAll(eq(assessmentCampaigns.id, id), campaignScope(actor)));
  if (!r) throw notFound();
  // completion is visible to the launching bureau (a fact of the campaign); the assessment itself only with consent.
  // A bureau that sees another's campaign through its enterprises sees those enterprises only.
  const own = ownCampaign(actor);
  const whole = !own || (await ctx.db.select({ id: assessmentCampaigns.id }).from(assessmentCampaigns).where(and(eq(assessmentCampaigns.id, id), own))).length > 0;
  const items = await ctx.db
    .select({ t: assessmentCampaignTargets, name: enterprises.name, districtCode: enterprises.districtCode })
    .from(assessmentCampaignTargets)
    .innerJoin(enterprises, eq(enterprises.id, assessmentCampaignTargets.enterpriseId))
    .where(andAll(eq(assessmentCampaignTargets.campaignId, id), whole ? undefined : enterpriseScope(actor)))
    .orderBy(enterprises.name);
  return {
    ...toCampaign(r),
    items: items.map((x) => ({
      enterpriseId: x.t.enterpriseId,
      enterpriseName: x.name,
      districtCode: x.districtCode,
      assessmentId: x.t.assessmentId,
      completedAt: iso(x.t.completedAt),
      remindedCount: x.t.remindedCount,
      lastRemindedAt: iso(x.t.lastRemindedAt),
    })),
  };
}

/**
 * Reminds the enterprises that have not completed (all of them, or those named): they see it on their task, and every
 * user of theirs who carries out checks gets a notice (inbox, and e-mail/SMS by their choice) — one INSERT … SELECT
 * however many enterprises the campaign holds.
 */
export async function remindCampaign(ctx: Ctx, id: number, enterpriseIds?: number[]): Promise<CampaignDetail> {
  const campaign = await getCampaign(ctx, id);
  // only the enterprises the caller sees in it (all of them for the launching bureau)
  const mine = new Set(campaign.items.map((x) => x.enterpriseId));
  if (enterpriseIds?.length) enterpriseIds = enterpriseIds.filter((e) => mine.has(e));
  else if (mine.size < campaign.targets) enterpriseIds = [...mine];
  if (enterpriseIds && !enterpriseIds.length) return campaign;
  const updated = await ctx.db
    .update(assessmentCampaignTargets)
    .set({ remindedCount: sql`${assessmentCampaignTargets.remindedCount} + 1`, lastRemindedAt: ctx.now })
    .where(
      and(
        eq(assessmentCampaignTargets.campaignId, id),
        isNull(assessmentCampaignTargets.completedAt),
        enterpriseIds?.length ? inArray(assessmentCampaignTargets.enterpriseId, enterpriseIds) : undefined,
      ),
    )
    .returning({ enterpriseId: assessmentCampaignTargets.enterpriseId });
  // the users of the enterprises just reminded (their target row carries this request's time) who answer checks
  const recipients = sql`select u.id from ${assessmentCampaignTargets} t
      join ${enterprises} e on e.id = t.enterprise_id
      join users u on u.org_id = e.org_id
     where t.campaign_id = ${id} and t.last_reminded_at = ${ctx.now}
       and exists (select 1 from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id and 'assessments:answer' = any(r.permissions))`;
  const told = await notify(
    ctx.db,
    ctx.deps.config,
    recipients,
    {
      event: 'campaign',
      title: { zh: `体检活动催办：${campaign.title}`, en: `Health-check campaign reminder: ${campaign.title}` },
      body: { zh: `${campaign.orgName}请贵单位在 ${campaign.deadline} 前完成诊断体检。`, en: `${campaign.orgName} asks you to complete the health check by ${campaign.deadline}.` },
      link: '/assessments/campaigns',
      record: { kind: 'assessments.campaign', id },
    },
    ctx.now,
  );
  ctx.audit = { targetType: 'assessment_campaign', targetId: id, after: { reminded: updated.map((u) => u.enterpriseId), notices: told.notices } };
  return getCampaign(ctx, id);
}
