/**
 * The credit module's face (docs/credit.md): routes, the job, the demo and other modules import from here. The rules
 * live in the section files beside it — rules.ts (the rules as data), paths.ts (the workflows), scope.ts, records.ts,
 * publication.ts, imports.ts, serious.ts, repairs.ts, partners.ts, exports.ts, feed.ts, public.ts, views.ts, jobs.ts.
 */
export { currentRules, FILE_RULES, rulesView, updateRules } from './rules.js';
export { createRecord, listRecords, recordsForExport, updateRecord } from './records.js';
export { getRecordDetail, publishRecord, returnRecord, reviewRecord, revokeRecord, submitRecord, updateRecordAndFeed, withdrawRecord } from './publication.js';
export { importRecords, sendImportErrorWorkbook, sendTemplate } from './imports.js';
export { getSeriousDetail, listSerious, proposeSerious, seriousStep, type SeriousStepName } from './serious.js';
export { applyRepair, getRepairDetail, listRepairs, repairFile, repairStep, type RepairStepName } from './repairs.js';
export { acknowledgeShares, listPartners, partnerCandidates, removePartner, setPartner, sharedWithMe } from './partners.js';
export { exportLedger, ledgerView, sendExport, startExport } from './exports.js';
export { createToken, listTokens, pullFeed, revokeToken } from './feed.js';
export { publicRecord, publicSearch, publicSerious, publicStories } from './public.js';
export { creditDashboard, creditMine, discretionSuggestion, enterpriseState, pendingCases, prefillFromCase } from './views.js';
export { endTerms, TERMS_LOCK } from './jobs.js';
