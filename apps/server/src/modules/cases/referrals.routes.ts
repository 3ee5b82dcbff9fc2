import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams, referral, referralCreate, referralList, referralOutcomeInput, referralParams, referralStats, referralStatsQuery } from '@shangmi/shared';
import * as svc from './referrals.js';

/** Referral channels of a complaint or case (issue 24 item 4): people's mediation, 诉调对接, arbitration, civil suit. */
export function referralRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cases'];

  r.get(
    '/api/cases/referrals/stats',
    {
      schema: { operationId: 'cases.referralStats', tags, summary: '转介渠道统计 Referrals by channel within the caller’s cases', querystring: referralStatsQuery, response: { 200: referralStats } },
      config: { access: 'cases:read' },
    },
    (req) => svc.referralStats(req.ctx(), req.query),
  );
  r.get(
    '/api/cases/:id/referrals',
    { schema: { operationId: 'cases.listReferrals', tags, summary: '转介记录 The case’s referrals and their outcomes', params: idParams, response: { 200: referralList } }, config: { access: 'cases:read' } },
    (req) => svc.listReferrals(req.ctx(), req.params.id),
  );
  r.post(
    '/api/cases/:id/referrals',
    {
      schema: { operationId: 'cases.createReferral', tags, summary: '转介（人民调解、诉调对接、仲裁、诉讼） Refer the parties to another channel', params: idParams, body: referralCreate, response: { 200: referral } },
      config: { access: 'cases:handle', action: 'cases.referral' },
    },
    (req) => req.mutate((ctx) => svc.createReferral(ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/cases/:id/referrals/:referralId/outcome',
    {
      schema: { operationId: 'cases.referralOutcome', tags, summary: '登记转介结果 Record the outcome that came back', params: referralParams, body: referralOutcomeInput, response: { 200: referral } },
      config: { access: 'cases:handle', action: 'cases.referral-outcome' },
    },
    (req) => req.mutate((ctx) => svc.recordOutcome(ctx, req.params.id, req.params.referralId, req.body)),
  );
}
