/**
 * Go's time.Parse with the RFC 3339 layout, as kubectl's --since-time reads
 * it. The error texts are kubectl 1.33's (`kubectl logs POD --since-time=V`).
 */
import { describe, expect, test } from '@jest/globals';
import { parseRfc3339 } from '../../../src/codec/rfc3339.js';

describe('parseRfc3339', () => {
  test.each([
    ['2020-01-01T00:00:00Z', '2020-01-01T00:00:00.000Z'],
    ['2020-01-01T10:00:00+01:30', '2020-01-01T08:30:00.000Z'],
    ['2020-01-01T10:00:00-01:00', '2020-01-01T11:00:00.000Z'],
    // a fraction is read though the layout has none; a comma too; an hour of one digit
    ['2020-01-01T00:00:00.123456789012Z', '2020-01-01T00:00:00.123Z'],
    ['2020-01-01T00:00:00,5Z', '2020-01-01T00:00:00.500Z'],
    ['2020-01-01T1:00:00Z', '2020-01-01T01:00:00.000Z'],
    ['2020-02-29T00:00:00Z', '2020-02-29T00:00:00.000Z'],
  ])('%s', (value, iso) => {
    expect(new Date(parseRfc3339(value)).toISOString()).toBe(iso);
  });

  const layout = '"2006-01-02T15:04:05Z07:00"';
  test.each([
    ['2020-01-01', `parsing time "2020-01-01" as ${layout}: cannot parse "" as "T"`],
    ['2020-01-01T00:00:00Zx', 'parsing time "2020-01-01T00:00:00Zx": extra text: "x"'],
    ['2020-13-01T00:00:00Z', 'parsing time "2020-13-01T00:00:00Z": month out of range'],
    ['2021-02-29T00:00:00Z', 'parsing time "2021-02-29T00:00:00Z": day out of range'],
    ['2020-01-01T24:00:00Z', 'parsing time "2020-01-01T24:00:00Z": hour out of range'],
    ['2020-01-01T10:00:00+0500', `parsing time "2020-01-01T10:00:00+0500" as ${layout}: cannot parse "+0500" as "Z07:00"`],
    ['2020-01-01t10:00:00z', `parsing time "2020-01-01t10:00:00z" as ${layout}: cannot parse "t10:00:00z" as "T"`],
    ['é', `parsing time "\\xc3\\xa9" as ${layout}: cannot parse "\\xc3\\xa9" as "2006"`],
    ['a"b', `parsing time "a\\"b" as ${layout}: cannot parse "a\\"b" as "2006"`],
    ['2020-01-01T10:00:00+25:00', 'parsing time "2020-01-01T10:00:00+25:00": time zone offset hour out of range'],
  ])('%s is refused in Go\'s words', (value, message) => {
    expect(() => parseRfc3339(value)).toThrow(message);
  });
});
