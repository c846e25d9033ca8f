import { commonPasswords } from './common-passwords.ts';

export const minPasswordLength = 10;
export const maxPasswordLength = 256;

// Stems shorter than this would forbid too much: "abc1234567" must not ban every "abc…1".
const minStemLength = 4;

const trailingDigitsAndSymbols = /[^\p{L}]+$/u;
const trailingSymbols = /[^\p{L}\p{N}]+$/u;

/**
 * The "stem" of a password is what is left once the digits and symbols at its end are cut off:
 * "password123!" → "password". People make a listed password "unique" by appending to it, so a
 * password whose stem is the stem of a listed one is refused as well.
 */
const commonStems: ReadonlySet<string> = new Set(
  [...commonPasswords].map(stemOf).filter((stem) => stem.length >= minStemLength),
);

function stemOf(lowerCased: string): string {
  return lowerCased.replace(trailingDigitsAndSymbols, '');
}

/**
 * Null when `password` is acceptable; otherwise a sentence for the user saying what to change.
 *
 * Rules, in order: 10 to 256 characters (code points, so an emoji counts once); not one character
 * repeated; not a common leaked password, compared case-insensitively, where "common" also covers
 * a listed password with symbols appended ("1234567890!") and any password that is a listed word
 * plus only digits and symbols ("password1234!", "Qwerty2024#").
 */
export function checkPassword(password: string): string | null {
  const length = [...password].length;
  if (length < minPasswordLength) {
    return `Use at least ${minPasswordLength} characters; a few unrelated words make a long password easy to remember.`;
  }
  if (length > maxPasswordLength) {
    return `Use at most ${maxPasswordLength} characters.`;
  }
  if (new Set(password).size === 1) {
    return 'Use a mix of characters, not one character repeated.';
  }
  if (isCommon(password)) {
    return 'This password is one of the most common leaked passwords (adding digits or symbols to the end does not change that). Choose something less predictable.';
  }
  return null;
}

function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower) || commonPasswords.has(lower.replace(trailingSymbols, ''))) return true;
  const stem = stemOf(lower);
  return stem.length >= minStemLength && commonStems.has(stem);
}
