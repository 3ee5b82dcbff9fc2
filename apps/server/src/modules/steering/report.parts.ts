/**
 * What the annual report and the pilot acceptance summary share: the plan's 14 tasks, the language switch (the reports are
 * Chinese by default, the official language; `lang=en` gives the same document in English), number formatting, the
 * report's title block and page, and the charts drawn from a cockpit (charts.ts).
 */
import { AlignmentType, Document, Paragraph, TextRun, type FileChild } from 'docx';
import { TARGET_STATUS_LABELS, type Cockpit, type IndicatorValue, type Pace, type TargetStatus } from '@shangmi/shared';
import { A4, HEI, SONG, pageNumberFooter } from '../../platform/docx.js';
import { barChart, chartParagraph, lineChart } from './charts.js';

export type Lang = 'zh' | 'en';
export type Tr = (zh: string, en: string) => string;
export const trOf = (lang: Lang): Tr => (zh, en) => (lang === 'en' ? en : zh);

/** The plan's 14 tasks (银川市建设全国商业秘密保护创新试点实施方案（2025-2027年）, 二、重点任务), by number. */
export const PLAN_TASKS: Record<number, { zh: string; en: string }> = {
  1: { zh: '加强商业秘密保护统筹谋划', en: 'Coordinated planning of trade-secret protection' },
  2: { zh: '制定实施商业秘密保护指引规范', en: 'Protection guidelines and norms' },
  3: { zh: '开展试点创建培育工作', en: 'Cultivating pilot enterprises' },
  4: { zh: '推动商业秘密保护基地创建', en: 'Protection bases' },
  5: { zh: '加强商业秘密保护站点建设', en: 'Protection stations and points' },
  6: { zh: '探索公共服务多元供给', en: 'Diverse supply of public services' },
  7: { zh: '加强第三方服务供给', en: 'Third-party services' },
  8: { zh: '健全协作联动机制', en: 'Cooperation between agencies' },
  9: { zh: '积极强化执法办案', en: 'Enforcement and case handling' },
  10: { zh: '实施信用联合惩戒', en: 'Joint credit sanctions' },
  11: { zh: '注重保护队伍能力提升', en: 'Skills of the protection workforce' },
  12: { zh: '强化商业秘密保护宣传', en: 'Publicity of trade-secret protection' },
  13: { zh: '创新宣传普及方式', en: 'New ways of publicity' },
  14: { zh: '深入企业开展走访', en: 'Visiting enterprises' },
};

export const fmt = (v: number | null | undefined, unit = '') => (v === null || v === undefined ? '—' : `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`);
/** The unit after a number: '%' is glued to it; other units only in sentences (tables have a unit column or none). */
export const pctUnit = (i: IndicatorValue) => (i.unit.zh === '%' ? '%' : '');
export const nameOf = (i: IndicatorValue, lang: Lang) => i.name[lang];
export const unitOf = (i: IndicatorValue, lang: Lang) => i.unit[lang];
export const statusOf = (s: TargetStatus, lang: Lang) => TARGET_STATUS_LABELS[s][lang];
export const paceIn = (i: IndicatorValue, year: number): Pace | undefined => i.years.find((y) => y.year === year);

export const title = (text: string) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text, font: HEI, size: 40, bold: true })] });
export const sub = (text: string) => new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun({ text, font: HEI, size: 28, bold: true })] });
export const caption = (text: string) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text, font: HEI, size: 20 })] });
/** A section left for the bureau to write (shown in grey brackets). */
export const toEdit = (text: string) => new Paragraph({ spacing: { line: 400, after: 120 }, indent: { firstLine: 480 }, children: [new TextRun({ text, font: SONG, size: 24, color: '808080' })] });

export function a4Document(children: FileChild[], lang: Lang): Document {
  const m = A4.margin;
  return new Document({
    styles: { default: { document: { run: { font: SONG, size: 24 } } } },
    sections: [{ properties: { page: { size: { width: A4.width, height: A4.height }, margin: { top: m, bottom: m, left: m, right: m } } }, footers: { default: pageNumberFooter(lang === 'en') }, children }],
  });
}

/** The indicators with a target in the year (the plan's targets), else none. */
export const plannedIn = (c: Cockpit, year: number) => c.indicators.filter((i) => paceIn(i, year)?.target !== null && paceIn(i, year)?.target !== undefined);

/** The charts of a year's cockpit: targets against results, the months' trend, the districts' results. */
export function yearCharts(c: Cockpit, year: number, districtNames: Map<string, string>, lang: Lang): Paragraph[] {
  const tr = trOf(lang);
  const out: Paragraph[] = [];
  const planned = plannedIn(c, year).filter((i) => pctUnit(i) === '');
  if (planned.length) {
    const png = barChart(
      planned.map((i) => nameOf(i, lang)),
      [
        { name: tr('目标', 'Target'), data: planned.map((i) => paceIn(i, year)!.target) },
        { name: tr('完成', 'Result'), data: planned.map((i) => paceIn(i, year)!.done) },
      ],
    );
    out.push(chartParagraph(png, tr(`${year}年目标与完成`, `${year}: targets and results`)), caption(tr(`图1 ${year}年目标与完成情况`, `Figure 1. Targets and results, ${year}`)));
  }
  const flows = c.indicators.filter((i) => i.kind === 'flow' && i.source !== 'manual' && pctUnit(i) === '').slice(0, 4);
  const months = flows[0]?.months.map((m) => m.month.slice(5)) ?? [];
  if (flows.length && months.length) {
    const png = lineChart(months, flows.map((i) => ({ name: nameOf(i, lang), data: i.months.map((m) => m.value) })));
    out.push(chartParagraph(png, tr('分月趋势', 'By month')), caption(tr(`图2 ${year}年分月趋势`, `Figure 2. By month, ${year}`)));
  }
  const key = planned[0] ?? c.indicators.find((i) => i.source !== 'manual');
  if (key && key.districts.length > 1) {
    const png = barChart(
      key.districts.map((d) => districtNames.get(d.districtCode) ?? d.districtCode),
      [
        { name: tr('目标', 'Target'), data: key.districts.map((d) => d.target) },
        { name: tr('完成', 'Result'), data: key.districts.map((d) => d.value) },
      ],
    );
    out.push(chartParagraph(png, nameOf(key, lang)), caption(tr(`图3 各县（市）区${nameOf(key, lang)}`, `Figure 3. ${nameOf(key, lang)} by district`)));
  }
  return out;
}
