import type { SurveyCreate, SurveyDefinition, SurveyQuestion, QuestionKind } from '@shangmi/shared';

/**
 * The builder's form model and its conversion to and from a survey definition. In the form, choices and matrix rows are
 * one label per line (what an officer types); their stable values ride along in `optionValues` / `rowValues` by position,
 * so editing a label keeps the value that answers and skip logic refer to. New lines get o1, o2 … (r1 … for rows).
 */
export interface BuilderQuestion {
  id: string;
  kind: QuestionKind;
  title: string;
  required?: boolean;
  optionsText?: string;
  optionValues?: string[];
  rowsText?: string;
  rowValues?: string[];
  scaleMin?: number;
  scaleMax?: number;
  showIfQuestion?: string;
  showIfAnyOf?: string[];
}
export interface BuilderSection {
  id: string;
  title: string;
  questions: BuilderQuestion[];
}
export interface BuilderForm {
  title: string;
  intro?: string;
  anonymous?: boolean;
  sections: BuilderSection[];
}

export const CHOICE_KINDS: QuestionKind[] = ['single', 'multi'];
const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Values for the lines: the kept one at the same position, else the first free `<prefix>N`. */
function valuesFor(labels: string[], kept: string[] | undefined, prefix: string) {
  const used = new Set<string>();
  return labels.map((label, i) => {
    let value = kept?.[i];
    if (!value || used.has(value)) {
      let n = i + 1;
      while (used.has(`${prefix}${n}`) || kept?.includes(`${prefix}${n}`)) n++;
      value = `${prefix}${n}`;
    }
    used.add(value);
    return { value, label };
  });
}

/** The choices of a builder question as value + label (for the skip-logic pickers). */
export function choicesOf(q: BuilderQuestion | undefined) {
  return q ? valuesFor(lines(q.optionsText), q.optionValues, 'o') : [];
}

export function toDefinition(form: BuilderForm): SurveyCreate {
  const sections: SurveyDefinition = (form.sections ?? []).map((s) => ({
    id: s.id,
    title: s.title,
    questions: (s.questions ?? []).map((q) => {
      const out: SurveyQuestion = { id: q.id, kind: q.kind, title: q.title, required: !!q.required };
      if (q.kind === 'single' || q.kind === 'multi' || q.kind === 'matrix') out.options = valuesFor(lines(q.optionsText), q.optionValues, 'o');
      if (q.kind === 'matrix') out.rows = valuesFor(lines(q.rowsText), q.rowValues, 'r');
      if (q.kind === 'scale') out.scale = { min: q.scaleMin ?? 1, max: q.scaleMax ?? 5 };
      if (q.showIfQuestion && q.showIfAnyOf?.length) out.showIf = { question: q.showIfQuestion, anyOf: q.showIfAnyOf };
      return out;
    }),
  }));
  return { title: form.title, intro: form.intro || undefined, anonymous: !!form.anonymous, sections };
}

export function fromDefinition(s: { title: string; intro: string | null; anonymous: boolean; sections: SurveyDefinition }): BuilderForm {
  return {
    title: s.title,
    intro: s.intro ?? undefined,
    anonymous: s.anonymous,
    sections: s.sections.map((sec) => ({
      id: sec.id,
      title: sec.title,
      questions: sec.questions.map((q) => ({
        id: q.id,
        kind: q.kind,
        title: q.title,
        required: q.required,
        optionsText: q.options?.map((o) => o.label).join('\n'),
        optionValues: q.options?.map((o) => o.value),
        rowsText: q.rows?.map((o) => o.label).join('\n'),
        rowValues: q.rows?.map((o) => o.value),
        scaleMin: q.scale?.min,
        scaleMax: q.scale?.max,
        showIfQuestion: q.showIf?.question,
        showIfAnyOf: q.showIf?.anyOf,
      })),
    })),
  };
}

/** The next free id with a prefix among those used (q1, q2 … across every section; s1 … for sections). */
export function nextId(used: string[], prefix: string) {
  let n = used.length + 1;
  while (used.includes(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

export const emptyBuilder = (): BuilderForm => ({ title: '', anonymous: false, sections: [{ id: 's1', title: '', questions: [{ id: 'q1', kind: 'single', title: '', required: true }] }] });
