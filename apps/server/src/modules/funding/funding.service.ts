/**
 * The funding module's face (docs/funding.md): routes and the demo import from here. The rules live in the section
 * files beside it — scope.ts, lines.ts (lines and spending), execution.ts.
 */
export { addSpending, createLine, getLine, linesForExport, listLines, updateLine } from './lines.js';
export { execution } from './execution.js';
export { reverseSpending } from './reversal.js';
