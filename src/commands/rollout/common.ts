/**
 * Flag declarations and option parsing shared by scale, rollout, wait and
 * set: the -f/-R/-l/--all groups, --dry-run, -o, durations.
 */
import type { Command } from 'commander';
import { parseGoDuration } from '../../config/duration.js';
import { KtlError } from '../../errors.js';

export const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter((s) => s !== '' || v === '')];
const append = (v: string, prev: string[] = []) => [...prev, v];

export function addFilenameFlags(cmd: Command, what: string): Command {
  return cmd
    .option('-f, --filename <file>', `Filename, directory, or URL to files identifying the resource to ${what}`, collect)
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.')
    .option('-k, --kustomize <dir>', 'Process the kustomization directory. This flag can\'t be used together with -f or -R.');
}

export function addSelectorFlag(cmd: Command): Command {
  return cmd.option('-l, --selector <selector>', 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.');
}

export function addOutputFlags(cmd: Command): Command {
  return cmd
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).')
    .option('--allow-missing-template-keys', 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.')
    .option('--template <template>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.');
}

export function addDryRunFlag(cmd: Command): Command {
  return cmd.option('--dry-run [strategy]', 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.');
}

export { append };

/** A Go duration flag value (e.g. --timeout=30s) in ms; "0" is 0. */
export function parseDurationFlag(flag: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  const s = String(v);
  const ns = parseGoDuration(s);
  if (ns === undefined) {
    throw new KtlError(`invalid argument "${s}" for "--${flag}" flag: time: ${/^[+-]?\d+(\.\d+)?$/.test(s) ? `missing unit in duration "${s}"` : `invalid duration "${s}"`}`);
  }
  return ns / 1e6;
}

export function parseIntFlag(flag: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  const s = String(v);
  if (!/^[+-]?\d+$/.test(s)) throw new KtlError(`invalid argument "${s}" for "--${flag}" flag: strconv.ParseInt: parsing "${s}": invalid syntax`);
  return Number(s);
}

export function parseBoolFlag(flag: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v === 'boolean') return v;
  const s = String(v);
  if (/^(1|t|T|true|TRUE|True)$/.test(s)) return true;
  if (/^(0|f|F|false|FALSE|False)$/.test(s)) return false;
  throw new KtlError(`invalid argument "${s}" for "--${flag}" flag: strconv.ParseBool: parsing "${s}": invalid syntax`);
}

/** -k is not supported by these commands in ktl. */
export function refuseKustomize(opts: Record<string, unknown>): void {
  if (opts.kustomize) throw new KtlError('-k/--kustomize is not supported by ktl yet');
}
