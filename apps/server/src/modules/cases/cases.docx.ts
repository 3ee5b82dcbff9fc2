import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { CASE_SOURCE_LABELS, CASE_TRACK_LABELS, DECISION_KIND_LABELS, formatDateTime, type CaseDocumentKind, type CaseSource } from '@shangmi/shared';
import type { caseEvents, cases, orgs } from '../../db/schema/index.js';

type CaseRow = typeof cases.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;
type EventRow = typeof caseEvents.$inferSelect;

export type DocumentKind = CaseDocumentKind;
export const DOCUMENT_TITLES: Record<DocumentKind, string> = {
  'filing-approval': '立案审批表',
  'penalty-notice': '行政处罚告知书',
  'penalty-decision': '行政处罚决定书',
};

const FONT = 'SimSun';
const run = (text: string, opts: { bold?: boolean; size?: number } = {}) => new TextRun({ text, font: { eastAsia: FONT, ascii: FONT }, size: opts.size ?? 24, bold: opts.bold });
const para = (text: string, opts: { bold?: boolean; size?: number; center?: boolean; right?: boolean; indent?: boolean } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
    indent: opts.indent ? { firstLine: 480 } : undefined,
    spacing: { after: 120, line: 360 },
    children: [run(text, opts)],
  });
const yuan = (fen: number | null) => (fen === null ? '—' : `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`);
const cnDate = (d: Date | string) => {
  const s = typeof d === 'string' ? d : formatDateTime(d).slice(0, 10);
  return `${s.slice(0, 4)}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
};

function table(rows: [string, string][]) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      ([k, v]) =>
        new TableRow({
          children: [
            new TableCell({ width: { size: 25, type: WidthType.PERCENTAGE }, children: [para(k, { bold: true })] }),
            new TableCell({ width: { size: 75, type: WidthType.PERCENTAGE }, children: v.split('\n').map((l) => para(l)) }),
          ],
        }),
    ),
  });
}

const lastReason = (evs: EventRow[], action: string) => [...evs].reverse().find((e) => e.action === action)?.reason ?? '';

/** The standard documents, filled from the case. The reporter's identity never appears in them. */
export async function renderDocument(kind: DocumentKind, c: CaseRow, org: OrgRow, evs: EventRow[], now: Date): Promise<Buffer> {
  const title = DOCUMENT_TITLES[kind];
  const head = [para(org.name, { bold: true, size: 32, center: true }), para(title, { bold: true, size: 36, center: true })];
  let body: (Paragraph | Table)[] = [];
  if (kind === 'filing-approval') {
    const fileEv = evs.find((e) => e.action === 'file');
    body = [
      para(`编号：${c.caseNumber ?? '（待立案后编号）'}`),
      table([
        ['案件名称', c.title],
        ['案件来源', `${CASE_SOURCE_LABELS[c.source as CaseSource]?.zh ?? c.source}（${CASE_TRACK_LABELS[c.track].zh}）`],
        ['受理日期', cnDate(c.receivedOn)],
        ['当事人', c.respondentName ?? ''],
        ['统一社会信用代码', c.respondentCreditCode ?? ''],
        ['住所（地址）', c.respondentAddress ?? ''],
        ['案情摘要', c.description],
        ['立案依据', '《中华人民共和国反不正当竞争法》《市场监督管理行政处罚程序规定》第十八条、第二十条'],
        ['承办人意见', lastReason(evs, 'verify') || lastReason(evs, 'intake') || '建议立案调查。'],
        ['负责人审批意见', fileEv ? `${fileEv.reason ?? '同意立案'}（${fileEv.actorName ?? ''}，${cnDate(fileEv.at)}）` : ''],
      ]),
    ];
  } else if (kind === 'penalty-notice') {
    body = [
      para(`${c.caseNumber ?? ''}`, { center: true }),
      para(`${c.respondentName ?? ''}：`),
      para(
        `本局于${cnDate(c.receivedOn)}对你（单位）涉嫌侵犯商业秘密一案立案调查。经查，${c.description}`,
        { indent: true },
      ),
      para(`上述行为违反了《中华人民共和国反不正当竞争法》关于商业秘密保护的规定。依据相关规定，本局拟对你（单位）作出如下行政处罚：${lastReason(evs, 'notice') || '（拟处罚内容）'}。`, { indent: true }),
      para('根据《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十三条、第六十四条的规定，你（单位）享有陈述、申辩和要求听证的权利。你（单位）应当在收到本告知书之日起五个工作日内向本局提出陈述、申辩意见或者听证申请，逾期视为放弃上述权利。', { indent: true }),
      para(''),
      para(org.name, { right: true }),
      para(cnDate(now), { right: true }),
    ];
  } else {
    body = [
      para(c.decisionNo ?? '', { center: true }),
      table([
        ['当事人', c.respondentName ?? ''],
        ['统一社会信用代码', c.respondentCreditCode ?? ''],
        ['住所', c.respondentAddress ?? ''],
      ]),
      para(''),
      para(`本局于${cnDate(c.receivedOn)}受理，经立案调查（案件编号 ${c.caseNumber ?? ''}），查明：${c.description}`, { indent: true }),
      para(`以上事实，有现场检查笔录、询问笔录、证据材料等为证。本局依法告知了当事人拟作出行政处罚的事实、理由、依据及其依法享有的权利。`, { indent: true }),
      para(`处理决定：${c.decisionKind ? DECISION_KIND_LABELS[c.decisionKind as keyof typeof DECISION_KIND_LABELS].zh : ''}。罚款 ${yuan(c.fineFen)}；没收违法所得 ${yuan(c.confiscationFen)}。`, { indent: true }),
      para(lastReason(evs, 'decide'), { indent: true }),
      para('当事人应当自收到本决定书之日起十五日内缴纳罚款。如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。', { indent: true }),
      para(''),
      para(org.name, { right: true }),
      para(cnDate(now), { right: true }),
    ];
  }
  const doc = new Document({ creator: 'Shangmi 商秘通', title, sections: [{ children: [...head, ...body] }] });
  return Packer.toBuffer(doc);
}
