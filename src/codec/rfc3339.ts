/**
 * Go's time.Parse with the RFC 3339 layout ("2006-01-02T15:04:05Z07:00"),
 * as kubectl's --since-time reads it: the same values accepted (fractional
 * seconds too), and the same error texts for the others ("cannot parse "" as
 * "T"", "month out of range", "extra text: ...").
 */

export const RFC3339_LAYOUT = '2006-01-02T15:04:05Z07:00';

/** A value Go's time.Parse refuses, with Go's message. */
export class GoTimeParseError extends Error {}

/** Go's time.quote: ASCII kept (quotes and backslashes escaped), every other byte as \xNN. */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return `${out}"`;
}

const isDigit = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/** Go's getnum: one or two digits (two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function daysIn(month: number, year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0); // day 0 of the next month: the last of this one
  return d.getUTCDate();
}

/** The instant an RFC 3339 text names, in milliseconds since the epoch (fractions below a millisecond dropped). */
export function parseRfc3339(value: string): number {
  const fail = (layoutElem: string, valueElem: string) =>
    new GoTimeParseError(`parsing time ${quote(value)} as ${quote(RFC3339_LAYOUT)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`);
  const range = (what: string) => new GoTimeParseError(`parsing time ${quote(value)}: ${what} out of range`);
  let v = value;
  const literal = (c: string) => {
    if (v.length === 0 || v[0] !== c) throw fail(c, v);
    v = v.slice(1);
  };
  const num = (elem: string, fixed: boolean): number => {
    const r = getnum(v, fixed);
    if (!r) throw fail(elem, v);
    v = r[1];
    return r[0];
  };
  // 2006
  if (v.length < 4 || !/^\d{4}$/.test(v.slice(0, 4))) throw fail('2006', v);
  const year = Number(v.slice(0, 4));
  v = v.slice(4);
  literal('-');
  const month = num('01', true);
  if (month <= 0 || month > 12) throw range('month');
  literal('-');
  const day = num('02', true);
  literal('T');
  const hour = num('15', false);
  if (hour >= 24) throw range('hour');
  literal(':');
  const minute = num('04', true);
  if (minute >= 60) throw range('minute');
  literal(':');
  const second = num('05', true);
  if (second >= 60) throw range('second');
  let millis = 0;
  // a fraction the layout does not show is still read
  if (v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1)) {
    let n = 2;
    while (n < v.length && isDigit(v, n)) n++;
    millis = Number(v.slice(1, Math.min(n, 4)).padEnd(3, '0'));
    v = v.slice(n);
  }
  // Z07:00
  let offsetMinutes = 0;
  if (v.length >= 1 && v[0] === 'Z') {
    v = v.slice(1);
  } else {
    const hold = v;
    if (v.length < 6 || v[3] !== ':') throw fail('Z07:00', hold);
    const sign = v[0];
    const hh = getnum(v.slice(1, 3), true);
    const mm = getnum(v.slice(4, 6), true);
    if (!hh || !mm) throw fail('Z07:00', hold);
    v = v.slice(6);
    if (hh[0] > 24) throw range('time zone offset hour');
    if (mm[0] > 60) throw range('time zone offset minute');
    if (sign !== '+' && sign !== '-') throw fail('Z07:00', hold);
    offsetMinutes = (sign === '-' ? -1 : 1) * (hh[0] * 60 + mm[0]);
  }
  if (v.length > 0) throw new GoTimeParseError(`parsing time ${quote(value)}: extra text: ${quote(v)}`);
  if (day < 1 || day > daysIn(month, year)) throw range('day');
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millis);
  return d.getTime() - offsetMinutes * 60_000;
}
