/** The shipped rules and template specs load; a broken rules file names its line; templates fill as the spec says. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillModelDocument, fillText, measureRequirements, type TemplateSpec } from '@shangmi/shared';
import { loadFrameworkFiles } from '../assessments/frameworks.js';
import { loadModelDocuments } from '../model-documents/model-documents.service.js';
import { noticeText } from './notices.js';
import { parseRulesText, RULES_FILE, RulesFileError, rules } from './rules.js';
import { templateSpecs } from './templates.js';

describe('config/protection/rules.yaml', () => {
  it('loads, with both categories of information and the three levels', () => {
    const r = rules();
    expect(r.categories.map((c) => c.value)).toEqual(['technical', 'business']);
    expect(r.categories[0]!.kinds.map((k) => k.value)).toEqual(expect.arrayContaining(['formula', 'process', 'algorithm', 'program']));
    expect(r.categories[1]!.kinds.map((k) => k.value)).toEqual(expect.arrayContaining(['customer', 'bidding']));
    expect(r.levels.map((l) => l.value)).toEqual(['core', 'important', 'general']);
    expect(r.people.nonCompeteMaxMonths).toBe(24);
    expect(r.departure.items.map((i) => i.value)).toEqual(['register', 'return', 'erase', 'destroy', 'undertaking']);
  });

  it('names the line of a problem', () => {
    const text = fs.readFileSync(RULES_FILE, 'utf8').replace('reviewMonths: 6', 'reviewMonths: 600');
    try {
      parseRulesText(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RulesFileError);
      const line = text.split('\n').findIndex((l) => l.includes('reviewMonths: 600')) + 1;
      expect((e as RulesFileError).problems[0]).toMatchObject({ path: 'levels.0.reviewMonths', line });
    }
  });

  it('every carrier kind’s implied answer is a profile question of the shipped framework, and the framework has measures for each item', () => {
    const [f] = loadFrameworkFiles();
    const questions = new Set(f!.profile.map((p) => p.id));
    for (const c of rules().carrierKinds) for (const q of Object.keys(c.implies)) expect(questions.has(q), q).toBe(true);
    const items = new Set(measureRequirements(f!).flatMap((r) => r.items));
    expect([...items].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('the notice text', () => {
  it('fills person, enterprise, the secrets one per line and the date', () => {
    const text = noticeText(rules().notice.paragraphs, { person: '张三', enterprise: '宁夏某公司', secrets: [{ name: '配方', code: 'SM-1' }, { name: '客户名单', code: null }], date: '2026-05-01' });
    expect(text.startsWith('张三：')).toBe(true);
    expect(text).toContain('1. 配方（编号 SM-1）\n2. 客户名单');
    expect(text).toContain('宁夏某公司  2026年5月1日');
    expect(text).not.toMatch(/\{\w+\}/);
  });
});

describe('templates', () => {
  const docs = loadModelDocuments();
  const spec = (slug: string) => templateSpecs().find((t) => t.slug === slug)!;

  it('name seven documents of the library', () => {
    expect(templateSpecs().map((t) => t.slug)).toEqual(['policy', 'employee-nda', 'non-compete', 'exit-undertaking', 'partner-nda', 'visitor-notice', 'secret-register']);
  });

  it('replace the blank after a label, a blank date too, and only in the texts named by `in`', () => {
    const s: Pick<TemplateSpec, 'blanks'> = {
      blanks: [
        { after: '甲方：', value: 'enterprise.name' },
        { in: '甲方：', after: '统一社会信用代码：', value: 'enterprise.creditCode' },
        { after: '离职日期：', value: 'person.departedOn' },
      ],
    };
    const v = { 'enterprise.name': '某公司', 'enterprise.creditCode': '91640106MA0000000X', 'person.departedOn': '2026年1月10日' };
    expect(fillText('甲方：＿＿＿＿　统一社会信用代码：＿＿＿＿', s, v)).toBe('甲方：某公司　统一社会信用代码：91640106MA0000000X');
    expect(fillText('乙方：＿＿＿＿　统一社会信用代码：＿＿＿＿', s, v)).toBe('乙方：＿＿＿＿　统一社会信用代码：＿＿＿＿');
    expect(fillText('原任职部门及岗位：＿＿　离职日期：＿＿＿＿年＿＿月＿＿日', s, v)).toBe('原任职部门及岗位：＿＿　离职日期：2026年1月10日');
    expect(fillText('甲方：＿＿', s, {})).toBe('甲方：＿＿');
  });

  it('fill every shipped document without touching the library’s copy; each blank they name exists in it', () => {
    for (const t of templateSpecs()) {
      const doc = docs.find((d) => d.slug === t.slug)!;
      const before = JSON.stringify(doc);
      const values = { 'enterprise.name': 'ＸＸ公司', 'enterprise.creditCode': 'CODE', 'person.name': 'ＰＰ', 'person.post': 'ＰＯＳＴ', 'person.organisation': 'ＯＲＧ', 'person.departedOn': 'ＤＡＹ', today: 'ＴＯＤＡＹ' };
      const filled = fillModelDocument(doc, t, { values, secrets: [{ name: 'ＳＥＣ', code: 'S-1' }], rows: [['a', 'b', 'c']] });
      expect(JSON.stringify(doc)).toBe(before);
      const text = JSON.stringify(filled);
      for (const b of t.blanks) expect(text.includes(values[b.value as keyof typeof values]), `${t.slug}: ${b.after}`).toBe(true);
      if (t.secretsClause) expect(text, t.slug).toContain('ＳＥＣ（编号 S-1）');
    }
    const nda = fillModelDocument(docs.find((d) => d.slug === 'employee-nda')!, spec('employee-nda'), { values: { 'person.name': '张三' }, secrets: [] });
    expect(nda.parties).toContain('乙方（员工）：张三　身份证号码：＿＿＿＿＿＿＿＿＿＿＿＿');
  });
});
