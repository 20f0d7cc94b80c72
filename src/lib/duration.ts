/** Durations in options: milliseconds, or a Go duration string ("30s", "1m30s"). */
import { parseGoDuration } from '../config/duration.js';
import { KtlError } from '../errors.js';

export function parseDuration(v: number | string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) throw new KtlError(`invalid duration: ${v}`);
    return v;
  }
  const ns = /^\d+$/.test(v) ? Number(v) * 1e9 : parseGoDuration(v);
  if (ns === undefined || Number.isNaN(ns) || ns < 0) throw new KtlError(`invalid duration "${v}": use milliseconds or a Go duration such as "30s"`);
  return ns / 1e6;
}
