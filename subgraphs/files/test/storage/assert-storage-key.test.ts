import { describe, expect, it } from 'vitest';
import { assertStorageKey } from '../../src/storage/index.ts';

describe('assertStorageKey', () => {
  it.each(['a', 'project-1/file-2', '0b7e8a4c-3d7e-4c61-9a0f-2a3c5d8e9f10/6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c', 'a/b/c', 'x'.repeat(200)])(
    'accepts %j',
    (key) => {
      expect(() => assertStorageKey(key)).not.toThrow();
    },
  );

  it.each([
    '', '.', '..', '../x', 'a/../b', 'a/./b', '/x', 'x/', 'a//b', 'A', 'a/B', 'a.b', 'a b', 'a\\b', '%2e%2e/x', 'a_b', 'é',
    'a/b/c/d', 'x'.repeat(201), 'a\u0000b',
  ])('refuses %j with a TypeError', (key) => {
    expect(() => assertStorageKey(key)).toThrow(TypeError);
  });
});
