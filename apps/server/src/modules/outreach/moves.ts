/** The copies of organisation paths on outreach rows follow a moved subtree (orgs.subtreeMoved, in its transaction). */
import { sql } from 'drizzle-orm';
import { outreachArticles, outreachEnrolments, outreachEvents, outreachTrainings } from '../../db/schema/index.js';
import { likeEscape } from '../../platform/access.js';
import type { OrgSubtreeMoved } from '../orgs/orgs.service.js';

export const followOrgMove: OrgSubtreeMoved = async (ctx, { oldPrefix, newPrefix }) => {
  for (const t of [outreachTrainings, outreachEnrolments, outreachEvents, outreachArticles]) {
    await ctx.db.execute(sql`update ${t} set org_path = ${newPrefix} || substr(org_path, ${oldPrefix.length + 1}) where org_path like ${`${likeEscape(oldPrefix)}%`}`);
  }
};
