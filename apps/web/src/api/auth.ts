import type { z } from 'zod';
import type { changePassword, loginRequest, sessionResponse, totpSetupResponse } from '@shangmi/shared';
import { api } from './client';

export type LoginInput = z.input<typeof loginRequest>;
export type ChangePasswordInput = z.input<typeof changePassword>;
export type SessionResponse = z.output<typeof sessionResponse>;
export type TotpSetup = z.output<typeof totpSetupResponse>;

export const authApi = {
  session: () => api.get<SessionResponse>('/api/auth/session'),
  login: (input: LoginInput) => api.post<SessionResponse>('/api/auth/login', input),
  logout: () => api.post<unknown>('/api/auth/logout'),
  changePassword: (input: ChangePasswordInput) => api.post<unknown>('/api/auth/password', input),
  totpSetup: () => api.post<TotpSetup>('/api/auth/totp/setup'),
  totpEnable: (code: string) => api.post<unknown>('/api/auth/totp/enable', { code }),
  totpDisable: (password: string) => api.post<unknown>('/api/auth/totp/disable', { password }),
};
