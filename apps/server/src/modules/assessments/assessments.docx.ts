import type { FastifyReply } from 'fastify';
import { AlignmentType, Document, Footer, PageBreak, Paragraph, TextRun } from 'docx';
import {
  allRequirements,
  ASSESSMENT_KIND_LABELS,
  formatDateTime,
  IMPORTANCE_LABELS,
  modelDocumentSlugOf,
  pick,
  RESULT_LABELS,
  RISK_LABELS,
  type AssessmentReport,
  type Framework,
  type Locale,
} from '@shangmi/shared';
import { h1, HEI, pageNumberFooter, para, sendDocx, SONG, table } from '../../platform/docx.js';

/**
 * The health-check report as a Word file an enterprise can hand to its board: a title page, then numbered chapters in
 * 宋体 body text with 黑体 headings (East Asian font slots, so Latin text keeps Times New Roman), tables with a shaded
 * header row, and 第 X 页 共 Y 页 in the footer of the body pages (the shared helpers of platform/docx.ts).
 */
/**
 * `origin` (https://host) makes a model document's page address absolute; without it the address is the site path.
 */
export function buildReportDocx(report: AssessmentReport, f: Framework, locale: Locale, origin = ''): Document {
  const en = locale === 'en-US';
  const L = (m: { zh: string; en: string }) => pick(m, locale);
  const a = report.assessment;
  const res = report.result;
  const reqs = new Map(allRequirements(f).map((r) => [r.id, r]));
  const dims = new Map(f.dimensions.map((d) => [d.id, d]));
  const level = f.levels[res.level - 1];
  const date = formatDateTime(a.submittedAt).slice(0, 10);
  const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toFixed(1));

  const title = [
    new Paragraph({ spacing: { before: 2400 }, children: [] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 600 }, children: [new TextRun({ text: en ? 'Trade-secret protection health check' : '商业秘密保护诊断体检报告', font: HEI, size: 52, bold: true })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 1600 }, children: [new TextRun({ text: L(f.title), font: SONG, size: 30 })] }),
    ...[
      [en ? 'Enterprise' : '受检企业', a.enterpriseName],
      [en ? 'Kind of check' : '体检方式', `${L(ASSESSMENT_KIND_LABELS[a.kind])}${a.siteOrgName ? `（${a.siteOrgName}）` : ''}`],
      [en ? 'Overall score' : '综合得分', `${fmt(res.overall)}`],
      [en ? 'Maturity level' : '成熟度等级', `${res.level} ${L(level.name)}`],
      [en ? 'Risk' : '风险等级', L(RISK_LABELS[res.risk])],
      [en ? 'Date' : '报告日期', date],
    ].map(
      ([k, v]) =>
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 200 },
          children: [new TextRun({ text: `${k}：`, font: HEI, size: 28 }), new TextRun({ text: v, font: SONG, size: 28 })],
        }),
    ),
    new Paragraph({ spacing: { before: 1600 }, alignment: AlignmentType.CENTER, children: [new TextRun({ text: en ? 'Shangmi trade-secret protection platform' : '商秘通 · 商业秘密保护创新试点平台', font: SONG, size: 24 })] }),
    new Paragraph({ children: [new PageBreak()] }),
  ];

  const capped = res.cappedBy.map((id) => L(reqs.get(id)!.text));
  const summary = [
    h1(en ? '1. Conclusion' : '一、总体结论'),
    para(
      en
        ? `${a.enterpriseName} scores ${fmt(res.overall)} of 100 overall, maturity level ${res.level} (${L(level.name)}), ${L(RISK_LABELS[res.risk]).toLowerCase()}. ${level.description ? L(level.description) : ''}`
        : `${a.enterpriseName}本次诊断体检综合得分 ${fmt(res.overall)} 分（满分 100 分），成熟度等级为 ${res.level} 级“${L(level.name)}”，风险等级为${L(RISK_LABELS[res.risk])}。${level.description ? `${L(level.description)}。` : ''}`,
    ),
    ...(capped.length
      ? [
          para(
            res.level < res.levelByScore
              ? en
                ? `By score the level would be ${res.levelByScore}; it is capped at ${res.level} because these red-line requirements are not met: ${capped.join('; ')}.`
                : `按得分本应为 ${res.levelByScore} 级，因以下红线项不符合而封顶为 ${res.level} 级：${capped.join('；')}。`
              : en
                ? `These red-line requirements are not met and would cap the level even with a higher score: ${capped.join('; ')}.`
                : `以下红线项不符合，即使得分提高，成熟度等级也会被封顶：${capped.join('；')}。`,
          ),
        ]
      : []),
    para(
      en
        ? `${res.progress.applicable} requirements applied to the enterprise; requirements not applicable were left out of every score.`
        : `本次共有 ${res.progress.applicable} 个诊断项适用于本企业；不适用的诊断项不计入任何得分。`,
    ),
  ];
  if (report.previous) {
    const d = res.overall - report.previous.overall;
    summary.push(
      para(
        en
          ? `Since the previous check (${formatDateTime(report.previous.submittedAt).slice(0, 10)}, ${fmt(report.previous.overall)}, level ${report.previous.level}) the score changed by ${d >= 0 ? '+' : ''}${d.toFixed(1)}.`
          : `与上次体检（${formatDateTime(report.previous.submittedAt).slice(0, 10)}，${fmt(report.previous.overall)} 分，${report.previous.level} 级）相比，得分${d >= 0 ? '提高' : '下降'} ${Math.abs(d).toFixed(1)} 分。`,
      ),
    );
  }
  if (report.percentile) {
    const basis = report.percentile.basis === 'industry' ? (en ? 'the same industry' : '同行业') : en ? 'the same district' : '同区县';
    summary.push(
      para(
        en
          ? `Among ${report.percentile.peers} enterprises of ${basis} the score is ahead of ${report.percentile.value}% of them.`
          : `在${basis} ${report.percentile.peers} 家已体检企业中，得分高于 ${report.percentile.value}% 的企业。`,
      ),
    );
  }

  const dimTable = [
    h1(en ? '2. Scores by dimension' : '二、各维度得分'),
    table(
      en ? ['No.', 'Dimension', 'Score', 'Previous', 'Change'] : ['序号', '维度', '得分', '上次得分', '变化'],
      res.dimensions.map((d, i) => {
        const prev = report.previous?.dimensions[d.id];
        const change = d.score !== null && prev !== null && prev !== undefined ? d.score - prev : null;
        return [String(i + 1), L(dims.get(d.id)!.name), d.score === null ? (en ? 'n/a' : '不适用') : fmt(d.score), fmt(prev), change === null ? '—' : `${change >= 0 ? '+' : ''}${change.toFixed(1)}`];
      }),
      [8, 44, 16, 16, 16],
    ),
  ];

  const gapRows = res.gaps.map((g, i) => {
    const r = reqs.get(g.requirementId)!;
    const docs = (r.documents ?? []).map((d) => `《${L(d.title)}》${docAddress(d.href, origin)}`).join('\n');
    return [
      String(i + 1),
      `${L(r.text)}${g.redLine ? (en ? ' (red line)' : '（红线）') : ''}`,
      `${L(RESULT_LABELS[g.result])}\n${L(IMPORTANCE_LABELS[g.importance])}`,
      `${L(r.recommendation)}${docs ? `\n${en ? 'Model documents:' : '参考示范文本：'}\n${docs}` : ''}`,
      r.legalBasis.map(L).join('\n'),
    ];
  });
  const gaps = [
    h1(en ? '3. Gaps and recommendations' : '三、差距与整改建议'),
    para(en ? 'In order of priority: weight of the requirement × how far the answer falls short.' : '按优先程度排列（诊断项权重 × 差距），建议从前往后逐项整改。'),
    ...(gapRows.length
      ? [table(en ? ['No.', 'Requirement', 'Result', 'Recommendation', 'Legal basis'] : ['序号', '诊断项', '结果', '整改建议', '法律依据'], gapRows, [7, 29, 12, 30, 22])]
      : [para(en ? 'No gaps: every applicable requirement is met.' : '无差距：所有适用的诊断项均符合。')]),
  ];

  const warnings = res.warnings.length
    ? [
        h1(en ? '4. Evidence to add' : '四、需补充的证据'),
        para(
          en
            ? 'These requirements were answered as compliant without any evidence attached. In a dispute only measures that can be proved count: keep the evidence listed.'
            : '以下诊断项回答为“符合”但未上传佐证材料。发生纠纷时，只有能够证明的保密措施才会被认可，请整理并保存所列证据。',
        ),
        table(
          en ? ['No.', 'Requirement', 'Evidence expected'] : ['序号', '诊断项', '应具备的证据'],
          res.warnings.map((w, i) => {
            const r = reqs.get(w.requirementId)!;
            return [String(i + 1), L(r.text), r.evidence.map(L).join('\n')];
          }),
          [8, 52, 40],
        ),
      ]
    : [];

  const method = [
    h1(en ? `${warnings.length ? '5' : '4'}. Method` : `${warnings.length ? '五' : '四'}、诊断方法说明`),
    para(L(f.weightsRationale)),
    para(
      en
        ? `Maturity levels: ${f.levels.map((l) => `${l.level} ${L(l.name)} (≥ ${l.minScore})`).join(', ')}.`
        : `成熟度等级：${f.levels.map((l) => `${l.level} 级${L(l.name)}（≥ ${l.minScore} 分）`).join('，')}。`,
    ),
  ];

  const footer = pageNumberFooter(en);

  return new Document({
    creator: '商秘通',
    title: `${a.enterpriseName} ${en ? 'health check report' : '商业秘密保护诊断体检报告'}`,
    styles: { default: { document: { run: { font: SONG, size: 24 } } } },
    sections: [
      {
        // the title page carries no footer; page numbers count it, as 第 N 页 共 M 页 of the whole file
        properties: { titlePage: true, page: { margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } },
        footers: { default: footer, first: new Footer({ children: [] }) },
        children: [...title, ...summary, ...dimTable, ...gaps, ...warnings, ...method],
      },
    ],
  });
}

export async function sendReportDocx(reply: FastifyReply, report: AssessmentReport, f: Framework, locale: Locale, origin = '') {
  const date = formatDateTime(report.assessment.submittedAt).slice(0, 10);
  const name = locale === 'en-US' ? `health-check-report-${date}.docx` : `${report.assessment.enterpriseName}-诊断体检报告-${date}.docx`;
  return sendDocx(reply, buildReportDocx(report, f, locale, origin), name, `health-check-report-${date}.docx`);
}

/** Where a model document can be read: ` <origin>/model-documents/<slug>` printed after its title (other links as given). */
function docAddress(href: string, origin: string): string {
  const slug = modelDocumentSlugOf(href);
  return ` ${slug ? `${origin}/model-documents/${slug}` : href}`;
}
