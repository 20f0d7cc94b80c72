import type { Command } from 'commander';
import { action, Option, withExamples, type App } from './kit.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { helpDefaults, type GlobalFlags } from '../flags/global.js';
import type { Opts } from '../flags/opts.js';
import { ConfigError, KtlError, messageOf } from '../errors.js';
import { addObjectPrintFlags, objectPrintOptions } from '../mutate/output.js';
import { checkValues, parseDurationFlag } from '../mutate/flags.js';

export interface ClusterInfoOptions {
  ctx: Context;
  flags: GlobalFlags;
}

interface ServiceLike {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { ports?: Array<{ name?: string; port?: number }> };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

const EXAMPLES = `  # Print the address of the control plane and cluster services
  ktl cluster-info`;

// kubectl's exact footer (it names kubectl whatever runs it)
const FOOTER = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";

export function registerClusterInfo(program: Command, app: App): void {
  const cmd = program
    .command('cluster-info')
    .description(
      'Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. ' +
        "To further debug and diagnose cluster problems, use 'ktl cluster-info dump'.",
    )
    .summary('Display cluster information')
    .usage('[flags] [options]')
    .argument('[args...]')
    .action(
      action(async (_args: string[], _opts: unknown, c: Command) => run({ ctx: app.ctx, flags: app.globals(c) })),
    );
  withExamples(cmd, EXAMPLES);
  registerDump(cmd, app);
}

const DUMP_EXAMPLES = `  # Dump current cluster state to stdout
  ktl cluster-info dump
  
  # Dump current cluster state to /path/to/cluster-state
  ktl cluster-info dump --output-directory=/path/to/cluster-state
  
  # Dump all namespaces to stdout
  ktl cluster-info dump --all-namespaces
  
  # Dump a set of namespaces to /path/to/cluster-state
  ktl cluster-info dump --namespaces default,kube-system --output-directory=/path/to/cluster-state`;

/** pflag's StringSlice: the first use replaces the default, later ones append; "" is no element. */
const namespaceList = (v: string, prev: string[] | undefined) => [...(prev ?? []), ...(v === '' ? [] : v.split(','))];

function registerDump(parent: Command, app: App): void {
  const cmd = parent
    .command('dump')
    .description(
      "Dump cluster information out suitable for debugging and diagnosing cluster problems.  By default, dumps everything to stdout. You can optionally specify a directory with --output-directory.  If you specify a directory, Kubernetes will build a set of files in that directory.  By default, only dumps things in the current namespace and 'kube-system' namespace, but you can switch to a different namespace with the --namespaces flag, or specify --all-namespaces to dump all namespaces.\n\n" +
        ' The command also dumps the logs of all of the pods in the cluster; these logs are dumped into different directories based on namespace and pod name.',
    )
    .summary('Dump relevant information for debugging and diagnosis')
    .usage('[flags] [options]')
    .argument('[args...]')
    .option('-A, --all-namespaces', 'If true, dump all namespaces.  If true, --namespaces is ignored.')
    .addOption(new Option('--namespaces <namespaces>', 'A comma separated list of namespaces to dump.').argParser(namespaceList).default(undefined, '[]'))
    .option(
      '--output-directory <dir>',
      "Where to output the files.  If empty or '-' uses stdout, otherwise creates a directory hierarchy in that directory",
    )
    .addOption(
      new Option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running').default(
        undefined,
        '20s',
      ),
    );
  addObjectPrintFlags(cmd);
  helpDefaults(cmd, { '--output': "'json'" });
  checkValues(cmd, { '--pod-running-timeout': 'duration' });
  cmd.action(action(async (_args: string[], opts: DumpFlags, c: Command) => runDump(app, c, opts)));
  withExamples(cmd, DUMP_EXAMPLES);
}

type DumpFlags = Opts<{ output: string; template: string; outputDirectory: string; namespaces: string[]; allNamespaces: boolean }>;

async function runDump(app: App, c: Command, opts: DumpFlags): Promise<number> {
  const f = app.factory(c);
  // kubectl's PrintFlags with json as the default: --template alone (no -o) means go-template, -o '' the name printer
  const given = opts.output;
  const output = given === undefined ? (opts.template ? '' : 'json') : given === '' ? 'name' : given;
  const print = objectPrintOptions({ ...opts, output });
  const printer = await f.printer(print, { sortKeys: false });
  if (/template|jsonpath/.test(print.format)) {
    // kubectl parses a template when it builds the printer, before any request or file: a trial run on nothing shows a parse error
    try {
      printer.print({}, () => undefined);
    } catch (e) {
      if (/^error parsing (template|jsonpath) /.test(messageOf(e))) throw e;
    }
  }
  await f.restConfig();
  const timeoutMs = parseDurationFlag(opts.podRunningTimeout, '--pod-running-timeout', 20_000);
  if (timeoutMs <= 0) throw new KtlError('--pod-running-timeout must be higher than zero');
  const { namespace } = await f.namespace();
  const { dumpClusterInfo } = await import('../clusterinfo/dump.js');
  await dumpClusterInfo(
    f,
    {
      print,
      outputFormat: given ?? 'json',
      outputDirectory: opts.outputDirectory ?? '',
      namespaces: opts.namespaces ?? [],
      allNamespaces: !!opts.allNamespaces,
      namespace,
    },
    printer,
  );
  return 0;
}

/** <scheme>:<name>:<port-name>, leaving out empty leading parts (the apiserver proxy's form). */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return `${scheme}:${name}:${port}`;
  if (port) return `${name}:${port}`;
  return name;
}

export function serviceLine(server: string, svc: ServiceLike): string {
  const meta = svc.metadata ?? {};
  let link = '';
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0) {
    const host = ingress[0]!.ip || ingress[0]!.hostname || '';
    for (const p of svc.spec?.ports ?? []) link += `http://${host}:${p.port ?? 0} `;
  } else {
    let name = meta.name ?? '';
    const port = svc.spec?.ports?.[0];
    if (port) {
      const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
      name = joinSchemeNamePort(scheme, meta.name ?? '', port.name ?? '');
    }
    link = `${server}/api/v1/namespaces/${meta.namespace ?? ''}/services/${name}/proxy`;
  }
  const title = meta.labels?.['kubernetes.io/name'] || meta.name || '';
  return `${title} is running at ${link}\n`;
}

async function run(o: ClusterInfoOptions): Promise<number> {
  const { connect, resourcePath } = await import('../client/index.js');
  let clients: Awaited<ReturnType<typeof connect>>;
  try {
    clients = await connect(o.ctx, o.flags, { command: `${o.ctx.binName} cluster-info` });
  } catch (err) {
    // a kubeconfig fault or --match-server-version's check ends kubectl's Complete: no footer
    const { VersionMatchError } = await import('../client/match-version.js');
    if (err instanceof ConfigError || err instanceof VersionMatchError) throw err;
    await write(o.ctx.io.out, FOOTER);
    throw err;
  }
  let failure: unknown;
  try {
    const services = await clients.resolve('services').catch(async (err: unknown) => {
      // kubectl's builder maps the type as a category first, then four times more before it gives up: a klog line each
      (await import('../client/discovery.js')).repeatDiscoveryFailureLog(err, 4);
      throw err;
    });
    const list = await clients.rest.list<ServiceLike>(resourcePath(services, { namespace: 'kube-system' }), {
      query: { labelSelector: 'kubernetes.io/cluster-service=true' },
      // kubectl sends this one unpaged
      limit: 0,
    });
    const server = clients.config.cluster.server;
    let text = `Kubernetes control plane is running at ${server}\n`;
    for (const svc of list.items) text += serviceLine(server, svc);
    await write(o.ctx.io.out, text);
  } catch (err) {
    failure = err;
  } finally {
    clients.close();
  }
  // kubectl prints the footer even when listing failed
  await write(o.ctx.io.out, FOOTER);
  if (failure) throw failure;
  return 0;
}
