import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRequirements, choicesOf, RULE126_MEASURES, scoreAssessment, SPC_ART6_ITEMS } from '@shangmi/shared';
import { FRAMEWORKS_DIR, FrameworkFileError, loadFrameworkFiles, parseFrameworkText } from './frameworks.js';

const V1 = path.join(FRAMEWORKS_DIR, 'trade-secret-health-v1.yaml');
const v1Text = fs.readFileSync(V1, 'utf8');

describe('the v1 framework (商业秘密保护诊断体检 v1)', () => {
  const f = loadFrameworkFiles().find((x) => x.code === 'trade-secret-health' && x.version === '1')!;
  const reqs = allRequirements(f);

  it('loads, with at least 11 dimensions and 60 requirements', () => {
    expect(f.title.zh).toBe('商业秘密保护诊断体检 v1');
    expect(f.dimensions.length).toBeGreaterThanOrEqual(11);
    expect(reqs.length).toBeGreaterThanOrEqual(60);
    // the dimensions DOMAIN.md lists, by name
    for (const name of ['组织建设', '制度建设', '识别定密与分级', '涉密人员管理', '涉密载体管理', '涉密区域管理', '信息系统管理', '对外合作与商务活动', '宣传培训', '监督检查与改进', '应急处置与维权']) {
      expect(f.dimensions.map((d) => d.name.zh)).toContain(name);
    }
  });

  it('covers every measure of 法释〔2020〕7号 第六条 (一)–(七) and 权限分级、数据脱敏、操作日志留痕', () => {
    for (const item of SPC_ART6_ITEMS) {
      const covering = reqs.filter((r) => r.spcArt6?.includes(item));
      expect(covering.length, `第六条第${item}项`).toBeGreaterThan(0);
      // the requirement's legal basis cites the item it is marked with
      for (const r of covering.filter((x) => x.spcArt6!.length === 1 && item !== 7)) {
        expect(r.legalBasis.some((b) => b.zh.includes('第六条') || b.zh.includes('第五条') || b.zh.includes('商业秘密保护规定')), r.id).toBe(true);
      }
    }
    for (const m of RULE126_MEASURES) expect(reqs.filter((r) => r.rule126?.includes(m)).length, m).toBeGreaterThan(0);
  });

  it('has every question type, all three importances, red lines, applicability conditions, evidence and recommendations', () => {
    expect(new Set(reqs.map((r) => r.question.type))).toEqual(new Set(['single', 'multiple', 'yes_no', 'number', 'date', 'text']));
    expect(new Set(reqs.map((r) => r.importance))).toEqual(new Set(['required', 'recommended', 'advanced']));
    expect(reqs.filter((r) => r.redLine).length).toBeGreaterThanOrEqual(3);
    const gatedBy = new Set(reqs.flatMap((r) => (r.applicable ?? []).map((c) => c.profile)));
    for (const p of ['size', 'has_rd', 'partners', 'exports', 'it_systems', 'premises']) expect(gatedBy, p).toContain(p);
    for (const r of reqs) {
      expect(r.recommendation.zh.length, r.id).toBeGreaterThan(4);
      expect(r.guidance.en.length, r.id).toBeGreaterThan(4);
      if (['single', 'yes_no', 'multiple'].includes(r.question.type)) expect(choicesOf(f, r.question).length, r.id).toBeGreaterThanOrEqual(2);
    }
    expect(f.weightsRationale.zh).toMatch(/权重/);
  });

  it('scores a fully compliant enterprise at level 5 and an empty one at level 1, capped by its red lines', () => {
    const best = Object.fromEntries(
      reqs.map((r) => {
        const q = r.question;
        if (q.type === 'number') return [r.id, { value: 100, evidenceCount: 1 }];
        if (q.type === 'date') return [r.id, { value: '2026-11-01', evidenceCount: 1 }];
        if (q.type === 'text') return [r.id, { value: '核心配方', evidenceCount: 0 }];
        const cs = choicesOf(f, q);
        const top = q.type === 'multiple' ? cs.filter((c) => c.result !== 'not_applicable' && c.score > 0).map((c) => c.value) : cs.reduce((a, b) => (b.score > a.score ? b : a)).value;
        return [r.id, { value: top, evidenceCount: 1 }];
      }),
    );
    const all = scoreAssessment(f, { profile: {}, answers: best, asOf: '2026-11-28' });
    expect(all.overall).toBe(100);
    expect(all.level).toBe(5);
    expect(all.gaps).toEqual([]);
    expect(all.warnings).toEqual([]);
    const noNda = scoreAssessment(f, { profile: {}, answers: { ...best, 'personnel.nda': { value: 0 } }, asOf: '2026-11-28' });
    expect(noNda.level).toBe(2);
    expect(noNda.cappedBy).toEqual(['personnel.nda']);
    expect(noNda.gaps[0].requirementId).toBe('personnel.nda');
  });
});

describe('a malformed framework file', () => {
  const problems = (text: string) => {
    try {
      parseFrameworkText(text, 'bad.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(FrameworkFileError);
      return (e as FrameworkFileError).problems;
    }
    throw new Error('accepted');
  };

  it('is rejected with the line and path of a wrong value', () => {
    const lines = v1Text.split('\n');
    const at = lines.findIndex((l) => l.includes('- id: policy.published'));
    const weightLine = lines.findIndex((l, i) => i > at && l.trim().startsWith('weight:'));
    lines[weightLine] = lines[weightLine].replace(/weight: \d+/, 'weight: heavy');
    const [p] = problems(lines.join('\n'));
    expect(p.line).toBe(weightLine + 1);
    expect(p.path).toBe('dimensions.1.requirements.1.weight');
  });

  it('is rejected with the line of a missing field (the requirement that lacks it)', () => {
    const lines = v1Text.split('\n');
    const at = lines.findIndex((l) => l.includes('- id: carriers.removable'));
    const rec = lines.findIndex((l, i) => i > at && l.includes('recommendation:'));
    lines.splice(rec, 1);
    const [missing] = problems(lines.join('\n'));
    expect(missing.path).toBe('dimensions.4.requirements.4.recommendation');
    expect(missing.line).toBe(at + 1);
  });

  it('is rejected with the line of an unknown profile question', () => {
    const lines = v1Text.split('\n');
    const at = lines.findIndex((l) => l.includes('- id: carriers.removable'));
    const cond = lines.findIndex((l, i) => i > at && l.includes('applicable:'));
    lines[cond] = lines[cond].replace('it_systems', 'has_computers');
    const [unknown] = problems(lines.join('\n'));
    expect(unknown.message).toBe('unknown profile question has_computers');
    expect(unknown.line).toBe(cond + 1);
  });

  it('is rejected with the line of a YAML syntax error', () => {
    const [p] = problems('code: x\nversion: "1"\ntitle: {zh: "a", en: "b"\nlevels: []\n');
    expect(p.line).toBeGreaterThanOrEqual(3);
    expect(p.message.length).toBeGreaterThan(0);
  });
});
