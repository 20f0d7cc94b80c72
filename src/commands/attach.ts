import type { Command } from 'commander';
import { action, Option, withExamples, type App } from './kit.js';
import type { Opts } from '../flags/opts.js';
import { write } from '../context.js';
import { KtlError, messageOf } from '../errors.js';
import { checkValues, parseDurationFlag } from '../mutate/flags.js';

const EXAMPLES = `  # Get output from running pod mypod; use the 'kubectl.kubernetes.io/default-container' annotation
  # for selecting the container to be attached or the first container in the pod will be chosen
  ktl attach mypod

  # Get output from ruby-container from pod mypod
  ktl attach mypod -c ruby-container

  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  ktl attach mypod -c ruby-container -i -t

  # Get output from the first pod of a replica set named nginx
  ktl attach rs/nginx`;

export function registerAttach(program: Command, app: App): void {
  const cmd = program
    .command('attach')
    .description('Attach to a process that is already running inside an existing container.')
    .summary('Attach to a running container')
    .usage('(POD | TYPE/NAME) -c CONTAINER')
    .argument('[args...]')
    .option('-c, --container <name>', 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen')
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
  cmd.action(action(async (args: string[], opts: Record<string, unknown>, c: Command) => runAttach(app, c, args, opts)));
  withExamples(cmd, EXAMPLES);
}

async function runAttach(app: App, c: Command, args: string[], opts: Flags): Promise<number> {
  const f = app.factory(c);
  if (args.length === 0) throw new KtlError('at least 1 argument is required for attach');
  if (args.length > 2) throw new KtlError(`expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${args.length}: [${args.join(' ')}]`);
  const podTimeoutMs = parseDurationFlag(opts.podRunningTimeout, '--pod-running-timeout', 60_000);
  if (podTimeoutMs <= 0) throw new KtlError('--pod-running-timeout must be higher than zero');
  const quiet = !!opts.quiet;

  const { attachablePod, containerOrDefault, objectForArgs } = await import('../podio/pods.js');
  const obj = await objectForArgs(f, args);
  const pod = await attachablePod(f, obj, podTimeoutMs, 'attach');
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new KtlError(`cannot attach a container in a completed pod; current phase is ${phase}`);
  const notices: string[] = [];
  let container;
  try {
    container = containerOrDefault(pod, opts.container ?? '', { quiet, notice: (s) => notices.push(s) });
  } catch (e) {
    throw new KtlError(`cannot attach to the container: ${messageOf(e)}`);
  }
  for (const n of notices) await write(f.io.errOut, n);
  const { attachContainer } = await import('../podio/attach.js');
  await attachContainer(f, pod, container, { stdin: !!opts.stdin, tty: !!opts.tty, quiet });
  return 0;
}

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ container: string }>;
