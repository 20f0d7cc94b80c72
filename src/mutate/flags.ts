/** Flag parsing shared by the write commands (dry-run, validate, durations, lists). */
import { Option, type Command } from 'commander';
import { parseGoDuration } from '../config/duration.js';
import { KtlError, FlagValueError } from '../errors.js';
import type { DryRun } from './report.js';
import { klogPrefix } from '../client/klog.js';

/** Repeatable and comma-separated string flags (-f a,b -f c). */
export const collectList = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter(Boolean)];
/** Repeatable flags whose values may contain commas. */
export const collectRaw = (v: string, prev: string[] = []) => [...prev, v];

/** kubectl's help for --validate (default shown 'strict'). */
export const VALIDATE_HELP =
  'Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or "ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.';

/** kubectl's help for --save-config. */
export const SAVE_CONFIG_HELP =
  'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform ktl apply on this object in the future.';

/** Declares --validate[=mode] with kubectl's help text. */
export function addValidateFlag(cmd: Command): Command {
  return cmd.addOption(new Option('--validate [mode]', VALIDATE_HELP).default(undefined, "'strict'"));
}

/** Declares --field-manager with kubectl's help text; `manager` is the default shown ('kubectl-create'). */
export function addFieldManagerFlag(cmd: Command, manager: string): Command {
  return cmd.addOption(new Option('--field-manager <name>', 'Name of the manager used to track field ownership.').default(undefined, `'${manager}'`));
}

/** Declares --dry-run[=strategy] with kubectl's help text. */
export function addDryRunFlag(cmd: Command): Command {
  return cmd.addOption(
    new Option(
      '--dry-run [strategy]',
      'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
    ).default(undefined, "'none'"),
  );
}

/**
 * --dry-run[=none|client|server]; the bare flag and Go boolean values are
 * deprecated aliases of client / none. kubectl warns through klog (a "W" line
 * header naming its helpers.go), so ktl writes the same header; `now` is the
 * clock of the run.
 */
export function parseDryRun(value: unknown, warn: (s: string) => void, now: () => Date = () => new Date()): DryRun {
  const deprecated = (line: number, text: string) => warn(`${klogPrefix('W', now(), process.pid, `helpers.go:${line}`)}${text}\n`);
  if (value === undefined || value === false) return 'none';
  if (value === true) {
    deprecated(703, '--dry-run is deprecated and can be replaced with --dry-run=client.');
    return 'client';
  }
  const s = String(value);
  if (s === 'none' || s === 'client' || s === 'server') return s;
  // strconv.ParseBool's spellings
  if (/^(1|t|T|TRUE|true|True)$/.test(s)) {
    deprecated(717, `--dry-run=${s} is deprecated (boolean value) and can be replaced with --dry-run=client.`);
    return 'client';
  }
  if (/^(0|f|F|FALSE|false|False)$/.test(s)) {
    deprecated(720, `--dry-run=${s} is deprecated (boolean value) and can be replaced with --dry-run=none.`);
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

/** A Go duration flag in ms ("0s", "1m30s"); `flag` as kubectl names it ("--timeout"). */
export function parseDurationFlag(value: unknown, flag: string, dflt = 0): number {
  if (value === undefined) return dflt;
  const s = String(value);
  const ns = parseGoDuration(s);
  if (ns === undefined) {
    // Go's time.ParseDuration texts: a number without unit, an unknown unit, anything else
    const unit = /^[+-]?(?:\d+\.?\d*|\.\d+)([^\d.]+)/.exec(s)?.[1];
    const why = /^[+-]?\d+(\.\d+)?$/.test(s)
      ? `missing unit in duration "${s}"`
      : unit && !['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h'].includes(unit)
        ? `unknown unit "${unit}" in duration "${s}"`
        : `invalid duration "${s}"`;
    throw new FlagValueError(s, flag, `time: ${why}`);
  }
  return ns / 1e6;
}

export function parseIntFlag(value: unknown, flag: string, dflt: number): number {
  if (value === undefined) return dflt;
  const s = String(value);
  if (!/^[+-]?\d+$/.test(s)) throw new FlagValueError(s, flag, `strconv.ParseInt: parsing "${s}": invalid syntax`);
  return Number(s);
}

/** A boolean flag given a value (--watch=false), Go's strconv.ParseBool. */
export function parseBoolFlag(value: unknown, flag: string, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  if (typeof value === 'boolean') return value;
  const s = String(value);
  if (/^(1|t|T|true|TRUE|True)$/.test(s)) return true;
  if (/^(0|f|F|false|FALSE|False)$/.test(s)) return false;
  throw new FlagValueError(s, flag, `strconv.ParseBool: parsing "${s}": invalid syntax`);
}

/**
 * Commander argParsers that check a value as pflag does while it parses the
 * line, so a bad value is refused before required flags and arguments are
 * looked at; the text is kept for parseIntFlag/parseDurationFlag later.
 */
export const intValue =
  (flag: string) =>
  (v: string): string => {
    parseIntFlag(v, flag, 0);
    return v;
  };
export const durationValue =
  (flag: string) =>
  (v: string): string => {
    parseDurationFlag(v, flag);
    return v;
  };

/**
 * Gives declared options of `cmd` pflag's parse-time check of their type
 * (an int64 or a Go duration), by long name: `checkValues(cmd, { '--tail': 'int' })`.
 */
export function checkValues(cmd: Command, types: Record<string, 'int' | 'duration'>): void {
  for (const [long, type] of Object.entries(types)) {
    const o = cmd.options.find((x) => x.long === long);
    if (!o) throw new Error(`checkValues: ${cmd.name()} has no ${long}`);
    const name = o.short ? `${o.short}, ${long}` : long;
    o.argParser(type === 'int' ? intValue(name) : durationValue(name));
  }
}

/** A deletion propagation policy, as DeleteOptions carries it. */
export type CascadePolicy = 'Background' | 'Foreground' | 'Orphan';

/**
 * --cascade as kubectl's DeleteFlags read it (delete, apply, replace): a
 * mode, or one of strconv.ParseBool's spellings, deprecated, with kubectl's
 * warning on stderr. A bare --cascade is background.
 */
export function parseCascadeFlag(value: unknown, warn: (s: string) => void): CascadePolicy {
  const raw = value === undefined || value === true ? 'background' : String(value);
  let asBool: boolean | undefined;
  if (/^(1|t|T|true|TRUE|True)$/.test(raw)) asBool = true;
  else if (/^(0|f|F|false|FALSE|False)$/.test(raw)) asBool = false;
  if (asBool !== undefined) {
    const mode = asBool ? 'background' : 'orphan';
    warn(`warning: --cascade=${raw} is deprecated (boolean value) and can be replaced with --cascade=${mode}.\n`);
    return asBool ? 'Background' : 'Orphan';
  }
  if (raw === 'background') return 'Background';
  if (raw === 'foreground') return 'Foreground';
  if (raw === 'orphan') return 'Orphan';
  throw new KtlError(`invalid cascade value (${raw}). Must be "background", "foreground", or "orphan"`);
}
