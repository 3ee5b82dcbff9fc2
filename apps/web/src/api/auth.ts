import type { Me } from '@shangmi/shared';
import { api } from './client';
import type { ChangePasswordInput, LoginInput, TotpSetup } from './types';

export interface SessionResponse {
  csrfToken: string;
  user: Me;
}

export const authApi = {
  session: () => api.get<SessionResponse>('/api/auth/session'),
  login: (input: LoginInput) => api.post<SessionResponse>('/api/auth/login', input),
  logout: () => api.post<unknown>('/api/auth/logout'),
  changePassword: (input: ChangePasswordInput) => api.post<unknown>('/api/auth/password', input),
  totpSetup: () => api.post<TotpSetup>('/api/auth/totp/setup'),
  totpEnable: (code: string) => api.post<unknown>('/api/auth/totp/enable', { code }),
  totpDisable: (password: string) => api.post<unknown>('/api/auth/totp/disable', { password }),
};
