/**
 * The health-check module's face: routes, the home page and the demo import from here. The rules live in the section
 * files beside it — scope.ts, framework-versions.ts, read.ts, writes.ts, report.ts, regional.ts, campaigns.ts.
 */
import { sql } from 'drizzle-orm';
import { assessmentCampaigns, assessments } from '../../db/schema/index.js';
import { likeEscape } from '../../platform/access.js';
import type { OrgSubtreeMoved } from '../orgs/orgs.service.js';

export { assessmentScope } from './scope.js';
export { currentFrameworkId, frameworkById, listFrameworks, uploadFramework } from './framework-versions.js';
export { draftAssessmentCount, getDetail, listAssessments } from './read.js';
export { addComment, addEvidence, createAssessment, removeEvidence, saveAnswers, sendEvidence, setShared, submitAssessment } from './writes.js';
export { getReport } from './report.js';
export { regionalPicture } from './regional.js';
export { createCampaign, getCampaign, listCampaigns, openTaskCount, remindCampaign } from './campaigns.js';

// the path copies follow their organisations when a subtree moves (an enterprise to another district, a site elsewhere)
export const followOrgMove: OrgSubtreeMoved = async (ctx, { oldPrefix, newPrefix }) => {
  for (const col of ['org_path', 'site_org_path'] as const) {
    await ctx.db.execute(
      sql`update ${assessments} set ${sql.raw(col)} = ${newPrefix} || substr(${sql.raw(col)}, ${oldPrefix.length + 1}) where ${sql.raw(col)} like ${`${likeEscape(oldPrefix)}%`}`,
    );
  }
  await ctx.db.execute(
    sql`update ${assessmentCampaigns} set org_path = ${newPrefix} || substr(org_path, ${oldPrefix.length + 1}) where org_path like ${`${likeEscape(oldPrefix)}%`}`,
  );
};
