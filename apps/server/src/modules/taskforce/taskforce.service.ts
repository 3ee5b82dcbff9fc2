/**
 * The taskforce module's face (docs/taskforce.md): routes, the demo and other modules import from here. The rules live
 * in the section files beside it — scope.ts, path.ts (the engine's `taskforce.task`), units.ts, meetings.ts, tasks.ts,
 * supervision.ts.
 */
export { createUnit, listUnits, updateUnit } from './units.js';
export { addDecision, createMeeting, getMeeting, listMeetings, meetingFile, updateMeeting } from './meetings.js';
export { getTask, listTasks, taskFile, taskStep, tasksForExport } from './tasks.js';
export { supervision } from './supervision.js';
export { taskPath } from './path.js';
