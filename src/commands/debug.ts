/**
 * `ktl debug (POD | TYPE/NAME) [-- COMMAND [args...]]`, kubectl 1.33's
 * debug: flags, their checks in kubectl's order (Complete, then Validate),
 * then src/debug/run.ts.
 */
import type { Command } from 'commander';
import { action, Option, withExamples, type App } from './kit.js';
import { write } from '../context.js';
import { KtlError, PreConfigError } from '../errors.js';
import { isImageReference } from '../create/image-reference.js';
import { collectRaw } from '../mutate/flags.js';
import { argsAfterDash } from './exec.js';
import type { Opts } from '../flags/opts.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ container: string; copyTo: string; custom: string; env: string[]; filename: string[]; image: string; imagePullPolicy: string; setImage: string[]; target: string }>;

const LONG = `Debug cluster resources using interactive debugging containers.

 'debug' provides automation for common debugging tasks for cluster objects identified by resource and name. Pods will be used by default if no resource is specified.

 The action taken by 'debug' varies depending on what resource is specified. Supported actions include:

  *  Workload: Create a copy of an existing pod with certain attributes changed, for example changing the image tag to a new version.
  *  Workload: Add an ephemeral container to an already running pod, for example to add debugging utilities without restarting the pod.
  *  Node: Create a new pod that runs in the node's host namespaces and can access the node's filesystem.

 Note: When a non-root user is configured for the entire target Pod, some capabilities granted by debug profile may not work.`;

const EXAMPLES = `  # Create an interactive debugging session in pod mypod and immediately attach to it.
  ktl debug mypod -it --image=busybox
  
  # Create an interactive debugging session for the pod in the file pod.yaml and immediately attach to it.
  # (requires the EphemeralContainers feature to be enabled in the cluster)
  ktl debug -f pod.yaml -it --image=busybox
  
  # Create a debug container named debugger using a custom automated debugging image.
  ktl debug --image=myproj/debug-tools -c debugger mypod
  
  # Create a copy of mypod adding a debug container and attach to it
  ktl debug mypod -it --image=busybox --copy-to=my-debugger
  
  # Create a copy of mypod changing the command of mycontainer
  ktl debug mypod -it --copy-to=my-debugger --container=mycontainer -- sh
  
  # Create a copy of mypod changing all container images to busybox
  ktl debug mypod --copy-to=my-debugger --set-image=*=busybox
  
  # Create a copy of mypod adding a debug container and changing container images
  ktl debug mypod -it --copy-to=my-debugger --image=debian --set-image=app=app:debug,sidecar=sidecar:debug
  
  # Create an interactive debugging session on a node and immediately attach to it.
  # The container will run in the host namespaces and the host's filesystem will be mounted at /host
  ktl debug node/mynode -it --image=busybox`;

const listDefault = (o: Option) => o.default(undefined, '[]');

export function registerDebug(program: Command, app: App): void {
  const cmd = program
    .command('debug')
    .description(LONG)
    .summary('Create debugging sessions for troubleshooting workloads and nodes')
    .usage('(POD | TYPE[[.VERSION].GROUP]/NAME) [ -- COMMAND [args...] ] [options]')
    .argument('[args...]')
    .option('--arguments-only', 'If specified, everything after -- will be passed to the new container as Args instead of Command.')
    .option(
      '--attach',
      "If true, wait for the container to start running, and then attach as if 'ktl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true.",
    )
    .addOption(new Option('--no-attach').hideHelp())
    .option('-c, --container <name>', 'Container name to use for debug container.')
    .option('--copy-to <name>', 'Create a copy of the target Pod with this name.')
    .option('--custom <file>', 'Path to a JSON or YAML file containing a partial container spec to customize built-in debug profiles.')
    .addOption(listDefault(new Option('--env <key=value>', 'Environment variables to set in the container.').argParser(collectRaw)))
    .addOption(listDefault(new Option('-f, --filename <file>', 'identifying the resource to debug').argParser(collectRaw)))
    .option('--image <image>', 'Container image to use for debug container.')
    .option(
      '--image-pull-policy <policy>',
      'The image pull policy for the container. If left empty, this value will not be specified by the client and defaulted by the server.',
    )
    .option('--keep-annotations', "If true, keep the original pod annotations.(This flag only works when used with '--copy-to')")
    .addOption(
      new Option('--keep-init-containers', "Run the init containers for the pod. Defaults to true.(This flag only works when used with '--copy-to')").default(
        undefined,
        'true',
      ),
    )
    .addOption(new Option('--no-keep-init-containers').hideHelp())
    .option('--keep-labels', "If true, keep the original pod labels.(This flag only works when used with '--copy-to')")
    .option('--keep-liveness', "If true, keep the original pod liveness probes.(This flag only works when used with '--copy-to')")
    .option('--keep-readiness', "If true, keep the original pod readiness probes.(This flag only works when used with '--copy-to')")
    .option('--keep-startup', "If true, keep the original startup probes.(This flag only works when used with '--copy-to')")
    .addOption(new Option('--profile <profile>', 'Options are "legacy", "general", "baseline", "netadmin", "restricted" or "sysadmin".').default('legacy'))
    .option('-q, --quiet', 'If true, suppress informational messages.')
    .option('--replace', "When used with '--copy-to', delete the original Pod.")
    .option('--same-node', "When used with '--copy-to', schedule the copy of target Pod on the same node.")
    .addOption(
      listDefault(
        new Option(
          '--set-image <name=image>',
          "When used with '--copy-to', a list of name=image pairs for changing container images, similar to how 'ktl set image' works.",
        ).argParser(collectRaw),
      ),
    )
    .addOption(new Option('--share-processes', "When used with '--copy-to', enable process namespace sharing in the copy.").default(undefined, 'true'))
    .addOption(new Option('--no-share-processes').hideHelp())
    .option('-i, --stdin', 'Keep stdin open on the container(s) in the pod, even if nothing is attached.')
    .option('--target <container>', 'When using an ephemeral container, target processes in this container name.')
    .option('-t, --tty', 'Allocate a TTY for the debugging container.');
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      // the root's --profile (kubectl's global profiler flag) takes the word wherever it is on the line; for
      // debug the word is debug's own, as cobra gives a local flag precedence over a persistent one
      let root: Command = c;
      while (root.parent) root = root.parent;
      const global = root.opts<{ profile?: string }>().profile;
      return runDebugCommand(app, c, args, global === undefined ? opts : { ...opts, profile: global });
    }),
  );
  withExamples(cmd, EXAMPLES);
}

/**
 * pflag's StringToString: one pair as written (quotes trimmed), several
 * "k=v" as one CSV record; later keys win. Pairs keep the order first given.
 */
export function parseStringToString(values: string[], flag: string, bin: string): Array<[string, string]> {
  const out = new Map<string, string>();
  for (const val of values) {
    const n = (val.match(/=/g) ?? []).length;
    let pairs: string[];
    if (n === 0) pairs = [val];
    else if (n === 1) pairs = [val.replace(/^"+|"+$/g, '')];
    else pairs = csvRecord(val);
    for (const p of pairs) {
      const eq = p.indexOf('=');
      if (eq < 0) throw new PreConfigError(`invalid argument "${val}" for "${flag}" flag: ${p} must be formatted as key=value\nSee '${bin} debug --help' for usage.`);
      out.set(p.slice(0, eq), p.slice(eq + 1));
    }
  }
  return [...out];
}

/** One record of Go's encoding/csv (comma separated, "quoted" fields with "" escapes). */
function csvRecord(s: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) break;
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += s[i++];
      }
      while (i < s.length && s[i] !== ',') field += s[i++];
    } else {
      while (i < s.length && s[i] !== ',') field += s[i++];
    }
    fields.push(field);
    if (i >= s.length) return fields;
    i++;
  }
}


async function runDebugCommand(app: App, c: Command, rawArgs: string[], opts: Flags): Promise<number> {
  const f = app.factory(c);
  const bin = f.ctx.binName;
  const say = (s: string) => write(f.io.out, s);
  // ---- Complete
  const pullPolicy = opts.imagePullPolicy ?? '';
  const atDash = argsAfterDash(c, rawArgs);
  let targetNames = rawArgs;
  let args: string[] = [];
  if (atDash >= 0 && rawArgs.length > atDash) {
    targetNames = rawArgs.slice(0, atDash);
    args = rawArgs.slice(atDash);
  }
  const interactive = !!opts.stdin;
  const attachChanged = opts.attach !== undefined;
  const attach = attachChanged ? !!opts.attach : interactive;
  const env = parseStringToString(opts.env ?? [], '--env', bin).map(([name, value]) => ({ name, value }));
  const setImages = parseStringToString(opts.setImage ?? [], '--set-image', bin);
  // the namespace is looked up here, as kubectl's Complete does: a kubeconfig fault comes before the checks below
  await f.namespace();
  const { checkProfile } = await import('../debug/profiles.js');
  const profileName = String(opts.profile ?? 'legacy');
  const profile = checkProfile(profileName);
  const customFile = opts.custom ?? '';
  const custom = customFile ? await (await import('../debug/custom.js')).readCustomProfile(customFile, f.ctx.cwd) : undefined;
  const image = opts.image ?? '';
  const container = opts.container ?? '';
  const copyTo = opts.copyTo ?? '';
  const filenames = opts.filename ?? [];
  const quiet = !!opts.quiet;
  const tty = !!opts.tty;
  const target = opts.target ?? '';

  // ---- Validate
  if (attach && attachChanged && !image && !container) {
    throw new KtlError('you must specify --container or create a new container using --image in order to attach.');
  }
  if (copyTo) {
    if (!image && setImages.length === 0 && args.length === 0) throw new KtlError('you must specify --image, --set-image or command arguments.');
    if (args.length > 0 && !container && !image) throw new KtlError('you must specify an existing container or a new image when specifying args.');
  } else if (opts.replace) throw new KtlError('--replace may only be used with --copy-to.');
  else if (opts.sameNode) throw new KtlError('--same-node may only be used with --copy-to.');
  else if (setImages.length > 0) throw new KtlError('--set-image may only be used with --copy-to.');
  else if (!image) throw new KtlError('you must specify --image when not using --copy-to.');
  if (image && !isImageReference(image)) throw new KtlError(`invalid image name ${JSON.stringify(image)}: invalid reference format`);
  if (targetNames.length === 0 && filenames.length === 0) throw new KtlError('NAME or filename is required for debug');
  if (!['Always', 'IfNotPresent', 'Never', ''].includes(pullPolicy)) throw new KtlError(`invalid image pull policy: ${pullPolicy}`);
  for (const [name, img] of setImages) {
    if (!isImageReference(img)) throw new KtlError(`invalid image name ${JSON.stringify(img)} for container ${JSON.stringify(name)}: invalid reference format`);
  }
  if (target) {
    if (copyTo) throw new KtlError('--target is incompatible with --copy-to. Use --share-processes instead.');
    if (!quiet) {
      await say(
        `Targeting container ${JSON.stringify(target)}. If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`,
      );
    }
  }
  if (tty && !interactive) throw new KtlError('-i/--stdin is required for containers with -t/--tty=true');
  if (custom) (await import('../debug/custom.js')).checkCustomProfile(custom);
  if (profile === 'legacy') {
    await write(
      f.io.errOut,
      '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n',
    );
  }

  // ---- Run
  const { runDebug } = await import('../debug/run.js');
  const { randomSuffix } = await import('../debug/generate.js');
  return runDebug(
    f,
    {
      targetNames,
      filenames,
      attach,
      replace: !!opts.replace,
      args,
      argsOnly: !!opts.argumentsOnly,
      container,
      copyTo,
      env,
      image,
      pullPolicy,
      interactive,
      tty,
      quiet,
      sameNode: !!opts.sameNode,
      setImages,
      shareProcesses: opts.shareProcesses === undefined ? undefined : !!opts.shareProcesses,
      target,
      profile,
      keep: {
        labels: !!opts.keepLabels,
        annotations: !!opts.keepAnnotations,
        liveness: !!opts.keepLiveness,
        readiness: !!opts.keepReadiness,
        startup: !!opts.keepStartup,
        initContainers: opts.keepInitContainers === undefined ? true : !!opts.keepInitContainers,
      },
      custom,
      suffix: randomSuffix,
      say: () => undefined,
    },
    async (t) => {
      const { attachToDebugContainer } = await import('../debug/attach.js');
      await attachToDebugContainer(f, t, { stdin: interactive, tty, quiet });
    },
  );
}
