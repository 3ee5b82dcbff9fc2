import { eq, sql } from 'drizzle-orm';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblems } from '@shangmi/shared';
import type { CliIo } from './io.js';
import { loginFailures, sessions, users } from '../db/schema/index.js';
import { nameKeyOf } from '../modules/auth/auth.service.js';
import { appendOplog } from '../platform/audit.js';
import { hashPassword } from '../platform/crypto.js';
import { generatePassword } from '../seed.js';
import { parseArgs } from './backup-format.js';

const USAGE = 'usage: shangmi admin reset-password <user> [--password <pw>]';


/**
 * `shangmi admin reset-password <user>`: for an administrator locked out of the web (forgotten password, lockout).
 * The new password is printed once and must be changed at the next sign-in; the user's sessions end.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'reset-password') {
    io.err(USAGE);
    return sub === '--help' ? 0 : 2;
  }
  const { positional, options, errors } = parseArgs(rest, { options: ['password'] });
  if (errors.length || positional.length !== 1) {
    io.err([...errors, USAGE].join('\n'));
    return 2;
  }
  const name = positional[0];
  const given = options.get('password');
  if (given !== undefined) {
    const problems = passwordProblems(given, name);
    if (problems.length) {
      io.err(`密码不符合策略 The password does not meet the policy: ${problems.map((p) => `${PASSWORD_PROBLEM_MESSAGES[p].zh} ${PASSWORD_PROBLEM_MESSAGES[p].en}`).join('; ')}`);
      return 1;
    }
  }

  const started = performance.now();
  const database = await io.open();
  const { db } = database;
  const [user] = await db
    .select({ id: users.id, username: users.username, status: users.status, lockedUntil: users.lockedUntil })
    .from(users)
    .where(eq(sql`lower(${users.username})`, name.toLowerCase()));
  if (!user) {
    io.err(`用户不存在 No user named "${name}"`);
    return 1;
  }
  const password = given ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const ended = await db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, lockedUntil: null, updatedAt: now })
      .where(eq(users.id, user.id));
    const gone = await tx.delete(sessions).where(eq(sessions.userId, user.id)).returning({ id: sessions.id });
    // the sign-in back-off starts again for this name (modules/auth/login-guard.ts)
    await tx.delete(loginFailures).where(eq(loginFailures.nameKey, nameKeyOf(user.username)));
    await appendOplog(tx, {
      at: now,
      userId: null,
      username: 'cli',
      orgId: null,
      orgName: null,
      orgPath: null,
      action: 'cli.admin.reset-password',
      method: 'CLI',
      path: 'shangmi admin reset-password',
      targetType: 'user',
      targetId: String(user.id),
      before: { username: user.username, lockedUntil: user.lockedUntil },
      after: { mustChangePassword: true, lockedUntil: null, sessionsEnded: gone.length },
      ip: null,
      result: 'success',
      errorCode: null,
      durationMs: Math.round(performance.now() - started),
      requestId: null,
    });
    return gone.length;
  });

  io.out(`已重置用户 ${user.username} 的密码 Password of ${user.username} reset (${ended} session(s) ended, lockout cleared).`);
  if (given === undefined) {
    io.out(`新密码 New password: ${password}`);
    io.out('  仅显示这一次；下次登录时必须修改。Shown only this once; it must be changed at the next sign-in.');
  } else {
    io.out('  已设为指定的密码，下次登录时必须修改。Set to the password given; it must be changed at the next sign-in.');
  }
  if (user.status !== 'active') io.out('  注意：该账号已停用，需管理员在界面中启用。Note: this account is disabled; an administrator must enable it.');
  return 0;
}
