import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deadlineRuleSet, PAUSE_REASONS, ruleOn, ruleVersions, type DeadlineRule } from '@shangmi/shared';

const dir = path.resolve(import.meta.dirname, '../../../../../config/deadlines');
const sets = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => deadlineRuleSet.parse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))));
const versions = ruleVersions(sets);
const all = [...versions.values()].flat();
const rule = (key: string, on: string): DeadlineRule => ruleOn(versions.get(key)!, on);

// how the texts write each length (令310 uses full-width digits)
const WRITTEN: Record<number, string[]> = {
  3: ['３日', '三日'],
  5: ['五个工作日'],
  7: ['七个工作日'],
  15: ['十五个工作日'],
  20: ['二十个工作日'],
  24: ['２４小时', '二十四小时'],
  45: ['四十五个工作日'],
  60: ['六十日'],
  90: ['九十日'],
};

describe('every rule cites what was read', () => {
  it('names its text, article and where it was read; an unread text says so', () => {
    for (const r of all) {
      expect(r.source.title, r.key).not.toBe('');
      expect(r.source.article, r.key).not.toBe('');
      if (r.source.verified) {
        expect(r.source.repository && r.source.path && r.source.quote, `${r.key} ${r.effectiveFrom}`).toBeTruthy();
      } else {
        expect(r.source.note, `${r.key}: an unverified rule says why`).toBeTruthy();
      }
    }
  });

  it('the quoted words carry the rule’s length', () => {
    for (const r of all.filter((x) => x.length > 0 && x.source.verified)) {
      expect(
        WRITTEN[r.length].some((w) => r.source.quote!.includes(w)),
        `${r.key} (${r.effectiveFrom}): ${r.length} ${r.unit} not in “${r.source.quote}”`,
      ).toBe(true);
    }
  });

  it('no rule applies from the 2022-07-15 that matched no text; the 程序规定 applies from its 2019-04-01', () => {
    expect(all.filter((r) => r.effectiveFrom === '2022-07-15')).toEqual([]);
    for (const key of ['report.verify', 'case.decision', 'case.close', 'district.dispute']) expect(rule(key, '2026-06-01').effectiveFrom).toBe('2019-04-01');
  });
});

describe('the complaint rules follow the text in force on the clock’s start date', () => {
  it('a complaint received before 2026-04-15 keeps the 暂行办法 (第十四条), one received from that day 令121 (第十五条)', () => {
    expect(rule('complaint.accept', '2026-04-14')).toMatchObject({ length: 7, unit: 'working', citation: '市场监督管理投诉举报处理暂行办法 第十四条' });
    expect(rule('complaint.accept', '2026-04-15')).toMatchObject({ length: 7, unit: 'working', citation: '市场监督管理投诉举报处理办法 第十五条' });
  });
  it('mediation: 45 working days under the 暂行办法, 60 days under 令121 — appraisal and testing time excluded in both', () => {
    expect(rule('complaint.mediation', '2026-04-14')).toMatchObject({ length: 45, unit: 'working', pauses: ['appraisal'] });
    expect(rule('complaint.mediation', '2026-04-15')).toMatchObject({ length: 60, unit: 'calendar', pauses: ['appraisal'] });
    expect(rule('complaint.mediation', '2026-04-15').citation).toContain('第二十三条');
  });
  it('telling a named reporter: 5 working days under the 暂行办法 第三十一条, no limit under 令121', () => {
    expect(rule('report.notify_reporter', '2026-04-14')).toMatchObject({ length: 5, citation: '市场监督管理投诉举报处理暂行办法 第三十一条第二款' });
    expect(rule('report.notify_reporter', '2026-04-15').noLimit).toBe(true);
  });
});

describe('the penalty procedure and transfer rules match their articles', () => {
  it('the 90-day decision clock stops for what 第六十四条 names — 中止 included, 专家评审 (in no article) gone', () => {
    expect(rule('case.decision', '2026-06-01').pauses.sort()).toEqual(['appraisal', 'hearing', 'public_notice', 'refund_order', 'rightholder_identification', 'suspension']);
    expect(PAUSE_REASONS).not.toContain('expert_review');
    expect(rule('report.verify', '2026-06-01').pauses.sort()).toEqual(['appraisal', 'rightholder_identification']);
  });
  it('closing: 15 working days to submit the closing form after execution (第七十七条)', () => {
    expect(rule('case.close', '2026-06-01')).toMatchObject({ length: 15, unit: 'working', citation: '市场监督管理行政处罚程序规定 第七十七条' });
  });
  it('the police hand-over is 24 hours (第五条), the reconsideration its own 3 days (第九条)', () => {
    expect(rule('transfer.handover', '2026-06-01')).toMatchObject({ length: 24, unit: 'hours' });
    expect(rule('transfer.reconsideration', '2026-06-01').citation).toContain('第九条');
  });
});
