import { createServer, type AddressInfo, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/mail/create-smtp-mailer.ts';

interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
}

const received: Received[] = [];

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const from = session.envelope.mailFrom;
      received.push({
        from: from ? from.address : undefined,
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});

let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A server that accepts connections and never says a word, like a firewalled or hung relay. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (silent.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        silent.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bind one, then release it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}

describe('the SMTP mailer', () => {
  it('delivers the recipient, subject and text body to the SMTP server', async () => {
    const mailer = createSmtpMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: '"Acme" <no-reply@acme.test>' });
    try {
      await mailer.send({
        projectId: 'p1',
        to: 'ada@example.com',
        subject: 'Confirm your email',
        text: 'Open https://acme.test/verify?token=abc to confirm.',
      });
    } finally {
      await mailer.close();
    }

    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail?.from).toBe('no-reply@acme.test');
    expect(mail?.to).toEqual(['ada@example.com']);
    expect(mail?.raw).toMatch(/^Subject: Confirm your email\r$/m);
    expect(mail?.raw).toMatch(/^To: ada@example.com\r$/m);
    expect(mail?.raw).toContain('Open https://acme.test/verify?token=abc to confirm.');
  });

  it('logs in with the credentials in the URL', async () => {
    const logins: { username: string | undefined; password: string | null | undefined }[] = [];
    const authServer = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        logins.push({ username: auth.username, password: auth.password });
        callback(null, { user: auth.username });
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => authServer.listen(0, '127.0.0.1', () => resolve()));
    const authPort = (authServer.server.address() as AddressInfo).port;
    const mailer = createSmtpMailer({ smtpUrl: `smtp://mailer%40acme.test:s3cr%3At@127.0.0.1:${authPort}`, from: 'no-reply@acme.test' });
    try {
      await mailer.send({ projectId: 'p1', to: 'ada@example.com', subject: 'Hi', text: 'Hello' });
    } finally {
      await mailer.close();
      await new Promise<void>((resolve) => authServer.close(() => resolve()));
    }
    expect(logins).toEqual([{ username: 'mailer@acme.test', password: 's3cr:t' }]);
  });

  it('rejects quickly when no SMTP server is listening', async () => {
    const mailer = createSmtpMailer({
      smtpUrl: `smtp://127.0.0.1:${await closedPort()}?connectionTimeout=1000&greetingTimeout=1000`,
      from: 'no-reply@acme.test',
    });
    const started = Date.now();
    try {
      await expect(mailer.send({ projectId: 'p1', to: 'ada@example.com', subject: 'Hi', text: 'Hello' })).rejects.toThrow(
        /ECONNREFUSED|connect|timeout/i,
      );
    } finally {
      await mailer.close();
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives up on a server that never greets after the greeting timeout set in the URL', async () => {
    const silent = await silentServer();
    const mailer = createSmtpMailer({ smtpUrl: `smtp://127.0.0.1:${silent.port}?greetingTimeout=300`, from: 'no-reply@acme.test' });
    const started = Date.now();
    try {
      await expect(mailer.send({ projectId: 'p1', to: 'ada@example.com', subject: 'Hi', text: 'Hello' })).rejects.toThrow(/greeting/i);
    } finally {
      await mailer.close();
      await silent.close();
    }
    // Far below the mailer's own 10 s default, so the URL's value must have won.
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
