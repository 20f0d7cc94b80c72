/**
 * The wire: one keep-alive agent per API server, credentials, impersonation,
 * gzip, retries for idempotent requests, request timeouts, typed errors and
 * kubectl-shaped -v logging. Everything above this talks in paths and bodies.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { Readable } from 'node:stream';
import type { RestConfig } from '../config/types.js';
import { ApiError, ConnectionError, JsonBodyError, KtlError, ResponseBodyError, type ApiStatus, errnoCode } from '../errors.js';
import { goJsonSyntaxError } from '../codec/go-json-error.js';
import { CredentialSource, hasDynamicCredentials, loadTlsMaterial, type Credentials, type TlsMaterial } from './auth.js';
import { bodyForLog, goDuration, goQuote as klogQuote, headerLines, Klog, maskHeaderValue, type KlogValue } from './klog.js';
import { unsafePathSegment } from './path-segment.js';
import { isRecord } from '../codec/value.js';
import { goQuote, hostPort, requestTimeout, toConnectionError, type Target } from './net-errors.js';
import { httpProxyRequestOptions, proxyFor, TunnelingAgent } from './proxy.js';

export type QueryValue = string | number | boolean | undefined | Array<string | number | boolean>;
export type Query = Record<string, QueryValue>;

export interface RequestSpec {
  method?: string;
  /** path under the server URL, e.g. /api/v1/namespaces/default/pods; may carry its own ?query */
  path: string;
  query?: Query;
  /** Accept header (default: application/json and anything) */
  accept?: string;
  contentType?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** per-request timeout overriding --request-timeout (0 = none) */
  timeoutMs?: number;
  /** timeout used when neither this request nor --request-timeout sets one (discovery uses 32s) */
  defaultTimeoutMs?: number;
  /**
   * false for discovery-style requests (/api, /apis, /version): kubectl's
   * discovery client cannot decode Status bodies there, so users see
   * client-go's generic text for the code (e.g. "Forbidden: unknown").
   */
  decodeStatus?: boolean;
  /**
   * the path is the user's own (--raw): sent as given. Other paths must not
   * hold ".", ".." or empty segments, which URL parsing would fold into
   * another object's path.
   */
  rawPath?: boolean;
  /**
   * the path is a server-relative request URI (client-go's RequestURI, what
   * --raw sends): it replaces the server URL's own path instead of following it
   */
  requestUri?: boolean;
  /** klog source name for the body lines at -v=8 (kubectl names the calling Go file) */
  logSource?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  statusCode: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export interface StreamResponse {
  statusCode: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  /** the decoded (gunzipped) body */
  body: Readable;
  /** stop reading and drop the connection */
  close(): void;
}

/** See Transport.upgradeTarget. */
export interface UpgradeTarget {
  url: URL;
  headers: Record<string, string | string[]>;
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean; servername?: string };
  /** set when an HTTPS proxy must be tunnelled through */
  agent?: http.Agent;
  target: Target;
}

export interface TransportOptions {
  config: RestConfig;
  env: Readonly<Record<string, string | undefined>>;
  log: Klog;
  userAgent: string;
  /** extra headers on every request (Kubectl-Command style) */
  headers?: Record<string, string>;
  /** attempts for idempotent requests on 429 / reset connections (default 3) */
  maxAttempts?: number;
  /** longest Retry-After honoured, in ms (default 10s) */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** clock for durations in logs, in ms (default process.hrtime: performance.now's first use loads perf_hooks) */
  monotonic?: () => number;
  /** stdin and stderr for credential plugins (stderr passed through, stdin when interactive) */
  io?: import('./exec-plugin.js').ExecIO;
  /** receives the Warning header values of every response */
  onWarnings?: (values: string[]) => void;
}

const DEFAULT_ACCEPT = 'application/json, */*';
const IDEMPOTENT = new Set(['GET', 'HEAD']);

/** Go's url.QueryEscape. */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Go's url.Values.Encode: keys sorted, values in order. */
export function encodeQuery(q: Query): string {
  const parts: string[] = [];
  for (const key of Object.keys(q).sort()) {
    const v = q[key];
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) parts.push(`${queryEscape(key)}=${queryEscape(String(one))}`);
  }
  return parts.join('&');
}

interface Attempt {
  res: http.IncomingMessage;
  body: Readable;
  started: number;
  dialed: boolean;
  req: http.ClientRequest;
}

/**
 * A TLS handshake without a client certificate, closed again: resolves when
 * the server can be reached and its certificate is trusted.
 */
function handshake(target: Target, m: TlsMaterial, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      ca: m.ca,
      rejectUnauthorized: m.rejectUnauthorized,
      ...(m.servername ? { servername: m.servername } : {}),
    });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(toConnectionError(Object.assign(new Error('dial timeout'), { code: 'ETIMEDOUT' }), target));
    });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (e) => reject(toConnectionError(e, target)));
  });
}

export class Transport {
  readonly server: URL;
  readonly target: Target;
  private readonly creds: CredentialSource;
  private agent?: http.Agent;
  private tls?: Promise<TlsMaterial>;
  private readonly log: Klog;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly monotonic: () => number;
  /** a default port the server URL spells out (https://h:443), which Go keeps in every URL it prints */
  private readonly explicitPort?: string;

  constructor(private readonly opts: TransportOptions) {
    const parsed = serverUrl(opts.config.cluster.server);
    this.server = parsed.url;
    this.explicitPort = parsed.explicitPort;
    const secure = this.server.protocol === 'https:';
    this.target = {
      host: this.server.hostname.replace(/^\[|\]$/g, ''),
      port: Number(this.server.port) || (secure ? 443 : 80),
    };
    this.creds = new CredentialSource(opts.config, opts.env, opts.io);
    this.log = opts.log;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.monotonic = opts.monotonic ?? (() => Number(process.hrtime.bigint()) / 1e6);
  }

  get config(): RestConfig {
    return this.opts.config;
  }

  get klog(): Klog {
    return this.log;
  }

  /** The full URL for a path and query, with ?timeout= like client-go. */
  url(spec: Pick<RequestSpec, 'path' | 'query' | 'timeoutMs' | 'defaultTimeoutMs' | 'rawPath' | 'requestUri'>): URL {
    const [rawPath, rawQuery] = splitOnce(spec.path, '?');
    if (!spec.rawPath) {
      const bad = unsafePathSegment(rawPath);
      if (bad !== undefined) throw new KtlError(`refusing to send a request to ${klogQuote(rawPath)}: its segment ${klogQuote(bad)} would address another path`);
    }
    const base = spec.requestUri ? '' : this.server.pathname.replace(/\/+$/, '');
    const u = new URL(this.server.origin);
    u.pathname = base + (rawPath.startsWith('/') ? rawPath : `/${rawPath}`);
    const q: Query = {};
    if (rawQuery) for (const [k, v] of new URLSearchParams(rawQuery)) q[k] = appendQuery(q[k], v);
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) q[k] = v;
    const timeout = this.timeoutFor(spec);
    if (timeout > 0 && q.timeout === undefined) q.timeout = goDuration(timeout);
    const search = encodeQuery(q);
    const href = u.origin + u.pathname + (search ? `?${search}` : '');
    if (this.explicitPort === undefined) return new URL(href);
    const origin = `${u.protocol}//${u.host}`;
    return new WrittenPortUrl(href, `${origin}:${this.explicitPort}${href.slice(origin.length)}`);
  }

  private timeoutFor(spec: Pick<RequestSpec, 'timeoutMs' | 'defaultTimeoutMs'>): number {
    if (spec.timeoutMs !== undefined) return spec.timeoutMs;
    if (this.opts.config.requestTimeoutMs > 0) return this.opts.config.requestTimeoutMs;
    return spec.defaultTimeoutMs ?? 0;
  }

  /** Sends a request and reads the whole body; non-2xx answers throw ApiError. */
  async request(spec: RequestSpec): Promise<HttpResponse> {
    const res = await this.requestRaw(spec);
    if (res.statusCode < 200 || res.statusCode > 299) {
      throw apiErrorFrom(res.statusCode, res.body, spec.method ?? 'GET', this.url(spec).toString(), {
        contentType: res.headers['content-type'],
        decodeStatus: spec.decodeStatus ?? true,
        resource: requestResource(spec),
      });
    }
    return res;
  }

  /** Like request() but returns error statuses instead of throwing. */
  async requestRaw(spec: RequestSpec): Promise<HttpResponse> {
    return this.withRetries(spec, async (attempt, timeoutMs) => {
      const chunks: Buffer[] = [];
      const reading = new Promise<Buffer>((resolve, reject) => {
        attempt.body.on('data', (c: Buffer) => chunks.push(c));
        attempt.body.once('end', () => resolve(Buffer.concat(chunks)));
        attempt.body.once('error', (err: NodeJS.ErrnoException) => {
          // the connection closed (or the gzip stream ended) before the whole body came:
          // client-go logs it and gives up at once, without a retry
          if (err.code === 'ECONNRESET' || err.code === 'Z_BUF_ERROR' || err.code === 'ERR_STREAM_PREMATURE_CLOSE') {
            this.log.error('request.go:1360', 'Unexpected error when reading response body', [['err', 'unexpected EOF']]);
            reject(new ResponseBodyError());
          } else reject(err);
        });
      });
      const body = timeoutMs > 0 ? await withDeadline(reading, attempt, timeoutMs, this.target) : await reading;
      const text = body.toString('utf8');
      this.logBody(spec, 'Response Body', text);
      return {
        statusCode: attempt.res.statusCode ?? 0,
        statusText: statusText(attempt.res),
        headers: attempt.res.headers,
        body,
        text: () => text,
        json: <T>() => parseJsonBody<T>(text),
      };
    });
  }

  /**
   * Opens a response as a stream (watch, logs, large lists printed as pages
   * arrive). The timeout covers only the wait for response headers.
   */
  async stream(spec: RequestSpec): Promise<StreamResponse> {
    return this.withRetries(spec, async (attempt) => {
      const code = attempt.res.statusCode ?? 0;
      if (code < 200 || code > 299) {
        const chunks: Buffer[] = [];
        for await (const c of attempt.body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
        const body = Buffer.concat(chunks);
        this.logBody(spec, 'Response Body', body.toString('utf8'));
        throw apiErrorFrom(code, body, spec.method ?? 'GET', this.url(spec).toString(), {
          contentType: attempt.res.headers['content-type'],
          decodeStatus: spec.decodeStatus ?? true,
          resource: requestResource(spec),
        });
      }
      return {
        statusCode: code,
        statusText: statusText(attempt.res),
        headers: attempt.res.headers,
        body: attempt.body,
        close: () => {
          attempt.req.destroy();
          attempt.body.destroy();
        },
      };
    }, true);
  }

  /**
   * What a protocol upgrade (WebSocket exec/attach/port-forward) needs to
   * reach the server as every other request does: the URL, the headers with
   * credentials and impersonation, and the TLS material. The connection is
   * its own (never the keep-alive pool's): it lives as long as the session.
   */
  async upgradeTarget(spec: RequestSpec): Promise<UpgradeTarget> {
    const url = this.url({ ...spec, timeoutMs: 0 });
    const secure = url.protocol === 'https:';
    const tlsMaterial = secure ? await this.tlsMaterial() : undefined;
    const creds = secure || this.opts.config.user.token || this.opts.config.user.username ? await this.creds.get() : {};
    await this.refuseUnusableClientCert(tlsMaterial, creds, 0);
    const headers = await this.headersFor(spec, creds.authorization);
    delete headers.Accept;
    this.logRequest(spec, spec.method ?? 'GET', url, headers, undefined);
    const proxy = proxyFor(url, this.opts.config.cluster['proxy-url'], this.opts.env);
    const tls = tlsMaterial
      ? {
          ca: tlsMaterial.ca,
          cert: creds.cert ?? tlsMaterial.cert,
          key: creds.key ?? tlsMaterial.key,
          rejectUnauthorized: tlsMaterial.rejectUnauthorized,
          servername: tlsMaterial.servername,
        }
      : undefined;
    const agent = proxy && secure ? new TunnelingAgent(proxy, { ...tls }) : undefined;
    return { url, headers, tls, agent, target: this.target };
  }

  /**
   * Loads and checks the TLS material of an https server (client-go does it
   * when the client is built): a bad CA bundle, certificate or key fails
   * here, before any request, in kubectl's words.
   */
  async prepare(): Promise<void> {
    if (this.server.protocol === 'https:') await this.tlsMaterial();
  }

  private tlsMaterial(): Promise<TlsMaterial> {
    this.tls ??= loadTlsMaterial(this.opts.config).then((m) => {
      // client-go's certificate rotation logs what it could not load
      if (m.clientCertError) this.log.error('cert_rotation.go:172', 'Loading client cert failed', [['err', m.clientCertError], ['key', 'key']]);
      return m;
    });
    return this.tls;
  }

  /**
   * A client certificate and key read from files that do not make a pair:
   * client-go fails the TLS handshake with the reason, so nothing is sent.
   * A certificate from an exec plugin takes their place.
   */
  private async refuseUnusableClientCert(m: TlsMaterial | undefined, creds: Credentials, timeoutMs: number): Promise<void> {
    if (!m?.clientCertError || creds.cert) return;
    // client-go fails in the handshake, after the server's certificate was checked:
    // a server that cannot be reached or trusted says so first
    if (!proxyFor(this.server, this.opts.config.cluster['proxy-url'], this.opts.env)) await handshake(this.target, m, timeoutMs || 30_000);
    throw new ConnectionError(m.clientCertError, 'other', hostPort(this.target));
  }

  /** Drops idle keep-alive sockets so the process can exit. */
  close(): void {
    this.agent?.destroy();
  }

  private async withRetries<T>(
    spec: RequestSpec,
    consume: (a: Attempt, timeoutMs: number) => Promise<T>,
    streaming = false,
  ): Promise<T> {
    this.url(spec); // refuses unsafe paths before anything is sent (or credentials are fetched)
    const method = (spec.method ?? 'GET').toUpperCase();
    const max = IDEMPOTENT.has(method) ? (this.opts.maxAttempts ?? 3) : 1;
    const timeoutMs = this.timeoutFor(spec);
    let refreshedCreds = false;
    for (let n = 1; ; n++) {
      let attempt: Attempt;
      try {
        attempt = await this.send(spec, method, timeoutMs);
      } catch (err) {
        const code = errnoCode(err);
        if (n < max && (code === 'ECONNRESET' || code === 'EPIPE')) {
          await this.sleep(Math.min(100 * n, 1000));
          continue;
        }
        throw this.connectionError(err, spec, method);
      }
      const status = attempt.res.statusCode ?? 0;
      if (this.opts.onWarnings) {
        const raw = attempt.res.rawHeaders;
        const values: string[] = [];
        for (let k = 0; k + 1 < raw.length; k += 2) if (raw[k]!.toLowerCase() === 'warning') values.push(raw[k + 1]!);
        if (values.length) this.opts.onWarnings(values);
      }
      const retryAfter = retryAfterMs(attempt.res.headers['retry-after']);
      if (n < max && (status === 429 || (status >= 500 && retryAfter !== undefined))) {
        attempt.body.resume();
        const wait = Math.min(retryAfter ?? 1000, this.opts.maxRetryAfterMs ?? 10_000);
        this.log.info(4, 'request.go:1270', 'Got a Retry-After response', [
          ['delay', goDuration(wait)],
          ['attempt', n],
          ['url', this.url(spec).toString()],
        ]);
        await this.sleep(wait);
        continue;
      }
      if (status === 401 && !refreshedCreds && hasDynamicCredentials(this.opts.config)) {
        // plugin credentials may have expired: ask the plugin again, once
        refreshedCreds = true;
        attempt.body.resume();
        this.creds.reset();
        n--;
        continue;
      }
      try {
        return await consume(attempt, streaming ? 0 : timeoutMs);
      } catch (err) {
        if (err instanceof ApiError || err instanceof KtlError) throw err;
        const code = errnoCode(err);
        if (!streaming && n < max && code === 'ECONNRESET') continue;
        throw this.connectionError(err, spec, method);
      }
    }
  }

  /** The credentials for a request: a plugin's failure is the request's, as client-go's round tripper reports it (`Get "URL": getting credentials: ...`). */
  private async credentialsFor(spec: RequestSpec, method: string): Promise<Awaited<ReturnType<CredentialSource['get']>>> {
    try {
      return await this.creds.get();
    } catch (err) {
      throw err instanceof ConnectionError ? this.connectionError(err, spec, method) : err;
    }
  }

  /** A transport failure as ConnectionError, knowing its request as Go's url.Error does (Op is the method as "Post"). */
  private connectionError(err: unknown, spec: RequestSpec, method: string): Error {
    const e = toConnectionError(err, this.target);
    if (e instanceof ConnectionError && !e.request) {
      e.request = { op: method.charAt(0) + method.slice(1).toLowerCase(), url: this.url(spec).toString() };
    }
    return e;
  }

  private async getAgent(tlsMaterial: TlsMaterial | undefined, cert?: Buffer, key?: Buffer): Promise<http.Agent> {
    if (this.agent) return this.agent;
    const proxy = proxyFor(this.server, this.opts.config.cluster['proxy-url'], this.opts.env);
    if (this.server.protocol === 'https:') {
      const options: https.AgentOptions = {
        keepAlive: true,
        ca: tlsMaterial?.ca,
        cert: cert ?? tlsMaterial?.cert,
        key: key ?? tlsMaterial?.key,
        rejectUnauthorized: tlsMaterial?.rejectUnauthorized ?? true,
        servername: tlsMaterial?.servername,
      };
      this.agent = proxy ? new TunnelingAgent(proxy, options) : new https.Agent(options);
    } else {
      this.agent = new http.Agent({ keepAlive: true });
    }
    // idle keep-alive sockets must not keep the process alive
    this.agent!.on('free', (socket: Socket) => socket.unref());
    return this.agent!;
  }

  private async headersFor(spec: RequestSpec, authorization?: string): Promise<Record<string, string | string[]>> {
    const h: Record<string, string | string[]> = { Accept: spec.accept ?? DEFAULT_ACCEPT };
    if (spec.contentType) h['Content-Type'] = spec.contentType;
    h['User-Agent'] = this.opts.userAgent;
    Object.assign(h, this.opts.headers ?? {}, spec.headers ?? {});
    if (authorization) h.Authorization = authorization;
    const imp = this.opts.config.impersonate;
    if (imp?.user) h['Impersonate-User'] = imp.user;
    if (imp?.uid) h['Impersonate-Uid'] = imp.uid;
    if (imp?.groups?.length) h['Impersonate-Group'] = imp.groups;
    for (const [k, vals] of Object.entries(imp?.extra ?? {})) h[`Impersonate-Extra-${encodeURIComponent(k)}`] = vals;
    return h;
  }

  private async send(spec: RequestSpec, method: string, timeoutMs: number): Promise<Attempt> {
    const url = this.url(spec);
    const secure = url.protocol === 'https:';
    const tlsMaterial = secure ? await this.tlsMaterial() : undefined;
    const creds = secure || this.opts.config.user.token || this.opts.config.user.username ? await this.credentialsFor(spec, method) : {};
    await this.refuseUnusableClientCert(tlsMaterial, creds, timeoutMs);
    const agent = await this.getAgent(tlsMaterial, creds.cert, creds.key);
    const headers = await this.headersFor(spec, creds.authorization);
    const compress = !this.opts.config.cluster['disable-compression'];
    const body = spec.body === undefined ? undefined : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body);
    this.logRequest(spec, method, url, headers, body);
    const wireHeaders: Record<string, string | string[] | number> = { ...headers };
    if (compress) wireHeaders['Accept-Encoding'] = 'gzip';
    if (body) wireHeaders['Content-Length'] = body.length;

    const proxy = !secure ? proxyFor(url, this.opts.config.cluster['proxy-url'], this.opts.env) : undefined;
    const started = this.monotonic();
    let dialed = false;
    let dialAt = 0;
    let connectedAt = 0;
    return await new Promise<Attempt>((resolve, reject) => {
      const options: https.RequestOptions = proxy
        ? { ...httpProxyRequestOptions(proxy, url), method, agent }
        : {
            protocol: url.protocol,
            host: this.target.host,
            port: this.target.port,
            path: url.pathname + url.search,
            method,
            agent,
          };
      options.headers = { ...(options.headers ?? {}), ...wireHeaders };
      // Go's http.Transport accepts response headers up to 10 MiB (Node: 16 KiB)
      options.maxHeaderSize = 10 << 20;
      if (spec.signal) options.signal = spec.signal;
      const mod = secure ? https : http;
      const req = mod.request(options);
      let timer: NodeJS.Timeout | undefined;
      if (timeoutMs > 0) {
        timer = setTimeout(() => req.destroy(requestTimeout(this.target)), timeoutMs);
      }
      req.on('socket', (s: Socket) => {
        s.ref();
        if (!s.connecting) return;
        dialed = true;
        dialAt = this.monotonic();
        s.once(secure ? 'secureConnect' : 'connect', () => {
          connectedAt = this.monotonic();
          this.log.info(9, 'round_trippers.go:562', 'HTTP Trace: Dial succeed', [
            ['network', 'tcp'],
            ['address', `${this.target.host}:${this.target.port}`],
          ]);
        });
      });
      req.once('error', (err) => {
        if (timer) clearTimeout(timer);
        this.logResponse(method, url, undefined, this.monotonic() - started);
        reject(err);
      });
      req.once('response', (res) => {
        if (timer) clearTimeout(timer);
        const elapsed = this.monotonic() - started;
        this.logResponse(method, url, res, elapsed, dialed ? { dialAt, connectedAt, started } : undefined);
        let decoded: Readable = res;
        if (/\bgzip\b/i.test(String(res.headers['content-encoding'] ?? ''))) {
          // zlib loads only for a gzip body (the server compresses large ones)
          const gunzip = process.getBuiltinModule('node:zlib').createGunzip();
          res.pipe(gunzip);
          res.once('error', (e) => gunzip.destroy(e));
          decoded = gunzip;
        }
        resolve({ res, body: decoded, started, dialed, req });
      });
      req.end(body);
    });
  }

  private logRequest(
    spec: RequestSpec,
    method: string,
    url: URL,
    headers: Record<string, string | string[]>,
    body: Buffer | undefined,
  ): void {
    const v = this.log.sink.verbosity;
    if (v < 7) return;
    if (v >= 8) this.logBody(spec, 'Request Body', body ? body.toString('utf8') : '');
    if (v >= 9) {
      const parts = [`curl -v -X${method} `];
      for (const [k, val] of Object.entries(headers)) {
        for (const one of Array.isArray(val) ? val : [val]) parts.push(`-H "${k}: ${maskHeaderValue(k, one)}"`);
      }
      parts.push(`'${url.toString()}'`);
      this.log.info(9, 'round_trippers.go:527', 'Request', [['curlCommand', { block: [parts.join(' ')] }]]);
      return;
    }
    this.log.info(7, 'round_trippers.go:527', 'Request', [
      ['verb', method],
      ['url', url.toString()],
      ['headers', { block: headerLines(headers) }],
    ]);
  }

  private logResponse(
    method: string,
    url: URL,
    res: http.IncomingMessage | undefined,
    elapsedMs: number,
    dial?: { dialAt: number; connectedAt: number; started: number },
  ): void {
    const v = this.log.sink.verbosity;
    if (v < 6) return;
    const status = res ? statusText(res) : '';
    const ms = Math.round(elapsedMs);
    const kv: Array<[string, KlogValue]> = [];
    if (v === 6 || v >= 9) kv.push(['verb', method], ['url', url.toString()]);
    kv.push(['status', status]);
    if (v >= 8 && res) kv.push(['headers', { block: headerLines(res.headers) }]);
    kv.push(['milliseconds', ms]);
    if (v >= 9) {
      if (dial) {
        const dialMs = Math.round((dial.connectedAt || dial.dialAt) - dial.dialAt);
        kv.push(
          ['dnsLookupMilliseconds', 0],
          ['dialMilliseconds', dialMs],
          ['tlsHandshakeMilliseconds', 0],
          ['serverProcessingMilliseconds', Math.max(0, ms - Math.round(dial.connectedAt ? dial.connectedAt - dial.started : 0))],
        );
      } else {
        kv.push(['getConnectionMilliseconds', 0], ['serverProcessingMilliseconds', ms]);
      }
    }
    this.log.info(6, 'round_trippers.go:632', 'Response', kv);
  }

  private logBody(spec: RequestSpec, what: string, body: string): void {
    const v = this.log.sink.verbosity;
    if (v < 8) return;
    this.log.info(8, spec.logSource ?? 'request.go:1212', what, [['body', bodyForLog(body, v)]]);
  }
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

function appendQuery(prev: QueryValue, v: string): QueryValue {
  if (prev === undefined) return v;
  return Array.isArray(prev) ? [...prev, v] : [String(prev), v];
}

function statusText(res: http.IncomingMessage): string {
  const code = res.statusCode ?? 0;
  return `${code} ${res.statusMessage || http.STATUS_CODES[code] || ''}`.trim();
}

function retryAfterMs(h: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(h) ? h[0] : h;
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  return undefined;
}

function withDeadline<T>(p: Promise<T>, attempt: Attempt, timeoutMs: number, target: Target): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      attempt.req.destroy();
      reject(requestTimeout(target));
    }, Math.max(0, timeoutMs));
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** What client-go knows of a request's resource: nothing for --raw and discovery paths. */
function requestResource(spec: RequestSpec): RequestResource | undefined {
  return spec.rawPath || spec.decodeStatus === false ? undefined : resourceOfPath(spec.path);
}

/** Messages client-go gives error answers that carry no Status body. */
function unstructuredMessage(code: number, serverMessage: string): { reason: string; message: string } {
  switch (code) {
    case 409: return { reason: 'Conflict', message: 'the server reported a conflict' };
    case 404: return { reason: 'NotFound', message: 'the server could not find the requested resource' };
    case 400: return { reason: 'BadRequest', message: 'the server rejected our request for an unknown reason' };
    case 401: return { reason: 'Unauthorized', message: 'the server has asked for the client to provide credentials' };
    case 403: return { reason: 'Forbidden', message: serverMessage };
    case 405: return { reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource' };
    case 406: return { reason: 'NotAcceptable', message: 'the server was unable to respond with a content type that the client supports' };
    case 415: return { reason: 'UnsupportedMediaType', message: 'the server was unable to handle the media type' };
    case 422: return { reason: 'Invalid', message: 'the server rejected our request due to an error in our request' };
    case 429: return { reason: 'TooManyRequests', message: 'the server has received too many requests and has asked us to try again later' };
    case 503: return { reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' };
    case 504: return { reason: 'Timeout', message: 'the server was unable to return a response in the time allotted, but may still be processing the request' };
    default:
      return {
        reason: code >= 500 ? 'InternalError' : 'Unknown',
        message: `an error on the server (${goQuote(serverMessage)}) has prevented the request from succeeding`,
      };
  }
}

/** An error answer as ApiError: the Status body when there is one, else client-go's generic text. */
export function apiErrorFrom(
  code: number,
  body: Buffer,
  method: string,
  url: string,
  opts: { contentType?: string; decodeStatus?: boolean; resource?: RequestResource } = {},
): ApiError {
  const text = body.toString('utf8');
  if (opts.decodeStatus !== false) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isApiStatus(parsed)) return new ApiError(code, { ...parsed, code: parsed.code ?? code }, method, url);
    } catch {
      /* not JSON */
    }
  }
  // client-go quotes the body (its first 2048 bytes) only when it is text/* or has no type
  const mediaType = (opts.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const isText = !opts.contentType || mediaType.startsWith('text/');
  const serverMessage = isText ? body.subarray(0, 2048).toString('utf8').trim() : 'unknown';
  let { reason, message } = unstructuredMessage(code, serverMessage);
  // apimachinery's NewGenericServerResponse names what was asked for
  const r = opts.resource;
  if (r?.resource) message += ` (${method.toLowerCase()} ${r.group ? `${r.resource}.${r.group}` : r.resource}${r.name ? ` ${r.name}` : ''})`;
  return new ApiError(code, { kind: 'Status', status: 'Failure', reason, message, code }, method, url);
}

const optional = (v: unknown, type: 'string' | 'number'): boolean => v === undefined || typeof v === type;

/**
 * A metav1.Status body: kind Status, each field ktl reads of its type (a
 * Status client-go could not decode gets the generic message instead).
 */
function isApiStatus(v: unknown): v is ApiStatus {
  if (!isRecord(v) || v.kind !== 'Status') return false;
  if (!['apiVersion', 'status', 'message', 'reason'].every((k) => optional(v[k], 'string')) || !optional(v.code, 'number')) return false;
  const d = v.details;
  if (d === undefined) return true;
  if (!isRecord(d) || !['name', 'group', 'kind'].every((k) => optional(d[k], 'string')) || !optional(d.retryAfterSeconds, 'number')) return false;
  const causes = d.causes;
  return causes === undefined || (Array.isArray(causes) && causes.every((c) => isRecord(c) && ['reason', 'message', 'field'].every((k) => optional(c[k], 'string'))));
}

/** The resource a request names (client-go's Request.resource, resourceName). */
export interface RequestResource {
  group: string;
  resource: string;
  name?: string;
}

/** Reads the resource and name back from an API path; undefined for other paths (discovery, --raw, /version). */
export function resourceOfPath(path: string): RequestResource | undefined {
  const segs = path.split('?')[0]!.split('/').filter(Boolean).map((x) => decodeURIComponent(x));
  let group: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 2) [group, rest] = ['', segs.slice(2)];
  else if (segs[0] === 'apis' && segs.length >= 3) [group, rest] = [segs[1]!, segs.slice(3)];
  else return undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  if (rest.length === 0) return undefined;
  return { group, resource: rest[0]!, ...(rest[1] ? { name: rest[1] } : {}) };
}

/** A JSON response body as the caller's type; one that does not parse fails in Go's words, as client-go's decoder does. */
export function parseJsonBody<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new JsonBodyError(goJsonSyntaxError(text) ?? err.message);
  }
}

/** A URL whose text keeps the default port the server URL was written with (WHATWG URLs drop it, Go's keep it). */
class WrittenPortUrl extends URL {
  constructor(
    href: string,
    private readonly text: string,
  ) {
    super(href);
    Object.defineProperty(this, 'href', { get: () => this.text });
  }
  override toString(): string {
    return this.text;
  }
  override toJSON(): string {
    return this.text;
  }
}

/**
 * The server URL as client-go's DefaultServerURL reads it: a URL with a
 * scheme and a host as it is; anything else (127.0.0.1:1, localhost:8080)
 * is taken as host:port over http, and then must have no path.
 */
export function serverUrl(server: string): { url: URL; explicitPort?: string } {
  const invalid = () => new KtlError(`host must be a URL or a host:port pair: ${goQuote(server)}`);
  let text = server;
  let url: URL | undefined;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(server);
  if (scheme && scheme[2]) {
    try {
      url = new URL(server);
    } catch {
      url = undefined;
    }
  }
  if (!url) {
    // Go reads "//h:p" as a host with no scheme; "http:////h:p" then has no host and a path
    if (server.startsWith('/')) throw invalid();
    text = `http://${server}`;
    try {
      url = new URL(text);
    } catch {
      throw invalid();
    }
    if (url.pathname !== '' && url.pathname !== '/') throw invalid();
  }
  const authority = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]*)/.exec(text)?.[1] ?? '';
  const port = /:(\d+)$/.exec(authority)?.[1];
  return { url, explicitPort: url.port === '' && port !== undefined ? port : undefined };
}
