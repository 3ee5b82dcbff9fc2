/** The workflow engine: a module declares its path (define.ts) and takes steps on it (engine.ts); docs/workflows.md. */
export * from './define.js';
export * from './engine.js';
export { remindWorkflowLimits, reminderLevel, levelPrefix, REMIND_BEFORE } from './reminders.js';
