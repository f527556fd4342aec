import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  /** Envelope sender and recipients, as the client gave them. */
  mailFrom: string;
  rcptTo: string[];
  /** The username the client logged in with, if any. */
  username?: string;
  /** Header names in lower case, values unfolded; encoded words in Subject decoded. */
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface TestSmtp {
  port: number;
  messages: ReceivedMail[];
  /** Refuses every later login with 535. */
  rejectLogins(): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free loopback port: plain text (no STARTTLS), login optional and
 * accepted unless told otherwise. mailparser is not installed, so messages are parsed here,
 * only as far as the tests need: headers, and the text/plain and text/html parts.
 */
export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  let isRejectingLogins = false;

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (isRejectingLogins) {
        const error = Object.assign(new Error('Authentication credentials invalid'), {
          responseCode: 535,
        });
        callback(error);
        return;
      }
      callback(null, { user: auth.username ?? '' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const user: unknown = session.user;
        messages.push({
          mailFrom: addressOf(session.envelope.mailFrom),
          rcptTo: session.envelope.rcptTo.map(addressOf),
          ...(typeof user === 'string' && user !== '' ? { username: user } : {}),
          ...parseMessage(raw),
          raw,
        });
        callback(null);
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    messages,
    rejectLogins() {
      isRejectingLogins = true;
    },
    async waitForMessages(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `expected ${count} messages within ${timeoutMs} ms; got ${messages.length}`,
          );
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages.slice(0, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addressOf(address: SMTPServerAddress | false): string {
  return address ? address.address : '';
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

function parseMessage(raw: string): Pick<ReceivedMail, 'headers' | 'subject' | 'text' | 'html'> {
  const top = parsePart(raw);
  const parts = leafParts(top);
  const bodyOf = (type: string) => {
    const part = parts.find((p) => (p.headers['content-type'] ?? 'text/plain').startsWith(type));
    return part ? decodeBody(part) : '';
  };

  return {
    headers: top.headers,
    subject: decodeWords(top.headers.subject ?? ''),
    text: bodyOf('text/plain'),
    html: bodyOf('text/html'),
  };
}

function parsePart(text: string): Part {
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const body = split === -1 ? '' : text.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }

  return { headers, body };
}

function leafParts(part: Part): Part[] {
  const type = part.headers['content-type'] ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.startsWith('multipart/') || !boundary) return [part];

  const sections = part.body.split(`--${boundary}`).slice(1);
  return sections
    .filter((s) => !s.startsWith('--'))
    .flatMap((s) => leafParts(parsePart(s.replace(/^\r\n/, ''))));
}

// Line ends come back as \n, the way the sender wrote them.
function decodeBody(part: Part): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const body = part.body.replace(/\r\n$/, '');
  if (encoding === 'base64')
    return Buffer.from(body, 'base64').toString('utf8').replace(/\r\n/g, '\n');
  if (encoding !== 'quoted-printable') return body.replace(/\r\n/g, '\n');

  const bytes = body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}

// RFC 2047 encoded words, `=?UTF-8?Q?...?=` and `=?UTF-8?B?...?=`.
function decodeWords(text: string): string {
  return text
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
      (_, _charset: string, kind: string, data: string) => {
        if (kind.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
        const bytes = data
          .replace(/_/g, ' ')
          .replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        return Buffer.from(bytes, 'latin1').toString('utf8');
      },
    );
}
