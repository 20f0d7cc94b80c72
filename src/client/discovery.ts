/**
 * API discovery: aggregated (/api + /apis as APIGroupDiscoveryList, two
 * requests) with a fallback to the legacy walk (/api, /apis, then every
 * group-version in parallel), cached on disk under
 * <cacheDir>/ktl/discovery/<host_port>/ for six hours (by mtime).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, rename, unlink, writeFile } from '../fs-async.js';
import path from 'node:path';
import { ApiError, ConnectionError, RequestTimeoutError, messageOf } from '../errors.js';
import { groupVersion, type ApiGroupInfo, type ApiResourceInfo, type DiscoveryDocument } from './discovery-types.js';
import type { Transport } from './transport.js';
import { isRecord, listAt, mapAt, mapsAt, stringAt } from '../codec/value.js';

export * from './discovery-types.js';

export const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
export const DISCOVERY_TTL_MS = 6 * 60 * 60 * 1000;
/** client-go's discovery timeout when --request-timeout is not set */
export const DISCOVERY_TIMEOUT_MS = 32_000;
const CACHE_FORMAT = 1;

/** "https://10.0.0.1:6443" -> "10.0.0.1_6443", as kubectl names its cache folders. */
export function cacheHostDir(server: string): string {
  const schemeless = server.replace(/^https?:\/\//, '');
  return schemeless.replace(/[^\w/.()]/g, '_');
}

interface AggregatedResource {
  resource: string;
  responseKind?: { group?: string; version?: string; kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: Array<{ subresource: string }>;
}
/** A discovery root (/api, /apis): the aggregated list, or the legacy APIVersions / APIGroupList read field by field. */
type DiscoveryRoot = { aggregated: true; body: AggregatedList } | { aggregated: false; body: unknown };

interface AggregatedList {
  kind?: string;
  items?: Array<{
    metadata?: { name?: string };
    versions?: Array<{ version: string; freshness?: string; resources?: AggregatedResource[] }>;
  }>;
}
interface LegacyResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

export interface DiscoveryOptions {
  /** root cache dir (RestConfig.cacheDir); discovery lives in <root>/ktl/discovery */
  cacheDir: string;
  now: () => Date;
  ttlMs?: number;
}

export interface DiscoveryResult {
  doc: DiscoveryDocument;
  fromCache: boolean;
}

/** "Get \"url\": msg" for transport failures, the Status message for API errors (Go's error text). */
export function goErrorText(err: unknown, url: string): string {
  if (err instanceof ConnectionError || err instanceof RequestTimeoutError) return `Get "${url}": ${err.message}`;
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/** The log lines quiet fetches held back, by the error they threw. */
const deferredLogs = new WeakMap<object, () => void>();
/** The klog line each failed discovery fetch wrote (or held back), by the error it threw. */
const failureLogs = new WeakMap<object, () => void>();

/**
 * kubectl's discovery retries: its RESTMapper stack (category expansion,
 * the shortcut expander, the deferred discovery mapper, RESTMapping) asks
 * the cached discovery client again after each failure, and every failed
 * attempt logs its own memcache line. ktl fetches once; this writes the line
 * of the failure `err` came from `times` more times (nothing for an error
 * that did not come from discovery).
 */
/** The error came from a failed discovery fetch (the server out of reach or answering with an error). */
export function isDiscoveryFailure(err: unknown): boolean {
  return !!err && typeof err === 'object' && failureLogs.has(err);
}

export function repeatDiscoveryFailureLog(err: unknown, times: number): void {
  if (!err || typeof err !== 'object') return;
  const log = failureLogs.get(err);
  for (let i = 0; log && i < times; i++) log();
}

/**
 * Writes the klog line a quiet discovery fetch held back for `err` (once);
 * nothing for other errors. A caller that turns the failure into its own
 * message (kubectl's validation, which fails before discovery) skips it.
 */
export function logDeferredDiscoveryError(err: unknown): void {
  if (!err || typeof err !== 'object') return;
  const log = deferredLogs.get(err);
  deferredLogs.delete(err);
  log?.();
}

export class DiscoveryClient {
  private memo?: Promise<DiscoveryResult>;
  readonly cacheDir: string;

  constructor(
    private readonly transport: Transport,
    private readonly opts: DiscoveryOptions,
  ) {
    this.cacheDir = path.join(opts.cacheDir, 'ktl', 'discovery', cacheHostDir(transport.config.cluster.server));
  }

  get cacheFile(): string {
    return path.join(this.cacheDir, 'discovery.json');
  }

  /** Cached document when fresh, else fetched (and cached when complete). */
  get(opts: { fresh?: boolean; quiet?: boolean } = {}): Promise<DiscoveryResult> {
    if (opts.fresh || !this.memo) {
      this.memo = (async () => {
        if (!opts.fresh) {
          const cached = await this.readCache();
          if (cached) return { doc: cached, fromCache: true };
        }
        const doc = await this.fetch(opts.quiet);
        if (doc.failed.length === 0) await this.writeCache(doc);
        else {
          this.transport.klog.info(6, 'cached_discovery.go:120', 'skipped caching discovery info due to partial failure', [
            ['failed', doc.failed.map((f) => f.groupVersion).join(',')],
          ]);
        }
        return { doc, fromCache: false };
      })();
      // a failed fetch must not stick
      this.memo.catch(() => (this.memo = undefined));
    }
    return this.memo;
  }

  /** Drops the disk cache and the in-memory copy. */
  async invalidate(): Promise<void> {
    this.memo = undefined;
    await unlink(this.cacheFile).catch(() => undefined);
  }

  /**
   * Fetches the group list only (api-versions): never walks per-version
   * documents. `quiet`: no klog line on failure (top asks a discovery client
   * without the memory cache, which logs nothing).
   */
  async serverGroups(opts: { quiet?: boolean } = {}): Promise<ApiGroupInfo[]> {
    const { core, apis } = await this.fetchRoots(opts.quiet);
    if (core.aggregated && apis.aggregated) {
      const doc = assemble(core.body, apis.body);
      if (doc.failed.length === 0) await this.writeCache(doc);
      return doc.groups;
    }
    return legacyGroups(core.body, apis.body);
  }

  private async fetch(quiet = false): Promise<DiscoveryDocument> {
    const { core, apis } = await this.fetchRoots(quiet);
    if (core.aggregated && apis.aggregated) return assemble(core.body, apis.body);
    const groups = legacyGroups(core.body, apis.body);
    return this.walk(groups);
  }

  private async fetchRoots(quiet = false): Promise<{ core: DiscoveryRoot; apis: DiscoveryRoot }> {
    const one = async (p: string): Promise<DiscoveryRoot> => {
      const spec = {
        path: p,
        accept: AGGREGATED_ACCEPT,
        defaultTimeoutMs: DISCOVERY_TIMEOUT_MS,
        decodeStatus: false,
        logSource: 'discovery_client.go:252',
      };
      try {
        const res = await this.transport.request(spec);
        const ct = String(res.headers['content-type'] ?? '');
        return /as=APIGroupDiscoveryList/.test(ct) ? { aggregated: true, body: res.json<AggregatedList>() } : { aggregated: false, body: res.json() };
      } catch (err) {
        const url = this.transport.url(spec).toString();
        // kubectl logs this before the friendly message; a quiet fetch leaves it to its caller (logDeferredDiscoveryError)
        const log = () =>
          this.transport.klog.error('memcache.go:265', 'Unhandled Error', [
            ['err', `couldn't get current server API group list: ${goErrorText(err, url)}`],
          ]);
        if (err && typeof err === 'object') failureLogs.set(err, log);
        if (quiet && err && typeof err === 'object') deferredLogs.set(err, log);
        else log();
        if (err && typeof err === 'object') Object.assign(err, { requestUrl: url });
        throw err;
      }
    };
    const core = await one('/api');
    let apis: DiscoveryRoot;
    try {
      apis = await one('/apis');
    } catch (err) {
      // old servers without /apis still have the core group
      if (err instanceof ApiError && err.statusCode === 404) apis = core.aggregated ? { aggregated: true, body: {} } : { aggregated: false, body: { groups: [] } };
      else throw err;
    }
    return { core, apis };
  }

  private async walk(groups: ApiGroupInfo[]): Promise<DiscoveryDocument> {
    const gvs = groups.flatMap((g) => g.versions.map((v) => ({ group: g.name, version: v })));
    const results = await mapLimit(gvs, 16, async ({ group, version }) => {
      const p = group ? `/apis/${group}/${version}` : `/api/${version}`;
      try {
        const body = await this.transport.request({
          path: p,
          defaultTimeoutMs: DISCOVERY_TIMEOUT_MS,
          decodeStatus: false,
          logSource: 'discovery_client.go:403',
        });
        return { resources: fromLegacyList(group, version, body.json<{ resources?: LegacyResource[] }>().resources ?? []) };
      } catch (err) {
        if (err instanceof ApiError && err.statusCode === 404) return { resources: [] };
        const message = goErrorText(err, this.transport.url({ path: p, defaultTimeoutMs: DISCOVERY_TIMEOUT_MS }).toString());
        this.transport.klog.error('memcache.go:287', 'Unhandled Error', [
          ['err', `couldn't get resource list for ${groupVersion(group, version)}: ${message}`],
        ]);
        return { resources: [], failed: { groupVersion: groupVersion(group, version), message } };
      }
    });
    return {
      groups,
      resources: results.flatMap((r) => r.resources),
      failed: results.flatMap((r) => (r.failed ? [r.failed] : [])),
    };
  }

  private async readCache(): Promise<DiscoveryDocument | undefined> {
    try {
      // read synchronously: a small local file, and no async file call means no libuv thread pool to start
      const st = statSync(this.cacheFile);
      if (this.opts.now().getTime() - st.mtimeMs > (this.opts.ttlMs ?? DISCOVERY_TTL_MS)) return undefined;
      const parsed: unknown = JSON.parse(readFileSync(this.cacheFile, 'utf8'));
      if (!isRecord(parsed) || parsed.format !== CACHE_FORMAT || parsed.server !== this.transport.config.cluster.server) return undefined;
      const { groups, resources } = parsed;
      // a file that is not what writeCache wrote is no cache: read the server again
      if (!Array.isArray(groups) || !groups.every(isGroupInfo) || !Array.isArray(resources) || !resources.every(isResourceInfo)) return undefined;
      return { groups, resources, failed: [] };
    } catch {
      return undefined;
    }
  }

  /** Atomic write (temp file + rename); files 0660, folders 0750. Failures only cost a refetch. */
  private async writeCache(doc: DiscoveryDocument): Promise<void> {
    const body = JSON.stringify({
      format: CACHE_FORMAT,
      server: this.transport.config.cluster.server,
      groups: doc.groups,
      resources: doc.resources,
    });
    const tmp = `${this.cacheFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.cacheDir, { recursive: true, mode: 0o750 });
      await writeFile(tmp, body, { mode: 0o660 });
      await chmod(tmp, 0o660);
      await rename(tmp, this.cacheFile);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      this.transport.klog.info(3, 'cached_discovery.go:158', 'failed to write cache', [
        ['path', this.cacheFile],
        ['err', messageOf(err)],
      ]);
    }
  }
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function isGroupInfo(v: unknown): v is ApiGroupInfo {
  return isRecord(v) && typeof v.name === 'string' && isStrings(v.versions) && typeof v.preferredVersion === 'string';
}

function isResourceInfo(v: unknown): v is ApiResourceInfo {
  return (
    isRecord(v) &&
    typeof v.group === 'string' &&
    typeof v.version === 'string' &&
    typeof v.name === 'string' &&
    typeof v.singularName === 'string' &&
    typeof v.kind === 'string' &&
    typeof v.namespaced === 'boolean' &&
    isStrings(v.verbs) &&
    isStrings(v.shortNames) &&
    isStrings(v.categories) &&
    isStrings(v.subresources)
  );
}

function legacyGroups(core: unknown, apis: unknown): ApiGroupInfo[] {
  const groups: ApiGroupInfo[] = [];
  // APIVersions (/api) and APIGroupList (/apis); a field of another shape reads as absent
  const coreVersions = listAt(core, 'versions').filter((v): v is string => typeof v === 'string');
  if (coreVersions.length) groups.push({ name: '', versions: coreVersions, preferredVersion: coreVersions[0]! });
  for (const g of mapsAt(apis, 'groups')) {
    const versions = mapsAt(g, 'versions').map((v) => stringAt(v, 'version') ?? '');
    groups.push({ name: stringAt(g, 'name') ?? '', versions, preferredVersion: stringAt(mapAt(g, 'preferredVersion'), 'version') ?? versions[0] ?? '' });
  }
  return groups;
}

function fromLegacyList(group: string, version: string, list: LegacyResource[]): ApiResourceInfo[] {
  const byName = new Map<string, ApiResourceInfo>();
  const out: ApiResourceInfo[] = [];
  for (const r of list) {
    if (r.name.includes('/')) continue;
    const info: ApiResourceInfo = {
      group,
      version,
      name: r.name,
      singularName: r.singularName || r.kind.toLowerCase(),
      kind: r.kind,
      namespaced: !!r.namespaced,
      verbs: r.verbs ?? [],
      shortNames: r.shortNames ?? [],
      categories: r.categories ?? [],
      subresources: [],
    };
    byName.set(r.name, info);
    out.push(info);
  }
  for (const r of list) {
    const i = r.name.indexOf('/');
    if (i < 0) continue;
    byName.get(r.name.slice(0, i))?.subresources.push(r.name.slice(i + 1));
  }
  return out;
}

/** Both aggregated documents into one: core group first. */
export function assemble(core: AggregatedList, apis: AggregatedList): DiscoveryDocument {
  const doc: DiscoveryDocument = { groups: [], resources: [], failed: [] };
  for (const item of [...(core.items ?? []), ...(apis.items ?? [])]) {
    const group = item.metadata?.name ?? '';
    const versions: string[] = [];
    for (const v of item.versions ?? []) {
      if (v.freshness === 'Stale') {
        doc.failed.push({ groupVersion: groupVersion(group, v.version), message: `stale GroupVersion discovery: ${groupVersion(group, v.version)}` });
        continue;
      }
      versions.push(v.version);
      for (const r of v.resources ?? []) {
        const kind = r.responseKind?.kind ?? '';
        doc.resources.push({
          group,
          version: v.version,
          name: r.resource,
          singularName: r.singularResource || kind.toLowerCase(),
          kind,
          namespaced: r.scope === 'Namespaced',
          verbs: r.verbs ?? [],
          shortNames: r.shortNames ?? [],
          categories: r.categories ?? [],
          subresources: (r.subresources ?? []).map((s) => s.subresource),
        });
      }
    }
    if (versions.length) doc.groups.push({ name: group, versions, preferredVersion: versions[0]! });
  }
  return doc;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}
