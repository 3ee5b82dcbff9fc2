/**
 * Steering the pilot (docs/steering.md): the module's face. Indicators are data (config.ts ← config/indicators/), their
 * numbers come from the modules' live data (sources.ts), values and pace per year, quarter, district and month (values.ts,
 * forecast.ts), manual values with evidence (manual.ts), the annual report (report.docx.ts, report.xlsx.ts).
 */
export { INDICATORS, STATUS_RULES } from './config.js';
export { elapsedOf, paceOf } from './forecast.js';
export { ANSWER_MS, cockpitOf, forgetValues, indicatorValues, steeringScope } from './values.js';
export { listManual, putManual } from './manual.js';
export { annualReportData, annualReportDocx, annualReportWorkbook } from './report.docx.js';
export { PLAN_TASKS } from './report.parts.js';
export { acceptanceData, acceptanceDocx, acceptanceWorkbook } from './acceptance.docx.js';
