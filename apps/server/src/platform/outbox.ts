import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config, SmtpConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { rowsOf } from '../db/sql.js';
import type { Sealer } from './crypto.js';

/** One message as the sender hands it to a channel. */
export interface OutgoingMessage {
  to: string;
  subject: string;
  body: string;
  /** stable for the outbox row: a message sent twice (a crash after the send, before it was marked) carries the same id */
  messageId: string;
}

/** A way out: e-mail, an SMS gateway. `send` resolves once the other side has accepted the message. */
export interface Channel {
  readonly name: string;
  send(m: OutgoingMessage): Promise<void>;
  close?(): void;
}

export class SmtpChannel implements Channel {
  readonly name = 'smtp';
  private readonly transport: Transporter;
  constructor(private readonly smtp: SmtpConfig) {
    const u = smtp.url ? new URL(smtp.url) : null;
    const user = u ? decodeURIComponent(u.username) : smtp.user;
    const pass = u ? decodeURIComponent(u.password) : smtp.pass;
    const secure = u ? u.protocol === 'smtps:' : smtp.port === 465;
    this.transport = nodemailer.createTransport({
      host: u ? u.hostname : smtp.host!,
      port: u ? Number(u.port || (secure ? 465 : 587)) : smtp.port,
      secure,
      auth: user ? { user, pass: pass ?? '' } : undefined,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
  }
  async send(m: OutgoingMessage) {
    await this.transport.sendMail({ from: this.smtp.from, to: m.to, subject: m.subject, text: m.body, messageId: m.messageId, textEncoding: 'base64' });
  }
  close() {
    this.transport.close();
  }
}

/** The default SMS driver: the message goes to the application log (a deployment without a gateway). */
export class LogSms implements Channel {
  readonly name = 'sms-log';
  constructor(private readonly log: { info(obj: object, msg: string): void }) {}
  async send(m: OutgoingMessage) {
    this.log.info({ channel: 'sms', to: m.to.replace(/^(\d{3})\d+(\d{4})$/, '$1****$2'), messageId: m.messageId }, `sms: ${m.body}`);
  }
}

/**
 * An SMS gateway behind a webhook: POST `{ to, text, id }` as JSON; any 2xx is accepted. The `id` (also the
 * Idempotency-Key header) is the same on a resend, so a gateway that keeps ids sends the text once.
 */
export class WebhookSms implements Channel {
  readonly name = 'sms-webhook';
  constructor(private readonly url: string) {}
  async send(m: OutgoingMessage) {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': m.messageId },
      body: JSON.stringify({ to: m.to, text: m.body, id: m.messageId }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
  }
}

export interface Channels {
  email: Channel | null;
  sms: Channel | null;
}

/** The channels the configuration names. */
export function channelsFor(config: Pick<Config, 'smtp' | 'sms'>, log: { info(obj: object, msg: string): void }): Channels {
  return {
    email: config.smtp ? new SmtpChannel(config.smtp) : null,
    sms: config.sms.driver === 'webhook' ? new WebhookSms(config.sms.webhookUrl!) : config.sms.driver === 'log' ? new LogSms(log) : null,
  };
}

export interface SenderOptions {
  /** messages claimed per run */
  batch?: number;
  /** how long a claim holds: a node that dies mid-send leaves the row to be taken again after this */
  leaseMs?: number;
  /** attempts before a message is given up (status `failed`, the error kept) */
  maxAttempts?: number;
  /** this node's name in the lease */
  owner?: string;
}

interface OutboxRow {
  id: number;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  dedupe_key: string;
  attempts: number;
}

/** 30 s, 1 min, 2 min … at most an hour. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

const domainOf = (from: string | undefined) => /@([^>\s]+)/.exec(from ?? '')?.[1] ?? 'shangmi.local';

/**
 * Sends what is due, once: claims up to `batch` pending rows whose time has come and whose lease (if any) ran out —
 * FOR UPDATE SKIP LOCKED, so nodes running this at once take different rows — under a lease, in its own committed
 * statement; sends each; marks it sent (only if this node still holds it). A failure is retried with back-off, and
 * given up after `maxAttempts`. The guarantee: a committed message is sent at least once; it is sent twice only if the
 * node dies after the other side accepted it and before the mark (a window of one UPDATE), and then both copies carry
 * the same Message-ID (SMS: the same id and Idempotency-Key), so the receiving side can tell.
 */
export async function sendDueMessages(
  deps: { database: Database; sealer: Sealer; log: { warn(obj: object, msg: string): void }; config: Pick<Config, 'smtp'> },
  channels: Channels,
  opts: SenderOptions = {},
): Promise<{ sent: number; failed: number; retried: number }> {
  const { db } = deps.database;
  const owner = opts.owner ?? `${os.hostname()}:${process.pid}`;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxAttempts = opts.maxAttempts ?? 8;
  const kinds = (['email', 'sms'] as const).filter((k) => channels[k]);
  if (!kinds.length) return { sent: 0, failed: 0, retried: 0 };
  const claimed = rowsOf<OutboxRow>(
    await db.execute(sql`
      update outbox o set lease_until = now() + ${`${leaseMs} milliseconds`}::interval, lease_owner = ${owner}, attempts = o.attempts + 1
       where o.id in (
         select id from outbox
          where status = 'pending' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
            and channel in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})
          order by next_attempt_at, id
          limit ${opts.batch ?? 50}
          for update skip locked)
      returning o.id, o.channel, o.recipient, o.subject, o.body, o.dedupe_key, o.attempts`),
  );
  let sent = 0;
  let failed = 0;
  let retried = 0;
  const domain = domainOf(deps.config.smtp?.from);
  for (const row of claimed) {
    const id = Number(row.id);
    try {
      const to = row.recipient.startsWith('sealed:') ? deps.sealer.open(row.recipient.slice(7), row.dedupe_key) : row.recipient;
      const digest = crypto.createHash('sha256').update(row.dedupe_key).digest('hex').slice(0, 16);
      await channels[row.channel]!.send({ to, subject: row.subject, body: row.body, messageId: `<outbox.${id}.${digest}@${domain}>` });
      await db.execute(sql`update outbox set status = 'sent', sent_at = now(), lease_until = null, last_error = null where id = ${id} and lease_owner = ${owner}`);
      sent++;
    } catch (err) {
      const giveUp = row.attempts >= maxAttempts;
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      await db.execute(sql`
        update outbox set status = ${giveUp ? 'failed' : 'pending'}, lease_until = null, last_error = ${message},
               next_attempt_at = now() + ${`${backoffMs(row.attempts)} milliseconds`}::interval
         where id = ${id} and lease_owner = ${owner}`);
      deps.log.warn({ outboxId: id, channel: row.channel, attempts: row.attempts, err: message }, giveUp ? 'outbox: message given up' : 'outbox: send failed, will retry');
      if (giveUp) failed++;
      else retried++;
    }
  }
  return { sent, failed, retried };
}
