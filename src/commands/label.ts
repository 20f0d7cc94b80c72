/**
 * `ktl label` (and, through registerMetadataCommand, `ktl annotate`):
 * KEY=VALUE / KEY- changes on objects named by TYPE NAME, TYPE/NAME, -f, -l,
 * --field-selector or --all. The work is in src/mutate/metadata-run.ts.
 */
import type { Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import { addRecordFlag, recordCause } from '../flags/record.js';
import { KtlError } from '../errors.js';
import { FilenameFlags } from '../flags/filename.js';
import { SelectorFlags } from '../flags/selector.js';
import { parseDryRun } from '../mutate/flags.js';
import { addObjectPrintFlags, objectPrintOptions } from '../mutate/output.js';
import type { MetadataOptions } from '../mutate/metadata-run.js';
import type { Opts } from '../flags/opts.js';
import { helpDefaults, helpTexts } from '../flags/global.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ fieldManager: string; resourceVersion: string }>;

export interface MetadataCommandSpec {
  name: 'label' | 'annotate';
  field: 'labels' | 'annotations';
  /** "label" / "annotation", as kubectl's messages name one */
  noun: 'label' | 'annotation';
  summary: string;
  description: string;
  usage: string;
  examples: string;
}

const LABEL_EXAMPLES = `  # Update pod 'foo' with the label 'unhealthy' and the value 'true'
  ktl label pods foo unhealthy=true

  # Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any existing value
  ktl label --overwrite pods foo status=unhealthy

  # Update all pods in the namespace
  ktl label pods --all status=unhealthy

  # Update a pod identified by the type and name in "pod.json"
  ktl label -f pod.json status=unhealthy

  # Update pod 'foo' only if the resource is unchanged from version 1
  ktl label pods foo status=unhealthy --resource-version=1

  # Update pod 'foo' by removing a label named 'bar' if it exists
  # Does not require the --overwrite flag
  ktl label pods foo bar-`;

export function registerLabel(program: Command, app: App): void {
  registerMetadataCommand(program, app, {
    name: 'label',
    field: 'labels',
    noun: 'label',
    summary: 'Update the labels on a resource',
    description:
      "Update the labels on a resource.\n\n  *  A label key and value must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters each.\n  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n  *  If --overwrite is true, then existing labels can be overwritten, otherwise attempting to overwrite a label will result in an error.\n  *  If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used.",
    usage: '[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]',
    examples: LABEL_EXAMPLES,
  });
}

export function registerMetadataCommand(program: Command, app: App, spec: MetadataCommandSpec): void {
  const cmd = program
    .command(spec.name)
    .summary(spec.summary)
    .description(spec.description)
    .usage(spec.usage)
    .argument('[args...]');
  new FilenameFlags(`identifying the resource to update the ${spec.field}`).addTo(cmd);
  new SelectorFlags({ selector: true, fieldSelector: true, all: true, allNamespaces: true }).addTo(cmd);
  addObjectPrintFlags(cmd);
  cmd
    .option('--overwrite', `If true, allow ${spec.field} to be overwritten, otherwise reject ${spec.noun} updates that overwrite existing ${spec.field}.`)
    .option('--list', `If true, display the ${spec.field} for a given resource.`)
    .option('--local', `If true, ${spec.name} will NOT contact api-server but run locally.`)
    .option('--resource-version <version>', `If non-empty, the ${spec.field} update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.`)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.')
    .option('--dry-run [strategy]', 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.');
  addRecordFlag(cmd);
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const o = await complete(app, c, spec, args, opts);
      validate(o, spec);
      const { runMetadataUpdate } = await import('../mutate/metadata-run.js');
      return runMetadataUpdate(o);
    }),
  );
  withExamples(cmd, spec.examples);
  helpDefaults(cmd, { '--dry-run': "'none'", '--field-manager': `'kubectl-${spec.name}'` });
  helpTexts(cmd, {
    '--all': `Select all resources, in the namespace of the specified resource types${spec.name === 'label' ? '' : '.'}`,
    '--all-namespaces': 'If true, check the specified action in all namespaces.',
  });
  if (spec.name === 'annotate') {
    helpTexts(cmd, {
      '--filename': 'Filename, directory, or URL to files identifying the resource to update the annotation',
      '--local': 'If true, annotation will NOT contact api-server but run locally.',
      '--resource-version': 'If non-empty, the annotation update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.',
    });
  }
}

async function complete(app: App, c: Command, spec: MetadataCommandSpec, args: string[], opts: Flags): Promise<MetadataOptions> {
  const ctx = app.ctx;
  const { splitResourcesAndPairs, parseLabelChanges, parseAnnotationChanges } = await import('../mutate/metadata-update.js');
  const print = objectPrintOptions(opts);
  const dryRun = parseDryRun(opts.dryRun, (s) => void ctx.io.errOut.write(s));
  const files = new FilenameFlags().toOptions(opts);
  const sel = new SelectorFlags().toOptions(opts);
  const { resources, pairs } = splitResourcesAndPairs(args, spec.noun);
  const changes = spec.field === 'labels' ? parseLabelChanges(pairs) : parseAnnotationChanges(pairs);
  return {
    ctx,
    factory: app.factory(c),
    changeCause: recordCause(c, opts, ctx.binName),
    args: resources,
    ...files,
    ...sel,
    field: spec.field,
    changes,
    overwrite: !!opts.overwrite,
    list: !!opts.list,
    local: !!opts.local,
    resourceVersion: opts.resourceVersion ?? '',
    dryRun,
    print,
    fieldManager: opts.fieldManager ?? `kubectl-${spec.name}`,
  };
}

function validate(o: MetadataOptions, spec: MetadataCommandSpec): void {
  if (o.all && o.selector) throw new KtlError('cannot set --all and --selector at the same time');
  if (o.all && o.fieldSelector) throw new KtlError('cannot set --all and --field-selector at the same time');
  if (o.local) {
    if (o.dryRun === 'server') throw new KtlError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
    if (o.args.length > 0) throw new KtlError('can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set');
    if (o.filenames.length === 0) throw new KtlError('one or more files must be specified as -f pod.yaml or --filename=pod.json');
  } else if (o.args.length === 0 && o.filenames.length === 0) {
    throw new KtlError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  }
  if (o.changes.set.size === 0 && o.changes.remove.length === 0 && !o.list) {
    throw new KtlError(`at least one ${spec.noun} update is required`);
  }
  if (!o.local && o.filenames.length === 0 && !o.all && !o.selector && !o.fieldSelector && o.args.length === 1 && !o.args[0]!.includes('/')) {
    throw new KtlError('resource(s) were provided, but no name was specified');
  }
}
