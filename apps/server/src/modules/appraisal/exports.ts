/**
 * The sheet of one district and the round's ranking as Word (official documents: Chinese) and Excel. The ranking is
 * what the caller sees of the round (a district: its own row until the round is final, then the region's).
 */
import { AlignmentType, Document, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { APPRAISAL_ROUND_STATUS_LABELS, APPRAISAL_SHEET_STATE_LABELS, formatDateTime, type AppraisalRound, type AppraisalSheet, type AppraisalSheetItem } from '@shangmi/shared';
import { A4, HEI, h1, pageNumberFooter, para, table } from '../../platform/docx.js';

const n2 = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const valueText = (i: AppraisalSheetItem) => (i.value === null ? (i.indicator ? '无数据' : '—') : Number.isInteger(i.value) ? String(i.value) : i.value.toFixed(1));
const RULE: Record<AppraisalSheetItem['type'], string> = { linear: '按完成比例', threshold: '分档', yesno: '是否开展', manual: '材料评分', bonus: '加分', deduction: '减分' };

const title = (text: string) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text, font: HEI, size: 36, bold: true })] });
const doc = (children: (Paragraph | ReturnType<typeof table>)[]) =>
  new Document({
    styles: { default: { document: { run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' }, size: 24 } } } },
    sections: [{ properties: { page: { size: { width: A4.width, height: A4.height }, margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin } } }, footers: { default: pageNumberFooter(false) }, children }],
  });

export function sheetDocx(s: AppraisalSheet): Document {
  const rows = s.items.map((i) => [i.group.zh, i.name.zh, RULE[i.type], String(i.points), valueText(i), i.target === null ? '—' : String(i.target), n2(i.score), i.reason ?? (i.evidence ? `材料：${i.evidence}` : '')]);
  return doc([
    title(`${s.districtName}${s.year}年度商业秘密保护工作考核评分表`),
    para(`考核状态：${APPRAISAL_ROUND_STATUS_LABELS[s.roundStatus].zh}；本表状态：${APPRAISAL_SHEET_STATE_LABELS[s.state].zh}；指标数据取数时间：${formatDateTime(s.computedAt)}。`),
    table(['类别', '考核项目', '计分方式', '分值', '完成值', '目标', '得分', '说明'], rows, [10, 24, 10, 7, 9, 8, 8, 24], { size: 18 }),
    h1('得分汇总'),
    para(`基础得分 ${n2(s.base)} 分，加分 ${n2(s.bonus)} 分（上限 ${s.bonusCap} 分），减分 ${n2(s.deduction)} 分（上限 ${s.deductionCap} 分），总分 ${n2(s.total)} 分${s.rank ? `，排名第 ${s.rank} 名` : ''}。`),
    ...(s.objection
      ? [h1('异议及答复'), para(`异议（${s.objection.at.slice(0, 10)}）：${s.objection.reason}`), para(s.objection.answer ? `答复（${s.objection.decision === 'upheld' ? '异议成立，已重新评分' : '异议不成立'}）：${s.objection.answer}` : '答复：待答复')]
      : []),
  ]);
}

export function rankingDocx(r: AppraisalRound, regionName: string): Document {
  const rows = [...r.sheets].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99)).map((s) => [s.rank ? String(s.rank) : '—', s.districtName, n2(s.base), n2(s.bonus), n2(s.deduction), n2(s.total), APPRAISAL_SHEET_STATE_LABELS[s.state].zh]);
  return doc([
    title(`${regionName}${r.year}年度商业秘密保护工作考核结果`),
    para(`依据：${r.scheme.citation.document}${r.scheme.citation.clause}“${r.scheme.citation.text}”`),
    para(`考核状态：${APPRAISAL_ROUND_STATUS_LABELS[r.status].zh}${r.objectionDue ? `；异议期至 ${r.objectionDue}` : ''}。`),
    table(['排名', '县（市）区', '基础得分', '加分', '减分', '总分', '状态'], rows, [8, 22, 14, 12, 12, 14, 18]),
  ]);
}

function addSheet(wb: ExcelJS.Workbook, name: string, header: string[], rows: (string | number | null)[][], widths: number[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  rows.forEach((row) => ws.addRow(row));
  ws.columns.forEach((c, i) => (c.width = widths[i] ?? 14));
}

export function sheetWorkbook(s: AppraisalSheet): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shangmi 商秘通';
  addSheet(
    wb,
    '评分表',
    ['类别', '考核项目', '计分方式', '分值', '完成值', '目标', '得分', '理由', '证明材料'],
    [...s.items.map((i) => [i.group.zh, i.name.zh, RULE[i.type], i.points, i.value, i.target, i.score, i.reason ?? '', i.evidence ?? '']), [], ['', '基础得分', '', '', '', '', s.base], ['', '加分', '', s.bonusCap, '', '', s.bonus], ['', '减分', '', s.deductionCap, '', '', s.deduction], ['', '总分', '', '', '', '', s.total]],
    [12, 30, 12, 8, 10, 8, 8, 30, 30],
  );
  return wb;
}

export function rankingWorkbook(r: AppraisalRound): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shangmi 商秘通';
  addSheet(wb, '排名', ['排名', '县（市）区', '基础得分', '加分', '减分', '总分', '状态'], [...r.sheets].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99)).map((s) => [s.rank, s.districtName, s.base, s.bonus, s.deduction, s.total, APPRAISAL_SHEET_STATE_LABELS[s.state].zh]), [8, 16, 12, 10, 10, 10, 14]);
  return wb;
}
