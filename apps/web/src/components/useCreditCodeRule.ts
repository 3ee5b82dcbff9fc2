import type { FormRule } from 'antd';
import { creditCodeMessage } from '@shangmi/shared';
import { useI18n } from '../lib/i18n';

/** GB 32100 check before sending, in the words the server uses (one validator and one wording in packages/shared). */
export function useCreditCodeRule(): FormRule {
  const { locale } = useI18n();
  return {
    validator: (_, v: string | undefined) => {
      const m = v && v.trim() ? creditCodeMessage(v) : null;
      return m ? Promise.reject(new Error(locale === 'en-US' ? m.en : m.zh)) : Promise.resolve();
    },
  };
}
