import type { Command } from 'commander';
import { action, Option, withExamples, type App } from './kit.js';
import type { Opts } from '../flags/opts.js';
import { KtlError } from '../errors.js';
import { checkValues, parseIntFlag } from '../mutate/flags.js';

const EXAMPLES = `  # !!!Important Note!!!
  # Requires that the 'tar' binary is present in your container
  # image.  If 'tar' is not present, 'ktl cp' will fail.
  #
  # For advanced use cases, such as symlinks, wildcard expansion or
  # file mode preservation, consider using 'ktl exec'.
  
  # Copy /tmp/foo local file to /tmp/bar in a remote pod in namespace <some-namespace>
  tar cf - /tmp/foo | ktl exec -i -n <some-namespace> <some-pod> -- tar xf - -C /tmp/bar
  
  # Copy /tmp/foo from a remote pod to /tmp/bar locally
  ktl exec -n <some-namespace> <some-pod> -- tar cf - /tmp/foo | tar xf - -C /tmp/bar
  
  # Copy /tmp/foo_dir local directory to /tmp/bar_dir in a remote pod in the default namespace
  ktl cp /tmp/foo_dir <some-pod>:/tmp/bar_dir
  
  # Copy /tmp/foo local file to /tmp/bar in a remote pod in a specific container
  ktl cp /tmp/foo <some-pod>:/tmp/bar -c <specific-container>
  
  # Copy /tmp/foo local file to /tmp/bar in a remote pod in namespace <some-namespace>
  ktl cp /tmp/foo <some-namespace>/<some-pod>:/tmp/bar
  
  # Copy /tmp/foo from a remote pod to /tmp/bar locally
  ktl cp <some-namespace>/<some-pod>:/tmp/foo /tmp/bar`;

export function registerCp(program: Command, app: App): void {
  const cmd = program
    .command('cp')
    .description('Copy files and directories to and from containers.')
    .summary('Copy files and directories to and from containers')
    .usage('<file-spec-src> <file-spec-dest> [options]')
    .argument('[args...]')
    .option('-c, --container <name>', 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen')
    .option('--no-preserve', "The copied file/directory's ownership and permissions will not be preserved in the container")
    .addOption(
      new Option(
        '--retries <n>',
        'Set number of retries to complete a copy operation from a container. Specify 0 to disable or any negative value for infinite retrying. The default is 0 (no retry).',
      ).default(undefined, '0'),
    );
  checkValues(cmd, { '--retries': 'int' });
  cmd.action(action(async (args: string[], opts: Record<string, unknown>, c: Command) => runCp(app, c, args, opts)));
  withExamples(cmd, EXAMPLES);
}

async function runCp(app: App, c: Command, args: string[], opts: Flags): Promise<number> {
  const f = app.factory(c);
  const maxTries = parseIntFlag(opts.retries, '--retries', 0);
  // commander files --no-preserve under "preserve"
  const noPreserve = opts.preserve === false;
  // kubectl resolves the namespace and the client before it looks at the arguments
  const { namespace } = await f.namespace();
  const clients = await f.clients();
  if (args.length !== 2) throw new KtlError('source and destination are required');
  const cp = await import('../podio/cp.js');
  const src = cp.extractFileSpec(args[0]!);
  const dest = cp.extractFileSpec(args[1]!);
  if (src.podName && dest.podName) throw new KtlError('one of src or dest must be a local file specification');
  if (src.file.length === 0 || dest.file.length === 0) throw new KtlError('filepath can not be empty');
  if (!src.podName && !dest.podName) throw new KtlError('one of src or dest must be a remote file specification');
  const cx = {
    clients,
    namespace,
    container: opts.container ?? '',
    noPreserve,
    maxTries,
    out: f.io.out,
    errOut: f.io.errOut,
    cwd: f.ctx.cwd,
    binName: f.ctx.binName,
  };
  // a spec like "ns/:path" names no pod: kubectl takes its path as local (and then fails on it)
  if (src.podName) await cp.copyFromPod(cx, src, { ...dest, remote: false });
  else await cp.copyToPod(cx, { ...src, remote: false }, dest);
  return 0;
}

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ container: string }>;
