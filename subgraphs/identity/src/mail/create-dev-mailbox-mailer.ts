import type { Mailer, OutgoingMail } from './mailer.ts';

/**
 * The embedded mode's mailer: nothing leaves the machine, each mail is stored (the caller inserts
 * a row) so a developer can read verification links in the dev mailbox. It exists so the service
 * always holds exactly one Mailer and never asks which mode it runs in.
 */
export function createDevMailboxMailer(store: (mail: OutgoingMail) => Promise<void>): Mailer {
  return {
    send: (mail) => store(mail),
    close: async () => undefined,
  };
}
