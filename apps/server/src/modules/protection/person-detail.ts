/** A person's page: who they are, what they know, their trainings, notices and departure. */
import { desc, eq, sql } from 'drizzle-orm';
import type { PersonDetail } from '@shangmi/shared';
import { protectionDepartures, protectionTrainings, secretKnowers, secrets } from '../../db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { listNoticesOf } from './notices.js';
import { findPerson, toDeparture, toPerson } from './people.js';

export async function getPerson(ctx: Ctx, id: number): Promise<PersonDetail> {
  const p = await findPerson(ctx, id);
  const [[count], trainings, known, notices, [dep]] = await Promise.all([
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(secretKnowers).where(eq(secretKnowers.personId, id)),
    ctx.db.select().from(protectionTrainings).where(eq(protectionTrainings.personId, id)).orderBy(desc(protectionTrainings.on), desc(protectionTrainings.id)),
    ctx.db
      .select({ id: secrets.id, name: secrets.name, level: secrets.level, since: secretKnowers.since })
      .from(secretKnowers)
      .innerJoin(secrets, eq(secrets.id, secretKnowers.secretId))
      .where(eq(secretKnowers.personId, id))
      .orderBy(secrets.name),
    listNoticesOf(ctx, { personId: id }),
    ctx.db.select().from(protectionDepartures).where(eq(protectionDepartures.personId, id)),
  ]);
  return {
    person: toPerson(p, count?.n ?? 0),
    trainings: trainings.map((t) => ({ id: t.id, title: t.title, on: t.on })),
    secrets: known.map((k) => ({ id: k.id, name: k.name, level: k.level, since: k.since.toISOString() })),
    notices,
    departure: dep ? toDeparture(dep) : null,
  };
}
