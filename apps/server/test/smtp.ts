import { SMTPServer } from 'smtp-server';

/** A message as the local SMTP server accepted it, its headers decoded. */
export interface ReceivedMail {
  from: string;
  to: string[];
  messageId: string;
  subject: string;
  text: string;
  raw: string;
}

export interface LocalSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** resolves once at least n messages were accepted (bounded: rejects after `ms`) */
  waitFor(n: number, ms?: number): Promise<ReceivedMail[]>;
  /**
   * Holds the next message before answering it (its DATA is in, no reply yet): resolves when one is held. `release`
   * answers it with a temporary failure, so a client that is still alive would retry; it is never counted as accepted.
   */
  holdNext(): Promise<{ release(): void }>;
  close(): Promise<void>;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= / ?Q?) in a header, as nodemailer writes non-ASCII subjects. */
function decodeWords(v: string): string {
  return v.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_m, _cs, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

/** A single-part text message: unfolded headers, the body decoded by its transfer encoding (base64 or 7bit). */
export function parseMail(raw: string): Omit<ReceivedMail, 'from' | 'to' | 'raw'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const text = /base64/i.test(header('Content-Transfer-Encoding')) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  return { messageId: header('Message-ID'), subject: decodeWords(header('Subject')), text };
}

/** A real SMTP server on loopback, on a free port, accepting any sender and recipient without authentication. */
export async function startSmtp(): Promise<LocalSmtp> {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  let holdRequest: ((h: { release(): void }) => void) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (holdRequest) {
          const resolve = holdRequest;
          holdRequest = null;
          resolve({ release: () => callback(Object.assign(new Error('try again later'), { responseCode: 451 })) });
          return;
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMail(raw),
        });
        callback();
        waiters.splice(0).forEach((w) => w());
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(n, ms = 20_000) {
      const deadline = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} e-mails, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received;
    },
    holdNext: () => new Promise((resolve) => (holdRequest = resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
