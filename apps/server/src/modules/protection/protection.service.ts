/**
 * The protection module's face (docs/protection.md): routes, the demo and other modules import from here. The rules
 * live in the section files beside it — scope.ts (tenancy), register.ts, measures.ts, readiness.ts, people.ts,
 * person-detail.ts, notices.ts, grants.ts, templates.ts, pack.ts (+ pack-docx.ts), review.ts (the review path).
 */
export { rules } from './rules.js';
export { createSecret, exportSecrets, getSecret, listSecrets, reviewSecret, setStatus, updateSecret } from './register.js';
export { secretDetail } from './detail.js';
export { addMeasure, depositForSecret, linkProofs, measureCatalog, removeMeasure, unlinkProof, updateMeasure } from './measures.js';
export { computeReadiness, readinessOverview, refreshReadiness } from './readiness.js';
export { addTraining, changeKnowers, createPerson, exportPeople, listKnowers, listPeople, removeTraining, updatePerson, upsertDeparture } from './people.js';
export { getPerson } from './person-detail.js';
export { acknowledge, acknowledgementDocument, listNotices, listNoticesOf, publicNotice, reissueNotice, revokeNotice, sendNotices } from './notices.js';
export { createGrant, getGrant, granteeOptions, listGranted, listGrants, revokeGrant, viewGranted } from './grants.js';
export { filledTemplate, listTemplates, templateSpecs } from './templates.js';
export { litigationPack, recordPack } from './pack.js';
