/**
 * `ktl diff`: for each object of -f/-k, the live object and the object the
 * server would keep after `ktl apply` (a server-side dry run of the same
 * create, three-way patch or server-side apply), written as YAML files under
 * LIVE-<n> and MERGED-<n> temporary folders, then diff(1) (or
 * $KUBECTL_EXTERNAL_DIFF) over the two folders. Nothing is ever written to
 * the server: every request is a GET/LIST or carries dryRun=All.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Clients, ResourceMapping } from '../client/index.js';
import { ResourceMapper, resourcePath } from '../client/index.js';
import { compactJson } from '../codec/json.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { ApiError, ConnectionError, KtlError, errnoCode } from '../errors.js';
import type { Factory } from '../factory.js';
import { withSource } from '../mutate/report.js';
import { matchesSelector, parseSelector } from '../mutate/selector.js';
import { marshalYaml } from '../printers/yaml.js';
import { isManifestError, readManifestItems, type Manifest, type ManifestItem } from '../resource/manifests.js';
import { isUnreachable, unrecognized } from '../resource/unreachable.js';
import { prepareTarget } from '../apply/batch.js';
import { Applier, type ApplyTarget } from '../apply/client-side.js';
import { LAST_APPLIED, lastAppliedValue } from '../apply/last-applied.js';
import { OpenApiV3Client } from '../apply/openapi.js';
import { DEFAULT_PRUNE_ALLOWLIST, parseAllowlist } from '../apply/prune.js';
import { mapOf, type JsonMap } from '../apply/strategic-merge.js';
import { isJsonMap, mapAt } from '../codec/value.js';

export interface DiffOptions {
  ctx: Context;
  factory: Factory;
  filenames: string[];
  recursive: boolean;
  serverSide: boolean;
  forceConflicts: boolean;
  fieldManager: string;
  showManagedFields: boolean;
  concurrency: number;
  selector: string;
  prune: boolean;
  pruneAllowlist: string[];
  /** the process environment (KUBECTL_EXTERNAL_DIFF, PATH) */
  env: NodeJS.ProcessEnv;
}

/** kubectl diff tries this many times when the object keeps changing (409). */
const MAX_RETRIES = 4;

const MASK = '***';
const MASK_BEFORE = '*** (before)';
const MASK_AFTER = '*** (after)';

/** A failure of the diff program itself, carrying its exit status (0 or 1 are results, not failures). */
export class DiffExit extends KtlError {}

/** `os.MkdirTemp("", prefix+"-")`: <tmp>/<prefix>-<random decimal>. */
async function makeTempDir(prefix: string): Promise<string> {
  for (;;) {
    const dir = path.join(os.tmpdir(), `${prefix}-${randomInt(0, 2 ** 32 - 1)}`);
    try {
      await mkdir(dir, { mode: 0o700 });
      return dir;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
  }
}

/** The file name kubectl gives an object: [<group>.]<version>.<Kind>.<namespace>.<name>. */
export function objectFileName(group: string, version: string, kind: string, namespace: string, name: string): string {
  return `${group ? `${group}.` : ''}${version}.${kind}.${namespace}.${name}`;
}

/** A deep copy through JSON, as the object came off the wire. */
function clone(v: JsonMap): JsonMap;
function clone(v: JsonMap | undefined): JsonMap | undefined;
function clone(v: JsonMap | undefined): JsonMap | undefined {
  if (v === undefined) return v;
  const copy: unknown = JSON.parse(JSON.stringify(v));
  return isJsonMap(copy) ? copy : {};
}

function withoutManagedFields(o: JsonMap | undefined): JsonMap | undefined {
  if (!o) return o;
  const md = mapOf(o.metadata);
  if (md && 'managedFields' in md) {
    const { managedFields: _drop, ...rest } = md;
    return { ...o, metadata: rest };
  }
  return o;
}

function dataOf(o: JsonMap | null | undefined): JsonMap | undefined {
  const d = mapAt(o, 'data');
  return d ? { ...d } : undefined;
}

/**
 * kubectl's Masker: every Secret data value becomes "***", a key whose value
 * changes "*** (before)" / "*** (after)". A missing side comes back as null
 * (kubectl then prints "null" in its file).
 */
export function maskSecrets(from: JsonMap | undefined, to: JsonMap | undefined): [JsonMap | null, JsonMap | null] {
  const f = from ? clone(from) : null;
  const t = to ? clone(to) : null;
  const fd = dataOf(f);
  const td = dataOf(t);
  if (fd) {
    for (const k of Object.keys(fd)) {
      if (td && k in td) {
        if (fd[k] !== td[k]) {
          fd[k] = MASK_BEFORE;
          td[k] = MASK_AFTER;
          continue;
        }
        td[k] = MASK;
      }
      fd[k] = MASK;
    }
  }
  if (td) for (const k of Object.keys(td)) if (!fd || !(k in fd)) td[k] = MASK;
  if (f && fd) f.data = fd;
  if (t && td) t.data = td;
  return [f, t];
}

function isSecret(o: JsonMap | undefined | null): boolean {
  if (!o) return false;
  const av = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  return av.split('/').pop() === 'v1' && o.kind === 'Secret';
}

/** YAML as kubectl's diff printer writes a file: nothing for no object, "null\n" for a masked missing one. */
function fileText(o: JsonMap | null | undefined): string {
  if (o === undefined) return '';
  if (o === null) return 'null\n';
  return marshalYaml(o);
}

function isStatus(err: unknown, code: number): boolean {
  return err instanceof ApiError && err.statusCode === code;
}

/** kubectl's split of KUBECTL_EXTERNAL_DIFF: on single spaces; extra words kept only if [a-zA-Z0-9-=]+. */
export function diffCommand(env: NodeJS.ProcessEnv, from: string, to: string): { program: string; args: string[] } {
  const ext = env.KUBECTL_EXTERNAL_DIFF;
  if (ext) {
    const words = ext.split(' ');
    return { program: words[0]!, args: [from, to, ...words.slice(1).filter((w) => /^[a-zA-Z0-9=-]+$/.test(w))] };
  }
  return { program: 'diff', args: ['-u', '-N', from, to] };
}

function hasExecutable(program: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return import('node:fs/promises').then(async ({ access, stat, constants }) => {
    const candidates = program.includes('/')
      ? [program]
      : (env.PATH ?? '').split(':').map((d) => path.join(d || '.', program));
    for (const c of candidates) {
      try {
        const st = await stat(c);
        if (!st.isFile()) continue;
        await access(c, constants.X_OK);
        return true;
      } catch {
        /* next */
      }
    }
    return false;
  });
}

/** Runs the diff program; resolves its exit status (1 = differences), rejects with kubectl's texts. */
async function runDiffProgram(o: DiffOptions, from: string, to: string): Promise<number> {
  const { program, args } = diffCommand(o.env, from, to);
  if (program === '') throw new KtlError('failed to run "": exec: no command');
  if (!(await hasExecutable(program, o.env))) throw new KtlError(`failed to run "${program}": executable file not found in $PATH`);
  const io = o.ctx.io;
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], env: o.env });
    const pending: Promise<void>[] = [];
    child.stdout.on('data', (d: Buffer) => pending.push(write(io.out, d.toString('utf8'))));
    child.stderr.on('data', (d: Buffer) => pending.push(write(io.errOut, d.toString('utf8'))));
    child.on('error', (err) => reject(new KtlError(`failed to run "${program}": ${err.message}`)));
    child.on('close', (c, signal) => {
      void Promise.all(pending).then(() => resolve(c ?? (signal ? -1 : 1)));
    });
  });
  // Go reports a signalled child as status -1: a "result", as kubectl treats it
  if (code <= 1) return code < 0 ? 1 : code;
  throw new DiffExit(`failed to run "${program}": exit status ${code}`);
}

interface Target {
  target?: ApplyTarget;
  error?: unknown;
}

export async function runDiff(o: DiffOptions): Promise<number> {
  const io = o.ctx.io;
  const live = await makeTempDir('LIVE');
  let merged: string;
  try {
    merged = await makeTempDir('MERGED');
  } catch (err) {
    await rm(live, { recursive: true, force: true });
    throw err;
  }
  try {
    let items: ManifestItem[] = await readManifestItems(o.ctx, { filenames: o.filenames, recursive: o.recursive, validate: false });
    if (o.selector) {
      const sel = parseSelector(o.selector);
      items = items.filter((m) => isManifestError(m) || matchesSelector(sel, labelsOf(m.object)));
    }
    const clients = await o.factory.clients();
    const openapi = new OpenApiV3Client(clients.transport, clients.config.cacheDir);
    const applier = new Applier(clients, openapi, {
      dryRun: 'server',
      fieldManager: o.fieldManager,
      fieldValidation: '',
      serverSide: o.serverSide,
      forceConflicts: o.forceConflicts,
      force: false,
      gracePeriod: -1,
      cascade: 'background',
      timeoutMs: 0,
      binName: o.ctx.binName,
    });

    // discovery before the documents are looked at; a server out of reach (logged once, as
    // kubectl's diff does) fails each readable document with kubectl's `unable to recognize`
    let mapper: ResourceMapper;
    let unreachable: ConnectionError | undefined;
    try {
      // no readable document: nothing to map, and kubectl asks discovery nothing
      mapper = items.some((m) => !isManifestError(m)) ? await clients.mapper() : new ResourceMapper({ groups: [], resources: [] });
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      unreachable = err;
      mapper = new ResourceMapper({ groups: [], resources: []});
    }
    let refreshed = false;
    const nsOpts = { namespace: clients.config.namespace, namespaceFromFlag: clients.config.namespaceFromFlag };
    const prepare = async (m: ManifestItem): Promise<Target> => {
      if (isManifestError(m)) return { error: m.error };
      if (unreachable) return { error: unrecognized(m.source, unreachable) };
      let current = mapper;
      let p = prepareTarget(m, (av, k) => current.forKind(av, k), nsOpts);
      if (!p.target && p.mappingError && !refreshed) {
        current = mapper = await clients.mapper({ fresh: true });
        refreshed = true;
        p = prepareTarget(m, (av, k) => current.forKind(av, k), nsOpts);
      }
      return p.target ? { target: p.target } : { error: p.namespaceError ?? p.mappingError };
    };

    const visitedNamespaces: string[] = [];
    const visitedUids = new Set<string>();
    const results: Array<{ error?: unknown; done: boolean }> = items.map(() => ({ done: false }));
    let stop = false;

    const diffOne = async (i: number): Promise<void> => {
      const p = await prepare(items[i]!);
      if (!p.target) throw p.error;
      const t = p.target;
      const local = t.object;
      let current: JsonMap | undefined;
      let mergedObj: JsonMap | undefined;
      for (let attempt = 1; attempt <= MAX_RETRIES; attempt++) {
        current = await getLive(clients, t);
        const force = attempt === MAX_RETRIES;
        if (force) {
          const gv = `${t.mapping.group}/${t.mapping.version}`;
          clients.log.warning('diff.go:723', `Object (${gv}, Kind=${t.mapping.kind}: ${t.name}) keeps changing, diffing without lock`);
        }
        if (t.mapping.namespaced && !visitedNamespaces.includes(t.namespace)) visitedNamespaces.push(t.namespace);
        const uid = mapOf(current?.metadata)?.uid;
        if (typeof uid === 'string') visitedUids.add(uid);
        try {
          mergedObj = await mergedObject(clients, applier, o, t, local, current, force);
          break;
        } catch (err) {
          if (isStatus(err, 409) && attempt < MAX_RETRIES) continue;
          throw err;
        }
      }
      let from = clone(current);
      let to = clone(mergedObj);
      if (!o.showManagedFields) {
        from = withoutManagedFields(from);
        to = withoutManagedFields(to);
      }
      const name = objectFileName(t.mapping.group, t.mapping.version, t.mapping.kind, t.namespace, t.name);
      let fromFile: JsonMap | null | undefined = from;
      let toFile: JsonMap | null | undefined = to;
      if (isSecret(to)) [fromFile, toFile] = maskSecrets(from, to);
      await writeFile(path.join(live, name), fileText(fromFile), { mode: 0o700 });
      await writeFile(path.join(merged, name), fileText(toFile), { mode: 0o700 });
      const deleting = mapOf(current?.metadata)?.deletionTimestamp;
      if (deleting) await write(io.errOut, `Warning: Detected changes to resource ${t.name} which is currently being deleted.\n`);
    };

    // objects one after another (or --concurrency at once); the first failure, in input order, ends the diff
    let next = 0;
    const worker = async () => {
      while (!stop && next < items.length) {
        const i = next++;
        try {
          await diffOne(i);
        } catch (error) {
          results[i] = { error, done: true };
          stop = true;
          continue;
        }
        results[i] = { done: true };
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, items.length)) }, worker));
    const failed = results.find((r) => r.error !== undefined);

    if (o.prune) {
      try {
        const pruned = await findPruned(clients, o, visitedNamespaces, visitedUids);
        for (const p of pruned) await writeFile(path.join(live, p.name), fileText(p.object), { mode: 0o700 });
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        clients.log.warning('diff.go:754', `pruning failed and could not be evaluated err: ${msg}`);
      }
    }
    if (failed) throw failed.error;
    return await runDiffProgram(o, live, merged);
  } finally {
    await Promise.all([rm(live, { recursive: true, force: true }), rm(merged, { recursive: true, force: true })]);
    o.factory.close();
  }
}

function labelsOf(obj: Manifest['object']): Record<string, string> {
  return obj.metadata?.labels ?? {};
}

function pathOf(t: ApplyTarget, withName = true): string {
  return resourcePath(t.mapping, { namespace: t.mapping.namespaced ? t.namespace : undefined, name: withName ? t.name : undefined });
}

async function getLive(clients: Clients, t: ApplyTarget): Promise<JsonMap | undefined> {
  try {
    return await clients.rest.getJson<JsonMap>(pathOf(t));
  } catch (err) {
    if (isStatus(err, 404)) return undefined;
    throw err;
  }
}

/** The object as the server would have it after apply (every request a dry run). */
async function mergedObject(
  clients: Clients,
  applier: Applier,
  o: DiffOptions,
  t: ApplyTarget,
  local: JsonMap,
  current: JsonMap | undefined,
  force: boolean,
): Promise<JsonMap> {
  if (o.serverSide) {
    const q = { dryRun: 'All', force: String(o.forceConflicts), fieldManager: o.fieldManager };
    return await clients.rest.patch<JsonMap>(pathOf(t), 'apply', compactJson(local), q);
  }
  const q = { dryRun: 'All', fieldManager: o.fieldManager };
  if (!current) {
    const body = clone(local);
    const md = mapOf(body.metadata);
    if (md && 'resourceVersion' in md) delete md.resourceVersion;
    return await clients.rest.create<JsonMap>(pathOf(t, false), compactJson(body), q);
  }
  // kubectl's modified configuration without the annotation (GetModifiedConfiguration(annotate=false))
  // compact JSON of an object: always an object again
  const parsed: unknown = JSON.parse(lastAppliedValue(local));
  const modified = isJsonMap(parsed) ? parsed : {};
  let { patch, type } = await applier.patchFor(t, modified, current);
  if (Object.keys(patch).length === 0) return current;
  if (!force) {
    const md = mapAt(patch, 'metadata') ?? {};
    patch = { ...patch, metadata: { ...md, resourceVersion: mapOf(current.metadata)?.resourceVersion ?? '' } };
  }
  try {
    return await clients.rest.patch<JsonMap>(pathOf(t), type, compactJson(patch), q);
  } catch (err) {
    if (isStatus(err, 409)) throw err;
    throw withSource(err, 'patching', t.source);
  }
}

/** Objects --prune would delete: last-applied, matching -l, not among the diffed ones. */
async function findPruned(
  clients: Clients,
  o: DiffOptions,
  namespaces: string[],
  visitedUids: Set<string>,
): Promise<Array<{ name: string; object: JsonMap }>> {
  const mapper = await clients.mapper();
  const find = (av: string, k: string) => mapper.forKind(av, k);
  let namespaced: ResourceMapping[];
  let clusterScoped: ResourceMapping[];
  if (o.pruneAllowlist.length) {
    const all = parseAllowlist(o.pruneAllowlist, find);
    namespaced = all.filter((m) => m.namespaced);
    clusterScoped = all.filter((m) => !m.namespaced);
  } else {
    clients.log.warning(
      'prune.go:71',
      'Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.',
    );
    const all = parseAllowlist(DEFAULT_PRUNE_ALLOWLIST, find);
    const cluster = new Set(['Namespace', 'PersistentVolume']);
    namespaced = all.filter((m) => !(m.group === '' && cluster.has(m.kind)));
    clusterScoped = all.filter((m) => m.group === '' && cluster.has(m.kind));
  }
  const out: Array<{ name: string; object: JsonMap }> = [];
  const listOne = async (m: ResourceMapping, ns: string) => {
    const list = await clients.rest.list<JsonMap>(resourcePath(m, { namespace: ns || undefined }), {
      query: o.selector ? { labelSelector: o.selector } : {},
    });
    for (const item of list.items) {
      const md = mapAt(item, 'metadata') ?? {};
      const ann = mapAt(md, 'annotations') ?? {};
      if (!(LAST_APPLIED in ann)) continue;
      if (typeof md.uid === 'string' && visitedUids.has(md.uid)) continue;
      const apiVersion = m.group ? `${m.group}/${m.version}` : m.version;
      let object: JsonMap = { ...item, apiVersion, kind: m.kind };
      // kubectl prints a pruned Secret's data in clear; ktl masks it as it masks every Secret
      if (isSecret(object)) object = maskSecrets(object, undefined)[0]!;
      const name = objectFileName(m.group, m.version, m.kind, typeof md.namespace === 'string' ? md.namespace : '', String(md.name ?? ''));
      out.push({ name, object });
    }
  };
  for (const ns of namespaces) for (const m of namespaced) await listOne(m, ns);
  for (const m of clusterScoped) await listOne(m, '');
  return out;
}
