import { sql, type SQL } from 'drizzle-orm';
import { NOTIFY_DEFAULTS, type NotifyEvent } from '@shangmi/shared';
import type { Db } from '../db/client.js';
import { intArrayLiteral, rowsOf } from '../db/sql.js';
import type { Config } from '../config.js';

type Msg = { zh: string; en: string };

/** One notice to write to some users' inboxes (and, by their preferences, to the outbox). */
export interface Notice {
  event: NotifyEvent;
  title: Msg;
  body?: Msg | null;
  /** the web page that opens the record (a path: `/sites/12`) */
  link?: string | null;
  record?: { kind: string; id: number } | null;
  /**
   * Makes the notice once-only per user: a second write with the same key (another node, a re-run) writes nothing.
   * Without a key every write is a new notice.
   */
  dedupeKey?: string | null;
}

/** Who gets it: user ids, or a query whose single column is user ids (set-based fan-out: no row travels to Node). */
export type Recipients = number[] | SQL;

export interface Written {
  notices: number;
  messages: number;
}

const subjectOf = (n: Notice) => `【商秘通】${n.title.zh}`;

/** The text of an e-mail or SMS: Chinese first, English after, the link to open it. */
export function messageText(n: Notice, publicUrl: string, channel: 'email' | 'sms'): string {
  const url = n.link ? `${publicUrl}${n.link}` : null;
  if (channel === 'sms') return [`【商秘通】${n.title.zh}`, n.body?.zh, url].filter(Boolean).join(' ');
  return [n.title.zh, n.body?.zh, url ? `查看：${url}` : null, '', '—', n.title.en, n.body?.en, url ? `Open: ${url}` : null, '', '商秘通 Shangmi · 此邮件由系统发送，请勿回复 / sent by the platform, do not reply']
    .filter((l) => l !== null && l !== undefined)
    .join('\n');
}

/**
 * Writes a notice to each recipient's inbox and queues its e-mail and SMS as each recipient chose (or the event's
 * default), in the caller's transaction: a request that rolls back told no one. Two statements whatever the number of
 * recipients (a campaign's 10,000 enterprises' users are one INSERT … SELECT). Inactive users get nothing; a channel
 * this deployment does not configure, or an address a user has not given, is skipped.
 */
export async function notify(db: Db, config: Pick<Config, 'smtp' | 'sms' | 'publicUrl'>, recipients: Recipients, n: Notice, now = new Date()): Promise<Written> {
  if (Array.isArray(recipients) && recipients.length === 0) return { notices: 0, messages: 0 };
  const who = Array.isArray(recipients) ? sql`select unnest(${intArrayLiteral([...new Set(recipients)])}::int[])` : recipients;
  const def = NOTIFY_DEFAULTS[n.event];
  const emailOn = config.smtp !== null;
  const smsOn = config.sms.driver !== 'off';
  const key = n.dedupeKey ?? null;
  const result = await db.execute(sql`
    with written as (
      insert into notifications (user_id, event, title_zh, title_en, body_zh, body_en, link, record_kind, record_id, created_at, dedupe_key)
      select u.id, ${n.event}, ${n.title.zh}, ${n.title.en}, ${n.body?.zh ?? null}, ${n.body?.en ?? null}, ${n.link ?? null},
             ${n.record?.kind ?? null}, ${n.record?.id ?? null}, ${now}, ${key}
        from users u
       where u.id in (${who}) and u.status = 'active'
      on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing
      returning id, user_id
    ), queued as (
      insert into outbox (channel, recipient, subject, body, dedupe_key, notification_id, created_at, next_attempt_at)
      select c.channel, case c.channel when 'email' then u.email else u.phone end, ${subjectOf(n)},
             case c.channel when 'email' then ${messageText(n, config.publicUrl, 'email')} else ${messageText(n, config.publicUrl, 'sms')} end,
             'n:' || w.id || ':' || c.channel, w.id, ${now}, ${now}
        from written w
        join users u on u.id = w.user_id
        cross join (values ('email'), ('sms')) as c(channel)
        left join notification_prefs p on p.user_id = w.user_id and p.event = ${n.event}
       where (c.channel = 'email' and ${emailOn} and coalesce(u.email, '') <> '' and coalesce(p.email, ${def.email}))
          or (c.channel = 'sms' and ${smsOn} and coalesce(u.phone, '') <> '' and coalesce(p.sms, ${def.sms}))
      returning id
    )
    select (select count(*) from written)::int as notices, (select count(*) from queued)::int as messages`);
  const [row] = rowsOf<{ notices: number; messages: number }>(result);
  return { notices: Number(row?.notices ?? 0), messages: Number(row?.messages ?? 0) };
}

/**
 * Queues one message to an address that is no user's (a public filer following a complaint). `sealedRecipient` is the
 * address sealed by the caller (platform/crypto Sealer, AAD = the dedupe key): the outbox never holds it in clear.
 */
export async function queueMessage(
  db: Db,
  m: { channel: 'email' | 'sms'; sealedRecipient: string; subject: string; body: string; dedupeKey: string },
  now = new Date(),
): Promise<void> {
  await db.execute(sql`
    insert into outbox (channel, recipient, subject, body, dedupe_key, created_at, next_attempt_at)
    values (${m.channel}, ${`sealed:${m.sealedRecipient}`}, ${m.subject}, ${m.body}, ${m.dedupeKey}, ${now}, ${now})
    on conflict (dedupe_key) do nothing`);
}
