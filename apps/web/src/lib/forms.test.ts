import { describe, expect, it } from 'vitest';
import { answerEntry, CASE_LABELS, caseActionInput, identityReveal, PROOF_LABELS, proofDeposit } from '@shangmi/shared';
import zh from '../locales/zh-CN';
import en from '../locales/en-US';
import { maxLengthOf } from './forms';

describe('long-text fields', () => {
  it('count to the server’s own limit, read from the shared schema', () => {
    expect(maxLengthOf(proofDeposit.shape.description)).toBe(2000);
    expect(maxLengthOf(answerEntry.shape.note)).toBe(2000);
    expect(maxLengthOf(caseActionInput.shape.reason)).toBe(2000);
    expect(maxLengthOf(identityReveal.shape.reason)).toBe(500);
    expect(() => maxLengthOf(proofDeposit.shape.files)).toThrow(/not a string schema/);
  });

  it('the form’s label is the one the server’s refusal names', () => {
    expect(zh.cases.reason).toBe(CASE_LABELS.reason.zh);
    expect(en.cases.reason).toBe(CASE_LABELS.reason.en);
    expect(zh.proofs.description).toBe(PROOF_LABELS.description.zh);
    expect(en.proofs.description).toBe(PROOF_LABELS.description.en);
  });
});
