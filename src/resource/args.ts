/**
 * "What did the user mean": TYPE, TYPE NAME..., TYPE/NAME..., TYPE1,TYPE2
 * [NAME...], categories (all), and -f manifests, turned into ResourceInfos
 * with cli-runtime's builder rules and error texts.
 */
import { matchesSelector, parseSelector, type Requirement } from '../mutate/selector.js';
import type { Clients } from '../client/index.js';
import { repeatDiscoveryFailureLog } from '../client/discovery.js';
import { ResourceMapper, type ResourceMapping } from '../client/mapper.js';
import { EmptyNameError } from '../client/path-segment.js';
import type { Context } from '../context.js';
import { KtlError, UnknownResourceError, messageOf } from '../errors.js';
import type { ResourceInfo } from './types.js';

export interface ResolveOptions {
  /** the request namespace (-n, else the context's) */
  namespace: string;
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
  /** --all (select every object of the types) */
  all?: boolean;
  filenames?: string[];
  recursive?: boolean;
  /** -n was given explicitly: -f objects in another namespace are an error */
  enforceNamespace?: boolean;
  /** name for usage texts ("ktl"); defaults to "ktl" */
  binName?: string;
  /** needed to read -f - (stdin) and relative paths */
  ctx?: Context;
  /**
   * kubectl's allowEmptySelector: a TYPE alone means every object of it
   * (get, rollout). Default true; when false (scale, set, wait) a TYPE alone
   * needs -l, --field-selector or --all.
   */
  allowEmptySelector?: boolean;
  /** the text when neither arguments nor -f were given; default NO_RESOURCES_MESSAGE */
  noResourcesMessage?: string;
  /** check -f documents as kubectl's client-side validation does (create, replace with --validate on) */
  validate?: boolean;
  /**
   * -l with -f is the caller's to apply to what it fetches (cli-runtime's
   * FilterByLabelSelector runs after Latest's GET: get), not to the labels
   * as written; the selector is still checked here.
   */
  selectorAfterFetch?: boolean;
}

/** A parsed argument list, before any type is looked up. */
export interface ParsedArgs {
  /** TYPE/NAME pairs, in argument order */
  tuples: Array<{ type: string; name: string }>;
  /** type arguments (comma list split, deduplicated), when not in TYPE/NAME form */
  types: string[];
  names: string[];
}

/** "pods,svc,pods" -> ["pods","svc"] (empties kept: they are errors later). */
export function splitResourceArgument(arg: string): string[] {
  const out: string[] = [];
  for (const s of arg.split(',')) if (!out.includes(s)) out.push(s);
  return out;
}

/** Pure parsing of positional arguments with the builder's rules and messages. */
export function parseResourceArgs(args: readonly string[], binName = 'ktl'): ParsedArgs {
  let list = [...args];
  if (list.length >= 2) {
    // "pods,svc a b" means every type with every name
    const types = splitResourceArgument(list[0]!);
    if (types.length > 1) list = types.flatMap((t) => list.slice(1).map((n) => `${t}/${n}`));
  }
  const slashed = list.filter((a) => a.includes('/')).length;
  if (slashed > 0 && slashed !== list.length) {
    throw new KtlError(
      `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '${binName} get resource/<resource_name>' instead of '${binName} get resource resource/<resource_name>'`,
    );
  }
  if (slashed > 0) {
    const tuples = list.map((s) => {
      const seg = s.split('/');
      const [type, name] = seg;
      if (seg.length !== 2 || type === undefined || name === undefined) throw new KtlError('arguments in resource/name form may not have more than one slash');
      if (!type || !name || splitResourceArgument(type).length !== 1) {
        throw new KtlError('arguments in resource/name form must have a single resource and name');
      }
      return { type, name };
    });
    return { tuples, types: [], names: [] };
  }
  if (list.length === 0) return { tuples: [], types: [], names: [] };
  return { tuples: [], types: splitResourceArgument(list[0]!), names: list.slice(1) };
}

/**
 * How often cli-runtime's mappingFor asks discovery for one type when every
 * attempt fails: the shortcut expander and the deferred mapper for KindFor,
 * then both again for RESTMapping.
 */
export const MAPPING_DISCOVERY_ATTEMPTS = 4;

/** Looks a type up, refetching discovery once on a cache miss (through clients.resolve). */
async function mappingsFor(clients: Clients, type: string): Promise<ResourceMapping[]> {
  const mapper = await clients.mapper();
  const cat = mapper.find(type) ? undefined : mapper.category(type);
  if (cat) return cat;
  return [await clients.resolve(type)];
}

function scopeNamespace(m: ResourceMapping, o: ResolveOptions): string {
  if (!m.namespaced) return '';
  return o.allNamespaces ? '' : o.namespace;
}

/** The message when neither arguments nor -f were given. */
export const NO_RESOURCES_MESSAGE =
  'you must provide one or more resources by argument or filename (.json|.yaml|.yml|stdin)';

/** cli-runtime's builder text for the same case (scale, rollout, wait, set ...). */
export const MISSING_RESOURCE_MESSAGE = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** What the arguments or -f manifests resolved to. */
export interface Resolved {
  infos: ResourceInfo[];
  /** -f documents that could not be read or mapped (kubectl carries on with the others) */
  errors: KtlError[];
  /** with -f: infos and errors together, in document order */
  sequence?: Array<ResourceInfo | KtlError>;
}

/**
 * Resolves arguments (or -f manifests) into infos. Lists have name ''.
 * Throws KtlError with kubectl's wording for usage problems, and
 * UnknownResourceError for unknown types.
 */
export async function resolveResourceArgs(
  clients: Clients,
  args: string[],
  opts: ResolveOptions,
): Promise<ResourceInfo[]> {
  const { infos, errors } = await resolveResources(clients, args, opts);
  if (errors.length) throw errors[0];
  return infos;
}

/**
 * Like resolveResourceArgs, but -f objects whose kind the server does not
 * serve are reported in `errors` (kubectl carries on with the others), in
 * document order alongside the infos that did resolve.
 */
export async function resolveResources(
  clients: Clients,
  args: string[],
  opts: ResolveOptions,
): Promise<Resolved> {
  return resolveInfos(clients, args, opts);
}

async function resolveInfos(
  clients: Clients,
  args: string[],
  opts: ResolveOptions,
): Promise<{ infos: ResourceInfo[]; errors: KtlError[] }> {
  const bin = opts.binName ?? opts.ctx?.binName ?? 'ktl';
  const filenames = opts.filenames ?? [];
  const hasSelector = !!opts.selector || !!opts.fieldSelector || !!opts.all;
  if (filenames.length > 0) {
    if (args.length > 0) {
      throw new KtlError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    }
    if (!opts.ctx) throw new Error('resolveResources: ctx is required with filenames');
    return resolveManifests(clients, opts.ctx, opts);
  }
  const parsed = parseResourceArgs(args, bin);
  if (parsed.tuples.length > 0) {
    if (hasSelector) throw new KtlError('selectors and the all flag cannot be used when passing resource/name arguments');
    if (opts.allNamespaces) throw new KtlError('a resource cannot be retrieved by name across all namespaces');
    const infos: ResourceInfo[] = [];
    for (const t of parsed.tuples) {
      const mapping = await clients.resolve(t.type).catch((err: unknown) => {
        // kubectl's mappingFor asks discovery four times before it gives up
        repeatDiscoveryFailureLog(err, MAPPING_DISCOVERY_ATTEMPTS - 1);
        throw err;
      });
      infos.push({ mapping, namespace: mapping.namespaced ? opts.namespace : '', name: t.name });
    }
    return { infos, errors: [] };
  }
  if (parsed.types.length === 0) throw new KtlError(opts.noResourcesMessage ?? NO_RESOURCES_MESSAGE);
  if (parsed.names.length > 0 && hasSelector) throw new KtlError('name cannot be provided when a selector is specified');
  const mappings: ResourceMapping[] = [];
  for (const t of parsed.types) {
    const found = await mappingsFor(clients, t).catch((err: unknown) => {
      // kubectl first expands every type as a category (one discovery
      // attempt each), then maps the first type (four attempts)
      repeatDiscoveryFailureLog(err, parsed.types.length + MAPPING_DISCOVERY_ATTEMPTS - 1);
      throw err;
    });
    for (const m of found) {
      if (!mappings.some((x) => x.group === m.group && x.resource === m.resource)) mappings.push(m);
    }
  }
  if (parsed.names.length > 0) {
    if (mappings.length !== 1) throw new KtlError('you must specify only one resource');
    if (opts.allNamespaces) throw new KtlError('a resource cannot be retrieved by name across all namespaces');
    const m = mappings[0]!;
    // an empty name is a name, not the whole list: the request for it fails in
    // client-go ("resource name may not be empty") while the other names are done
    const named = parsed.names.filter((name) => name !== '');
    const errors = parsed.names.filter((name) => name === '').map(() => new EmptyNameError());
    return { infos: named.map((name) => ({ mapping: m, namespace: m.namespaced ? opts.namespace : '', name })), errors };
  }
  if (opts.allowEmptySelector === false && !hasSelector) {
    throw new KtlError('resource(s) were provided, but no name was specified');
  }
  return { infos: mappings.map((m) => ({ mapping: m, namespace: scopeNamespace(m, opts), name: '' })), errors: [] };
}

async function resolveManifests(
  clients: Clients,
  ctx: Context,
  opts: ResolveOptions,
): Promise<Resolved> {
  // -f only: the manifest reader (and YAML) is not loaded for TYPE NAME arguments
  const { isManifestError, readManifestItems } = await import('./manifests.js');
  const { schemaUnreachableErrors, mapperFor } = await import('./unreachable.js');
  const manifests = await readManifestItems(ctx, { filenames: opts.filenames ?? [], recursive: !!opts.recursive, validate: opts.validate });
  // -l with -f keeps the objects whose labels (as written) match, as
  // cli-runtime's FilterByLabelSelector; unreadable documents stay errors
  let selector: Requirement[] | undefined;
  if (opts.selector) {
    try {
      selector = parseSelector(opts.selector);
    } catch (err) {
      throw new KtlError(`the provided selector "${opts.selector}" is not valid: ${messageOf(err)}`);
    }
  }
  const refused = opts.validate ? await schemaUnreachableErrors(clients, manifests) : undefined;
  if (refused) return { infos: [], errors: refused, sequence: refused };
  let mapper: ResourceMapper | undefined;
  let refreshed = false;
  const infos: ResourceInfo[] = [];
  const errors: KtlError[] = [];
  const sequence: Array<ResourceInfo | KtlError> = [];
  for (const m of manifests) {
    if (isManifestError(m)) {
      errors.push(m.error);
      sequence.push(m.error);
      continue;
    }
    if (!mapper) {
      // discovery when the first document needs it; out of reach, each document fails on its own
      const got = await mapperFor(clients, m.source);
      if (got instanceof KtlError) {
        errors.push(got);
        sequence.push(got);
        continue;
      }
      mapper = got;
    }
    const apiVersion = m.object.apiVersion ?? '';
    const kind = m.object.kind ?? '';
    let mapping = mapper.forKind(apiVersion, kind);
    if (!mapping && !refreshed) {
      refreshed = true;
      mapper = new ResourceMapper((await clients.discovery.get({ fresh: true })).doc);
      mapping = mapper.forKind(apiVersion, kind);
    }
    const objNs = m.object.metadata?.namespace ?? '';
    if (!mapping) {
      const error = new KtlError(
        `resource mapping not found for name: "${m.object.metadata?.name ?? ''}" namespace: "${objNs}" from "${m.source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
      );
      errors.push(error);
      sequence.push(error);
      continue;
    }
    let namespace = '';
    if (mapping.namespaced) {
      if (objNs && opts.enforceNamespace && objNs !== opts.namespace) {
        throw new KtlError(
          `the namespace from the provided object "${objNs}" does not match the namespace "${opts.namespace}". You must pass '--namespace=${objNs}' to perform this operation.`,
        );
      }
      namespace = objNs || opts.namespace;
    }
    if (selector && !opts.selectorAfterFetch && !matchesSelector(selector, m.object.metadata?.labels ?? {})) continue;
    const info: ResourceInfo = {
      mapping,
      namespace,
      name: m.object.metadata?.name ?? '',
      object: m.object,
      source: m.source,
      docIndex: m.docIndex,
    };
    infos.push(info);
    sequence.push(info);
  }
  return { infos, errors, sequence };
}

export { UnknownResourceError };

/** Types without names (`get deploy`, `get deploy,rs`) and no -f: what cli-runtime visits with a selector. */
export function isBulk(args: readonly string[], filenames: readonly string[]): boolean {
  return filenames.length === 0 && args.length === 1 && !args[0]!.includes('/');
}
