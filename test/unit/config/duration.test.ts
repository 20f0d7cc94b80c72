import { describe, expect, test } from '@jest/globals';
import { formatGoDuration, parseGoDuration, parseRequestTimeout } from '../../../src/config/duration.js';

describe('durations', () => {
  test.each([
    ['0', 0],
    ['5', 5000],
    ['5s', 5000],
    ['1m30s', 90000],
    ['1h2m3.5s', 3723500],
    ['250ms', 250],
    ['-1s', -1000],
    // whole seconds when not negative (strconv.Atoi, then i >= 0)
    ['-0', 0],
    ['+1', 1000],
    ['1.5h', 5400000],
    ['', 0],
  ])('--request-timeout=%s is %d ms', (input, ms) => {
    expect(parseRequestTimeout(input)).toBe(ms);
  });

  test.each(['abc', '1.5', '5x', 's', '1m 2s', '.', '-1', '-30'])('--request-timeout=%s is rejected', (input) => {
    expect(() => parseRequestTimeout(input)).toThrow(/^Invalid timeout value/);
  });

  test('Go ParseDuration units', () => {
    expect(parseGoDuration('1us')).toBe(1000);
    expect(parseGoDuration('1µs')).toBe(1000);
    expect(parseGoDuration('2ns')).toBe(2);
    expect(parseGoDuration('1')).toBeUndefined();
    // names of Object.prototype are no units
    expect(parseGoDuration('1constructor')).toBeUndefined();
    expect(parseGoDuration('1toString')).toBeUndefined();
  });

  test.each([
    [0, '0s'],
    [5000, '5s'],
    [90000, '1m30s'],
    [3723500, '1h2m3.5s'],
    [3600000, '1h0m0s'],
    [1.5, '1.5ms'],
    [-1000, '-1s'],
  ])('formats %d ms as %s like time.Duration.String', (ms, s) => {
    expect(formatGoDuration(ms)).toBe(s);
  });
});
