import { Injectable } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { PermanentDeliveryError } from '../channel.types';
import type { SmtpSettings } from './mailbox-settings';

/** How long connecting, the greeting and each later exchange may take: a hung server must not hold a delivery job. */
const CONNECTION_TIMEOUT_MS = 15_000;
const SOCKET_TIMEOUT_MS = 60_000;

/**
 * Sends one mail over SMTP with the given settings, one connection per mail (answers are
 * occasional; a pool per mailbox would hold connections open across every worker for nothing).
 * Throws PermanentDeliveryError when the server refused for good (5xx: unknown recipient, relay
 * denied, bad credentials, message too large) and the plain error otherwise (connection refused
 * or lost, 4xx), which the caller may retry.
 */
@Injectable()
export class SmtpMailer {
  async send(settings: SmtpSettings, mail: Mail.Options): Promise<void> {
    const transport = createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: CONNECTION_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
    });
    try {
      await transport.sendMail(mail);
    } catch (error) {
      throw classifySmtpError(error);
    } finally {
      transport.close();
    }
  }
}

/** An SMTP failure as the delivery job needs it: permanent (5xx, or a message no server would take) or worth retrying. */
export function classifySmtpError(error: unknown): Error {
  const details = error as { responseCode?: unknown; code?: unknown; message?: unknown };
  const message = typeof details.message === 'string' ? details.message : String(error);
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : null;
  if (responseCode !== null && responseCode >= 500 && responseCode < 600) return new PermanentDeliveryError(`The mail server refused the message: ${message}`, `SMTP_${responseCode}`);
  // Nodemailer's own refusals before any server is asked: no recipients, a malformed message.
  if (details.code === 'EENVELOPE' || details.code === 'EMESSAGE') return new PermanentDeliveryError(`The message cannot be sent: ${message}`, `SMTP_${details.code}`);
  return error instanceof Error ? error : new Error(message);
}
