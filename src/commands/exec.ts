import type { Command } from 'commander';
import { action, Option, withExamples, type App } from './kit.js';
import type { Opts } from '../flags/opts.js';
import { write } from '../context.js';
import { KtlError, UsageError } from '../errors.js';
import { checkValues, parseDurationFlag } from '../mutate/flags.js';
import type {} from '../flags/commander-ext.js';
import type { Factory } from '../factory.js';
import type { KubeObject } from '../client/rest.js';

const EXAMPLES = `  # Get output from running the 'date' command from pod mypod, using the first container by default
  ktl exec mypod -- date

  # Get output from running the 'date' command in ruby-container from pod mypod
  ktl exec mypod -c ruby-container -- date

  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  ktl exec mypod -c ruby-container -i -t -- bash -il

  # List contents of /usr from the first container of pod mypod and sort by modification time
  # If the command you want to execute in the pod has any flags in common (e.g. -i),
  # you must use two dashes (--) to separate your command's flags/arguments
  # Also note, do not surround your command and its flags/arguments with quotes
  # unless that is how you would execute it normally (i.e., do ls -t /usr, not "ls -t /usr")
  ktl exec mypod -i -t -- ls -t /usr

  # Get output from running 'date' command from the first pod of the deployment mydeployment, using the first container by default
  ktl exec deploy/mydeployment -- date

  # Get output from running 'date' command from the first pod of the service myservice, using the first container by default
  ktl exec svc/myservice -- date`;

export function registerExec(program: Command, app: App): void {
  const cmd = program
    .command('exec')
    .description('Execute a command in a container.')
    .summary('Execute a command in a container')
    .usage('(POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]')
    .argument('[args...]')
    .option('-c, --container <name>', 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen')
    // kubectl's exec has -f alone (no -R, no -k), with this help text as it is
    .addOption(new Option('-f, --filename <file>', 'to use to exec into the resource').argParser(collectFilename).default(undefined, '[]'))
    .addOption(
      new Option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running').default(
        undefined,
        '1m0s',
      ),
    )
    .option('-q, --quiet', 'Only print output from the remote session')
    .option('-i, --stdin', 'Pass stdin to the container')
    .option('-t, --tty', 'Stdin is a TTY');
  checkValues(cmd, { '--pod-running-timeout': 'duration' });
  cmd.action(action(async (args: string[], opts: Record<string, unknown>, c: Command) => runExec(app, c, args, opts)));
  withExamples(cmd, EXAMPLES);
}

/** The arguments after "--" (Commander drops the marker itself). */
export function argsAfterDash(c: Command, args: string[]): number {
  let root: Command = c;
  while (root.parent) root = root.parent;
  const raw = root.rawArgs ?? [];
  const i = raw.indexOf('--');
  if (i < 0) return -1;
  return args.length - (raw.length - i - 1);
}

async function runExec(app: App, c: Command, args: string[], opts: Flags): Promise<number> {
  const f = app.factory(c);
  const atDash = argsAfterDash(c, args);
  let resourceName = '';
  let command: string[] = [];
  if (args.length > 0 && atDash !== 0) resourceName = args[0]!;
  if (atDash > -1) command = args.slice(atDash);
  else if (args.length > 1) {
    throw new UsageError('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead', `${f.ctx.binName} exec`);
  }
  const podTimeoutMs = parseDurationFlag(opts.podRunningTimeout, '--pod-running-timeout', 60_000);
  if (podTimeoutMs <= 0) throw new UsageError('--pod-running-timeout must be higher than zero', `${f.ctx.binName} exec`);
  const filenames = opts.filename ?? [];
  if (!resourceName && filenames.length === 0) throw new KtlError('pod, type/name or --filename must be specified');
  if (command.length === 0) throw new KtlError('you must specify at least one command for the container');
  const quiet = !!opts.quiet;

  const { attachablePod, containerOrDefault, objectForArgs, podPath } = await import('../podio/pods.js');
  const obj = filenames.length > 0 ? await objectForFiles(f, filenames, resourceName) : await objectForArgs(f, [resourceName]);
  const pod = await attachablePod(f, obj, podTimeoutMs, 'attach');
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new KtlError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  let container = opts.container ?? '';
  if (!container) {
    const notices: string[] = [];
    container = containerOrDefault(pod, '', { quiet, notice: (s) => notices.push(s) }).name;
    for (const n of notices) await write(f.io.errOut, n);
  }
  const { setupTerminal } = await import('../podio/terminal.js');
  const { runSession } = await import('../podio/session.js');
  const path = podPath(pod.metadata.namespace, pod.metadata.name, 'exec');
  const terminal = setupTerminal(f.io, { stdin: !!opts.stdin, tty: !!opts.tty, quiet });
  await runSession(f.ctx, await f.clients(), {
    path,
    query: {
      command,
      container,
      stdin: terminal.stdin || undefined,
      stdout: true,
      stderr: terminal.raw ? undefined : true,
      tty: terminal.raw || undefined,
    },
    terminal,
    stderr: !terminal.raw,
  });
  return 0;
}

const collectFilename = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

/**
 * -f: the one object the files hold, as read (kubectl's builder without a
 * GET), in the command's namespace when it names none; several objects are
 * refused, and so is a POD argument next to -f.
 */
async function objectForFiles(f: Factory, filenames: string[], resourceName: string): Promise<KubeObject> {
  if (resourceName) {
    // kubectl's builder checks the paths first: a missing one is the error
    const { stat } = await import('node:fs/promises');
    const path = await import('node:path');
    for (const name of filenames) {
      if (name === '-' || /^https?:\/\//.test(name)) continue;
      const found = await stat(path.resolve(f.ctx.cwd, name)).then(
        () => true,
        () => false,
      );
      if (!found) throw new KtlError(`the path ${JSON.stringify(name)} does not exist`);
    }
    throw new KtlError('resource/name arguments cannot be provided when a path is specified');
  }
  const r = await f.builder().filenames({ filenames }).do();
  if (r.errors.length > 0) throw r.errors[0];
  if (r.infos.length > 1) throw new KtlError('cannot exec into multiple objects at a time');
  const info = r.infos[0];
  if (!info?.object) throw new KtlError('expected a resource');
  const obj = info.object;
  return { ...obj, kind: obj.kind ?? info.mapping.kind, metadata: { ...obj.metadata, namespace: obj.metadata?.namespace || info.namespace } };
}

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ container: string; filename: string[] }>;
