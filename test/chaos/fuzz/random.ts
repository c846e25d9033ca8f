/** A deterministic source of randomness: the same seed replays the same fuzz run. */
export interface Random {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Buffer;
  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet?: string): string;
}

const printable = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.:{}[]()$@!"\\/,';

/** mulberry32: tiny, fast and good enough to spread requests over the input space. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    bytes: (length) => Buffer.from(Array.from({ length }, () => int(0, 255))),
    string: (length, alphabet = printable) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
  };
}

/** FUZZ_SEED reproduces a run; otherwise a fresh seed, printed by the test. */
export function fuzzSeed(fromEnv: string | undefined): number {
  const parsed = Number(fromEnv);
  return fromEnv && Number.isInteger(parsed) ? parsed >>> 0 : Math.floor(Math.random() * 4_294_967_296);
}
