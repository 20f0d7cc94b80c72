/**
 * Running `create`: build the object (generators) or read it (-f), then
 * POST it (fieldManager kubectl-create, field validation) or, with
 * --dry-run=client, only print it.
 */
import { recordOn } from '../flags/record.js';
import { withoutResourceVersion } from '../resource/create-body.js';
import { schemeKnows } from '../auth/scheme.js';
import { InvalidPathSegmentError } from '../client/path-segment.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clients } from '../client/index.js';
import { resourcePath } from '../client/rest.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { ApiError, ConnectionError, ErrorList, KtlError, UnknownResourceError, messageOf, errnoCode } from '../errors.js';
import type { FilenameOptions } from '../flags/filename.js';
import type { Factory } from '../factory.js';
import type { PrintOptions } from '../flags/print.js';
import { ObjectOutput } from '../mutate/output.js';
import { throwFailures, withSource, type DryRun } from '../mutate/report.js';
import { compactJson } from '../codec/json.js';
import { withLastApplied } from '../apply/last-applied.js';
import { isJsonMap, stringMapAt } from '../codec/value.js';
import { isKubeObject, type KubeObject } from '../resource/types.js';
import * as g from './generators.js';
import { isUtf8, KEY_ERRORS, readSources, type DataSources } from './sources.js';
import { goQuote } from '../printers/go-format.js';
import type { ReadyTarget } from '../wait/ready/run.js';
import { TlsMaterialError, x509KeyPair } from '../client/tls-material.js';
import { buildRole, type RoleInput } from './role.js';

export interface CreateCommon {
  ctx: Context;
  factory: Factory;
  print: PrintOptions;
  dryRun: DryRun;
  saveConfig: boolean;
  fieldManager: string;
  validate: 'Strict' | 'Warn' | 'Ignore';
  /** ktl: --wait[=TIMEOUT] / --wait-ready: wait until the created objects are ready (ms, 0 no limit) */
  readyTimeoutMs?: number;
  /** --record (create -f only): the kubernetes.io/change-cause to set */
  changeCause?: string;
}

/** ktl: the readiness wait after the writes, when asked for and something was written. */
async function waitReadyAfter(o: CreateCommon, clients: Clients | undefined, written: ReadyTarget[]): Promise<number> {
  if (o.readyTimeoutMs === undefined || o.dryRun !== 'none' || !clients) return 0;
  const { waitUntilReady } = await import('../wait/ready/run.js');
  return waitUntilReady(o.ctx, clients.rest, written, o.readyTimeoutMs);
}

function readyTarget(mapping: ReadyTarget['mapping'], namespace: string, obj: KubeObject): ReadyTarget {
  return { mapping, namespace: mapping.namespaced ? (obj.metadata?.namespace ?? namespace) : '', name: obj.metadata?.name ?? '', object: obj };
}

export type GeneratorInput =
  | { kind: 'namespace' | 'serviceaccount'; name: string }
  | { kind: 'deployment'; name: string; images: string[]; replicas: number; port: number; command: string[] }
  | { kind: 'configmap'; name: string; sources: DataSources; appendHash?: boolean }
  | { kind: 'secret-generic'; name: string; sources: DataSources; type: string; appendHash?: boolean }
  | { kind: 'secret-tls'; name: string; cert: string; key: string; appendHash?: boolean }
  | {
      kind: 'secret-docker-registry';
      name: string;
      /** --from-file sources ("key=path"), or the registry login */
      files?: string[];
      login?: { server: string; username: string; password: string; email: string };
      appendHash?: boolean;
    }
  | { kind: 'service'; name: string; type: g.ServiceType; tcp: string[]; clusterIP: string; nodePort: number; externalName: string }
  | { kind: 'job'; name: string; image: string; from: string; command: string[] }
  | { kind: 'cronjob'; name: string; image: string; schedule: string; restart: string; command: string[] }
  | RoleInput
  | { kind: 'rolebinding' | 'clusterrolebinding'; name: string; role: string; clusterRole: string; subjects: g.Subjects }
  | { kind: 'quota'; name: string; hard: string; scopes: string }
  | { kind: 'priorityclass'; name: string; value: number; globalDefault: boolean; description: string; preemptionPolicy: string }
  | { kind: 'ingress'; name: string; ingressClass: string; rules: string[]; annotations: string[]; defaultBackend: string }
  | { kind: 'poddisruptionbudget'; name: string; selector: string; minAvailable: string; maxUnavailable: string };

/** The factory's clients: built (as kubectl builds its client) even for client dry runs, which send nothing. */
class Session {
  constructor(private readonly o: CreateCommon) {}
  get(): Promise<Clients> {
    return this.o.factory.clients();
  }
  close(): void {
    this.o.factory.close();
  }
}

async function namespaceInfo(o: CreateCommon): Promise<{ namespace: string; explicit: boolean }> {
  const { namespace, enforce } = await o.factory.namespace();
  return { namespace, explicit: enforce };
}

async function readTls(file: string, cwd: string): Promise<Buffer> {
  try {
    return await readFile(path.resolve(cwd, file));
  } catch (err) {
    const code = errnoCode(err);
    throw new KtlError(`Cannot read file ${file}, open ${file}: ${code === 'ENOENT' ? 'no such file or directory' : messageOf(err)}`);
  }
}

/** tls.X509KeyPair's checks, in Go's words (client/tls-material.ts). */
function checkKeyPair(cert: Buffer, key: Buffer): void {
  try {
    x509KeyPair(cert, key);
  } catch (err) {
    if (err instanceof TlsMaterialError) throw new KtlError(err.message);
    throw err;
  }
}

/** Builds the generator's object (reading files, and the server for role / job --from). */
async function build(o: CreateCommon, input: GeneratorInput, ns: string | undefined, session: Session): Promise<g.Obj> {
  const cwd = o.ctx.cwd;
  switch (input.kind) {
    case 'namespace':
      return g.namespaceObject(input.name);
    case 'serviceaccount':
      return g.serviceAccount(input.name, ns);
    case 'deployment':
      return g.deployment({ ...input, namespace: ns });
    case 'configmap': {
      const data = await readSources(input.sources, {
        cwd,
        env: o.ctx.env,
        // a file that is not UTF-8 went into BinaryData
        onDuplicate: (k, existing) =>
          `cannot add key ${goQuote(k)}, another key by that name already exists in ${isUtf8(existing) ? 'Data' : 'BinaryData'} for ConfigMap ${goQuote(input.name)}`,
        onInvalidKey: KEY_ERRORS.configmap,
      });
      const text: Record<string, string> = {};
      const binary: Record<string, string> = {};
      for (const [k, v] of data) {
        if (isUtf8(v)) text[k] = v.toString('utf8');
        else binary[k] = v.toString('base64');
      }
      return g.configMap({ name: input.name, namespace: ns, data: text, binaryData: binary });
    }
    case 'secret-generic': {
      const data = await readSources(input.sources, {
        cwd,
        env: o.ctx.env,
        onDuplicate: (k) => `cannot add key ${k}, another key by that name already exists`,
        onInvalidKey: KEY_ERRORS.secret,
      });
      const b64: Record<string, string> = {};
      for (const [k, v] of data) b64[k] = v.toString('base64');
      return g.secret({ name: input.name, namespace: ns, data: b64, type: input.type });
    }
    case 'secret-tls': {
      const cert = await readTls(input.cert, cwd);
      const key = await readTls(input.key, cwd);
      checkKeyPair(cert, key);
      return g.tlsSecret({ name: input.name, namespace: ns, cert, key });
    }
    case 'secret-docker-registry': {
      if (input.login) return g.dockerRegistrySecret({ name: input.name, namespace: ns, ...input.login });
      const data = await readSources(
        { literals: [], files: input.files ?? [], envFiles: [] },
        { cwd, env: o.ctx.env, onDuplicate: (k) => `cannot add key ${k}, another key by that name already exists`, onInvalidKey: KEY_ERRORS.secret },
      );
      const b64: Record<string, string> = {};
      for (const [k, v] of data) b64[k] = v.toString('base64');
      return g.secret({ name: input.name, namespace: ns, data: b64, type: 'kubernetes.io/dockerconfigjson' });
    }
    case 'service':
      return g.service({ ...input, namespace: ns });
    case 'job': {
      if (!input.from) return g.job({ name: input.name, namespace: ns, image: input.image, command: input.command });
      // kubectl reads --from through its builder (typed by its scheme) first, then checks the kind
      const r = await o.factory.builder().args([input.from]).allowEmptySelector(false).latest().do();
      if (r.errors.length > 0) throw r.errors[0];
      if (r.infos.length !== 1) throw new KtlError('from must be an existing cronjob');
      const { mapping, object } = r.infos[0]!;
      const apiVersion = mapping.group ? `${mapping.group}/${mapping.version}` : mapping.version;
      if (!schemeKnows(apiVersion, mapping.kind)) {
        throw new KtlError(`no kind "${mapping.kind}" is registered for version "${apiVersion}" in scheme "pkg/scheme/scheme.go:28"`);
      }
      // the Go type the object decoded into (%T): package (its version) and kind
      if (mapping.group !== 'batch' || mapping.kind !== 'CronJob') throw new KtlError(`unknown object type *${mapping.version}.${mapping.kind}`);
      const cj = object ?? {};
      return g.jobFromCronJob(input.name, ns, cj);
    }
    case 'cronjob':
      return g.cronJob({ ...input, namespace: ns });
    case 'role':
    case 'clusterrole': {
      const clients = await session.get();
      // the RESTMapper's ResourceFor(resource, group): the server's plural and group, or nothing
      const resolve = async (resource: string, group: string) => {
        const mapping = await clients.resolve(group ? `${resource}.${group}` : resource).catch((e: unknown) => {
          if (e instanceof UnknownResourceError) return undefined;
          throw e;
        });
        return mapping && (!group || mapping.group === group) ? { resource: mapping.resource, group: mapping.group } : undefined;
      };
      return buildRole(input, ns, resolve, (text) => write(o.ctx.io.errOut, text));
    }
    case 'rolebinding':
      return g.roleBinding({ ...input, namespace: ns });
    case 'clusterrolebinding':
      return g.clusterRoleBinding(input);
    case 'quota':
      return g.quota({ ...input, namespace: ns });
    case 'priorityclass':
      return g.priorityClass(input);
    case 'ingress':
      return g.ingress({ ...input, namespace: ns });
    case 'poddisruptionbudget':
      return g.podDisruptionBudget({ ...input, namespace: ns });
  }
}

/** The object with kubectl's last-applied annotation of a client-built object (struct order, no annotations key when empty). */
function withSavedConfig(obj: g.Obj): g.Obj {
  const md = { ...g.objAt(obj, 'metadata') };
  const annotations = { ...(stringMapAt(md, 'annotations') ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  const bareMeta: g.Obj = { ...md };
  if (Object.keys(annotations).length) bareMeta.annotations = annotations;
  else delete bareMeta.annotations;
  const bare: g.Obj = { ...obj, metadata: bareMeta };
  const value = compactJson(bare, { sortKeys: false }) + '\n';
  // annotations sit after labels in ObjectMeta, before ownerReferences
  const placed: g.Obj = {};
  const annotated = g.sortedMap({ ...annotations, 'kubectl.kubernetes.io/last-applied-configuration': value });
  for (const [k, v] of Object.entries(md)) {
    if (k === 'annotations') continue;
    if (!('annotations' in placed) && ['ownerReferences', 'finalizers', 'managedFields'].includes(k)) placed.annotations = annotated;
    placed[k] = v;
  }
  if (!('annotations' in placed)) placed.annotations = annotated;
  return { ...obj, metadata: placed };
}

async function send(o: CreateCommon, clients: Clients, mapping: { group: string; version: string; resource: string; namespaced: boolean }, namespace: string, obj: KubeObject): Promise<KubeObject> {
  const query: Record<string, string> = {};
  if (o.dryRun === 'server') query.dryRun = 'All';
  query.fieldManager = o.fieldManager;
  query.fieldValidation = o.validate;
  return clients.rest.create(resourcePath(mapping, { namespace: mapping.namespaced ? namespace : undefined }), compactJson(obj, { sortKeys: false }), query);
}

/** Most generators wrap server errors in their own words (namespace, role and clusterrole do not). */
function failedToCreate(input: GeneratorInput, err: unknown): unknown {
  // kubectl wraps whatever the create call returned, a refused namespace and a server out of reach included
  if (!(err instanceof ApiError) && !(err instanceof InvalidPathSegmentError) && !(err instanceof ConnectionError)) return err;
  const label: Partial<Record<GeneratorInput['kind'], string>> = {
    deployment: 'deployment: ',
    configmap: 'configmap: ',
    'secret-generic': 'secret ',
    'secret-tls': 'secret ',
    'secret-docker-registry': 'secret ',
    serviceaccount: 'serviceaccount: ',
    job: 'job: ',
    cronjob: 'cronjob: ',
    rolebinding: 'rolebinding: ',
    clusterrolebinding: 'clusterrolebinding: ',
    quota: 'quota: ',
    priorityclass: 'priorityclass: ',
    ingress: 'ingress: ',
    poddisruptionbudget: 'poddisruptionbudgets: ',
  };
  const prefix = input.kind === 'service' ? `${input.type} service: ` : label[input.kind];
  return prefix ? new KtlError(`failed to create ${prefix}${err instanceof ConnectionError ? err.urlErrorText : messageOf(err)}`) : err;
}

export async function runGenerator(o: CreateCommon, input: GeneratorInput): Promise<number> {
  const session = new Session(o);
  try {
    const { namespace, explicit } = await namespaceInfo(o);
    // kubectl builds its client first, even for a client dry run: TLS material it cannot use fails here (nothing is sent)
    await session.get();
    let obj = await build(o, input, explicit ? namespace : undefined, session);
    if ('appendHash' in input && input.appendHash) obj = g.withNameHash(obj);
    if (o.saveConfig) obj = withSavedConfig(obj);
    const out = new ObjectOutput(o.print, o.ctx.cwd, o.dryRun);
    if (o.dryRun === 'client') {
      await write(o.ctx.io.out, await out.render(obj, 'created', true));
      return 0;
    }
    const mapping = g.mappingOf(obj);
    const clients = await session.get();
    let created: KubeObject;
    try {
      created = await send(o, clients, mapping, namespace, obj);
    } catch (err) {
      throw failedToCreate(input, err);
    }
    // kubectl's create subcommands use typed clients: the answer prints as the Go struct does (struct order in JSON)
    await write(o.ctx.io.out, await out.render(g.asTypedAnswer(created), 'created', true));
    return await waitReadyAfter(o, clients, [readyTarget(mapping, namespace, created)]);
  } finally {
    session.close();
  }
}

/**
 * Creates client-built objects in order (run --expose: the service, then the
 * pod), each printed as create prints it. kubectl's run prints an extra "---"
 * between YAML documents (`yamlExtraSeparator`).
 */
export async function createGenerated(
  o: CreateCommon,
  make: (namespace: string | undefined) => g.Obj[] | Promise<g.Obj[]>,
  opts: {
    yamlExtraSeparator?: boolean;
    mapsKinds?: boolean;
    /** run -i/--attach: which created objects are printed (kubectl prints the Service, not the Pod) */
    prints?: (obj: g.Obj) => boolean;
    /** filled with what was created, in order */
    created?: Array<{ mapping: g.StaticMapping; namespace: string; object: KubeObject }>;
  } = {},
): Promise<number> {
  const session = new Session(o);
  try {
    const { namespace, explicit } = await namespaceInfo(o);
    await session.get(); // as in runGenerator: the client is built (and its TLS material checked) first
    const objs = (await make(explicit ? namespace : undefined)).map((obj) => {
      // run --record: kubectl's Recorder before the last-applied annotation
      recordOn(obj, o.changeCause);
      return o.saveConfig ? withSavedConfig(obj) : obj;
    });
    const out = new ObjectOutput(o.print, o.ctx.cwd, o.dryRun);
    const written: ReadyTarget[] = [];
    let clients: Clients | undefined;
    for (const [i, obj] of objs.entries()) {
      // run maps each object's kind through discovery (RESTMapping) before it creates it: a server out
      // of reach fails there, with discovery's klog line. kubectl does so for --dry-run=client too and
      // fails offline; ktl's client dry run stays offline on purpose (the same objects, no server needed)
      if (opts.mapsKinds && o.dryRun !== 'client') await (await session.get()).mapper();
      if (i > 0 && opts.yamlExtraSeparator && o.print.format === 'yaml') await write(o.ctx.io.out, '---\n');
      if (o.dryRun === 'client') {
        await write(o.ctx.io.out, await out.render(obj, 'created', true));
        continue;
      }
      clients = await session.get();
      const mapping = g.mappingOf(obj);
      const created = await send(o, clients, mapping, namespace, obj);
      written.push(readyTarget(mapping, namespace, created));
      opts.created?.push({ mapping, namespace: created.metadata?.namespace ?? namespace, object: created });
      if (opts.prints && !opts.prints(obj)) continue;
      // kubectl decodes the answer into the Go type it built (run, expose): printed as the struct is
      await write(o.ctx.io.out, await out.render(g.asTypedAnswer(created), 'created', true));
    }
    return await waitReadyAfter(o, clients, written);
  } finally {
    session.close();
  }
}

export async function runCreateFromFiles(o: CreateCommon, files: FilenameOptions, selector = ''): Promise<number> {
  const session = new Session(o);
  try {
    const clients = await session.get();
    const { resolveResources } = await import('../resource/args.js');
    const { infos, errors } = await resolveResources(clients, [], {
      namespace: clients.config.namespace,
      filenames: files.filenames,
      recursive: files.recursive,
      selector,
      enforceNamespace: clients.config.namespaceFromFlag,
      ctx: o.ctx,
      validate: o.validate !== 'Ignore',
    });
    const out = new ObjectOutput(o.print, o.ctx.cwd, o.dryRun);
    const failures: unknown[] = [];
    const written: ReadyTarget[] = [];
    if (infos.length === 0 && errors.length === 0) throw new KtlError('no objects passed to create');
    for (const info of infos) {
      let obj: KubeObject = info.object ?? {};
      if (o.saveConfig) {
        // kubectl records the object as sent, namespace included, with "annotations":{} kept
        const withNs = info.mapping.namespaced && info.namespace ? { ...obj, metadata: { ...obj.metadata, namespace: info.namespace } } : obj;
        const applied = isJsonMap(withNs) ? withLastApplied(withNs) : withNs;
        if (isKubeObject(applied)) obj = applied;
      }
      if (o.changeCause !== undefined) {
        obj = structuredClone(obj);
        recordOn(obj, o.changeCause);
      }
      try {
        // Helper.Create(modify=true): a manifest's resourceVersion is not sent
        // kubectl's builder sets the namespace on the object it read (cli-runtime's SetNamespace)
        const local = info.mapping.namespaced && info.namespace ? { ...obj, metadata: { ...obj.metadata, namespace: info.namespace } } : obj;
        const result = o.dryRun === 'client' ? local : await send(o, clients, info.mapping, info.namespace, withoutResourceVersion(obj));
        written.push(readyTarget(info.mapping, info.namespace, result));
        await write(o.ctx.io.out, await out.render(result, 'created', false));
      } catch (err) {
        failures.push(withSource(err, 'creating', info.source ?? ''));
      }
    }
    throwFailures(errors, failures, { builderLast: true });
    return await waitReadyAfter(o, clients, written);
  } finally {
    session.close();
  }
}
