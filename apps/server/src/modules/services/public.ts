/**
 * A member of the public asks for help without an account (issue 15 item 3: "or a member of the public, with contact
 * details"). The form is public and rate-limited per address like the public complaint form (bucket `filing`); the
 * request lands in the same queue as an enterprise's — the best suggestion for the district, else the district bureau
 * assigns it. With no enterprise it sits under the district bureau it went to (that bureau and the city see it, the
 * assignee too; no enterprise account ever does). The asker gets a tracking code to follow it and rate it once
 * delivered (track.ts).
 */
import { eq } from 'drizzle-orm';
import type { PublicRequestTracked, publicRequestCreate } from '@shangmi/shared';
import type { z } from 'zod';
import { helpRequests, orgs } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { findBureau } from '../orgs/orgs.service.js';
import { resolvePublicRegion } from '../regions/regions.service.js';
import { insertRequest } from './requests.js';
import { msg } from './services.messages.js';
import { newRequestCode } from './track.js';

export async function publicRequest(ctx: Ctx, input: z.output<typeof publicRequestCreate>, host?: string): Promise<PublicRequestTracked> {
  const regionCode = await resolvePublicRegion(ctx, input.regionCode, host);
  const bureau = await findBureau(ctx, regionCode, input.districtCode);
  if (!bureau) throw new AppError('INTERNAL');
  // a district the region does not have: findBureau answers with the city; the asker named a wrong district
  if (bureau.districtCode !== input.districtCode) throw fieldError('districtCode', msg.unknownDistrict);
  const { publicName, districtCode, serviceKind, title, need, contactName, contactPhone } = input;
  const id = await insertRequest(
    ctx,
    { enterpriseId: null, orgId: bureau.id, orgPath: bureau.path, regionCode, districtCode, name: publicName, publicName },
    { serviceKind, title, need, contactName, contactPhone, assigneeOrgId: null },
    { step: 'publicSubmit' },
  );
  // the asker follows and rates the request with this code (track.ts); handed out only once the transaction commits
  const trackingCode = newRequestCode();
  await ctx.db.update(helpRequests).set({ trackingCode }).where(eq(helpRequests.id, id));
  const [r] = await ctx.db.select({ state: helpRequests.state, assigneeName: orgs.name }).from(helpRequests).leftJoin(orgs, eq(orgs.id, helpRequests.assigneeOrgId)).where(eq(helpRequests.id, id));
  return { id, state: r!.state as PublicRequestTracked['state'], assigneeName: r!.assigneeName, bureauName: bureau.name, trackingCode };
}
