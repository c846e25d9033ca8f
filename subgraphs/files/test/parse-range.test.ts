import { describe, expect, it } from 'vitest';
import { parseRange } from '../src/transfer/parse-range.ts';

describe('the Range header of a download', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=-10', { start: 990, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=900-5000', { start: 900, end: 999 }],
  ])('reads %s of a 1000-byte file', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it.each([['bytes=1000-'], ['bytes=500-400'], ['bytes=-0']])('finds %s unsatisfiable', (header) => {
    expect(parseRange(header, 1000)).toBe('unsatisfiable');
  });

  it.each([[undefined], ['bytes=0-1,5-6'], ['items=0-1'], ['bytes=-'], ['nonsense']])('sends the whole file for %s', (header) => {
    expect(parseRange(header, 1000)).toBeNull();
  });
});
