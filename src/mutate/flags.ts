/** Flag parsing shared by the write commands (dry-run, validate, durations, lists). */
import { parseGoDuration } from '../config/duration.js';
import { KtlError } from '../errors.js';
import type { DryRun } from './report.js';

/** Repeatable and comma-separated string flags (-f a,b -f c). */
export const collectList = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter(Boolean)];
/** Repeatable flags whose values may contain commas. */
export const collectRaw = (v: string, prev: string[] = []) => [...prev, v];

/** --dry-run[=none|client|server]; bare or boolean forms are deprecated aliases of client. */
export function parseDryRun(value: unknown, warn: (s: string) => void): DryRun {
  if (value === undefined || value === false) return 'none';
  if (value === true) {
    warn('--dry-run is deprecated and can be replaced with --dry-run=client.\n');
    return 'client';
  }
  const s = String(value);
  if (s === 'none' || s === 'client' || s === 'server') return s;
  if (s === 'true') {
    warn('--dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client.\n');
    return 'client';
  }
  if (s === 'false') {
    warn('--dry-run=false is deprecated (boolean value) and can be replaced with --dry-run=none.\n');
    return 'none';
  }
  throw new KtlError(`Invalid dry-run value (${s}). Must be "none", "server", or "client".`);
}

/** --validate: the fieldValidation query value. */
export function parseValidate(value: unknown): 'Strict' | 'Warn' | 'Ignore' {
  const s = value === undefined || value === true ? 'strict' : String(value).toLowerCase();
  if (s === 'strict' || s === 'true') return 'Strict';
  if (s === 'warn') return 'Warn';
  if (s === 'ignore' || s === 'false') return 'Ignore';
  throw new KtlError(`invalid - validate option "${String(value)}"; must be one of: strict (or true), warn, ignore (or false)`);
}

/** A Go duration flag in ms ("0s", "1m30s"). */
export function parseDurationFlag(value: unknown, flag: string): number {
  if (value === undefined) return 0;
  const ns = parseGoDuration(String(value));
  const ms = ns === undefined ? undefined : ns / 1e6;
  if (ms === undefined) throw new KtlError(`invalid argument "${String(value)}" for "${flag}" flag: time: invalid duration "${String(value)}"`);
  return ms;
}

export function parseIntFlag(value: unknown, flag: string, dflt: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new KtlError(`invalid argument "${String(value)}" for "${flag}" flag: strconv.ParseInt: parsing "${String(value)}": invalid syntax`);
  return n;
}
