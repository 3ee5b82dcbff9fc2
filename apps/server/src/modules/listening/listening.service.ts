/**
 * The listening module's face (docs/listening.md): routes, the demo and other modules import from here. The rules live
 * in the section files beside it — scope.ts, need-path.ts (the workflow), meetings.ts, needs.ts, surveys.ts,
 * answers.ts, results.ts.
 */
export { cancelMeeting, getMeeting, listMeetings, meetingPhoto, planMeeting, recordMeeting, updateMeeting } from './meetings.js';
export { assignNeed, closeNeed, confirmNeed, createNeed, getNeed, linkNeed, listNeeds, needsForExport, needStats, reopenNeed, replyNeed } from './needs.js';
export { needToCultivation } from './to-cultivation.js';
export { needPath, REOPEN_WORKING_DAYS } from './need-path.js';
export { closeSurvey, createFromTemplate, createSurvey, createTokens, distributeSurvey, getSurvey, listSurveys, surveyTemplates, updateSurvey } from './surveys.js';
export { accountDraft, accountForm, accountSubmit, mySurveys, tokenDraft, tokenForm, tokenSubmit } from './answers.js';
export { answerText, resultsForExport, surveyResults } from './results.js';
export { addMembers, addNorm, createAssociation, getAssociation, listAssociations, memberCandidates, normVersions, removeMember, updateAssociation } from './associations.js';
