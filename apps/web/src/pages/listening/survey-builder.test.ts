import { describe, expect, it } from 'vitest';
import { surveyCreate } from '@shangmi/shared';
import { choicesOf, emptyBuilder, fromDefinition, nextId, toDefinition, type BuilderForm } from './survey-builder';

describe('the survey designer’s form ⇄ definition', () => {
  it('turns lines into choices with stable values, a scale, a matrix and skip logic the shared schema accepts', () => {
    const form: BuilderForm = {
      title: '调查',
      anonymous: true,
      sections: [
        {
          id: 's1',
          title: '一',
          questions: [
            { id: 'q1', kind: 'single', title: '有无制度', required: true, optionsText: '有\n\n 没有 \n' },
            { id: 'q2', kind: 'textarea', title: '内容', showIfQuestion: 'q1', showIfAnyOf: ['o1'] },
            { id: 'q3', kind: 'scale', title: '意识', scaleMin: 1, scaleMax: 5 },
            { id: 'q4', kind: 'matrix', title: '措施', optionsText: '是\n否', rowsText: '门禁\n加密' },
          ],
        },
      ],
    };
    const def = toDefinition(form);
    expect(surveyCreate.parse(def)).toBeTruthy();
    const [q1, q2, q3, q4] = def.sections[0]!.questions;
    expect(q1!.options).toEqual([{ value: 'o1', label: '有' }, { value: 'o2', label: '没有' }]);
    expect(q2!.showIf).toEqual({ question: 'q1', anyOf: ['o1'] });
    expect(q3!.scale).toEqual({ min: 1, max: 5 });
    expect(q4!.rows).toEqual([{ value: 'r1', label: '门禁' }, { value: 'r2', label: '加密' }]);
    expect(def.anonymous).toBe(true);
  });

  it('keeps the values of an existing survey when labels are edited, and gives a new line a free value', () => {
    const back = fromDefinition({
      title: 't',
      intro: null,
      anonymous: false,
      sections: [{ id: 's1', title: 'x', questions: [{ id: 'has', kind: 'single', title: 'q', required: false, options: [{ value: 'yes', label: '是' }, { value: 'o2', label: '否' }] }] }],
    });
    const q = back.sections[0]!.questions[0]!;
    q.optionsText = '是的\n否\n不清楚';
    expect(choicesOf(q)).toEqual([
      { value: 'yes', label: '是的' },
      { value: 'o2', label: '否' },
      { value: 'o3', label: '不清楚' },
    ]);
    expect(toDefinition(back).sections[0]!.questions[0]!.options!.map((o) => o.value)).toEqual(['yes', 'o2', 'o3']);
  });

  it('numbers new questions and sections after the used ones', () => {
    expect(nextId(['q1', 'q2'], 'q')).toBe('q3');
    expect(nextId(['q1', 'q3'], 'q')).toBe('q4');
    expect(emptyBuilder().sections[0]!.questions[0]!.id).toBe('q1');
  });
});
