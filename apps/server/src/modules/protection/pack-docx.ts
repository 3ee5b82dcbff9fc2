import { AlignmentType, Document, PageOrientation, Paragraph, TextRun } from 'docx';
import { formatDateTime, ruleLabel, SECRET_EVENT_LABELS, SECRET_STATUS_LABELS } from '@shangmi/shared';
import { A4, h1, HEI, pageNumberFooter, para, SONG, table } from '../../platform/docx.js';
import type { PackData } from './pack-data.js';
import { rules } from './rules.js';

const ITEM_NAMES = ['', '（一）保密协议', '（二）告知、培训、制度', '（三）涉密场所', '（四）标记、分类、限定知悉范围', '（五）设备与网络限制', '（六）离职人员管理'];
const ROLE_NAMES = { carrier: '载体存证', evidence: '措施证据', acknowledgement: '告知确认' } as const;
const when = (iso: string | null) => (iso ? formatDateTime(iso).slice(0, 16) : '');
const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`);

/**
 * The pack's Word summary, for the court or the bureau (商业秘密保护规定 第十八条 lists what a report's preliminary evidence
 * carries: how and when the information was formed, why it is not public, its value, the measures): the secret as
 * registered, its measures with their evidence and dates, the deposits and where their receipts are in the pack, the
 * people who know it and the notices they acknowledged, departures, and the history. Landscape A4, 宋体/黑体.
 */
export function buildPackDocx(d: PackData): Document {
  const r = rules();
  const s = d.secret;
  const label = (list: readonly { value: string; label: { zh: string } }[], v: string) => ruleLabel(list as never, v).zh;
  const kinds = r.categories.find((c) => c.value === s.category)?.kinds ?? [];
  const textWidth = A4.height - 2 * A4.margin;
  const t = (header: string[], rows: string[][], widths: number[]) => table(header, rows.length ? rows : [header.map(() => '—')], widths, { textWidth, size: 19, firstColumnCentered: false });
  const small = (text: string) => new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text, font: SONG, size: 18, color: '595959' })] });

  const registered = [
    ['编号', s.code ?? ''],
    ['名称（清单名称）', s.name],
    ['类别', `${label(r.categories, s.category)} · ${label(kinds, s.subKind)}`],
    ['级别', label(r.levels, s.level)],
    ['状态', `${SECRET_STATUS_LABELS[s.status].zh}${s.statusNote ? `（${s.statusNote}）` : ''}`],
    ['所属部门 / 责任人', [s.department, s.custodianName].filter(Boolean).join(' / ')],
    ['形成时间', s.createdOn ?? ''],
    ['形成过程', s.value.formation ? label(r.formations, s.value.formation) : ''],
    ['不为公众所知悉的理由', s.value.notPublic.map((v) => label(r.notPublic, v)).join('；')],
    ['商业价值', s.value.advantages.map((v) => label(r.advantages, v)).join('；')],
    ['研发成本 / 优势可保持年限', [yuan(s.value.developmentCostFen), s.value.advantageYears ? `${s.value.advantageYears} 年` : ''].filter(Boolean).join(' / ')],
    ['价值说明', s.value.note ?? ''],
    ['简要说明（不含秘密内容）', s.summary ?? ''],
    ['载体', s.carriers.map((c) => [label(r.carrierKinds, c.kind), c.description, c.location].filter(Boolean).join('：')).join('；')],
    ['登记时间 / 最近复核', `${when(s.createdAt)} / ${s.lastReviewedOn ?? '—'}`],
  ];

  const children = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 }, children: [new TextRun({ text: '商业秘密维权证据包 · 摘要', font: HEI, size: 36, bold: true })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: `${d.enterprise.name}${d.enterprise.creditCode ? `（${d.enterprise.creditCode}）` : ''} · ${s.name}`, font: SONG, size: 24 })] }),
    small(
      `生成时间：${when(d.generatedAt)}（北京时间）。本摘要由商秘通根据企业登记的保护档案生成；平台不持有商业秘密内容，所列文件均以摘要值存证。每份存证回执可离线核验：npx shangmi verify receipts/<回执> [原始文件] --key log-key.txt（见 README.txt）。依据：${r.basis.evidence.zh}；${r.basis.correspondence.zh}。`,
    ),
    h1('一、秘密事项登记信息'),
    t(['项目', '内容'], registered, [22, 78]),
    h1('二、保密措施及证据'),
    para(`保护完备度（措施与该秘密的对应程度）：${d.readiness.score} 分。按法释〔2020〕7号第六条各项：${d.readiness.items
      .filter((i) => i.expected)
      .map((i) => `${ITEM_NAMES[i.item]} ${Math.round(i.coverage * 100)}%`)
      .join('；')}。知悉人员 ${d.readiness.people.knowers} 人，其中签订保密协议 ${d.readiness.people.withAgreement} 人，确认了点名本事项的告知书 ${d.readiness.people.acknowledged} 人。`),
    t(
      ['措施', '第六条', '采取日期', '证据', '备注'],
      d.measures.map((m) => [
        m.text?.zh ?? m.requirementId,
        m.items.map((i) => ITEM_NAMES[i]).join(''),
        m.takenOn,
        m.evidenceKind === 'proof' ? `存证 #${m.proofId}「${m.proofTitle ?? ''}」${m.proofLogIndex !== null ? `，日志序号 ${m.proofLogIndex}` : '（待写入日志）'}` : m.evidenceKind === 'record' ? (m.recordLabel ?? '平台记录') : '无',
        m.note ?? '',
      ]),
      [32, 14, 10, 30, 14],
    ),
    h1('三、存证'),
    t(
      ['存证', '用途', '文件（SHA-256 前 16 位）', '日志序号', '写入时间', '回执文件'],
      d.proofs.map((p) => [
        `#${p.proofId} ${p.title}`,
        p.roles.map((x) => ROLE_NAMES[x]).join('、'),
        p.files.map((f) => `${f.name}（${f.sha256.slice(0, 16)}…）`).join('；'),
        p.logIndex === null ? '待写入' : String(p.logIndex),
        when(p.integratedAt),
        p.receipt ?? '（尚无回执）',
      ]),
      [20, 10, 30, 8, 12, 20],
    ),
    h1('四、知悉人员与保密告知'),
    t(
      ['姓名', '类型', '部门 / 单位', '保密协议', '状态', '确认告知书'],
      d.knowers.map((k) => [k.name, label(r.people.kinds, k.kind), [k.department, k.organisation].filter(Boolean).join(' / '), k.agreementSignedOn ?? '未签', k.status === 'departed' ? '已离职' : '在职/合作中', when(k.acknowledgedAt) || '未确认']),
      [12, 10, 22, 14, 12, 30],
    ),
    t(
      ['告知书', '对象', '点名事项', '发送时间', '确认时间及签名', '确认文书 SHA-256'],
      d.acknowledgements.map((a) => [`#${a.noticeId}`, a.person, a.secrets.join('、'), when(a.sentAt), a.acknowledgedAt ? `${when(a.acknowledgedAt)} ${a.typedName ?? ''}` : '未确认', a.documentSha256 ?? '']),
      [8, 10, 22, 14, 18, 28],
    ),
    h1('五、离职交接'),
    t(
      ['姓名', '离职日期', ...r.departure.items.map((i) => i.label.zh), '完成'],
      d.departures.map((x) => [x.person, x.departedOn, ...r.departure.items.map((i) => x.items[i.value] ?? '未完成'), x.completedOn ?? '否']),
      [12, 10, ...r.departure.items.map(() => Math.floor(68 / r.departure.items.length)), 10],
    ),
    h1('六、历史记录'),
    t(
      ['时间', '操作人', '事项'],
      d.history.map((h) => [when(h.at), h.userName ?? '系统/本人确认', historyText(h.action, h.data)]),
      [18, 14, 68],
    ),
  ];

  return new Document({
    creator: '商秘通',
    title: `商业秘密维权证据包 · ${s.name}`,
    styles: { default: { document: { run: { font: SONG, size: 22 } } } },
    sections: [
      {
        properties: { page: { size: { width: A4.width, height: A4.height, orientation: PageOrientation.LANDSCAPE }, margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin } } },
        footers: { default: pageNumberFooter(false) },
        children,
      },
    ],
  });
}


export function historyText(action: string, data: Record<string, unknown>): string {
  const base = SECRET_EVENT_LABELS[action]?.zh ?? action;
  const extra: string[] = [];
  if (typeof data.requirementId === 'string') extra.push(data.requirementId);
  if (Array.isArray(data.fields)) extra.push((data.fields as string[]).join('、'));
  if (typeof data.person === 'string') extra.push(data.person);
  if (Array.isArray(data.people)) extra.push((data.people as string[]).join('、'));
  if (typeof data.to === 'string') extra.push(`→ ${SECRET_STATUS_LABELS[data.to as keyof typeof SECRET_STATUS_LABELS]?.zh ?? data.to}`);
  if (typeof data.comment === 'string' && data.comment) extra.push(data.comment);
  if (typeof data.note === 'string' && data.note) extra.push(data.note);
  return extra.length ? `${base}：${extra.join('；')}` : base;
}
