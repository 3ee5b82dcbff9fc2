import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTrainingGoal, TRAINING_GOAL_FILE, trainingGoal } from './goal.js';

describe('the yearly training goal is data (config/outreach/training-goal.yaml)', () => {
  it('the shipped file is valid: hours per year with its basis in both languages, and says whether a text was read', () => {
    const g = trainingGoal();
    expect(g.hoursPerYear).toBe(40);
    expect(g.basis.zh).toContain('实施方案');
    expect(g.basis.en.length).toBeGreaterThan(20);
    expect(g.sourceRead).toBe(false);
    expect(parseTrainingGoal(fs.readFileSync(TRAINING_GOAL_FILE, 'utf8'))).toEqual(g);
  });

  it('a broken file stops the start naming the line and the path', () => {
    const text = fs.readFileSync(TRAINING_GOAL_FILE, 'utf8').replace('hoursPerYear: 40', 'hoursPerYear: -3');
    const line = text.split('\n').findIndex((l) => l.startsWith('hoursPerYear')) + 1;
    expect(() => parseTrainingGoal(text)).toThrow(new RegExp(`training-goal.yaml: line ${line} \\(hoursPerYear\\)`));
    expect(() => parseTrainingGoal(text.replace('sourceRead: false\n', ''))).toThrow(/sourceRead/);
  });
});
