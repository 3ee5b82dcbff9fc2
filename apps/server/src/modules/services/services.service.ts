/**
 * The services module's face (docs/services.md): routes, the jobs, the demo and other modules import from here. The
 * rules live in the section files beside it — rules.ts (config/services), paths.ts (the engine's paths), scope.ts,
 * providers.ts, catalogue.ts (offerings, suggestions), requests.ts, ledger.ts, review.ts (a site's yearly review),
 * contracts.ts, dashboard.ts, jobs.ts.
 */
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { filesByIds, type FileRow } from '../files/files.service.js';
import { findRequest } from './scope.js';

export { RULES } from './rules.js';
export { createProvider, getProvider, listProviders, updateProvider } from './providers.js';
export { createOffering, listOfferings, suggest } from './catalogue.js';
export { refreshCandidates, rescoreCandidates } from './candidates.js';
export { acceptRequest, cancelRequest, confirmRequest, createRequest, declineRequest, deliverRequest, escalateOverdue, getRequest, listRequests, reassignRequest } from './requests.js';
export { requestFromNeed, startFollowUp } from './followups.js';
export { publicRequest } from './public.js';
export { answerConsultation, consentConsultation, createConsultation, followUpConsultation, getConsultation, listConsultations, publishConsultation, routeConsultation, unpublishConsultation } from './consultations.js';
export { addActivity, ledgerForExport, listLedger } from './ledger.js';
export { ledgerSummary } from './ledger-summary.js';
export { yearlyReview } from './review.js';
export { addPayment, contractStep, reversePayment, createContract, evaluateContract, getContract, listContracts } from './contracts.js';
export { servicesDashboard } from './dashboard.js';
export { remindQualifications, ESCALATE_LOCK } from './jobs.js';
export { requestPath, contractPath } from './paths.js';

/** A delivery's attachment, served under the request's scope (the enterprise, the assignee, the bureaus above). */
export async function requestFile(ctx: Ctx, id: number, fileId: number): Promise<FileRow> {
  const r = await findRequest(ctx, id);
  if (!r.deliveryFileIds.includes(fileId)) throw notFound();
  const [f] = await filesByIds(ctx, [fileId]);
  if (!f) throw notFound();
  return f;
}

