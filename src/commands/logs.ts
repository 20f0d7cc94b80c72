import type { Command } from 'commander';
import { action, Option, withExamples, type App } from './kit.js';
import type { Opts } from '../flags/opts.js';
import { write } from '../context.js';
import { ExitError, KtlError, UsageError } from '../errors.js';
import { SelectorFlags } from '../flags/selector.js';
import { checkValues, parseDurationFlag, parseIntFlag } from '../mutate/flags.js';

const USAGE = 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]';

const EXAMPLES = `  # Return snapshot logs from pod nginx with only one container
  ktl logs nginx

  # Return snapshot logs from pod nginx, prefixing each line with the source pod and container name
  ktl logs nginx --prefix

  # Return snapshot logs from pod nginx, limiting output to 500 bytes
  ktl logs nginx --limit-bytes=500

  # Return snapshot logs from pod nginx, waiting up to 20 seconds for it to start running.
  ktl logs nginx --pod-running-timeout=20s

  # Return snapshot logs from pod nginx with multi containers
  ktl logs nginx --all-containers=true

  # Return snapshot logs from all pods in the deployment nginx
  ktl logs deployment/nginx --all-pods=true

  # Return snapshot logs from all containers in pods defined by label app=nginx
  ktl logs -l app=nginx --all-containers=true

  # Return snapshot logs from all pods defined by label app=nginx, limiting concurrent log requests to 10 pods
  ktl logs -l app=nginx --max-log-requests=10

  # Return snapshot of previous terminated ruby container logs from pod web-1
  ktl logs -p -c ruby web-1

  # Begin streaming the logs from pod nginx, continuing even if errors occur
  ktl logs nginx -f --ignore-errors=true

  # Begin streaming the logs of the ruby container in pod web-1
  ktl logs -f -c ruby web-1

  # Begin streaming the logs from all containers in pods defined by label app=nginx
  ktl logs -f -l app=nginx --all-containers=true

  # Display only the most recent 20 lines of output in pod nginx
  ktl logs --tail=20 nginx

  # Show all logs from pod nginx written in the last hour
  ktl logs --since=1h nginx

  # Show all logs with timestamps from pod nginx starting from August 30, 2024, at 06:00:00 UTC
  ktl logs nginx --since-time=2024-08-30T06:00:00Z --timestamps=true

  # Show logs from a kubelet with an expired serving certificate
  ktl logs --insecure-skip-tls-verify-backend nginx

  # Return snapshot logs from first container of a job named hello
  ktl logs job/hello

  # Return snapshot logs from container nginx-1 of a deployment named nginx
  ktl logs deployment/nginx -c nginx-1`;

export function registerLogs(program: Command, app: App): void {
  const cmd = program
    .command('logs')
    .description('Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.')
    .summary('Print the logs for a container in a pod')
    .usage('[-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]')
    .argument('[args...]')
    .option('--all-containers', "Get all containers' logs in the pod(s).")
    .option('--all-pods', 'Get logs from all pod(s). Sets prefix to true.')
    .option('-c, --container <name>', 'Print the logs of this container')
    .option('-f, --follow', 'Specify if the logs should be streamed.')
    .option('--ignore-errors', 'If watching / following pod logs, allow for any errors that occur to be non-fatal')
    .option(
      '--insecure-skip-tls-verify-backend',
      'Skip verifying the identity of the kubelet that logs are requested from.  In theory, an attacker could provide invalid log content back. You might want to use this if your kubelet serving certificates have expired.',
    )
    .addOption(new Option('--limit-bytes <n>', 'Maximum bytes of logs to return. Defaults to no limit.').default(0))
    .addOption(new Option('--max-log-requests <n>', 'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.').default(5))
    .addOption(
      new Option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running').default(
        undefined,
        '20s',
      ),
    )
    .option('--prefix', 'Prefix each log line with the log source (pod name and container name)')
    .option('-p, --previous', 'If true, print the logs for the previous instance of the container in a pod if it exists.')
    .addOption(
      new Option(
        '--since <duration>',
        'Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.',
      ).default(undefined, '0s'),
    )
    .addOption(
      new Option('--since-time <time>', 'Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used.'),
    )
    .addOption(
      new Option(
        '--tail <lines>',
        'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.',
      ).default(undefined, '-1'),
    )
    .option('--timestamps', 'Include timestamps on each line in the log output')
    .option(
      '--color <when>',
      "ktl only: colour each pod's --prefix: 'auto' (when stdout is a terminal and NO_COLOR is unset), 'always' or 'never'.",
    );
  new SelectorFlags({ selector: true }).addTo(cmd);
  checkValues(cmd, { '--limit-bytes': 'int', '--max-log-requests': 'int', '--pod-running-timeout': 'duration', '--since': 'duration', '--tail': 'int' });
  cmd.action(action(async (args: string[], opts: Record<string, unknown>, c: Command) => runLogs(app, c, args, opts)));
  withExamples(cmd, EXAMPLES);
}

function usage(c: Command, msg: string): UsageError {
  return new UsageError(msg, `${c.parent?.name() ?? 'ktl'} logs`);
}

async function runLogs(app: App, c: Command, args: string[], opts: Flags): Promise<number> {
  const f = app.factory(c);
  const io = f.io;
  const selector = opts.selector ?? '';
  const containerFlag = opts.container;
  let resourceArg = '';
  let container = containerFlag ?? '';
  const usageErr = `expected '${USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command`;
  if (args.length === 0) {
    if (!selector) throw usage(c, usageErr);
  } else if (args.length === 1) {
    resourceArg = args[0]!;
    if (selector) throw usage(c, 'only a selector (-l) or a POD name is allowed');
  } else if (args.length === 2) {
    resourceArg = args[0]!;
    container = args[1]!;
  } else {
    throw usage(c, usageErr);
  }
  const allPods = !!opts.allPods;
  const prefix = !!opts.prefix || allPods;
  const { colorEnabled, parseColorMode } = await import('../printers/color-mode.js');
  const colorMode = parseColorMode(opts.color);
  const podTimeoutMs = parseDurationFlag(opts.podRunningTimeout, '--pod-running-timeout', 20_000);
  if (podTimeoutMs <= 0) throw new KtlError('--pod-running-timeout must be higher than zero');
  const sinceMs = parseDurationFlag(opts.since, '--since', 0);
  const tail = parseIntFlag(opts.tail, '--tail', -1);
  const limitBytes = parseIntFlag(opts.limitBytes, '--limit-bytes', 0);
  const maxRequests = parseIntFlag(opts.maxLogRequests, '--max-log-requests', 5);
  const sinceTimeRaw = opts.sinceTime ?? '';
  const sinceTime = sinceTimeRaw ? await parseSinceTime(sinceTimeRaw) : undefined;
  const sinceSeconds = sinceMs !== 0 ? roundHalfAway(sinceMs / 1000) : undefined;
  const tailLines = selector && tail === -1 && opts.tail === undefined ? 10 : tail !== -1 ? tail : undefined;

  const { namespace } = await f.namespace();
  const clients = await f.clients();
  const { objectForArgs, listPods } = await import('../podio/pods.js');
  let obj;
  if (selector) {
    const pods = await listPods(clients, namespace, selector);
    obj = { kind: 'PodList', items: pods };
    if (pods.length === 0) await write(io.errOut, `No resources found in ${namespace} namespace.\n`);
  } else {
    // an empty POD gives kubectl's builder nothing to look up
    if (resourceArg === '') {
      const { MISSING_RESOURCE_MESSAGE } = await import('../resource/args.js');
      throw new KtlError(MISSING_RESOURCE_MESSAGE);
    }
    try {
      obj = await objectForArgs(f, [resourceArg]);
    } catch (err) {
      const { ApiError } = await import('../errors.js');
      if (err instanceof ApiError && err.statusCode === 404) {
        throw new KtlError(`error from server (NotFound): ${err.message} in namespace ${JSON.stringify(namespace)}`);
      }
      throw err;
    }
  }

  // kubectl's Validate, after the object was read
  if (sinceTimeRaw && sinceMs !== 0) throw new KtlError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (opts.allContainers && container) throw new KtlError(`--all-containers=true should not be specified with container name ${container}`);
  if (containerFlag !== undefined && args.length === 2) throw new KtlError('only one of -c or an inline [CONTAINER] arg is allowed');
  if (limitBytes < 0) throw new KtlError('--limit-bytes must be greater than 0');
  if (sinceSeconds !== undefined && sinceSeconds < 0) throw new KtlError('--since must be greater than 0');
  if (tailLines !== undefined && tailLines < -1) throw new KtlError('--tail must be greater than or equal to -1');

  const { logRequestsFor, streamLogs } = await import('../podio/logs.js');
  const notices: string[] = [];
  let requests: Awaited<ReturnType<typeof logRequestsFor>>;
  try {
    requests = await logRequestsFor(clients, obj, {
      container,
      allContainers: !!opts.allContainers,
      allPods,
      podTimeoutMs,
      notice: (s) => notices.push(s),
    });
  } finally {
    // kubectl has said which pod it took before it finds the container missing
    for (const n of notices) await write(io.errOut, n);
  }
  const follow = !!opts.follow;
  if (follow && requests.length > 1 && requests.length > maxRequests) {
    throw new KtlError(
      `you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${maxRequests}, use --max-log-requests to increase the limit`,
    );
  }
  const { guardStream, StdoutClosedError } = await import('../podio/line-output.js');
  const ac = new AbortController();
  let interrupted = false;
  // kubectl's interrupt handler: SIGINT, SIGTERM, SIGHUP and SIGQUIT end logs at once with status 1, nothing printed
  const unregister = f.ctx.exitOnTermination(() => {
    interrupted = true;
    ac.abort();
  });
  const unguard = guardStream(io.out);
  try {
    await streamLogs(
      clients,
      requests,
      {
        follow,
        previous: !!opts.previous,
        timestamps: !!opts.timestamps,
        sinceSeconds,
        sinceTime,
        tailLines,
        limitBytes: limitBytes !== 0 ? limitBytes : undefined,
        insecureSkipTLSVerifyBackend: !!opts.insecureSkipTlsVerifyBackend,
      },
      io.out,
      {
        prefix,
        colorPrefix: prefix && colorEnabled(colorMode, io.isTTY, f.ctx.env),
        ignoreErrors: !!opts.ignoreErrors,
        parallel: follow && requests.length > 1,
        signal: ac.signal,
      },
    );
  } catch (err) {
    if (err instanceof StdoutClosedError) throw err;
    if (interrupted) throw new ExitError(1);
    throw err;
  } finally {
    unregister();
    unguard();
  }
  // kubectl's interrupt handler exits 1 on Ctrl-C
  if (interrupted) throw new ExitError(1);
  return 0;
}

function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** util.ParseRFC3339 (Go's time.Parse, RFC 3339 with or without fractions), sent as RFC 3339 seconds in UTC like metav1.Time. */
async function parseSinceTime(s: string): Promise<string> {
  const { GoTimeParseError, parseRfc3339 } = await import('../codec/rfc3339.js');
  try {
    return new Date(parseRfc3339(s)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  } catch (err) {
    if (err instanceof GoTimeParseError) throw new KtlError(err.message);
    throw err;
  }
}

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ selector: string; container: string; color: string; sinceTime: string }>;
