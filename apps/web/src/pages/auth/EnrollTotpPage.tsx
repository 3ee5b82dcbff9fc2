import { useNavigate } from 'react-router';
import { landingPath, useAuth } from '../../lib/auth';
import { useT } from '../../lib/i18n';
import { TotpEnroll } from '../../components/TotpEnroll';
import { ForcedShell } from './ForcedShell';

/** Forced TOTP enrolment for users whose role requires two factors. */
export default function EnrollTotpPage() {
  const t = useT();
  const { refresh, signOutLocally } = useAuth();
  const navigate = useNavigate();

  const done = async () => {
    const fresh = await refresh().catch(() => null);
    if (!fresh) signOutLocally('unauthenticated');
    else navigate(landingPath(fresh), { replace: true });
  };

  return (
    <ForcedShell title={t('totp.enrollTitle')} description={t('totp.enrollDesc')}>
      <TotpEnroll autoStart onDone={done} />
    </ForcedShell>
  );
}
