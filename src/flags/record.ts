/**
 * --record, deprecated in kubectl 1.33 but still accepted (cli-runtime's
 * RecordFlags): with --record=true the object gets the
 * kubernetes.io/change-cause annotation holding the command line as pflag
 * re-reads it: the binary's base name, the words that are not flags, then
 * every flag given, in order, as --LONG-NAME=VALUE.
 */
import { Option, type Command } from 'commander';
import type {} from './commander-ext.js';
import { isRecord } from '../codec/value.js';

export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** An option pflag would have marked deprecated: hidden from help, accepted with a warning. */
/** cobra's MarkDeprecated on a flag: hidden, and "Flag --NAME has been deprecated, MESSAGE" each time it is used (see normalizeArgs). */
export function deprecateOption(o: Option, message: string): Option {
  o.deprecated = message;
  return o.hideHelp();
}

/** Declares the hidden, deprecated --record on a command. */
export function addRecordFlag(cmd: Command): Command {
  return cmd.addOption(
    deprecateOption(
      new Option(
        '--record',
        'Record current kubectl command in the resource annotation. If set to false, do not record the command. If set to true, record the command. If not set, default to updating the existing annotation value only if one already exists.',
      ),
      '--record will be removed in the future',
    ),
  );
}

/** The change cause to record when --record=true was given, else undefined. */
export function recordCause(cmd: Command, opts: Record<string, unknown>, binName: string): string | undefined {
  if (opts.record !== true) return undefined;
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  const raw = root.rawArgs ?? [];
  return commandLine(cmd, raw, binName);
}

/** Sets the change-cause annotation on an object about to be sent (a no-op without a cause). */
export function recordOn(obj: object, cause: string | undefined): void {
  if (cause === undefined) return;
  if (!isRecord(obj)) return;
  const meta = isRecord(obj.metadata) ? obj.metadata : (obj.metadata = {});
  meta.annotations = { ...(isRecord(meta.annotations) ? meta.annotations : {}), [CHANGE_CAUSE_ANNOTATION]: cause };
}

/** cli-runtime's parseCommandArguments over the raw line, with the options of cmd and its parents. */
export function commandLine(cmd: Command, raw: string[], binName: string): string {
  const options: Option[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) options.push(...c.options);
  const byLong = (n: string) => options.find((o) => o.long === n);
  const byShort = (n: string) => options.find((o) => o.short === n);
  const takesValue = (o: Option) => o.required;
  const bare = (o: Option) => (o.long === '--dry-run' ? 'unchanged' : 'true');
  const args: string[] = [];
  let flags = '';
  const add = (o: Option, value: string) => (flags += ` --${(o.long ?? o.short ?? '').replace(/^-+/, '')}=${value}`);
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i]!;
    if (a === '--') {
      args.push(...raw.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const o = byLong(eq < 0 ? a : a.slice(0, eq));
      if (!o) return '';
      if (eq >= 0) add(o, a.slice(eq + 1));
      else if (takesValue(o)) {
        if (i + 1 >= raw.length) return '';
        add(o, raw[++i]!);
      } else add(o, bare(o));
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // shorthands, possibly several (-it) or with a value (-nfoo, -n=foo, -n foo)
      for (let j = 1; j < a.length; j++) {
        const o = byShort(`-${a[j]}`);
        if (!o) return '';
        if (!takesValue(o)) {
          if (a[j + 1] === '=') {
            add(o, a.slice(j + 2));
            break;
          }
          add(o, bare(o));
          continue;
        }
        let value = a.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (value === '') {
          if (i + 1 >= raw.length) return '';
          value = raw[++i]!;
        }
        add(o, value);
        break;
      }
      continue;
    }
    args.push(a);
  }
  return `${binName}${args.length ? ` ${args.join(' ')}` : ''}${flags}`;
}
