import { describe, expect, test } from '@jest/globals';
import { humanDuration, shortHumanDuration, translateTimestampSince } from '../../../src/printers/age.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration at every boundary (apimachinery HumanDuration)', () => {
  test.each([
    [-2 * S, '<invalid>'],
    [-1.5 * S, '0s'], // int(-1.5) is -1: not below -1
    [-1 * S, '0s'],
    [-1, '0s'],
    [0, '0s'],
    [999, '0s'],
    [45 * S, '45s'],
    [119 * S + 999, '119s'],
    [120 * S, '2m'],
    [2 * M + 1 * S, '2m1s'],
    [5 * M + 3 * S, '5m3s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M, '10m'],
    [10 * M + 59 * S, '10m'],
    [45 * M, '45m'],
    [179 * M + 59 * S, '179m'],
    [3 * H, '3h'],
    [3 * H + 1 * M, '3h1m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'],
    [8 * H + 59 * M, '8h'],
    [47 * H + 59 * M, '47h'],
    [48 * H, '2d'],
    [4 * D + 5 * H, '4d5h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [8 * D + 23 * H, '8d'],
    [400 * D, '400d'],
    [729 * D + 23 * H, '729d'],
    [2 * Y, '2y'],
    [2 * Y + 30 * D, '2y30d'],
    [7 * Y + 364 * D, '7y364d'],
    [8 * Y, '8y'],
    [8 * Y + 100 * D, '8y'],
    [20 * Y, '20y'],
  ])('%d ms -> %s', (ms, want) => expect(humanDuration(ms)).toBe(want));
});

describe('shortHumanDuration (one unit)', () => {
  test.each([
    [-2 * S, '<invalid>'],
    [-1 * S, '0s'],
    [59 * S, '59s'],
    [60 * S, '1m'],
    [59 * M + 59 * S, '59m'],
    [60 * M, '1h'],
    [23 * H + 59 * M, '23h'],
    [24 * H, '1d'],
    [364 * D + 23 * H, '364d'],
    [365 * D, '1y'],
    [800 * D, '2y'],
  ])('%d ms -> %s', (ms, want) => expect(shortHumanDuration(ms)).toBe(want));
});

describe('translateTimestampSince', () => {
  const now = new Date('2026-11-28T13:24:55Z');
  test.each([
    [undefined, '<unknown>'],
    [null, '<unknown>'],
    ['', '<unknown>'],
    ['0001-01-01T00:00:00Z', '<unknown>'],
    ['not a time', '<unknown>'],
    ['2026-11-28T13:24:10Z', '45s'],
    ['2026-11-28T10:23:55Z', '3h1m'],
    ['2026-11-28T13:24:58Z', '<invalid>'],
    ['2026-11-28T13:24:56Z', '0s'],
  ])('%j -> %s', (ts, want) => expect(translateTimestampSince(ts, now)).toBe(want));
});
