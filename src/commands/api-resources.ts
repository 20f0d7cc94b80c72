import type { Command } from 'commander';
import { action, commandPath, withExamples, type App } from './kit.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { KtlError, UsageError, FlagValueError } from '../errors.js';
import type { GlobalFlags } from '../flags/global.js';
import type { Opts } from '../flags/opts.js';
import { helpDefaults } from '../flags/global.js';
import { sortRows } from '../resource/api-resources.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ apiGroup: string; categories: string[]; output: string; sortBy: string; verbs: string[] }>;

export interface ApiResourcesOptions {
  ctx: Context;
  flags: GlobalFlags;
  output: '' | 'wide' | 'name';
  rawOutput: string;
  /** undefined when --namespaced was not given (then both scopes are listed) */
  namespaced?: boolean;
  apiGroup?: string;
  verbs: string[];
  categories: string[];
  sortBy: '' | 'name' | 'kind';
  rawSortBy: string;
  noHeaders: boolean;
  cached: boolean;
  extraArgs: string[];
  path: string;
}

interface Row {
  name: string;
  shortNames: string[];
  group: string;
  version: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  categories: string[];
}

const EXAMPLES = `  # Print the supported API resources
  ktl api-resources

  # Print the supported API resources with more information
  ktl api-resources -o wide

  # Print the supported API resources sorted by a column
  ktl api-resources --sort-by=name

  # Print the supported namespaced resources
  ktl api-resources --namespaced=true

  # Print the supported non-namespaced resources
  ktl api-resources --namespaced=false

  # Print the supported API resources with a specific APIGroup
  ktl api-resources --api-group=rbac.authorization.k8s.io`;

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').filter(Boolean)];

export function registerApiResources(program: Command, app: App): void {
  const cmd = program
    .command('api-resources')
    .description('Print the supported API resources on the server.')
    .summary('Print the supported API resources on the server')
    .usage('[flags] [options]')
    .argument('[args...]')
    .option('--api-group <group>', 'Limit to resources in the specified API group.')
    .option('--cached', 'Use the cached list of resources if available.')
    .option('--categories <categories>', 'Limit to resources that belong to the specified categories.', list)
    .option(
      '--namespaced [bool]',
      'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.',
    )
    .option('--no-headers', 'When using the default or custom-column output format, don\'t print headers (default print headers).')
    .option('-o, --output <format>', 'Output format. One of: (wide, name).')
    .option('--sort-by <field>', "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.")
    .option('--verbs <verbs>', 'Limit to resources that support the specified verbs.', list)
    .action(
      action(async (args: string[], opts: Flags, c: Command) => {
        const o = complete(app.ctx, app.globals(c), args, opts, commandPath(c));
        validate(o);
        return run(o);
      }),
    );
  withExamples(cmd, EXAMPLES);
  helpDefaults(cmd, { '--namespaced': 'true' });
}

function parseBool(v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === true) return true;
  const s = String(v).toLowerCase();
  if (['1', 't', 'true'].includes(s)) return true;
  if (['0', 'f', 'false'].includes(s)) return false;
  throw new FlagValueError(String(v), '--namespaced', `strconv.ParseBool: parsing "${String(v)}": invalid syntax`);
}

function complete(ctx: Context, flags: GlobalFlags, args: string[], opts: Flags, path: string): ApiResourcesOptions {
  const rawOutput = opts.output ?? '';
  const rawSortBy = opts.sortBy ?? '';
  return {
    ctx,
    flags,
    rawOutput,
    output: rawOutput === 'wide' || rawOutput === 'name' ? rawOutput : '',
    namespaced: parseBool(opts.namespaced),
    apiGroup: opts.apiGroup,
    verbs: opts.verbs ?? [],
    categories: opts.categories ?? [],
    rawSortBy,
    sortBy: rawSortBy === 'name' || rawSortBy === 'kind' ? rawSortBy : '',
    // commander's --no-headers sets headers=false
    noHeaders: opts.headers === false,
    cached: !!opts.cached,
    extraArgs: args,
    path,
  };
}

function validate(o: ApiResourcesOptions): void {
  if (o.extraArgs.length) throw new UsageError(`unexpected arguments: [${o.extraArgs.join(' ')}]`, o.path);
  if (!['', 'wide', 'name'].includes(o.rawOutput)) throw new KtlError(`--output ${o.rawOutput} is not available`);
  if (!['', 'name', 'kind'].includes(o.rawSortBy)) throw new KtlError('--sort-by accepts only name or kind');
}

function headerRow(o: ApiResourcesOptions): string[] {
  const h = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'];
  return o.output === 'wide' ? [...h, 'VERBS', 'CATEGORIES'] : h;
}

function cells(o: ApiResourcesOptions, r: Row): string[] {
  const c = [r.name, r.shortNames.join(','), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind];
  return o.output === 'wide' ? [...c, r.verbs.join(','), r.categories.join(',')] : c;
}

async function run(o: ApiResourcesOptions): Promise<number> {
  const { formatRows } = await import('../printers/tabwriter.js');
  const printHeader = !o.noHeaders && o.output !== 'name';
  const { connect, ResourceMapper } = await import('../client/index.js');
  let rows: Row[];
  let failed: Array<{ groupVersion: string; message: string }> = [];
  // a kubeconfig or TLS material kubectl cannot use fails before the header
  const clients = await connect(o.ctx, o.flags, { command: `${o.ctx.binName} api-resources` });
  try {
    try {
      const { doc } = await clients.discovery.get({ fresh: !o.cached });
      failed = doc.failed;
      rows = new ResourceMapper(doc).preferredResources().map((m) => ({
        name: m.resource,
        shortNames: m.shortNames,
        group: m.group,
        version: m.version,
        namespaced: m.namespaced,
        kind: m.kind,
        verbs: m.verbs,
        categories: m.categories,
      }));
    } finally {
      clients.close();
    }
  } catch (err) {
    // kubectl has already written its header when discovery fails
    if (printHeader) await write(o.ctx.io.out, formatRows([headerRow(o)]));
    throw err;
  }
  rows = rows.filter(
    (r) =>
      (o.apiGroup === undefined || r.group === o.apiGroup) &&
      (o.namespaced === undefined || r.namespaced === o.namespaced) &&
      o.verbs.every((v) => r.verbs.includes(v)) &&
      o.categories.every((c) => r.categories.includes(c)),
  );
  rows = sortRows(rows, o.sortBy);
  if (o.output === 'name') {
    await write(o.ctx.io.out, rows.map((r) => `${r.group ? `${r.name}.${r.group}` : r.name}\n`).join(''));
  } else {
    const table = rows.map((r) => cells(o, r));
    if (printHeader) table.unshift(headerRow(o));
    await write(o.ctx.io.out, formatRows(table));
  }
  if (failed.length) {
    throw new KtlError(
      `unable to retrieve the complete list of server APIs: ${failed.map((f) => `${f.groupVersion}: ${f.message}`).join(', ')}`,
    );
  }
  return 0;
}
