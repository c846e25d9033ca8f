import { createTransport } from 'nodemailer';
import type { Mailer } from './mailer.ts';

export interface SmtpMailerOptions {
  /**
   * `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start).
   * Query parameters set transport options, e.g. `?connectionTimeout=5000`. Holds a password, so
   * it is never logged.
   */
  smtpUrl: string;
  /** The From header, e.g. `"Acme" <no-reply@acme.test>`. */
  from: string;
}

/**
 * Sends through one SMTP server. The timeouts are far below nodemailer's (two minutes to connect,
 * ten of idle socket) so a dead server fails a sign-up request instead of hanging it; the URL's
 * query parameters still override them.
 */
export function createSmtpMailer({ smtpUrl, from }: SmtpMailerOptions): Mailer {
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send({ to, subject, text }) {
      await transport.sendMail({ from, to, subject, text });
    },
    async close() {
      transport.close();
    },
  };
}
