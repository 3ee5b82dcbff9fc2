/**
 * The training certificate (培训证明) as a Word file: who attended which session, organised by whom, on which day, for
 * how many hours, with its number. One A4 page in 宋体/黑体 (platform/docx.ts).
 */
import { AlignmentType, Document, Paragraph, TextRun } from 'docx';
import type { Locale } from '@shangmi/shared';
import { A4, HEI, SONG } from '../../platform/docx.js';

export interface CertificateData {
  number: string;
  userName: string;
  participantOrg: string;
  title: string;
  organiser: string;
  heldOn: string;
  hours: number;
}

const center = (text: string, font: typeof SONG, size: number, after = 200) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children: [new TextRun({ text, font, size })] });

export function buildCertificate(c: CertificateData, locale: Locale): Document {
  const en = locale === 'en-US';
  const [y, m, d] = c.heldOn.split('-');
  const body = en
    ? `${c.userName} (${c.participantOrg}) attended “${c.title}” organised by ${c.organiser} on ${c.heldOn}, and completed ${c.hours} training hours.`
    : `${c.userName}（${c.participantOrg}）于 ${y} 年 ${Number(m)} 月 ${Number(d)} 日参加${c.organiser}组织的“${c.title}”培训，完成学时 ${c.hours} 学时。`;
  return new Document({
    sections: [
      {
        properties: { page: { size: { width: A4.width, height: A4.height }, margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin } } },
        children: [
          new Paragraph({ spacing: { before: 1800 }, children: [] }),
          center(en ? 'Certificate of training' : '培 训 证 明', HEI, 56, 800),
          new Paragraph({ spacing: { line: 480, after: 600 }, indent: { firstLine: 560 }, children: [new TextRun({ text: body, font: SONG, size: 28 })] }),
          center(en ? `Certificate No. ${c.number}` : `证书编号：${c.number}`, SONG, 24, 1200),
          new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 200 }, children: [new TextRun({ text: c.organiser, font: SONG, size: 28 })] }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: c.heldOn, font: SONG, size: 28 })] }),
        ],
      },
    ],
  });
}
