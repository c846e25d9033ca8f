import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { HashAndLimit, ObjectTooLargeError } from '../../src/storage/index.ts';

const chunks = [Buffer.from('hello '), Buffer.from('wide '), Buffer.from('world')];
const whole = Buffer.concat(chunks);

function sink(): { received: Buffer[]; stream: Writable } {
  const received: Buffer[] = [];
  return { received, stream: new Writable({ write: (chunk: Buffer, _encoding, callback) => (received.push(chunk), callback()) }) };
}

describe('HashAndLimit', () => {
  it('passes bytes through unchanged and gives their size and SHA-256 at the end', async () => {
    const meter = new HashAndLimit(whole.length);
    const { received, stream } = sink();
    await pipeline(Readable.from(chunks, { objectMode: false }), meter, stream);
    expect(Buffer.concat(received).equals(whole)).toBe(true);
    expect(meter.result).toEqual({ size: whole.length, sha256: createHash('sha256').update(whole).digest('hex') });
  });

  it('fails with ObjectTooLargeError on the chunk that passes the limit, before passing it on', async () => {
    const meter = new HashAndLimit(whole.length - 1);
    const { received, stream } = sink();
    await expect(pipeline(Readable.from(chunks, { objectMode: false }), meter, stream)).rejects.toEqual(new ObjectTooLargeError(whole.length - 1));
    expect(Buffer.concat(received).toString()).toBe('hello wide ');
    expect(meter.bytesSeen).toBe(whole.length);
  });

  it('has no result before the body has ended', () => {
    expect(() => new HashAndLimit(10).result).toThrow(/before the body ended/);
  });
});
