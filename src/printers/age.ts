/**
 * kubectl's AGE strings (apimachinery util/duration). Durations are given in
 * milliseconds; Go truncates towards zero at every step, and so do we.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** HumanDuration: two units of precision while the larger unit is small (`5m3s`, `3h1m`, `4d5h`, `2y30d`). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const d = Math.trunc(hours / 24);
    return h === 0 ? `${d}d` : `${d}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const years = Math.trunc(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** ShortHumanDuration: a single unit (`45s`, `5m`, `3h`, `2d`, `1y`). */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(ms / HOUR / 24 / 365)}y`;
}

/** Go's zero time.Time as Kubernetes serialises it; metav1.Time{} marshals to null instead. */
const ZERO_TIMES = new Set(['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z']);

/**
 * Parses a metav1.Time value (RFC 3339 string) or Date; undefined when it is
 * missing, null, the zero time or not a timestamp.
 */
export function parseTimestamp(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || value === '' || ZERO_TIMES.has(value)) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t);
  return d.getUTCFullYear() <= 1 ? undefined : d;
}

/** translateTimestampSince: the AGE cell for a timestamp, `<unknown>` when there is none. */
export function translateTimestampSince(timestamp: unknown, now: Date): string {
  const t = parseTimestamp(timestamp);
  if (!t) return '<unknown>';
  return humanDuration(now.getTime() - t.getTime());
}

/** translateTimestampUntil: the same for a time in the future (e.g. certificate expiry). */
export function translateTimestampUntil(timestamp: unknown, now: Date): string {
  const t = parseTimestamp(timestamp);
  if (!t) return '<unknown>';
  return humanDuration(t.getTime() - now.getTime());
}
