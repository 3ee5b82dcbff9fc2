/**
 * 年度工作总结 (the annual report): a Word file generated from live data — the year's targets and results, each task of the
 * plan with its figures, the district table, typical cases (以案说法 articles published in the year) and the next year's plan
 * section left to edit — and the same tables as an Excel workbook. Chinese: it is an official document of the city.
 */
import { AlignmentType, Document, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { TARGET_STATUS_LABELS, type Cockpit, type IndicatorValue } from '@shangmi/shared';
import { outreachArticles } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { A4, HEI, SONG, h1, pageNumberFooter, para, table } from '../../platform/docx.js';
import { cockpitOf, steeringScope } from './values.js';

/** The plan's 14 tasks (银川市建设全国商业秘密保护创新试点实施方案（2025-2027年）, 二、重点任务), by number. */
export const PLAN_TASKS: Record<number, string> = {
  1: '加强商业秘密保护统筹谋划',
  2: '制定实施商业秘密保护指引规范',
  3: '开展试点创建培育工作',
  4: '推动商业秘密保护基地创建',
  5: '加强商业秘密保护站点建设',
  6: '探索公共服务多元供给',
  7: '加强第三方服务供给',
  8: '健全协作联动机制',
  9: '积极强化执法办案',
  10: '实施信用联合惩戒',
  11: '注重保护队伍能力提升',
  12: '强化商业秘密保护宣传',
  13: '创新宣传普及方式',
  14: '深入企业开展走访',
};

const fmt = (v: number | null, unit = '') => (v === null ? '—' : `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`);

export interface AnnualReport {
  regionName: string;
  year: number;
  cockpit: Cockpit;
  districts: { code: string; name: string }[];
  cases: { title: string; summary: string | null; publishAt: string }[];
}

export async function annualReportData(ctx: Ctx, q: { regionCode?: string; year: number }): Promise<AnnualReport> {
  const { region, districtCode } = await steeringScope(ctx, q);
  const cockpit = await cockpitOf(ctx, { regionCode: region.code, districtCode: districtCode ?? undefined, year: q.year });
  // typical cases: the region's 以案说法 articles published in the year (read-only: the outreach module owns them)
  const start = new Date(`${q.year}-01-01T00:00:00+08:00`);
  const end = new Date(`${q.year + 1}-01-01T00:00:00+08:00`);
  const cases = await ctx.db
    .select({ title: outreachArticles.title, summary: outreachArticles.summary, publishAt: outreachArticles.publishAt })
    .from(outreachArticles)
    .where(and(eq(outreachArticles.regionCode, region.code), eq(outreachArticles.category, 'case'), sql`${outreachArticles.state} = 'published'`, gte(outreachArticles.publishAt, start), lt(outreachArticles.publishAt, end)))
    .orderBy(desc(outreachArticles.publishAt))
    .limit(10);
  const districts = region.districts.filter((d) => !districtCode || d.code === districtCode).map((d) => ({ code: d.code, name: d.name }));
  return { regionName: region.name, year: q.year, cockpit, districts, cases: cases.map((c) => ({ ...c, publishAt: c.publishAt!.toISOString().slice(0, 10) })) };
}

const paceOfYear = (i: IndicatorValue, year: number) => i.years.find((y) => y.year === year)!;

function targetRows(r: AnnualReport): string[][] {
  return r.cockpit.indicators.map((i) => {
    const p = paceOfYear(i, r.year);
    const unit = i.unit.zh === '%' ? '%' : '';
    return [i.name.zh, fmt(p.target, unit), fmt(p.done, unit), TARGET_STATUS_LABELS[p.status].zh, p.shortfall ? fmt(p.shortfall) : '—'];
  });
}

function districtRows(r: AnnualReport, keys: IndicatorValue[]): string[][] {
  return r.districts.map((d) => [d.name, ...keys.map((i) => fmt(i.districts.find((x) => x.districtCode === d.code)?.value ?? null))]);
}

const sub = (text: string) => new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun({ text, font: HEI, size: 28, bold: true })] });

export function annualReportDocx(r: AnnualReport): Document {
  const next = r.year + 1;
  const byTask = new Map<number, IndicatorValue[]>();
  for (const i of r.cockpit.indicators) if (i.task) byTask.set(i.task, [...(byTask.get(i.task) ?? []), i]);
  const missed = r.cockpit.indicators.flatMap((i) => i.years.filter((y) => y.year <= r.year && y.status === 'missed').map((y) => ({ i, y })));
  const tableKeys = r.cockpit.indicators.filter((i) => i.source !== 'manual').slice(0, 6);
  const children = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: `${r.regionName}${r.year}年商业秘密保护创新试点工作总结`, font: HEI, size: 40, bold: true })] }),
    para(`本总结由商秘通平台根据${r.cockpit.computedAt.slice(0, 10)}的实时数据生成，数据口径见各指标定义（config/indicators/）。`),
    h1('一、目标完成情况'),
    table(['指标', '年度目标', '完成', '状态', '差额'], targetRows(r), [34, 16, 16, 16, 18]),
    ...(missed.length
      ? missed.map(({ i, y }) => {
          const later = i.years.filter((x) => x.year > y.year && x.mustAdd !== null).map((x) => `${x.year}年需再增加${fmt(x.mustAdd)}${i.unit.zh}`);
          return para(`${y.year}年“${i.name.zh}”目标${fmt(y.target)}${i.unit.zh}，完成${fmt(y.done)}${i.unit.zh}，未完成，差${fmt(y.shortfall)}${i.unit.zh}${later.length ? `；${later.join('，')}` : ''}。`);
        })
      : [para('本年度各项有目标的指标均已完成或进度正常。')]),
    h1('二、重点任务推进情况'),
    ...Object.entries(PLAN_TASKS).flatMap(([n, title]) => {
      const list = byTask.get(Number(n)) ?? [];
      const figures = list.map((i) => `${i.name.zh}${fmt(paceOfYear(i, r.year).done, i.unit.zh)}`);
      return [sub(`${n}. ${title}`), para(figures.length ? `${figures.join('；')}。` : '（本任务暂无平台统计数据，请补充文字说明。）')];
    }),
    h1('三、各县（市）区情况'),
    table(['县（市）区', ...tableKeys.map((i) => i.name.zh)], districtRows(r, tableKeys), [16, ...tableKeys.map(() => 84 / tableKeys.length)], { size: 18 }),
    h1('四、典型案例（以案说法）'),
    ...(r.cases.length ? r.cases.flatMap((c, i) => [sub(`案例${i + 1}：${c.title}`), para(`${c.summary ?? ''}（发布于${c.publishAt}）`)]) : [para('本年度暂无发布的以案说法文章。')]),
    h1(`五、${next}年工作计划`),
    para(`（请在此填写${next}年工作思路与重点任务。）`),
    ...r.cockpit.indicators
      .map((i) => ({ i, p: i.years.find((y) => y.year === next) }))
      .filter(({ p }) => p && p.target !== null)
      .map(({ i, p }) => para(`${i.name.zh}：${next}年目标${fmt(p!.target)}${i.unit.zh}${p!.mustAdd !== null ? `，尚需增加${fmt(p!.mustAdd)}${i.unit.zh}` : ''}。`)),
  ];
  return new Document({
    styles: { default: { document: { run: { font: SONG, size: 24 } } } },
    sections: [{ properties: { page: { size: { width: A4.width, height: A4.height }, margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin } } }, footers: { default: pageNumberFooter(false) }, children }],
  });
}

/** The report's tables as a workbook: targets and results, the district table, the months. */
export function annualReportWorkbook(r: AnnualReport): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shangmi 商秘通';
  const add = (name: string, header: string[], rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(header).font = { bold: true };
    rows.forEach((row) => ws.addRow(row));
    ws.columns.forEach((c) => (c.width = 18));
  };
  add('目标完成', ['指标', '单位', '年度目标', '完成', '预计年末', '状态', '差额'], r.cockpit.indicators.map((i) => {
    const p = paceOfYear(i, r.year);
    return [i.name.zh, i.unit.zh, p.target, p.done, p.projected, TARGET_STATUS_LABELS[p.status].zh, p.shortfall];
  }));
  add('区县', ['县（市）区', ...r.cockpit.indicators.map((i) => i.name.zh)], r.districts.map((d) => [d.name, ...r.cockpit.indicators.map((i) => i.districts.find((x) => x.districtCode === d.code)?.value ?? null)]));
  const months = r.cockpit.indicators[0]?.months.map((m) => m.month) ?? [];
  add('月度', ['指标', ...months], r.cockpit.indicators.map((i) => [i.name.zh, ...i.months.map((m) => m.value)]));
  return wb;
}
