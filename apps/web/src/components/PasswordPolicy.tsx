import { Flex, Typography, type FormRule } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblems, type PasswordContext, type PasswordProblem } from '@shangmi/shared';
import { useI18n, useT } from '../lib/i18n';

/** The organisation a password must not name (what the form knows of it; the server checks the rest). */
export type PasswordOrg = Pick<PasswordContext, 'orgName' | 'orgShortName' | 'creditCode'>;

/** The policy, ticked off live as the user types: the rules and their words come from packages/shared, as the server's. */
export function PasswordPolicy({ password, username, org }: { password?: string; username?: string; org?: PasswordOrg }) {
  const t = useT();
  const { pick } = useI18n();
  const value = password ?? '';
  const problems = passwordProblems(value, { username, ...org });
  const shown: PasswordProblem[] = ['tooShort', 'tooFewClasses', 'common'];
  if (username && username.length >= 3) shown.push('containsUsername');
  if (org?.orgName || org?.creditCode) shown.push('containsOrg');
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
        const m = PASSWORD_PROBLEM_MESSAGES[p];
        return (
          <Flex key={p} gap={6} align="center" data-rule={p}>
            {icon}
            <Typography.Text type={value && bad ? 'danger' : undefined}>{pick(m.zh, m.en)}</Typography.Text>
          </Flex>
        );
      })}
    </div>
  );
}

/** Form rule mirroring the server's policy. */
export function passwordRule(message: string, username?: string, org?: PasswordOrg): FormRule {
  return {
    validator: (_, v: string | undefined) =>
      !v || passwordProblems(v, { username, ...org }).length === 0 ? Promise.resolve() : Promise.reject(new Error(message)),
  };
}
