/**
 * The cases module's face: routes, the reminder job, the home page and the demo import from here. The rules live in the
 * section files beside it — scope.ts, clocks.ts (the deadline engine), intake.ts, lifecycle.ts, jurisdiction.ts,
 * coordination.ts (partner agencies), queries.ts, calendar.ts.
 */
export { caseScope, isPartner } from './scope.js';
export { approvedSummaries, caseForCredit, caseSecretTerms, penaltyPublished, penaltyWithdrawn, setSecretTerms, type CaseForCredit } from './publication.js';
export { DEADLINES_DIR, loadCalendar, rule, RULES, todayOf } from './clocks.js';
export {
  addPublicFile,
  addPublicMaterial,
  caseFile,
  newTrackingCode,
  openCasesByCode,
  partnerRevealIdentity,
  publicIntake,
  publicStatus,
  revealIdentity,
  rightholderReport,
  staffIntake,
  suggestDistrict,
} from './intake.js';
export { applyAction, approveSummary, extendClock, pauseClock, reportProgress, resumeClock, superviseCase, writeSummary } from './lifecycle.js';
export { answerDistrictTransfer, assignCase, escalateSilentTransfers, requestDistrictTransfer } from './jurisdiction.js';
export {
  acknowledgeNotice,
  addJointNote,
  exportShareRegister,
  listPartners,
  openJoint,
  proposePoliceTransfer,
  sendNotices,
  shareRegister,
  transferStep,
} from './coordination.js';
export { caseForDocument, caseStats, exportCases, getDetail, listCases, queueCounts, workQueue } from './queries.js';
export { listCalendar, markYearLoaded, setCalendarOverride } from './calendar.js';
