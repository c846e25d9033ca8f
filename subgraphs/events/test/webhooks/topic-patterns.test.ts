import { describe, expect, it } from 'vitest';
import { assertValidTopicPatterns, matchesTopicPattern } from '../../src/webhooks/index.ts';

describe('topic patterns', () => {
  it('accepts exact topics, prefixes ending in * and * alone', () => {
    expect(() => assertValidTopicPatterns(['orders.created', 'data.*', '*', 'a:b-c_d.e', 'x'.repeat(200)])).not.toThrow();
  });

  it.each([
    [[], /1 to 20 topics; 0/],
    [Array.from({ length: 21 }, (_, i) => `t${i}`), /1 to 20 topics; 21/],
    [['ok', ''], /"" is not a topic pattern/],
    [['data.*.created'], /"data\.\*\.created" is not a topic pattern/],
    [['data**'], /"data\*\*" is not a topic pattern/],
    [['has space'], /"has space" is not a topic pattern/],
    [['x'.repeat(201)], /is not a topic pattern/],
  ])('refuses %j with BAD_USER_INPUT naming the bad pattern', (topics, message) => {
    expect(() => assertValidTopicPatterns(topics)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) }));
  });

  it.each([
    ['*', 'anything.at.all', true],
    ['data.*', 'data.document.created', true],
    ['data.*', 'database.x', false],
    ['data*', 'database.x', true],
    ['orders.created', 'orders.created', true],
    ['orders.created', 'orders.created.v2', false],
    ['orders.created', 'orders', false],
  ])('matches %s against %s: %s', (pattern, topic, expected) => {
    expect(matchesTopicPattern(pattern, topic)).toBe(expected);
  });
});
