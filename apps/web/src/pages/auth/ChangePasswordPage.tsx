import { useNavigate } from 'react-router';
import { landingPath, useAuth, useMe } from '../../lib/auth';
import { useT } from '../../lib/i18n';
import { ChangePasswordForm } from '../../components/ChangePasswordForm';
import { ForcedShell } from './ForcedShell';

/** Forced change of an initial or reset password. */
export default function ChangePasswordPage() {
  const t = useT();
  const me = useMe();
  const { refresh, signOutLocally } = useAuth();
  const navigate = useNavigate();

  const done = async () => {
    const fresh = await refresh().catch(() => null);
    // Some servers end the session when the password changes: then sign in again with the new one.
    if (!fresh) signOutLocally('passwordChanged');
    else navigate(landingPath(fresh), { replace: true });
  };

  return (
    <ForcedShell title={t('password.forcedTitle')} description={t('password.forcedDesc')}>
      <ChangePasswordForm username={me.username} onDone={done} />
    </ForcedShell>
  );
}
