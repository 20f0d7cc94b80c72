import { Command, Option } from 'commander';

import type { ConfigOverrides } from '../config/overrides.js';
import { parseGoDuration } from '../config/duration.js';
import { FlagValueError } from '../errors.js';

/** kubectl's global (connection) flags, as parsed by Commander: the config overrides. */
export type GlobalFlags = ConfigOverrides;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** klog's -v: a Level, parsed as Go's strconv.ParseInt(value, 10, 32), with pflag's texts. */
export function parseLevel(value: string): string {
  const why = (w: string) => new FlagValueError(value, '-v, --v', `strconv.ParseInt: parsing "${value}": ${w}`);
  if (!/^[+-]?\d+$/.test(value)) throw why('invalid syntax');
  const n = BigInt(value);
  if (n > 2147483647n || n < -2147483648n) throw why('value out of range');
  return String(n);
}

/**
 * klog's --log-flush-frequency: a Go flag.Duration (its parse failures are
 * all "parse error"). ktl writes each log line as it is made, so there is
 * nothing to flush: the value is checked, not used.
 */
function parseFlushFrequency(value: string): string {
  if (parseGoDuration(value) === undefined) throw new FlagValueError(value, '--log-flush-frequency', 'parse error');
  return value;
}

/** klog's --vmodule syntax: pattern=N, comma-separated, empty items skipped. Checked; ktl's logs are not per file. */
function parseVmodule(value: string): string {
  for (const item of value.split(',')) {
    if (item === '') continue;
    const parts = item.split('=');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '' || !/^[+-]?\d+$/.test(parts[1]!) || Math.abs(Number(parts[1])) > 2147483647) {
      throw new FlagValueError(value, '--vmodule', 'syntax error: expect comma-separated list of filename=N');
    }
  }
  return value;
}

/**
 * Flags accepted before or after the verb, with kubectl's names and defaults.
 * `--kuberc` is there while kuberc is on (kubectl 1.33: with KUBECTL_KUBERC=true;
 * ktl: unless KUBECTL_KUBERC=false); src/kuberc takes it off the line before
 * parsing. The many-contexts flags are ktl's (src/multi takes them off the line).
 */
export function addGlobalFlags(program: Command, o: { kuberc?: boolean } = {}): void {
  const flags: Option[] = [
    new Option(
      '--all-contexts',
      'ktl: run the command in every context of the kubeconfig, concurrently, and merge the output (tables get a CONTEXT column). Read commands: get, describe, events, top, auth can-i, auth whoami, version, api-resources, logs; apply, delete, scale, rollout restart and set image also need --yes. --context also takes a comma-separated list of contexts.',
    ),
    new Option('--as <user>', 'Username to impersonate for the operation. User could be a regular user or a service account in a namespace.'),
    new Option('--as-group <group>', 'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.').argParser(collect).default(undefined, '[]'),
    new Option('--as-uid <uid>', 'UID to impersonate for the operation.'),
    new Option('--cache-dir <dir>', "Default cache directory").default(undefined, "'$HOME/.kube/cache'"),
    new Option('--certificate-authority <path>', 'Path to a cert file for the certificate authority'),
    new Option('--client-certificate <path>', 'Path to a client certificate file for TLS'),
    new Option('--client-key <path>', 'Path to a client key file for TLS'),
    new Option('--cluster <name>', 'The name of the kubeconfig cluster to use'),
    new Option('--context <name>', 'The name of the kubeconfig context to use'),
    new Option('--contexts <regex>', 'ktl: as --all-contexts, in the contexts whose name matches this regular expression.'),
    new Option('--disable-compression', 'If true, opt-out of response compression for all requests to the server'),
    new Option('--insecure-skip-tls-verify', "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure"),
    new Option('--kubeconfig <path>', 'Path to the kubeconfig file to use for CLI requests.'),
    ...(o.kuberc ? [new Option('--kuberc <path>', 'Path to the kuberc file to use for preferences. This can be disabled by exporting KUBECTL_KUBERC=false.')] : []),
    new Option('--log-flush-frequency <duration>', 'Maximum number of seconds between log flushes').argParser(parseFlushFrequency).default(undefined, '5s'),
    new Option('--match-server-version', 'Require server version to match client version'),
    new Option('-n, --namespace <namespace>', 'If present, the namespace scope for this CLI request'),
    new Option('--password <password>', 'Password for basic authentication to the API server'),
    new Option('--profile <name>', 'Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)').default(undefined, "'none'"),
    new Option('--profile-output <file>', 'Name of the file to write the profile to').default(undefined, "'profile.pprof'"),
    new Option('--request-timeout <duration>', "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.").default(undefined, "'0'"),
    new Option('-s, --server <address>', 'The address and port of the Kubernetes API server'),
    new Option('--tls-server-name <name>', 'Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used'),
    new Option('--token <token>', 'Bearer token for authentication to the API server'),
    new Option('--user <name>', 'The name of the kubeconfig user to use'),
    new Option('--username <name>', 'Username for basic authentication to the API server'),
    new Option('-v, --v <level>', 'number for the log level verbosity').argParser(parseLevel).default(undefined, '0'),
    new Option('--vmodule <pattern=N,...>', 'comma-separated list of pattern=N settings for file-filtered logging (only works for the default text log format)').argParser(parseVmodule).default(undefined, ''),
    new Option('--warnings-as-errors', 'Treat warnings received from the server as errors and exit with a non-zero exit code'),
  ];
  for (const f of flags) program.addOption(f);
}

/** An option as pflag's help shows it: `-o, --output='yaml'`, `--raw=false`, `--as-group=[]`. */
export function pflagTerm(o: Option): string {
  const names = o.short ? `${o.short}, ${o.long}` : `${o.long}`;
  const d: unknown = o.defaultValue;
  let shown: string;
  if (o.defaultValueDescription !== undefined) shown = o.defaultValueDescription;
  else if ((!o.required && !o.optional) || o.flags.includes('[bool]')) shown = d === true || d === 'true' ? 'true' : 'false';
  else if (Array.isArray(d)) shown = `[${d.join(',')}]`;
  else if (d === undefined && isRepeatable(o)) shown = '[]';
  else if (typeof d === 'number') shown = String(d);
  else shown = `'${d === undefined ? '' : String(d)}'`;
  return `${names}=${shown}`;
}

/**
 * The defaults kubectl's help shows for `cmd`'s flags ('--revision': '0',
 * '--dry-run': "'none'") where ktl applies the default later rather than
 * through Commander; help only, parsing is unchanged.
 */
export function helpDefaults<C extends Command>(cmd: C, shown: Record<string, string>): C {
  for (const [long, text] of Object.entries(shown)) {
    const o = cmd.options.find((x) => x.long === long);
    if (!o) throw new Error(`internal error: ${cmd.name()} has no flag ${long}`);
    o.defaultValueDescription = text;
  }
  return cmd;
}

/** kubectl's help texts for `cmd`'s flags where they differ from the shared flag's ('--all': ...). */
export function helpTexts<C extends Command>(cmd: C, texts: Record<string, string>): C {
  for (const [long, text] of Object.entries(texts)) {
    const o = cmd.options.find((x) => x.long === long);
    if (!o) throw new Error(`internal error: ${cmd.name()} has no flag ${long}`);
    o.description = text;
  }
  return cmd;
}

/** A flag that collects its values into a list (pflag's string slices and arrays, shown `=[]`). */
function isRepeatable(o: Option): boolean {
  if (!o.parseArg || (!o.required && !o.optional)) return false;
  try {
    return Array.isArray(o.parseArg('x', undefined));
  } catch {
    return false;
  }
}

/** The global flags as "--flag=value: description" lines, for `ktl options`. */
export function describeGlobalFlags(program: Command, cacheDir: string): string {
  const lines = ['The following options can be passed to any command:', ''];
  for (const o of program.options) {
    if (o.hidden) continue;
    // kubectl's default is the folder itself ($KUBECACHEDIR, else under the home folder), not a pattern
    const term = o.long === '--cache-dir' ? `--cache-dir='${cacheDir}'` : pflagTerm(o);
    lines.push(`    ${term}:`, `\t${o.description}`, '');
  }
  return lines.join('\n');
}
