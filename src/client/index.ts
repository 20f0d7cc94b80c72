/**
 * The clients a command needs for one API server, built from a RestConfig:
 * transport (+ -v logging), REST verbs, discovery and the resource mapper.
 */
import { randomUUID } from 'node:crypto';
import type { RestConfig } from '../config/types.js';
import type { Context } from '../context.js';
import { UnknownResourceError } from '../errors.js';
import type { ConfigOverrides } from '../config/overrides.js';
import { KTL_VERSION, KUBECTL_COMPAT_VERSION } from '../version.js';
import { DiscoveryClient } from './discovery.js';
import { Klog } from './klog.js';
import { ResourceMapper, type ResourceMapping } from './mapper.js';
import { RestClient } from './rest.js';
import { Transport } from './transport.js';
import { warningPrinterFor } from './warnings.js';

export interface Clients {
  config: RestConfig;
  transport: Transport;
  rest: RestClient;
  discovery: DiscoveryClient;
  log: Klog;
  /** mapper over cached (or freshly fetched) discovery */
  mapper(opts?: { fresh?: boolean; quiet?: boolean }): Promise<ResourceMapper>;
  /**
   * Resolves a type argument; on a miss against cached discovery, refetches
   * once (kubectl's invalidate-and-retry) before giving up.
   */
  resolve(arg: string): Promise<ResourceMapping>;
  /** Releases keep-alive sockets. */
  close(): void;
}

export interface ClientOptions {
  /** command path for the Kubectl-Command header, e.g. "ktl get" */
  command?: string;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Go's GOOS/GOARCH names for the User-Agent. */
export function platformString(): string {
  const arch: Record<string, string> = { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x' };
  const os: Record<string, string> = { win32: 'windows' };
  return `${os[process.platform] ?? process.platform}/${arch[process.arch] ?? process.arch}`;
}

export function userAgent(binName: string): string {
  return `${binName}/${KUBECTL_COMPAT_VERSION.gitVersion} (${platformString()}) ktl/v${KTL_VERSION}`;
}

export function createClients(ctx: Context, config: RestConfig, opts: ClientOptions = {}): Clients {
  const log = new Klog({ verbosity: config.verbosity, out: ctx.io.errOut, now: ctx.now, pid: process.pid });
  const headers: Record<string, string> = {};
  if (opts.command && ctx.env.KUBECTL_COMMAND_HEADERS !== 'false' && ctx.env.KUBECTL_COMMAND_HEADERS !== '0') {
    headers['Kubectl-Command'] = opts.command;
    headers['Kubectl-Session'] = randomUUID();
  }
  const transport = new Transport({
    config,
    env: ctx.env,
    log,
    userAgent: userAgent(ctx.binName),
    headers,
    maxAttempts: opts.maxAttempts,
    sleep: opts.sleep,
    onWarnings: (values) => warningPrinterFor(ctx).handle(values),
    io: {
      // read only if an exec credential plugin runs: making process.stdin costs a start-up
      get in() {
        return ctx.io.in;
      },
      errOut: ctx.io.errOut,
    },
  });
  const rest = new RestClient(transport);
  const discovery = new DiscoveryClient(transport, { cacheDir: config.cacheDir, now: ctx.now });
  const mapper = async (o: { fresh?: boolean; quiet?: boolean } = {}) => new ResourceMapper((await discovery.get(o)).doc);
  return {
    config,
    transport,
    rest,
    discovery,
    log,
    mapper,
    async resolve(arg: string) {
      // as client-go's shortcut expander: a short name several resources have warns of the others
      const resolved = (m: ResourceMapper) => {
        const hit = m.resolve(arg);
        for (const other of m.shortNameAlternatives(arg)) {
          warningPrinterFor(ctx).print(`short name "${arg.toLowerCase().split('.')[0]}" could also match lower priority resource ${other}`);
        }
        return hit;
      };
      const first = await discovery.get();
      try {
        return resolved(new ResourceMapper(first.doc));
      } catch (err) {
        if (!(err instanceof UnknownResourceError) || !first.fromCache) throw err;
        log.info(4, 'shortcut.go:100', 'resource not found in cached discovery, refreshing', [['resource', arg]]);
        return resolved(new ResourceMapper((await discovery.get({ fresh: true })).doc));
      }
    },
    close: () => transport.close(),
  };
}

/** Loads the RestConfig for the global flags (kubeconfig rules) and builds the clients. */
export async function connect(ctx: Context, flags: ConfigOverrides, opts: ClientOptions = {}): Promise<Clients> {
  // loaded lazily: clients built from hand-made RestConfigs (tests) never pull the kubeconfig loader in
  const { loadRestConfig } = await import('../config/rest-config.js');
  const config = await loadRestConfig(ctx, flags);
  const clients = createClients(ctx, config, opts);
  // a bad CA, certificate or key fails here, as when kubectl builds its client
  await clients.transport.prepare();
  if (flags.matchServerVersion) {
    try {
      await (await import('./match-version.js')).matchServerVersion(clients);
    } catch (err) {
      clients.close();
      throw err;
    }
  }
  return clients;
}

export { DiscoveryClient } from './discovery.js';
export { ResourceMapper, groupResource, apiVersionOf, type ResourceMapping } from './mapper.js';
export { RestClient, resourcePath, DEFAULT_CHUNK_SIZE } from './rest.js';
export type { KubeObject, ObjectList, WatchEvent, ListOptions, PatchType } from './rest.js';
export { Transport, encodeQuery } from './transport.js';
export type { RequestSpec, HttpResponse, StreamResponse, Query } from './transport.js';
