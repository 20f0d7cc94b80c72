import type { Command } from 'commander';
import { action, commandPath, subCommandRun, withExamples, Option, type App } from './kit.js';
import { write } from '../context.js';
import { ApiError, KtlError, UsageError } from '../errors.js';
import type { Factory } from '../factory.js';
import type { NodeMetrics, PodMetrics, Usage } from '../top/print.js';
import { escapePathSegment } from '../client/path-segment.js';

const METRICS = '/apis/metrics.k8s.io/v1beta1';
/** kubectl waits this long after a pod's creation before calling missing metrics an error */
const METRICS_CREATION_DELAY_MS = 2 * 60 * 1000;

const LABEL_HELP =
  "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.";

/** a bool flag that defaults to true and also takes --flag=false */
function trueByDefault(cmd: Command, name: string, help: string): void {
  cmd.addOption(new Option(`--${name}`, help).default(true));
  cmd.addOption(new Option(`--no-${name}`).hideHelp());
}

export function registerTop(program: Command, app: App): void {
  const top = program
    .command('top')
    .description(
      'Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server.',
    )
    .summary('Display resource (CPU/memory) usage')
    .usage('[flags] [options]');
  subCommandRun(top);
  const bin = app.ctx.binName;

  const node = top
    .command('node')
    .aliases(['nodes', 'no'])
    .description('Display resource (CPU/memory) usage of nodes.\n\n The top-node command allows you to see the resource consumption of nodes.')
    .summary('Display resource (CPU/memory) usage of nodes')
    .usage('[NAME | -l label] [options]')
    .argument('[args...]')
    .option('--no-headers', 'If present, print output without headers')
    .option('-l, --selector <selector>', LABEL_HELP, '')
    .option('--show-capacity', 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.')
    .option('--sort-by <field>', "If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'.", '');
  trueByDefault(node, 'use-protocol-buffers', 'Enables using protocol-buffers to access Metrics API.');
  withExamples(node, `  # Show metrics for all nodes\n  ${bin} top node\n  \n  # Show metrics for a given node\n  ${bin} top node NODE_NAME`);
  node.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      if (args.length > 1) throw new UsageError('node [NAME | -l label]', commandPath(c));
      const name = args[0] ?? '';
      const selector = String(opts.selector ?? '');
      validateSort(String(opts.sortBy ?? ''));
      if (name && selector) throw new KtlError('only one of NAME or --selector can be provided');
      const f = app.factory(c);
      return topNode(f, { name, selector, sortBy: String(opts.sortBy ?? ''), noHeaders: opts.headers === false, showCapacity: !!opts.showCapacity });
    }),
  );

  const pod = top
    .command('pod')
    .aliases(['pods', 'po'])
    .description(
      "Display resource (CPU/memory) usage of pods.\n\n The 'top pod' command allows you to see the resource consumption of pods.\n\n Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.",
    )
    .summary('Display resource (CPU/memory) usage of pods')
    .usage('[NAME | -l label] [options]')
    .argument('[args...]')
    .option(
      '-A, --all-namespaces',
      'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
    )
    .option('--containers', 'If present, print usage of containers within a pod.')
    .option(
      '--field-selector <selector>',
      "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
      '',
    )
    .option('--no-headers', 'If present, print output without headers.')
    .option('-l, --selector <selector>', LABEL_HELP, '')
    .option('--sort-by <field>', "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'.", '')
    .option('--sum', 'Print the sum of the resource usage');
  trueByDefault(pod, 'use-protocol-buffers', 'Enables using protocol-buffers to access Metrics API.');
  withExamples(
    pod,
    `  # Show metrics for all pods in the default namespace\n  ${bin} top pod\n  \n  # Show metrics for all pods in the given namespace\n  ${bin} top pod --namespace=NAMESPACE\n  \n  # Show metrics for a given pod and its containers\n  ${bin} top pod POD_NAME --containers\n  \n  # Show metrics for the pods defined by label name=myLabel\n  ${bin} top pod -l name=myLabel`,
  );
  pod.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      if (args.length > 1) throw new UsageError('pod [NAME | -l label]', commandPath(c));
      const name = args[0] ?? '';
      const selector = String(opts.selector ?? '');
      const fieldSelector = String(opts.fieldSelector ?? '');
      validateSort(String(opts.sortBy ?? ''));
      if (name && (selector || fieldSelector)) throw new KtlError('only one of NAME or selector can be provided');
      const f = app.factory(c);
      return topPod(f, {
        name,
        selector,
        fieldSelector,
        allNamespaces: !!opts.allNamespaces,
        containers: !!opts.containers,
        noHeaders: opts.headers === false,
        sortBy: String(opts.sortBy ?? ''),
        sum: !!opts.sum,
      });
    }),
  );
}

function validateSort(sortBy: string): void {
  if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory') throw new KtlError('--sort-by accepts only cpu or memory');
}

/**
 * kubectl parses -l and --field-selector before it asks; the server parses
 * them with the same code, so its 400 carries kubectl's message: print it as
 * kubectl's own error.
 */
async function list<T>(f: Factory, path: string, q: Record<string, string>): Promise<T[]> {
  const { rest } = await f.clients();
  try {
    return (await rest.getJson<{ items?: T[] }>(path, { query: q })).items ?? [];
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 400 && (q.labelSelector || q.fieldSelector) && /^(unable to parse requirement|invalid selector|couldn't parse)/.test(err.message)) {
      throw new KtlError(err.message);
    }
    throw err;
  }
}

function query(selector: string, fieldSelector = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (selector) out.labelSelector = selector;
  if (fieldSelector) out.fieldSelector = fieldSelector;
  return out;
}

async function requireMetricsApi(f: Factory): Promise<void> {
  const clients = await f.clients();
  // kubectl's metrics check asks plain discovery, which logs no memcache line
  const groups = await clients.discovery.serverGroups({ quiet: true });
  const ok = groups.some((g) => g.name === 'metrics.k8s.io' && g.versions.some((v) => v === 'v1beta1'));
  if (!ok) throw new KtlError('Metrics API not available');
}

interface NodeOptions {
  name: string;
  selector: string;
  sortBy: string;
  noHeaders: boolean;
  showCapacity: boolean;
}

async function topNode(f: Factory, o: NodeOptions): Promise<number> {
  const { validateName } = await import('../resource/validate.js');
  const { nodeMetricsText } = await import('../top/print.js');
  if (o.name) validateName(o.name);
  await requireMetricsApi(f);
  const { rest } = await f.clients();
  const enc = escapePathSegment;
  const metrics: NodeMetrics[] = o.name
    ? [await rest.getJson<NodeMetrics>(`${METRICS}/nodes/${enc(o.name)}`)]
    : await list<NodeMetrics>(f, `${METRICS}/nodes`, query(o.selector));
  if (metrics.length === 0) throw new KtlError('metrics not available yet');
  type Node = { metadata: { name: string }; status?: { allocatable?: Usage; capacity?: Usage } };
  const nodes: Node[] = o.name
    ? [await rest.getJson<Node>(`/api/v1/nodes/${enc(o.name)}`)]
    : ((await rest.getJson<{ items?: Node[] }>('/api/v1/nodes', { query: query(o.selector) })).items ?? []);
  const available = new Map<string, Usage>();
  for (const n of nodes) available.set(n.metadata.name, (o.showCapacity ? n.status?.capacity : n.status?.allocatable) ?? {});
  await write(f.io.out, nodeMetricsText(metrics, available, o.noHeaders, o.sortBy));
  return 0;
}

interface PodOptions {
  name: string;
  selector: string;
  fieldSelector: string;
  allNamespaces: boolean;
  containers: boolean;
  noHeaders: boolean;
  sortBy: string;
  sum: boolean;
}

async function topPod(f: Factory, o: PodOptions): Promise<number> {
  const { validateName, validateNamespace } = await import('../resource/validate.js');
  const { podMetricsText } = await import('../top/print.js');
  const { namespace } = await f.namespace();
  validateNamespace(namespace);
  if (o.name) validateName(o.name);
  await requireMetricsApi(f);
  const { rest } = await f.clients();
  const enc = escapePathSegment;
  const base = o.allNamespaces ? METRICS : `${METRICS}/namespaces/${enc(namespace)}`;
  const metrics: PodMetrics[] = o.name
    ? [await rest.getJson<PodMetrics>(`${base}/pods/${enc(o.name)}`)]
    : await list<PodMetrics>(f, `${base}/pods`, query(o.selector, o.fieldSelector));
  if (metrics.length === 0) {
    // kubectl looks at the pods of the current namespace (even with -A) to tell "not yet" from "none"
    type Pod = { metadata: { name: string; namespace?: string; creationTimestamp?: string } };
    const pods: Pod[] = o.name
      ? [await rest.getJson<Pod>(`/api/v1/namespaces/${enc(namespace)}/pods/${enc(o.name)}`)]
      : ((await rest.getJson<{ items?: Pod[] }>(`/api/v1/namespaces/${enc(namespace)}/pods`, { query: query(o.selector, o.fieldSelector) }))
          .items ?? []);
    if (o.name || pods.length > 0) {
      const { formatGoDuration } = await import('../config/duration.js');
      for (const p of pods) {
        const age = Date.now() - Date.parse(p.metadata.creationTimestamp ?? '');
        if (age > METRICS_CREATION_DELAY_MS) {
          throw new KtlError(`Metrics not available for pod ${p.metadata.namespace ?? ''}/${p.metadata.name}, age: ${formatGoDuration(age)}`);
        }
      }
      throw new KtlError('metrics not available yet');
    }
    await write(f.io.errOut, o.allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
  }
  await write(f.io.out, podMetricsText(metrics, { ...o, withNamespace: o.allNamespaces }));
  return 0;
}
