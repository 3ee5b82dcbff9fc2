import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Me } from '@shangmi/shared';
import { ApiError, lastActivity, setCsrfToken, setInterruptionHandler, type Interruption } from '../api/client';
import { authApi, type LoginInput, type SessionResponse } from '../api/auth';

/** Why the login page is shown, when it is not the user's own choice. */
export type LoginNotice = 'expired' | 'unauthenticated' | 'loggedOut' | 'passwordChanged';

type Status = 'loading' | 'signedIn' | 'signedOut';

interface AuthValue {
  status: Status;
  me: Me | null;
  notice: LoginNotice | null;
  login: (input: LoginInput) => Promise<Me>;
  logout: () => Promise<void>;
  /** re-reads the session (after a password change, TOTP enrolment, language switch); null when it has ended */
  refresh: () => Promise<Me | null>;
  /** forgets the session on this page; the route guard then shows the login page with the notice */
  signOutLocally: (notice: LoginNotice) => void;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Where the user goes after signing in: forced steps first, then the page they asked for. */
export function landingPath(me: Me, wanted?: string | null): string {
  if (me.mustChangePassword) return '/change-password';
  if (me.mustEnrollTotp) return '/enroll-totp';
  return safeRedirect(wanted) ?? '/';
}

/** Only same-site paths; `//evil.example` and absolute URLs are ignored. */
export function safeRedirect(path: string | null | undefined): string | null {
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return null;
  if (path.startsWith('/login')) return null;
  return path;
}

const IDLE_CHECK_MS = 15_000;
/** a little after the server's own deadline, so the server has certainly expired the session too */
const IDLE_GRACE_MS = 5_000;

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [notice, setNotice] = useState<LoginNotice | null>(null);
  const queryClient = useQueryClient();

  const accept = useCallback((res: SessionResponse) => {
    setCsrfToken(res.csrfToken);
    setMe(res.user);
    setStatus('signedIn');
    return res.user;
  }, []);

  const clear = useCallback(() => {
    setCsrfToken(null);
    setMe(null);
    setStatus('signedOut');
    // what the previous user saw must not survive into the next session
    queryClient.clear();
  }, [queryClient]);

  const refresh = useCallback(async () => {
    try {
      return accept(await authApi.session());
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        clear();
        return null;
      }
      throw e;
    }
  }, [accept, clear]);

  // Restore the session after a reload.
  useEffect(() => {
    let cancelled = false;
    authApi
      .session()
      .then((res) => {
        if (!cancelled) accept(res);
      })
      .catch(() => {
        // 401 means signed out; a network failure is treated the same so the login page can say more
        if (!cancelled) clear();
      });
    return () => {
      cancelled = true;
    };
  }, [accept, clear]);

  /**
   * Navigation is left to the route guard (RequireAuth), which sees the same state in the same render: a second
   * navigate() here would race it (react-router runs navigations as transitions).
   */
  const signOutLocally = useCallback(
    (why: LoginNotice) => {
      clear();
      setNotice(why);
    },
    [clear],
  );

  // The API client reports expired sessions and forced steps from any request.
  useEffect(() => {
    const handle = (reason: Interruption) => {
      if (reason === 'expired' || reason === 'unauthenticated') signOutLocally(reason);
      // the fresh user carries mustChangePassword / mustEnrollTotp; the guard then shows the forced page
      else refresh().catch(() => undefined);
    };
    setInterruptionHandler(handle);
    return () => setInterruptionHandler(null);
  }, [signOutLocally, refresh]);

  // Idle timeout: leave the screen (and the data on it) when the server's idle limit has passed in every tab.
  const idleMinutes = me?.idleTimeoutMinutes;
  useEffect(() => {
    if (status !== 'signedIn' || !idleMinutes) return;
    const limit = idleMinutes * 60_000 + IDLE_GRACE_MS;
    const timer = setInterval(() => {
      const last = lastActivity();
      if (last && Date.now() - last > limit) signOutLocally('expired');
    }, IDLE_CHECK_MS);
    return () => clearInterval(timer);
  }, [status, idleMinutes, signOutLocally]);

  const login = useCallback(
    async (input: LoginInput) => {
      const res = await authApi.login(input);
      queryClient.clear();
      setNotice(null);
      return accept(res);
    },
    [accept, queryClient],
  );

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // the session may already be gone; the user is signed out here either way
    }
    signOutLocally('loggedOut');
  }, [signOutLocally]);

  const value = useMemo<AuthValue>(
    () => ({ status, me, notice, login, logout, refresh, signOutLocally }),
    [status, me, notice, login, logout, refresh, signOutLocally],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The signed-in user; only for components rendered behind the sign-in guard. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
