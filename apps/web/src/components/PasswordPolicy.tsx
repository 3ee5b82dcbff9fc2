import { Flex, Typography, type FormRule } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { passwordProblems, type PasswordProblem } from '@shangmi/shared';
import { useT } from '../lib/i18n';
import type { MessageKey } from '../lib/i18n';

const RULE_TEXT: Record<PasswordProblem, MessageKey> = {
  tooShort: 'password.rule.tooShort',
  tooLong: 'password.rule.tooLong',
  tooFewClasses: 'password.rule.tooFewClasses',
  containsUsername: 'password.rule.containsUsername',
};

/** The policy, ticked off live as the user types (the same check the server makes). */
export function PasswordPolicy({ password, username }: { password?: string; username?: string }) {
  const t = useT();
  const value = password ?? '';
  const problems = passwordProblems(value, username);
  const shown: PasswordProblem[] = ['tooShort', 'tooFewClasses'];
  if (username && username.length >= 3) shown.push('containsUsername');
  if (problems.includes('tooLong')) shown.push('tooLong');

  return (
    <div className="password-policy" aria-live="polite">
      <Typography.Text type="secondary">{t('password.policyTitle')}</Typography.Text>
      {shown.map((p) => {
        const bad = problems.includes(p);
        const icon = !value ? (
          <MinusCircleOutlined style={{ color: '#bfbfbf' }} />
        ) : bad ? (
          <CloseCircleFilled style={{ color: '#cf1322' }} />
        ) : (
          <CheckCircleFilled style={{ color: '#389e0d' }} />
        );
        return (
          <Flex key={p} gap={6} align="center">
            {icon}
            <Typography.Text type={value && bad ? 'danger' : undefined}>{t(RULE_TEXT[p])}</Typography.Text>
          </Flex>
        );
      })}
    </div>
  );
}

/** Form rule mirroring the server's policy. */
export function passwordRule(message: string, username?: string): FormRule {
  return {
    validator: (_, v: string | undefined) =>
      !v || passwordProblems(v, username).length === 0 ? Promise.resolve() : Promise.reject(new Error(message)),
  };
}
