/**
 * A small fake Kubernetes API server for integration tests. It listens on
 * 127.0.0.1:0 (HTTP, or HTTPS with a given key/cert), records every request,
 * answers only the routes a test declared and records (and 404s) the rest so
 * tests can assert `server.unexpected` is empty.
 *
 *   const server = await FakeApiServer.start();
 *   server.discovery(standardResources());            // aggregated; or { legacy: true }
 *   server.json('GET', '/api/v1/namespaces/default/pods', podList);
 *   server.status('GET', '/api/v1/namespaces/default/pods/x', 404, 'NotFound', 'pods "x" not found');
 *   ... run ktl with --server=server.url ...
 *   expect(server.unexpected).toEqual([]);
 *   await server.close();
 */
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedRequest {
  method: string;
  /** path and query as sent */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** the body's bytes (protobuf bodies are not text) */
  rawBody: Buffer;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** gzip the body when the client accepts it */
  gzip?: boolean;
  /** wait before answering (ms) */
  delayMs?: number;
  /** drop the connection without answering */
  reset?: boolean;
  /** never answer */
  hang?: boolean;
}

export type Handler = (req: RecordedRequest, res: http.ServerResponse) => Reply | void | Promise<Reply | void>;

interface Route {
  method: string;
  path: string | RegExp;
  /** answers in order; the last one repeats */
  replies: Array<Reply | Handler>;
  times: number;
}

export interface FakeResource {
  group: string;
  version: string;
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: string[];
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** A cluster-like resource set: core, apps, batch, events.k8s.io, rbac, a CRD group. */
export function standardResources(): FakeResource[] {
  const r = (
    group: string,
    version: string,
    name: string,
    kind: string,
    namespaced: boolean,
    extra: Partial<FakeResource> = {},
  ): FakeResource => ({ group, version, name, singularName: kind.toLowerCase(), kind, namespaced, verbs: RW, ...extra });
  return [
    r('', 'v1', 'pods', 'Pod', true, { shortNames: ['po'], categories: ['all'], subresources: ['log', 'status', 'exec'] }),
    r('', 'v1', 'services', 'Service', true, { shortNames: ['svc'], categories: ['all'], subresources: ['status', 'proxy'] }),
    r('', 'v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
    r('', 'v1', 'namespaces', 'Namespace', false, { shortNames: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
    r('', 'v1', 'nodes', 'Node', false, { shortNames: ['no'] }),
    r('', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
    r('', 'v1', 'bindings', 'Binding', true, { verbs: ['create'] }),
    r('apps', 'v1', 'deployments', 'Deployment', true, { shortNames: ['deploy'], categories: ['all'], subresources: ['scale', 'status'] }),
    r('apps', 'v1', 'replicasets', 'ReplicaSet', true, { shortNames: ['rs'], categories: ['all'] }),
    r('apps', 'v1', 'statefulsets', 'StatefulSet', true, { shortNames: ['sts'], categories: ['all'] }),
    r('events.k8s.io', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
    r('batch', 'v1', 'jobs', 'Job', true, { categories: ['all'] }),
    r('batch', 'v1', 'cronjobs', 'CronJob', true, { shortNames: ['cj'], categories: ['all'] }),
    r('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
    r('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, { shortNames: ['hpa'], categories: ['all'] }),
    r('autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, { shortNames: ['hpa'], categories: ['all'] }),
    r('example.com', 'v1', 'widgets', 'Widget', true, { shortNames: ['wd'], categories: ['all', 'toys'] }),
    r('example.com', 'v1beta1', 'widgets', 'Widget', true, { shortNames: ['wd'] }),
    r('other.io', 'v1', 'pods', 'Pod', true),
  ];
}

/** Groups in first-seen order, versions in first-seen order (the first is preferred). */
function groupsOf(resources: FakeResource[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of resources) {
    const vs = groups.get(r.group) ?? [];
    if (!vs.includes(r.version)) vs.push(r.version);
    groups.set(r.group, vs);
  }
  return groups;
}

const AGG_CT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function aggregatedList(resources: FakeResource[], core: boolean): unknown {
  const items = [];
  for (const [group, versions] of groupsOf(resources)) {
    if ((group === '') !== core) continue;
    items.push({
      metadata: { name: group, creationTimestamp: null },
      versions: versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: resources
          .filter((r) => r.group === group && r.version === version)
          .map((r) => ({
            resource: r.name,
            responseKind: { group, version, kind: r.kind },
            scope: r.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: r.singularName,
            verbs: r.verbs ?? RW,
            ...(r.shortNames ? { shortNames: r.shortNames } : {}),
            ...(r.categories ? { categories: r.categories } : {}),
            ...(r.subresources
              ? { subresources: r.subresources.map((s) => ({ subresource: s, responseKind: { group, version, kind: r.kind }, verbs: ['get'] })) }
              : {}),
          })),
      })),
    });
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

export function statusBody(code: number, reason: string, message: string, details?: Record<string, unknown>): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  /** requests no route answered */
  readonly unexpected: RecordedRequest[] = [];
  private routes: Route[] = [];
  private sockets = new Set<Socket>();
  private wsRoutes: Array<{ path: string | RegExp; protocols: string[]; handler: (ws: WebSocket, req: RecordedRequest) => void }> = [];
  private upgradeRefusals: Array<{ path: string | RegExp; code: number; body: string }> = [];
  private wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('secureConnection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => this.handleUpgrade(req, socket, head));
  }

  /**
   * Serves WebSocket upgrades on a path (exec, attach, port-forward): the
   * first of `protocols` the client offers is chosen; none offered is a 400
   * like the API server's. The handler gets the open socket.
   */
  websocket(path: string | RegExp, handler: (ws: WebSocket, req: RecordedRequest) => void, protocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io']): this {
    this.wsRoutes.push({ path, protocols, handler });
    return this;
  }

  /** Answers upgrades on a path with an HTTP error and a Status body (403, 404 ...), as the API server refuses them. */
  refuseUpgrade(path: string | RegExp, code: number, reason: string, message: string): this {
    this.upgradeRefusals.push({ path, code, body: JSON.stringify(statusBody(code, reason, message)) });
    return this;
  }

  private handleUpgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): void {
    const u = new URL(req.url ?? '/', 'http://x');
    const rec: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', path: u.pathname, query: u.searchParams, headers: { ...req.headers }, body: '', rawBody: Buffer.alloc(0) };
    this.requests.push(rec);
    const refusal = this.upgradeRefusals.find((r) => (typeof r.path === 'string' ? r.path === rec.path : r.path.test(rec.path)));
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal.code} X\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(refusal.body)}\r\nConnection: close\r\n\r\n${refusal.body}`);
      return;
    }
    const route = this.wsRoutes.find((r) => (typeof r.path === 'string' ? r.path === rec.path : r.path.test(rec.path)));
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((x) => x.trim());
    const chosen = route?.protocols.find((p) => offered.includes(p));
    if (!route || !chosen) {
      if (!route) this.unexpected.push(rec);
      const body = JSON.stringify(statusBody(route ? 400 : 404, route ? 'BadRequest' : 'NotFound', route ? 'no supported protocol' : `fake server: no route for upgrade ${rec.path}`));
      socket.end(`HTTP/1.1 ${route ? 400 : 404} X\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    // ws's server refuses subprotocols that are not RFC 7230 tokens (port-forward's
    // SPDY/3.1+portforward.k8s.io): it sees a stand-in, the answer names the chosen one
    req.headers['sec-websocket-protocol'] = 'fake-server-chosen';
    this.wss.options.handleProtocols = () => chosen;
    this.wss.handleUpgrade(req, socket, head, (ws) => route.handler(ws, rec));
  }

  static async start(opts: { tls?: { key: string | Buffer; cert: string | Buffer } } = {}): Promise<FakeApiServer> {
    let fake: FakeApiServer | undefined;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void fake!.handle(req, res);
    const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    fake = new FakeApiServer(server, `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    return fake;
  }

  /** Adds a route; `replies` are used in order and the last one repeats. */
  on(method: string, path: string | RegExp, ...replies: Array<Reply | Handler>): this {
    this.routes.push({ method: method.toUpperCase(), path, replies, times: 0 });
    return this;
  }

  json(method: string, path: string | RegExp, body: unknown, status = 200, headers: Record<string, string> = {}): this {
    return this.on(method, path, { status, body, headers });
  }

  status(method: string, path: string | RegExp, code: number, reason: string, message: string, details?: Record<string, unknown>): this {
    return this.on(method, path, { status: code, body: statusBody(code, reason, message, details) });
  }

  /** Serves /api and /apis (aggregated), or the legacy documents and every group-version. */
  discovery(resources: FakeResource[] = standardResources(), opts: { legacy?: boolean } = {}): this {
    const groups = groupsOf(resources);
    if (!opts.legacy) {
      this.on('GET', '/api', { headers: { 'Content-Type': AGG_CT }, body: aggregatedList(resources, true) });
      this.on('GET', '/apis', { headers: { 'Content-Type': AGG_CT }, body: aggregatedList(resources, false) });
      return this;
    }
    this.json('GET', '/api', {
      kind: 'APIVersions',
      versions: groups.get('') ?? [],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    });
    const apiGroups = [...groups].filter(([g]) => g !== '').map(([name, versions]) => ({
      name,
      versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    }));
    this.json('GET', '/apis', { kind: 'APIGroupList', apiVersion: 'v1', groups: apiGroups });
    for (const [group, versions] of groups) {
      for (const version of versions) {
        const gv = group ? `${group}/${version}` : version;
        const list = resources
          .filter((r) => r.group === group && r.version === version)
          .flatMap((r) => [
            {
              name: r.name,
              singularName: r.singularName,
              namespaced: r.namespaced,
              kind: r.kind,
              verbs: r.verbs ?? RW,
              ...(r.shortNames ? { shortNames: r.shortNames } : {}),
              ...(r.categories ? { categories: r.categories } : {}),
            },
            ...(r.subresources ?? []).map((s) => ({ name: `${r.name}/${s}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get'] })),
          ]);
        this.json('GET', group ? `/apis/${gv}` : `/api/${gv}`, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: list });
      }
    }
    return this;
  }

  /** Serves GET /version. */
  version(gitVersion = 'v1.34.4'): this {
    const m = /^v(\d+)\.(\d+)/.exec(gitVersion)!;
    return this.json('GET', '/version', {
      major: m[1],
      minor: m[2],
      emulationMajor: m[1],
      emulationMinor: m[2],
      minCompatibilityMajor: m[1],
      minCompatibilityMinor: String(Number(m[2]) - 1),
      gitVersion,
      gitCommit: '0123456789abcdef0123456789abcdef01234567',
      gitTreeState: 'clean',
      buildDate: '2026-01-01T00:00:00Z',
      goVersion: 'go1.24.9',
      compiler: 'gc',
      platform: 'linux/amd64',
    });
  }

  /** Requests for a path (ignoring the query). */
  requestsTo(path: string, method = 'GET'): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path && r.method === method);
  }

  /** Forgets recorded requests (routes stay). */
  clearRequests(): void {
    this.requests.length = 0;
    this.unexpected.length = 0;
  }

  /** Drops all routes and recorded requests. */
  reset(): void {
    this.routes = [];
    this.wsRoutes = [];
    this.upgradeRefusals = [];
    this.clearRequests();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const u = new URL(req.url ?? '/', 'http://x');
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: u.pathname,
      query: u.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      rawBody: Buffer.concat(chunks),
    };
    this.requests.push(rec);
    const route = this.routes.find(
      (r) => r.method === rec.method && (typeof r.path === 'string' ? r.path === rec.path : r.path.test(rec.path)),
    );
    if (!route) {
      this.unexpected.push(rec);
      this.send(req, res, { status: 404, body: statusBody(404, 'NotFound', `fake server: no route for ${rec.method} ${rec.path}`) });
      return;
    }
    const step = route.replies[Math.min(route.times, route.replies.length - 1)]!;
    route.times++;
    const reply = typeof step === 'function' ? await step(rec, res) : step;
    if (!reply) return; // the handler answered itself
    this.send(req, res, reply);
  }

  private send(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): void {
    const go = () => {
      if (reply.reset) {
        req.socket.destroy();
        return;
      }
      if (reply.hang) return;
      const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(reply.headers ?? {}) };
      let body: Buffer =
        reply.body === undefined
          ? Buffer.alloc(0)
          : Buffer.isBuffer(reply.body)
            ? reply.body
            : Buffer.from(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      if (reply.gzip && /gzip/.test(String(req.headers['accept-encoding'] ?? ''))) {
        body = gzipSync(body);
        headers['Content-Encoding'] = 'gzip';
      }
      headers['Content-Length'] = String(body.length);
      res.writeHead(reply.status ?? 200, headers);
      res.end(body);
    };
    if (reply.delayMs) setTimeout(go, reply.delayMs);
    else go();
  }
}

/**
 * A FakeApiServer and a scratch directory for one test file: started before
 * its tests, reset after each test, closed and removed at the end.
 */
export function useFakeServer(tmpPrefix: string): { readonly server: FakeApiServer; readonly dir: string } {
  const state = {} as { server: FakeApiServer; dir: string };
  beforeAll(async () => {
    state.server = await FakeApiServer.start();
    state.dir = await mkdtemp(path.join(os.tmpdir(), tmpPrefix));
  });
  afterEach(() => state.server.reset());
  afterAll(async () => {
    await state.server.close();
    await rm(state.dir, { recursive: true, force: true });
  });
  return state;
}
