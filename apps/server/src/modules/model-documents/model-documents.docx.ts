import type { FastifyReply } from 'fastify';
import { AlignmentType, BorderStyle, Document, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { MODEL_DOCUMENT_NOTE, numberClauses, type ModelDocument } from '@shangmi/shared';
import { A4, HEI, pageNumberFooter, para, sendDocx, SONG, table, TEXT_WIDTH } from '../../platform/docx.js';

/**
 * A model document as a Word file ready to fill in: the title in 黑体 小二, a grey note that it is a model text (and what it
 * serves), the parties, the sections with their numbered clauses in 宋体 小四 with a two-character first-line indent, table
 * templates with blank rows to fill, and the signature blocks side by side; 第 X 页 共 Y 页 in the footer. A wide table
 * template (the register of secrets) prints on landscape pages. The body is Chinese whatever the reader's language.
 */
export function buildModelDocumentDocx(doc: ModelDocument): Document {
  const textWidth = doc.landscape ? A4.height - 2 * A4.margin : TEXT_WIDTH;
  const numbers = numberClauses(doc);
  const article = doc.clauseStyle === 'article';
  const line = (text: string, opts: { after?: number } = {}) =>
    new Paragraph({ spacing: { line: 400, after: opts.after ?? 60 }, children: [new TextRun({ text, font: SONG, size: 24 })] });

  const head = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 }, children: [new TextRun({ text: doc.title.zh, font: HEI, size: 36, bold: true })] }),
    new Paragraph({
      spacing: { after: 240, line: 320 },
      border: { top: { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6', space: 4 }, bottom: { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6', space: 4 } },
      children: [
        new TextRun({ text: `说明：${MODEL_DOCUMENT_NOTE.zh}`, font: SONG, size: 18, color: '595959' }),
        new TextRun({ text: `依据：${doc.legalBasis.map((b) => b.zh).join('；')}。版本 ${doc.version}（${doc.date}）。`, font: SONG, size: 18, color: '595959', break: 1 }),
      ],
    }),
    ...doc.parties.map((p, i) => line(p, { after: i === doc.parties.length - 1 ? 240 : 60 })),
  ];

  const body = doc.sections.flatMap((s, si) => [
    ...(s.heading
      ? [
          new Paragraph({
            alignment: article ? AlignmentType.CENTER : AlignmentType.LEFT,
            keepNext: true,
            spacing: { before: 240, after: 120 },
            children: [new TextRun({ text: s.heading, font: HEI, size: 28, bold: true })],
          }),
        ]
      : []),
    ...s.blocks.flatMap((b, bi) => {
      if (b.type === 'paragraph') return [para(b.text)];
      if (b.type === 'clauses') {
        return b.items.map(
          (text, k) =>
            new Paragraph({
              spacing: { line: 400, after: 80 },
              indent: { firstLine: 480 },
              children: [new TextRun({ text: `${numbers[si][bi][k]}${article ? '　' : ''}`, font: article ? HEI : SONG, size: 24, bold: article }), new TextRun({ text, font: SONG, size: 24 })],
            }),
        );
      }
      const blanks = Array.from({ length: b.blankRows }, () => b.columns.map(() => ''));
      const wide = b.columns.length > 6;
      return [
        table(
          b.columns.map((c) => c.title),
          [...b.rows, ...blanks],
          b.columns.map((c) => c.width),
          { textWidth, size: wide ? 18 : 21, firstColumnCentered: false, rowHeight: 480 },
        ),
        new Paragraph({ spacing: { after: 120 }, children: [] }),
      ];
    }),
  ]);

  const signature = doc.signature.length
    ? [
        new Paragraph({ spacing: { before: 480 }, children: [] }),
        new Table({
          width: { size: textWidth, type: WidthType.DXA },
          columnWidths: doc.signature.map(() => Math.round(textWidth / doc.signature.length)),
          borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
          rows: [
            new TableRow({
              cantSplit: true,
              children: doc.signature.map(
                (lines) =>
                  new TableCell({
                    width: { size: Math.round(textWidth / doc.signature.length), type: WidthType.DXA },
                    children: lines.map((l) => new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: l, font: SONG, size: 24 })] })),
                  }),
              ),
            }),
          ],
        }),
      ]
    : [];

  return new Document({
    creator: '商秘通',
    title: doc.title.zh,
    description: MODEL_DOCUMENT_NOTE.zh,
    styles: { default: { document: { run: { font: SONG, size: 24 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height, orientation: doc.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
            margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin },
          },
        },
        footers: { default: pageNumberFooter(false) },
        children: [...head, ...body, ...signature],
      },
    ],
  });
}

const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

export function sendModelDocumentDocx(reply: FastifyReply, doc: ModelDocument) {
  const name = `${doc.title.zh.replace(/[（）()]/g, '').replace(/示范文本$/, '')}-示范文本-v${doc.version}.docx`;
  return sendDocx(reply, buildModelDocumentDocx(doc), name, `${doc.slug}-v${doc.version}.docx`);
}
