import type { Command } from 'commander';
import { action, Option, withExamples, type App } from './kit.js';
import type { Opts } from '../flags/opts.js';
import { KtlError, UsageError } from '../errors.js';
import { parseDurationFlag } from '../mutate/flags.js';
import { mapsAt, numberAt, stringAt } from '../codec/value.js';
import type { KubeObject } from '../resource/types.js';
import type { Service } from '../podio/portforward.js';

const EXAMPLES = `  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in the pod
  ktl port-forward pod/mypod 5000 6000

  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in a pod selected by the deployment
  ktl port-forward deployment/mydeployment 5000 6000

  # Listen on port 8443 locally, forwarding to the targetPort of the service's port named "https" in a pod selected by the service
  ktl port-forward service/myservice 8443:https

  # Listen on port 8888 locally, forwarding to 5000 in the pod
  ktl port-forward pod/mypod 8888:5000

  # Listen on port 8888 on all addresses, forwarding to 5000 in the pod
  ktl port-forward --address 0.0.0.0 pod/mypod 8888:5000

  # Listen on port 8888 on localhost and selected IP, forwarding to 5000 in the pod
  ktl port-forward --address localhost,10.19.21.23 pod/mypod 8888:5000

  # Listen on a random port locally, forwarding to 5000 in the pod
  ktl port-forward pod/mypod :5000`;

/** pflag's StringSlice: the first use replaces the default, later ones append; "" is no element. */
const addressList = (v: string, prev: string[] | undefined) => [...(prev ?? []), ...(v === '' ? [] : v.split(','))];

export function registerPortForward(program: Command, app: App): void {
  const cmd = program
    .command('port-forward')
    .description(
      `Forward one or more local ports to a pod.

 Use resource type/name such as deployment/mydeployment to select a pod. Resource type defaults to 'pod' if omitted.

 If there are multiple pods matching the criteria, a pod will be selected automatically. The forwarding session ends when the selected pod terminates, and a rerun of the command is needed to resume forwarding.`,
    )
    .summary('Forward one or more local ports to a pod')
    .usage('TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]')
    .argument('[args...]')
    .addOption(
      new Option(
        '--address <addresses>',
        'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, ktl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.',
      )
        .argParser(addressList)
        .default(undefined, '[localhost]'),
    )
    .addOption(
      new Option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running').default(
        undefined,
        '1m0s',
      ),
    );
  cmd.action(action(async (args: string[], opts: Record<string, unknown>, c: Command) => runPortForward(app, c, args, opts)));
  withExamples(cmd, EXAMPLES);
}

async function runPortForward(app: App, c: Command, args: string[], opts: Flags): Promise<number> {
  const f = app.factory(c);
  const usage = `${f.ctx.binName} port-forward`;
  if (args.length < 2) throw new UsageError('TYPE/NAME and list of ports are required for port-forward', usage);
  const podTimeoutMs = parseDurationFlag(opts.podRunningTimeout, '--pod-running-timeout', 60_000);
  if (podTimeoutMs <= 0) throw new UsageError('--pod-running-timeout must be higher than zero', usage);
  const resourceName = args[0]!;
  const slash = resourceName.indexOf('/');
  if (slash >= 0 && resourceName.indexOf('/', slash + 1) >= 0) {
    throw new KtlError('arguments in resource/name form may not have more than one slash');
  }
  if (slash >= 0 && (slash === 0 || slash === resourceName.length - 1)) {
    throw new KtlError('arguments in resource/name form must have a single resource and name');
  }

  const { attachablePod, objectForArgs, podPath } = await import('../podio/pods.js');
  const pf = await import('../podio/portforward.js');
  const obj = await objectForArgs(f, [resourceName]);
  const target = await attachablePod(f, obj, podTimeoutMs, 'attach');
  const ports =
    obj.kind === 'Service'
      ? pf.servicePorts(args.slice(1), serviceOf(obj), target)
      : pf.podPorts(args.slice(1), target);

  const { namespace } = await f.namespace();
  const clients = await f.clients();
  const path = podPath(namespace, target.metadata.name);
  const pod = await clients.rest.getJson<import('../podio/pods.js').Pod>(path);
  const phase = pod.status?.phase ?? '';
  if (phase !== 'Running') throw new KtlError(`unable to forward port because pod is not running. Current status=${phase}`);

  const addresses = pf.parseAddresses(opts.address ?? ['localhost']);
  const forwarded = pf.parsePorts(ports);
  const ac = new AbortController();
  const unregister = f.ctx.onInterrupt(() => ac.abort());
  try {
    await pf.forwardPorts({
      transport: clients.transport,
      path: podPath(namespace, pod.metadata.name, 'portforward'),
      addresses,
      ports: forwarded,
      out: f.io.out,
      errOut: f.io.errOut,
      log: clients.log,
      signal: ac.signal,
    });
  } catch (e) {
    // Ctrl-C while the tunnel was being opened: kubectl's forwarder ends quietly
    if (ac.signal.aborted) return 0;
    throw e;
  } finally {
    unregister();
  }
  return 0;
}

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ address: string[] }>;

/** What port-forward reads of a Service: its name, clusterIP and ports (fields of the wrong shape read as absent). */
function serviceOf(obj: KubeObject): Service {
  const spec = obj.spec;
  const ports = mapsAt(spec, 'ports').map((p) => {
    const target = p.targetPort;
    return {
      name: stringAt(p, 'name'),
      port: numberAt(p, 'port') ?? 0,
      targetPort: typeof target === 'number' || typeof target === 'string' ? target : undefined,
      protocol: stringAt(p, 'protocol'),
    };
  });
  return { metadata: { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace }, spec: { clusterIP: stringAt(spec, 'clusterIP'), ports } };
}
