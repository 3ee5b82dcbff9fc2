import type { FastifyReply } from 'fastify';
import { AlignmentType, BorderStyle, Footer, HeadingLevel, Packer, PageNumber, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType, type Document } from 'docx';
import { attachment } from './export.js';

/**
 * What the platform's Word files share (the health-check report, the model documents): 宋体 body text with 黑体 headings
 * set in the East Asian font slots (Latin text keeps Times New Roman / Arial), tables with a shaded header row and
 * grey borders, 第 X 页 共 Y 页 in the footer, and the download reply.
 */
export const SONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' };
export const HEI = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '黑体', cs: 'Arial' };

const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
export const TABLE_BORDERS = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };

/** A4 with 2.54 cm margins, in twips. */
export const A4 = { width: 11906, height: 16838, margin: 1440 };
/** The body's text width on portrait A4, in twips: column widths are shares of it. */
export const TEXT_WIDTH = A4.width - 2 * A4.margin;

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

export function cell(text: string, opts: { header?: boolean; width?: number; align?: Align; textWidth?: number; size?: number; minLines?: number } = {}) {
  const textWidth = opts.textWidth ?? TEXT_WIDTH;
  const size = opts.size ?? 21;
  return new TableCell({
    width: opts.width ? { size: Math.round((textWidth * opts.width) / 100), type: WidthType.DXA } : undefined,
    shading: opts.header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'D9E2F3' } : undefined,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    children: text.split('\n').map(
      (line) =>
        new Paragraph({
          alignment: opts.align ?? (opts.header ? AlignmentType.CENTER : AlignmentType.LEFT),
          children: [new TextRun({ text: line, bold: opts.header, font: opts.header ? HEI : SONG, size })],
        }),
    ),
  });
}

/** A table: a repeated, shaded header row, then rows that do not split across pages; `widths` are shares (%) of the text width. */
export function table(header: string[], rows: string[][], widths: number[], opts: { textWidth?: number; size?: number; firstColumnCentered?: boolean; rowHeight?: number } = {}) {
  const textWidth = opts.textWidth ?? TEXT_WIDTH;
  const centered = opts.firstColumnCentered ?? true;
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths.map((w) => Math.round((textWidth * w) / 100)),
    borders: TABLE_BORDERS,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, { header: true, width: widths[i], textWidth, size: opts.size })) }),
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            height: opts.rowHeight ? { value: opts.rowHeight, rule: 'atLeast' } : undefined,
            children: r.map((c, i) => cell(c, { width: widths[i], textWidth, size: opts.size, align: i === 0 && centered ? AlignmentType.CENTER : undefined })),
          }),
      ),
    ],
  });
}

export const h1 = (text: string) =>
  new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 360, after: 180 }, children: [new TextRun({ text, font: HEI, size: 32, bold: true })] });
export const para = (text: string) => new Paragraph({ spacing: { line: 400, after: 120 }, indent: { firstLine: 480 }, children: [new TextRun({ text, font: SONG, size: 24 })] });

/** 第 X 页 共 Y 页 (Page X of Y), centred (LibreOffice does not fill a section's page count, so the count is the file's). */
export function pageNumberFooter(en: boolean) {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ font: SONG, size: 18, children: [en ? 'Page ' : '第 ', PageNumber.CURRENT, en ? ' of ' : ' 页 共 ', PageNumber.TOTAL_PAGES, en ? '' : ' 页'] })],
      }),
    ],
  });
}

/** Sends a Word file as a download named `name` (`ascii` for clients that ignore filename*). */
export async function sendDocx(reply: FastifyReply, doc: Document, name: string, ascii?: string) {
  const buf = await Packer.toBuffer(doc);
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    .header('content-disposition', attachment(name, ascii))
    .send(buf);
}
