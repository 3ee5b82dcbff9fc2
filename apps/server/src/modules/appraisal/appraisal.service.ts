/**
 * The appraisal module's face (docs/appraisal.md): routes and the demo import from here. The rules live beside it —
 * config.ts (the schemes as data), scoring.ts (pure scoring), path.ts (the sheet's path on the engine), scope.ts,
 * rounds.ts (the city's round), sheets.ts (a district's sheet), views.ts, exports.ts (Word and Excel).
 */
export { SCHEMES, schemeFor } from './config.js';
export { createDraft, currentSchemes, deleteDraft, getSchemeVersion, listSchemeVersions, publishVersion, publishedScheme, updateDraft } from './schemes.js';
export { finaliseRound, listRounds, openRound, publishRound, refreshRound, startScoring } from './rounds.js';
export { answerObjection, getSheet, objectSheet, putEvidence, scoreItem, sheetFile, submitSheet } from './sheets.js';
export { roundView } from './views.js';
export { rankingDocx, rankingWorkbook, sheetDocx, sheetWorkbook } from './exports.js';
