import type { FormRule } from 'antd';
import { CREDIT_CODE_PROBLEM_MESSAGES, creditCodeProblem } from '@shangmi/shared';
import { useI18n } from '../lib/i18n';

/** GB 32100 check before sending, with the same wording the server uses. */
export function useCreditCodeRule(): FormRule {
  const { locale } = useI18n();
  return {
    validator: (_, v: string | undefined) => {
      if (!v || !v.trim()) return Promise.resolve();
      const p = creditCodeProblem(v);
      if (!p) return Promise.resolve();
      const m = CREDIT_CODE_PROBLEM_MESSAGES[p];
      return Promise.reject(new Error(locale === 'en-US' ? m.en : m.zh));
    },
  };
}
