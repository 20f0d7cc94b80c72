/**
 * `ktl capacity` (a ktl extension; kubectl has no such view): allocatable,
 * requested and limited amounts per node for cpu, memory, ephemeral-storage
 * and every extended resource, live usage with --util, pods with --pods, and
 * one resource's holders with --resource. The domain part is src/capacity/.
 */
import type { Command } from 'commander';
import { action, commandPath, withExamples, type App } from './kit.js';
import type { Opts } from '../flags/opts.js';
import { write } from '../context.js';
import { ApiError, KtlError, UsageError } from '../errors.js';
import type { Factory } from '../factory.js';
import { mapsAt, stringMapAt } from '../codec/value.js';
import type { Node, Pod } from '../describe/wire.js';
import type { KubeObject } from '../client/index.js';
import { escapePathSegment } from '../client/path-segment.js';

const METRICS = '/apis/metrics.k8s.io/v1beta1';

const LABEL_HELP =
  "Selector (label query) to filter nodes on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.";

const EXAMPLES = (bin: string) => `  # Show requests and limits of every node, with a totals line
  ${bin} capacity

  # Add live usage from the metrics API, and the pods on each node
  ${bin} capacity --util --pods

  # Which pods hold GPUs, on which nodes, and how many are free
  ${bin} capacity --resource nvidia.com/gpu

  # The busiest GPU nodes first, as JSON
  ${bin} capacity -l accelerator=nvidia --sort-by nvidia.com/gpu.requests -o json

  # What the pods of one namespace hold
  ${bin} capacity -n team-a --pods`;

type Output = '' | 'wide' | 'json' | 'yaml';
const isOutput = (s: string): s is Output => s === '' || s === 'wide' || s === 'json' || s === 'yaml';

interface CapacityOptions {
  selector: string;
  podSelector: string;
  allNamespaces: boolean;
  pods: boolean;
  util: boolean;
  resource: string;
  sortBy: string;
  output: Output;
  noHeaders: boolean;
  color: 'auto' | 'always' | 'never';
}

/** A resource name as the API accepts it: [prefix/]name, DNS-ish characters only. */
const RESOURCE_NAME = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function registerCapacity(program: Command, app: App): void {
  const cmd = program
    .command('capacity')
    .description(
      'Display allocatable, requested and limited resources of nodes (a ktl extension).\n\n' +
        ' For each node: cpu and memory requests and limits as percentages of what the node can allocate (the figures of ' +
        "'describe node'), every extended resource (nvidia.com/gpu ...) some node has, and with --util the live usage from the " +
        'metrics API. A last line, NODE "*", sums all nodes. --resource shows one resource: which pods hold it on which nodes and what is free.',
    )
    .summary('Display allocatable, requested and limited resources of nodes (ktl)')
    .usage('[-l node-selector] [--pods] [--util] [--resource NAME] [options]')
    .option(
      '-A, --all-namespaces',
      'Count the pods of all namespaces (the default unless --namespace is given).',
    )
    .option('--no-headers', 'When using the default or custom-column output format, don\'t print headers (default print headers).')
    .option('-o, --output <format>', "Output format. One of: (json, yaml, wide).", '')
    .option('--pod-selector <selector>', 'Label selector of the pods counted (requests, limits and --pods).', '')
    .option('--pods', 'List the pods under each node.')
    .option('--resource <name>', 'Show one resource (cpu, memory, nvidia.com/gpu ...): the pods holding it on each node, and what is free.', '')
    .option('-l, --selector <selector>', LABEL_HELP, '')
    .option(
      '--sort-by <field>',
      "Sort nodes (and their pods) by 'name' or RESOURCE.FIELD, FIELD one of allocatable, requests, limits, util, free (e.g. cpu.requests, nvidia.com/gpu.free); largest first. With --resource, FIELD alone.",
      '',
    )
    .option('--util', 'Add live cpu and memory usage from the metrics API (metrics.k8s.io).')
    .option('--color <when>', "ktl only: colour the table (shares from 75% yellow, from 90% red): 'auto' (when stdout is a terminal and NO_COLOR is unset), 'always' or 'never'.");
  withExamples(cmd, EXAMPLES(app.ctx.binName));
  cmd.action(
    action(async (opts: Flags, c: Command) => {
      if (c.args.length > 0) throw new UsageError(`unexpected arguments: ${c.args.join(' ')}`, commandPath(c));
      const output = String(opts.output ?? '');
      if (!isOutput(output)) {
        throw new KtlError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,wide,yaml`);
      }
      const resource = String(opts.resource ?? '');
      if (resource && !RESOURCE_NAME.test(resource)) throw new KtlError(`invalid resource name "${resource}"`);
      const { parseColorMode } = await import('../printers/color-mode.js');
      const color = parseColorMode(opts.color);
      const o: CapacityOptions = {
        color,
        selector: String(opts.selector ?? ''),
        podSelector: String(opts.podSelector ?? ''),
        allNamespaces: !!opts.allNamespaces,
        pods: !!opts.pods,
        util: !!opts.util,
        resource,
        sortBy: String(opts.sortBy ?? ''),
        output,
        noHeaders: opts.headers === false,
      };
      const { parseSortBy } = await import('../capacity/print.js');
      const sortKey = parseSortBy(o.sortBy, o.resource || undefined, o.util);
      return runCapacity(app.factory(c), o, sortKey);
    }),
  );
}

/** kubectl's parse errors for selectors come back from the server as a 400: print them as kubectl's own error. */
async function listAll<T>(f: Factory, path: string, query: Record<string, string>): Promise<T[]> {
  const { rest } = await f.clients();
  try {
    return (await rest.list<T>(path, { query })).items;
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 400 && query.labelSelector && /^(unable to parse requirement|invalid selector|couldn't parse)/.test(err.message)) {
      throw new KtlError(err.message);
    }
    throw err;
  }
}

async function requireMetricsApi(f: Factory): Promise<void> {
  const clients = await f.clients();
  const groups = await clients.discovery.serverGroups();
  if (!groups.some((g) => g.name === 'metrics.k8s.io' && g.versions.includes('v1beta1'))) {
    throw new KtlError('Metrics API not available (--util reads metrics.k8s.io; is metrics-server installed?)');
  }
}

async function runCapacity(f: Factory, o: CapacityOptions, sortKey: import('../capacity/print.js').SortKey | undefined): Promise<number> {
  const { validateNamespace } = await import('../resource/validate.js');
  const { buildReport, sumUsage, toDocument } = await import('../capacity/report.js');
  const { capacityTable, colorizeTable, resourceTable, sortReport } = await import('../capacity/print.js');
  const { namespace, enforce } = await f.namespace();
  const scoped = enforce && !o.allNamespaces;
  if (scoped) validateNamespace(namespace);
  if (o.util) await requireMetricsApi(f);

  const nodeQuery: Record<string, string> = o.selector ? { labelSelector: o.selector } : {};
  const podQuery: Record<string, string> = { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' };
  if (o.podSelector) podQuery.labelSelector = o.podSelector;
  const podsPath = scoped ? `/api/v1/namespaces/${escapePathSegment(namespace)}/pods` : '/api/v1/pods';
  const [nodes, pods] = await Promise.all([listAll<Node>(f, '/api/v1/nodes', nodeQuery), listAll<Pod>(f, podsPath, podQuery)]);

  let nodeUsage: Map<string, Record<string, string>> | undefined;
  let podUsage: Map<string, Record<string, string>> | undefined;
  if (o.util) {
    const withPods = o.pods || !!o.resource;
    const metricsPods = scoped ? `${METRICS}/namespaces/${escapePathSegment(namespace)}/pods` : `${METRICS}/pods`;
    const [nm, pm] = await Promise.all([
      listAll<KubeObject>(f, `${METRICS}/nodes`, nodeQuery),
      withPods ? listAll<KubeObject>(f, metricsPods, o.podSelector ? { labelSelector: o.podSelector } : {}) : Promise.resolve<KubeObject[]>([]),
    ]);
    nodeUsage = new Map(nm.map((m) => [String(m.metadata?.name ?? ''), stringMapAt(m, 'usage') ?? {}]));
    podUsage = new Map(
      pm.map((m) => [`${m.metadata?.namespace ?? ''}/${m.metadata?.name ?? ''}`, sumUsage(mapsAt(m, 'containers').map((c) => stringMapAt(c, 'usage')))]),
    );
  }

  const report = buildReport(nodes, pods, { resource: o.resource || undefined, withPods: o.pods, nodeUsage, podUsage });
  if (report.nodes.length === 0 && report.pending.length === 0) {
    await write(
      f.io.errOut,
      o.resource && nodes.length > 0 ? `No node has ${o.resource} and no pod on a node requests it.\n` : 'No resources found\n',
    );
    if (o.output === '' || o.output === 'wide') return 0;
  }
  sortReport(report, sortKey);
  if (o.output === 'json') {
    const { marshalJson } = await import('../codec/json.js');
    await write(f.io.out, marshalJson(toDocument(report), { indent: '    ', sortKeys: false }) + '\n');
    return 0;
  }
  if (o.output === 'yaml') {
    const { marshalYaml } = await import('../printers/yaml.js');
    await write(f.io.out, marshalYaml(toDocument(report)));
    return 0;
  }
  const table = { wide: o.output === 'wide', noHeaders: o.noHeaders };
  let text = o.resource ? resourceTable(report, table) : capacityTable(report, table);
  const { colorEnabled } = await import('../printers/color-mode.js');
  if (colorEnabled(o.color, f.io.isTTY, f.ctx.env)) text = await colorizeTable(text, !o.noHeaders);
  await write(f.io.out, text);
  return 0;
}

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ color: string }>;
