import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** log2 of scrypt's N: 2^15 with r=8 costs 32 MiB and roughly 50–100 ms per hash. */
export const defaultLog2Cost = 15;

const blockSize = 8;
const parallelization = 1;
const keyLength = 32;
const saltLength = 16;

// Bounds for what a stored hash may ask for: a corrupted or hostile row must not make a sign-in
// allocate gigabytes or spin for minutes.
const maxLog2Cost = 20;
const maxBlockSize = 32;
const maxParallelization = 16;

interface ScryptParameters {
  log2Cost: number;
  blockSize: number;
  parallelization: number;
  salt: Buffer;
}

interface ScryptHash extends ScryptParameters {
  hash: Buffer;
}

export interface PasswordHasher {
  /** A self-describing `scrypt$…` string to store. */
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed stored string; never throws on either. */
  verify(password: string, stored: string): Promise<boolean>;
  /**
   * Always false, after the same work as a real `verify`: run it when the account does not
   * exist so that an unknown email and a wrong password cannot be told apart by timing.
   */
  verifyAgainstDummy(password: string): Promise<false>;
  /** True when `stored` was made with other parameters (or is unreadable): hash again after a successful sign-in. */
  needsRehash(stored: string): boolean;
}

export interface PasswordHasherOptions {
  log2Cost?: number;
}

/**
 * Hashes `password` with scrypt. The parameters are written into the result so the cost can be
 * raised later while hashes made with the old cost still verify.
 */
export async function hashPassword(password: string, log2Cost = defaultLog2Cost): Promise<string> {
  assertLog2Cost(log2Cost);
  const salt = randomBytes(saltLength);
  const hash = await derive(password, { log2Cost, blockSize, parallelization, salt }, keyLength);
  return ['scrypt', log2Cost, blockSize, parallelization, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Checks `password` against a string from `hashPassword`, with the parameters that string carries. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True unless `stored` is a readable hash made with exactly the current parameters. */
export function needsRehash(stored: string, log2Cost = defaultLog2Cost): boolean {
  const parsed = parseStored(stored);
  return (
    !parsed ||
    parsed.log2Cost !== log2Cost ||
    parsed.blockSize !== blockSize ||
    parsed.parallelization !== parallelization ||
    parsed.salt.length !== saltLength ||
    parsed.hash.length !== keyLength
  );
}

export function createPasswordHasher({ log2Cost = defaultLog2Cost }: PasswordHasherOptions = {}): PasswordHasher {
  assertLog2Cost(log2Cost);
  // Computed up front rather than on first use, so the first unknown-email sign-in is not
  // slower than the rest (which would be exactly the signal the dummy exists to hide).
  const dummy = hashPassword(randomBytes(32).toString('base64url'), log2Cost);
  dummy.catch(() => undefined);
  return {
    hash: (password) => hashPassword(password, log2Cost),
    verify: verifyPassword,
    async verifyAgainstDummy(password) {
      await verifyPassword(password, await dummy);
      return false;
    },
    needsRehash: (stored) => needsRehash(stored, log2Cost),
  };
}

function assertLog2Cost(log2Cost: number): void {
  if (!Number.isInteger(log2Cost) || log2Cost < 10 || log2Cost > maxLog2Cost) {
    throw new RangeError(`log2Cost must be an integer from 10 to ${maxLog2Cost}, got ${log2Cost}`);
  }
}

function derive(password: string, params: ScryptParameters, length: number): Promise<Buffer> {
  const N = 2 ** params.log2Cost;
  const options: ScryptOptions = {
    N,
    r: params.blockSize,
    p: params.parallelization,
    // Node refuses anything above 32 MiB by default, which is exactly what N=2^15, r=8 needs.
    maxmem: 256 * N * params.blockSize * params.parallelization,
  };
  // NFKC so that the same password typed on keyboards that compose characters differently matches.
  const normalized = password.normalize('NFKC');
  return new Promise((resolve, reject) => {
    scrypt(normalized, params.salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const integerPattern = /^[1-9]\d{0,2}$/;
const base64UrlPattern = /^[A-Za-z0-9_-]+$/;

function parseStored(stored: string): ScryptHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6) return null;
  const [scheme, costText, blockText, parallelText, saltText, hashText] = parts as [string, string, string, string, string, string];
  if (scheme !== 'scrypt') return null;
  if (![costText, blockText, parallelText].every((text) => integerPattern.test(text))) return null;
  if (!base64UrlPattern.test(saltText) || !base64UrlPattern.test(hashText)) return null;
  const parsed: ScryptHash = {
    log2Cost: Number(costText),
    blockSize: Number(blockText),
    parallelization: Number(parallelText),
    salt: Buffer.from(saltText, 'base64url'),
    hash: Buffer.from(hashText, 'base64url'),
  };
  if (parsed.log2Cost > maxLog2Cost || parsed.blockSize > maxBlockSize || parsed.parallelization > maxParallelization) return null;
  if (parsed.salt.length < 8 || parsed.hash.length < 16 || parsed.hash.length > 64) return null;
  return parsed;
}
