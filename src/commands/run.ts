/**
 * `ktl run NAME --image=IMAGE [-- ARGS]`: builds the Pod kubectl run builds
 * (and with --expose the ClusterIP Service in front of it), applies
 * --overrides, then creates or prints them as `create` does. With -i /
 * --attach it waits for the pod and attaches to it (src/podio/run-attach.ts),
 * with --rm deleting what it created afterwards.
 */
import { addRecordFlag } from '../flags/record.js';
import type { Command } from 'commander';
import { action, commandPath, Option, withExamples, type App } from './kit.js';
import { FilenameFlags } from '../flags/filename.js';
import { KtlError, PreConfigError, UsageError } from '../errors.js';
import { checkValues, collectRaw, parseCascadeFlag, parseDurationFlag, VALIDATE_HELP } from '../mutate/flags.js';
import { addCommonFlags, common, strs } from './create/index.js';
import type { Opts } from '../flags/opts.js';
import { helpDefaults, helpTexts } from '../flags/global.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ fieldManager: string; imagePullPolicy: string; overrideType: string; overrides: string; port: string; restart: string; podRunningTimeout: string }>;

const EXAMPLES = `  # Start a nginx pod
  ktl run nginx --image=nginx

  # Start a hazelcast pod and let the container expose port 5701
  ktl run hazelcast --image=hazelcast/hazelcast --port=5701

  # Start a hazelcast pod and set environment variables "DNS_DOMAIN=cluster" and "POD_NAMESPACE=default" in the container
  ktl run hazelcast --image=hazelcast/hazelcast --env="DNS_DOMAIN=cluster" --env="POD_NAMESPACE=default"

  # Start a hazelcast pod and set labels "app=hazelcast" and "env=prod" in the container
  ktl run hazelcast --image=hazelcast/hazelcast --labels="app=hazelcast,env=prod"

  # Dry run; print the corresponding API objects without creating them
  ktl run nginx --image=nginx --dry-run=client

  # Start a nginx pod, but overload the spec with a partial set of values parsed from JSON
  ktl run nginx --image=nginx --overrides='{ "apiVersion": "v1", "spec": { ... } }'

  # Start a busybox pod and keep it in the foreground, don't restart it if it exits
  ktl run -i -t busybox --image=busybox --restart=Never

  # Start the nginx pod using the default command, but use custom arguments (arg1 .. argN) for that command
  ktl run nginx --image=nginx -- <arg1> <arg2> ... <argN>

  # Start the nginx pod using a different command and custom arguments
  ktl run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>`;


export function registerRun(program: Command, app: App): void {
  const cmd = program
    .command('run')
    .summary('Run a particular image on the cluster')
    .description('Create and run a particular image in a pod.')
    .usage('NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]')
    .argument('[args...]')
    .option('--image <image>', 'The image for the container to run.')
    .option('--annotations <key=value>', 'Annotations to apply to the pod.', collectRaw)
    .option('--command', "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.")
    .option('--env <key=value>', 'Environment variables to set in the container.', collectRaw)
    .option('--expose', 'If true, create a ClusterIP service associated with the pod.  Requires `--port`.')
    .option('--image-pull-policy <policy>', 'The image pull policy for the container.  If left empty, this value will not be specified by the client and defaulted by the server.')
    .option('-l, --labels <labels>', 'Comma separated labels to apply to the pod. Will override previous values.')
    .option('--override-type <type>', 'The method used to override the generated object: json, merge, or strategic.')
    .option('--overrides <json>', 'An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.')
    .option('--port <port>', 'The port that this container exposes.')
    .option('--privileged', 'If true, run the container in privileged mode.')
    .option('--restart <policy>', 'The restart policy for this Pod.  Legal values [Always, OnFailure, Never].')
    .option('-i, --stdin', 'Keep stdin open on the container in the pod, even if nothing is attached.')
    .option('-t, --tty', 'Allocate a TTY for the container in the pod.')
    .option('--attach', "If true, wait for the Pod to start running, and then attach to the Pod as if 'ktl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true. With '--restart=Never' the exit code of the container process is returned.")
    .addOption(new Option('--no-attach').hideHelp())
    .option('--rm', 'If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with \'--attach\' or with \'-i/--stdin\'.')
    .option('--leave-stdin-open', 'If the pod is started in interactive mode or with stdin, leave stdin open after the first attach completes. By default, stdin will be closed after the first attach completes.')
    .option('-q, --quiet', 'If true, suppress prompt messages.')
    .addOption(
      new Option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running').default(undefined, '1m0s'),
    )
    // kubectl's DeleteFlags (for --rm; -f, -k, -R, --force, --grace-period, --timeout and --wait are read and not used)
    .option('--cascade [mode]', 'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.')
    .option('--force', 'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.')
    .option('--grace-period <seconds>', 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).')
    .option('--timeout <duration>', 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object')
    .option('--wait', 'If true, wait for resources to be gone before returning. This waits for finalizers.');
  new FilenameFlags('to use to replace the resource.').addTo(cmd);
  checkValues(cmd, { '--pod-running-timeout': 'duration', '--grace-period': 'int', '--timeout': 'duration' });
  addCommonFlags(cmd);
  addRecordFlag(cmd);
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      if (!opts.image) throw new PreConfigError('required flag(s) "image" not set');
      const path = commandPath(c);
      // kubectl's Complete reads the kubeconfig; the checks below are its Run's
      await app.factory(c).restConfig();
      if (args.length === 0) throw new UsageError('NAME is required for run', path);
      const { isImageReference } = await import('../create/image-reference.js');
      if (!isImageReference(String(opts.image))) throw new KtlError(`Invalid image name ${JSON.stringify(String(opts.image))}: invalid reference format`);
      const o = { ...common(app, c, opts), fieldManager: opts.fieldManager ?? 'kubectl-run' };
      // kubectl's Complete reads --cascade (its deprecation warnings) for --rm's deletion
      const cascade = parseCascadeFlag(opts.cascade, (s) => void app.ctx.io.errOut.write(s));
      // --attach defaults to -i's value; --attach=false with -i does not attach
      const attaching = opts.attach === undefined ? !!opts.stdin : !!opts.attach;
      // kubectl's checks, in its Run's order
      const timeoutMs = parseDurationFlag(opts.podRunningTimeout, '--pod-running-timeout', 60_000);
      if (timeoutMs <= 0) throw new UsageError('--pod-running-timeout must be higher than zero', path);
      if (opts.tty && !opts.stdin) throw new UsageError('-i/--stdin is required for containers with -t/--tty=true', path);
      if (opts.expose && (opts.port ?? '') === '') throw new UsageError('--port must be set when exposing a service', path);
      const restartFlag = opts.restart ?? 'Always';
      if (!['', 'Always', 'OnFailure', 'Never'].includes(restartFlag)) throw new UsageError(`invalid restart policy: ${restartFlag}`, path);
      // an empty --restart: the pod is Always, run waits as for OnFailure with -i (kubectl's getRestartPolicy)
      const restart = restartFlag || 'Always';
      const waitPolicy = restartFlag || (opts.stdin ? 'OnFailure' : 'Always');
      if (opts.rm && !attaching) throw new UsageError('--rm should only be used for attached containers', path);
      if (attaching && o.dryRun !== 'none') {
        throw new UsageError("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)", path);
      }
      const pullPolicy = opts.imagePullPolicy ?? '';
      if (!['', 'Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) throw new UsageError(`invalid image pull policy: ${pullPolicy}`, path);
      const port = opts.port ?? '';
      if (port !== '' && !/^[+-]?\d+$/.test(port)) throw new KtlError(`strconv.Atoi: parsing "${port}": invalid syntax`);
      const name = args[0]!;
      const g = await import('../create/generators.js');
      const { ENV_NAME } = await import('../set/env.js');
      const labels = opts.labels ? g.parseKeyValues(String(opts.labels), 'label') : { run: name };
      const userLabels = opts.labels ? labels : undefined;
      const annotations: Record<string, string> = {};
      for (const a of strs(opts.annotations)) {
        const eq = a.indexOf('=');
        if (eq < 0) throw new KtlError(`invalid annotations format: ${a}`);
        annotations[a.slice(0, eq)] = a.slice(eq + 1);
      }
      const env = strs(opts.env).map((e) => {
        const eq = e.indexOf('=');
        if (eq <= 0 || !ENV_NAME.test(e.slice(0, eq))) throw new KtlError(`invalid env: ${e}`);
        return { name: e.slice(0, eq), value: e.slice(eq + 1) };
      });
      const overrideType = opts.overrideType ?? 'merge';
      if (!['json', 'merge', 'strategic'].includes(overrideType)) throw new KtlError(`invalid override type: ${overrideType}`);
      const overrides = opts.overrides ?? '';
      const { applyOverrides } = await import('../create/overrides.js');
      const { createGenerated } = await import('../create/run.js');
      const created: NonNullable<Parameters<typeof createGenerated>[2]>['created'] = [];
      const code = await createGenerated(
        o,
        async (namespace) => {
          let pod = g.runPod({
            name,
            namespace,
            image: String(opts.image),
            labels,
            annotations,
            port,
            env,
            args: args.slice(1),
            command: !!opts.command,
            imagePullPolicy: opts.imagePullPolicy ?? '',
            privileged: !!opts.privileged,
            restart,
            stdin: !!opts.stdin,
            tty: !!opts.tty,
            leaveStdinOpen: !!opts.leaveStdinOpen,
          });
          if (overrides) pod = await applyOverrides(pod, overrides, overrideType);
          if (!opts.expose) return [pod];
          const service = g.runService({ name, namespace, port: Number(port), labels: userLabels, selector: labels });
          // kubectl creates the pod first; without attaching it prints it last
          return attaching ? [pod, service] : [service, pod];
        },
        { yamlExtraSeparator: true, mapsKinds: true, created, ...(attaching ? { prints: (obj) => obj.kind !== 'Pod' } : {}) },
      );
      if (!attaching || code !== 0) return code;
      const { attachToRunPod } = await import('../podio/run-attach.js');
      const { isPod } = await import('../podio/pods.js');
      const pod = created.find((x) => x.mapping.kind === 'Pod')?.object;
      if (!pod || !isPod(pod)) throw new KtlError('run: the server answered the pod create without a pod');
      return attachToRunPod(app.factory(c), pod, {
        stdin: !!opts.stdin,
        tty: !!opts.tty,
        quiet: !!opts.quiet,
        restartPolicy: waitPolicy,
        leaveStdinOpen: !!opts.leaveStdinOpen,
        timeoutMs,
        remove: opts.rm ? { objects: created.map((x) => ({ mapping: x.mapping, namespace: x.namespace, name: x.object.metadata?.name ?? '' })), cascade } : undefined,
      });
    }),
  );
  withExamples(cmd, EXAMPLES);
  helpDefaults(cmd, {
    '--field-manager': "'kubectl-run'",
    '--override-type': "'merge'",
    '--restart': "'Always'",
    '--cascade': "'background'",
    '--grace-period': '-1',
    '--timeout': '0s',
  });
  // kubectl's run has no --validate; ktl's is its extension, marked as such
  helpTexts(cmd, {
    '--validate': `ktl: ${VALIDATE_HELP}`,
    '--filename': 'to use to replace the resource.',
    '--kustomize': "Process a kustomization directory. This flag can't be used together with -f or -R.",
  });
}

