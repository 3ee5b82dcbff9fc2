import { z } from 'zod';

export const loginRequest = z.strictObject({
  username: z.string().trim().min(1).max(50),
  password: z.string().min(1).max(128),
  totpCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

/** What the signed-in user may do; the web gates menus and buttons with it. */
export const me = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: z.string(),
  regionCode: z.string().nullable(),
  roles: z.array(z.object({ code: z.string(), name: z.string() })),
  permissions: z.array(z.string()),
  dataScope: z.string(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  /** a role this user holds requires TOTP and it is not enrolled yet: only enrolment is allowed */
  mustEnrollTotp: z.boolean(),
  /** shown to administrators while two-factor login is not mandatory for them (等保 level 3 expects it) */
  adminTotpAdvice: z.boolean(),
  idleTimeoutMinutes: z.number().int(),
});
export type Me = z.infer<typeof me>;

export const loginResponse = z.object({ csrfToken: z.string(), user: me });
export const sessionResponse = z.object({ csrfToken: z.string(), user: me });

export const changePassword = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const totpSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export const totpCode = z.strictObject({ code: z.string().regex(/^\d{6}$/) });
export const totpDisable = z.strictObject({ password: z.string().min(1).max(128) });
