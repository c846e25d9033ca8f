import { describe, expect, it } from 'vitest';
import { createDevMailboxMailer } from '../../src/mail/create-dev-mailbox-mailer.ts';
import type { OutgoingMail } from '../../src/mail/mailer.ts';

describe('the dev mailbox mailer', () => {
  it('hands each mail to the store instead of sending it', async () => {
    const stored: OutgoingMail[] = [];
    const mailer = createDevMailboxMailer(async (mail) => {
      stored.push(mail);
    });
    const mail = { projectId: 'p1', to: 'ada@example.com', subject: 'Reset your password', text: 'Use code 123456.' };
    await mailer.send(mail);
    await mailer.close();
    expect(stored).toEqual([mail]);
  });

  it('fails the send when storing fails', async () => {
    const mailer = createDevMailboxMailer(() => Promise.reject(new Error('database is down')));
    await expect(mailer.send({ projectId: 'p1', to: 'a@b.test', subject: 's', text: 't' })).rejects.toThrow('database is down');
  });
});
