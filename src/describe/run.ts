/**
 * describe's work, as kubectl's describe command does it: resolve the
 * arguments (or -f manifests) into objects with the builder's rules (names
 * are read, types listed with -l and --chunk-size), then describe each with
 * its kind's describer, two blank lines between objects. `TYPE NAME` with
 * no such object falls back to every object of TYPE whose name starts with
 * NAME. Failures are collected and reported at the end as kubectl reports
 * them.
 */
import { resourcePath, type Clients, type ResourceMapping } from '../client/index.js';
import { EmptyNameError } from '../client/path-segment.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import type { Factory } from '../factory.js';
import { listError } from '../resource/list-error.js';
import { ApiError, ErrorList, ExitError, failIfAny, InputErrors, KtlError } from '../errors.js';
import { formatApiError } from '../errors-format.js';
import type { FilenameOptions } from '../flags/filename.js';
import type { KubeObject, ResourceInfo } from '../resource/types.js';
import { describeGeneric } from './generic.js';
import './kinds/index.js';
import { describerFor, type DescribeContext, type DescriberSettings } from './registry.js';
import { getNamed } from '../client/rest.js';

export interface DescribeRunOptions {
  ctx: Context;
  factory: Factory;
  args: string[];
  files: FilenameOptions;
  selector: string;
  allNamespaces: boolean;
  settings: DescriberSettings;
}

interface Target {
  mapping: ResourceMapping;
  namespace: string;
  name: string;
}

function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && (err.statusCode === 404 || err.reason === 'NotFound');
}

/** describer.Describe for one object. */
export async function describeOne(clients: Clients, t: Target, settings: DescriberSettings, now: Date): Promise<string> {
  const dc: DescribeContext = { clients, mapping: t.mapping, settings, now };
  const describer = describerFor(t.mapping.group, t.mapping.kind) ?? describeGeneric;
  return describer(dc, t.mapping.namespaced ? t.namespace : '', t.name);
}

/** Lists every object of a type (one info per item), paged with --chunk-size. */
async function listTargets(clients: Clients, info: ResourceInfo, selector: string, chunkSize: number): Promise<Target[]> {
  const list = await clients.rest
    .list<KubeObject>(resourcePath(info.mapping, { namespace: info.namespace || undefined }), {
      query: selector ? { labelSelector: selector } : {},
      limit: chunkSize,
    })
    .catch((err: unknown) => Promise.reject(listError(err, info.mapping, selector)));
  return list.items.map((item) => ({
    mapping: info.mapping,
    namespace: item.metadata?.namespace ?? '',
    name: item.metadata?.name ?? '',
  }));
}

/**
 * The builder's visit with ContinueOnError: named objects are read (a
 * failure is kept and the others go on), types are listed.
 */
async function visit(clients: Clients, infos: ResourceInfo[], o: DescribeRunOptions): Promise<{ targets: Target[]; errors: unknown[] }> {
  const targets: Target[] = [];
  const errors: unknown[] = [];
  for (const info of infos) {
    try {
      if (info.object) {
        // -f: the manifest names the object; the describer reads it
        targets.push({ mapping: info.mapping, namespace: info.namespace, name: info.name });
      } else if (info.name === '') {
        targets.push(...(await listTargets(clients, info, o.selector, o.settings.chunkSize)));
      } else {
        await getNamed(clients.rest, resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name }), info.namespace);
        targets.push({ mapping: info.mapping, namespace: info.namespace, name: info.name });
      }
    } catch (err) {
      if (!(err instanceof KtlError)) throw err;
      errors.push(err);
    }
  }
  return { targets, errors };
}

export async function runDescribe(o: DescribeRunOptions): Promise<number> {
  const { namespace, enforce } = await o.factory.namespace();
  const resolved = await o.factory
    .builder()
    .namespace(namespace, { enforce: enforce && !o.allNamespaces })
    .args(o.args)
    .filenames(o.files)
    .selector(o.selector)
    .allNamespaces(o.allNamespaces)
    .continueOnError()
    .do();
  const clients = await o.factory.clients();
  const { targets, errors: visitErrors } = await visit(clients, resolved.infos, o);
  // an empty name is no builder error in kubectl: the describer's request for it fails
  const emptyNames = resolved.errors.filter((e) => e instanceof EmptyNameError);
  const builderErrors = [...resolved.errors.filter((e) => !(e instanceof EmptyNameError)), ...visitErrors];
  if (builderErrors.length === 1 && isNotFound(builderErrors[0]) && o.args.length === 2 && targets.length === 0) {
    return describeMatching(clients, o, namespace, builderErrors[0]);
  }
  const now = o.ctx.now();
  const describeErrors: unknown[] = [];
  const seen = new Set<string>();
  let first = true;
  for (const t of targets) {
    let text: string;
    try {
      text = await describeOne(clients, t, o.settings, now);
    } catch (err) {
      if (!(err instanceof KtlError)) throw err;
      // the same failure is reported once
      const key = err.message;
      if (!seen.has(key)) {
        seen.add(key);
        describeErrors.push(err);
      }
      continue;
    }
    await write(o.ctx.io.out, first ? text : `\n\n${text}`);
    first = false;
  }
  // (each one, as kubectl reports them: not merged like the describers' failures)
  describeErrors.push(...emptyNames);
  if (targets.length === 0 && builderErrors.length === 0 && describeErrors.length === 0) {
    await write(o.ctx.io.errOut, o.allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
  }
  reportFailures(builderErrors, describeErrors);
  return 0;
}

/** DescribeMatchingResources: every object of TYPE whose name starts with the prefix, each followed by a blank line. */
async function describeMatching(clients: Clients, o: DescribeRunOptions, namespace: string, original: unknown): Promise<number> {
  const mapping = await clients.resolve(o.args[0]!);
  const info: ResourceInfo = { mapping, namespace: mapping.namespaced ? namespace : '', name: '' };
  const all = await listTargets(clients, info, '', o.settings.chunkSize);
  const prefix = o.args[1]!;
  const now = o.ctx.now();
  let found = false;
  for (const t of all) {
    if (!t.name.startsWith(prefix)) continue;
    found = true;
    await write(o.ctx.io.out, `${await describeOne(clients, t, o.settings, now)}\n`);
  }
  if (!found) throw original;
  return 0;
}

/**
 * utilerrors.NewAggregate([builder errors (an aggregate, even of one),
 * describe errors...]) through kubectl's CheckErr: a lone builder error
 * prints bare (CheckErr unwraps one aggregate only, and prints the inner one
 * line by line), a lone describe error as usual; several print one per line,
 * the builder's aggregate as "[a, b]".
 */
function reportFailures(builderErrors: unknown[], describeErrors: unknown[]): void {
  // the builder's errors come as an aggregate even when there is one (its EagerVisitorList): alone, printed bare
  if (builderErrors.length === 1 && describeErrors.length === 0) throw new ErrorList(builderErrors, 'standard');
  const builder = builderErrors.length > 1 ? [new InputErrors(builderErrors)] : builderErrors;
  failIfAny([...builder, ...describeErrors], 'standard');
}

export { ExitError };
