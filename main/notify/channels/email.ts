import { createHash } from 'node:crypto';
import { createTransport, type SMTPTransportOptions } from 'nodemailer';
import type { EmailChannel } from '../../../shared/alerting/channel.js';
import type { Notification } from '../../../shared/alerting/notification.js';
import { fail, ok, type ErrorCode } from '../../../shared/result.js';
import { IDEMPOTENCY_HEADER } from '../http.js';
import { excerpt } from '../redact.js';
import { plainTextOf, renderAlerts, titleOf } from '../render.js';
import type { Sender } from '../sender.js';

/** Subject, plain text and HTML of the message; label text is escaped in the HTML. */
export function emailOf(notification: Notification): {
  subject: string;
  text: string;
  html: string;
} {
  const title = titleOf(notification);
  const items = renderAlerts(
    notification.alerts,
    (v) =>
      [
        `<li><b>[${escapeHtml(v.severity)}] ${escapeHtml(v.ruleName)}</b>: ${escapeHtml(v.summary)}`,
        v.description && `<br>${escapeHtml(v.description)}`,
        v.labels.length > 0 && `<br>labels: <code>${escapeHtml(v.labels.join(', '))}</code>`,
        `<br>${escapeHtml(v.value)}, ${v.when}</li>`,
      ]
        .filter(Boolean)
        .join(''),
    256 * 1024,
  );
  const html = `<!doctype html><html><body><h2>${escapeHtml(title)}</h2><ul>\n${items}\n</ul></body></html>`;

  return { subject: title, text: plainTextOf(notification, 256 * 1024), html };
}

/** Sends one message to every recipient through the channel's SMTP server. */
export const sendEmail: Sender<EmailChannel> = async (channel, notification, ctx) => {
  const { smtp } = channel;
  const what = `smtp ${smtp.host}:${smtp.port}`;
  const options: SMTPTransportOptions = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    connectionTimeout: ctx.timeoutMs,
    greetingTimeout: ctx.timeoutMs,
    socketTimeout: ctx.timeoutMs,
    ...(smtp.username ? { auth: { user: smtp.username, pass: smtp.password ?? '' } } : {}),
    ...(smtp.tlsRejectUnauthorized === undefined
      ? {}
      : { tls: { rejectUnauthorized: smtp.tlsRejectUnauthorized } }),
  };
  const transport = createTransport(options);
  const stop = () => transport.close();
  ctx.signal.addEventListener('abort', stop, { once: true });

  try {
    const info = await transport.sendMail({
      from: channel.from,
      to: channel.to,
      ...emailOf(notification),
      // The same key gives the same Message-ID, so a re-sent copy can be folded by mail clients.
      messageId: `<${createHash('sha256').update(notification.idempotencyKey).digest('hex').slice(0, 32)}@dipper>`,
      headers: { [IDEMPOTENCY_HEADER]: notification.idempotencyKey },
      disableFileAccess: true,
      disableUrlAccess: true,
    });

    return ok({ detail: excerpt(info.response) });
  } catch (error) {
    if (ctx.signal.aborted) return ctx.abortFailure(what);

    return smtpFailure(error, what);
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    transport.close();
  }
};

function smtpFailure(error: unknown, what: string) {
  const { code, responseCode, message } = readSmtpError(error);
  const reply = responseCode === undefined ? '' : ` ${responseCode}`;
  const detail = `${what}: ${code ?? 'error'}${reply}: ${excerpt(message)}`;

  return fail(errorCodeOf(code, responseCode), detail);
}

function errorCodeOf(code: string | undefined, responseCode: number | undefined): ErrorCode {
  if (code === 'EAUTH') return 'FORBIDDEN';
  if (code === 'ETIMEDOUT') return 'TIMEOUT';
  if (code === 'EENVELOPE' || (responseCode !== undefined && responseCode >= 500)) {
    return 'BAD_REQUEST';
  }

  return 'INTERNAL';
}

function readSmtpError(error: unknown): {
  code: string | undefined;
  responseCode: number | undefined;
  message: string;
} {
  if (!(error instanceof Error))
    return { code: undefined, responseCode: undefined, message: typeof error };

  const fields = error as Error & { code?: unknown; responseCode?: unknown };
  return {
    code: typeof fields.code === 'string' ? fields.code : undefined,
    responseCode: typeof fields.responseCode === 'number' ? fields.responseCode : undefined,
    message: error.message,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
