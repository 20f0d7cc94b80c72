/**
 * Go durations as kubectl reads and prints them: --request-timeout accepts a
 * plain integer (seconds) or time.ParseDuration syntax ("1m30s", "0").
 */
import { ConfigError } from '../errors.js';

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** time.ParseDuration; returns nanoseconds, or undefined when Go would reject it. */
export function parseGoDuration(input: string): number | undefined {
  let s = input;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [whole = '', frac] = [m[1], m[2]];
    if (whole === '' && (frac === undefined || frac === '')) return undefined;
    s = s.slice(m[0].length);
    const unit = /^[^\d.]+/.exec(s)?.[0];
    if (!unit || !Object.hasOwn(UNIT_NS, unit)) return undefined;
    s = s.slice(unit.length);
    const value = Number(`${whole || '0'}.${frac || '0'}`);
    total += value * UNIT_NS[unit]!;
  }
  return neg ? -total : total;
}

export const INVALID_TIMEOUT =
  'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';

/** kubectl's --request-timeout: "" or "0" is none, "5" is 5s, else a Go duration. Milliseconds. */
export function parseRequestTimeout(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  // a whole number of seconds only when not negative; "-1" then fails as a duration (no unit), "-0" is 0
  if (/^[+-]?\d+$/.test(value) && Number(value) >= 0) return Math.abs(Number(value)) * 1000;
  const ns = parseGoDuration(value);
  if (ns === undefined) throw new ConfigError(INVALID_TIMEOUT);
  return ns / 1e6;
}

/** Go's time.Duration.String() for a duration in milliseconds ("1h2m3.5s", "500ms", "0s"). */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const neg = ns < 0;
  if (neg) ns = -ns;
  const sign = neg ? '-' : '';
  const frac = (v: number, digits: number): string => {
    const s = (v / 10 ** digits).toFixed(digits);
    return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  };
  if (ns < 1e9) {
    if (ns < 1e3) return `${sign}${ns}ns`;
    if (ns < 1e6) return `${sign}${frac(ns, 3)}µs`;
    return `${sign}${frac(ns, 6)}ms`;
  }
  const h = Math.floor(ns / 3600e9);
  ns -= h * 3600e9;
  const m = Math.floor(ns / 60e9);
  ns -= m * 60e9;
  const sec = frac(ns, 9);
  if (h > 0) return `${sign}${h}h${m}m${sec}s`;
  if (m > 0) return `${sign}${m}m${sec}s`;
  return `${sign}${sec}s`;
}
