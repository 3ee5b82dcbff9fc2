/**
 * The cultivation list (培育企业清单), the module's face: the routes, the home page and other modules call what is
 * exported here. Sections: scope.ts (who sees and changes an entry), read.ts (lists, statistics, detail), writes.ts
 * (entries, coaching plans, evidence), path.ts (the stage request → district review → city approval, declared on the
 * workflow engine), merge.ts (a duplicate enterprise merged into another).
 */
import { sql } from 'drizzle-orm';
import { CULTIVATION_REVIEW_LABELS, CULTIVATION_STAGE_LABELS, pick, type CultivationEntry, type Locale } from '@shangmi/shared';
import { cultivationEntries } from '../../db/schema/index.js';
import { likeEscape } from '../../platform/access.js';
import { registerUniqueField } from '../../platform/errors.js';
import type { OrgSubtreeMoved } from '../orgs/orgs.service.js';

export { enterpriseTimeline, entryStats, exportEntries, getDetail, getEntry, listEntries, sendEvidence, type CultivationFilters } from './read.js';
export { addEvidence, addPlanItem, completePlanItem, createEntry, deletePlanItem, reopenPlanItem, updateEntry, updatePlanItem } from './writes.js';
export { followEnterpriseMerge } from './merge.js';
export { entryReadiness, setIntention } from './readiness.js';
export { currentRules, loadReadinessRules } from './readiness-rules.js';
export { cancelRequest, cityApproval, districtReview, requestStage, stagePath } from './path.js';

// concurrent adds that slipped past the checks still name the field
registerUniqueField('cultivation_entries_enterprise_year_uq', 'year');
registerUniqueField('cultivation_entries_open_uq', 'enterpriseId');

// the coaching site's path copy follows its organisation when a subtree moves
export const followOrgMove: OrgSubtreeMoved = async (ctx, { oldPrefix, newPrefix }) => {
  await ctx.db.execute(
    sql`update ${cultivationEntries} set site_org_path = ${newPrefix} || substr(site_org_path, ${oldPrefix.length + 1})
         where site_org_path like ${`${likeEscape(oldPrefix)}%`}`,
  );
};

export function reviewLabel(e: CultivationEntry, locale: Locale): string {
  if (e.review === 'none') return '';
  const base = pick(CULTIVATION_REVIEW_LABELS[e.review], locale);
  return e.requestStage ? `${base}（${pick(CULTIVATION_STAGE_LABELS[e.requestStage], locale)}）` : base;
}
