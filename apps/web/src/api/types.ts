import type { z } from 'zod';
import type {
  changePassword,
  dictItemCreate,
  dictItemUpdate,
  dictTypeCreate,
  enterpriseCreate,
  enterpriseInvite,
  enterpriseRegistration,
  enterpriseUpdate,
  loginRequest,
  orgCreate,
  orgUpdate,
  roleCreate,
  roleUpdate,
  totpSetupResponse,
  userCreate,
  userUpdate,
} from '@shangmi/shared';

/**
 * Request bodies as the client writes them (zod *input* types: defaults may be left out).
 * Type-only: nothing of zod reaches the browser bundle from here.
 */
export type LoginInput = z.input<typeof loginRequest>;
export type ChangePasswordInput = z.input<typeof changePassword>;
export type TotpSetup = z.infer<typeof totpSetupResponse>;
export type OrgCreateInput = z.input<typeof orgCreate>;
export type OrgUpdateInput = z.input<typeof orgUpdate>;
export type UserCreateInput = z.input<typeof userCreate>;
export type UserUpdateInput = z.input<typeof userUpdate>;
export type RoleCreateInput = z.input<typeof roleCreate>;
export type RoleUpdateInput = z.input<typeof roleUpdate>;
export type DictTypeCreateInput = z.input<typeof dictTypeCreate>;
export type DictItemCreateInput = z.input<typeof dictItemCreate>;
export type DictItemUpdateInput = z.input<typeof dictItemUpdate>;
export type EnterpriseCreateInput = z.input<typeof enterpriseCreate>;
export type EnterpriseUpdateInput = z.input<typeof enterpriseUpdate>;
export type EnterpriseRegistrationInput = z.input<typeof enterpriseRegistration>;
export type EnterpriseInviteInput = z.input<typeof enterpriseInvite>;
