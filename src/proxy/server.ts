/**
 * kubectl proxy's server: a local HTTP listener that forwards API requests
 * to the API server with the kubeconfig's credentials (the transport's TLS
 * material and headers), optionally serves static files, and filters
 * requests as kubectl's FilterServer does (rejected paths, then rejected
 * methods, then accepted paths and hosts; a refusal is 403 "Forbidden").
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import path from 'node:path';
import type { Transport } from '../client/transport.js';
import { messageOf } from '../errors.js';

export interface ProxyFilter {
  acceptPaths: RegExp[];
  rejectPaths: RegExp[];
  acceptHosts: RegExp[];
  rejectMethods: RegExp[];
}

export interface ProxyServerOptions {
  transport: Transport;
  /** ends with "/" */
  apiPrefix: string;
  /** ends with "/" */
  staticPrefix: string;
  /** '' for no static files */
  staticDir: string;
  /** undefined: --disable-filter */
  filter?: ProxyFilter;
  /** prepend the kubeconfig server's own path (--append-server-path) */
  appendServerPath: boolean;
  /** TCP keep-alive period in ms for accepted connections (0: off) */
  keepAliveMs: number;
  /** "Error while proxying request: ..." lines */
  onError: (message: string) => void;
}

/** Go's regexp.MustCompile for each comma-separated part (MakeRegexpArray). */
export function regexpArray(s: string): RegExp[] {
  return s.split(',').map((part) => new RegExp(part));
}

/** The host of a Host header, without its port (Go's net.SplitHostPort, else the header). */
export function hostOf(header: string): string {
  const m = /^\[([^\]]*)\]:\d*$/.exec(header) ?? /^([^:[\]]*):\d*$/.exec(header);
  return m ? m[1]! : header;
}

export function accepts(f: ProxyFilter, method: string, urlPath: string, host: string): boolean {
  const any = (s: string, res: RegExp[]) => res.some((re) => re.test(s));
  if (any(urlPath, f.rejectPaths)) return false;
  if (any(method, f.rejectMethods)) return false;
  return any(urlPath, f.acceptPaths) && any(host, f.acceptHosts);
}

const HOP_BY_HOP = ['connection', 'proxy-connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

function plain(res: http.ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
const notFound = (res: http.ServerResponse) => plain(res, 404, '404 page not found\n');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.wasm': 'application/wasm',
  '.xml': 'text/xml; charset=utf-8',
  '.pdf': 'application/pdf',
};

/** Go's cleanPath (net/http): one leading "/", path.Clean, a trailing "/" kept. */
export function cleanPath(p: string): string {
  if (p === '') return '/';
  if (!p.startsWith('/')) p = `/${p}`;
  let np = path.posix.normalize(p);
  // path.Clean: no trailing slash (normalize keeps one), ".." above the root dropped
  if (np.length > 1 && np.endsWith('/')) np = np.slice(0, -1);
  if (p.endsWith('/') && np !== '/') np += '/';
  return np;
}

/** Go's url.PathEscape-like escaping of a URL's path (url.URL.String with no RawPath). */
function escapePath(p: string): string {
  return Array.from(Buffer.from(p, 'utf8'))
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** Go's http.Redirect with 301: the HTML body for GET only, the content type for GET and HEAD. */
function movedPermanently(req: http.IncomingMessage, res: http.ServerResponse, location: string): void {
  const get = req.method === 'GET' || req.method === 'HEAD';
  res.writeHead(301, get ? { Location: location, 'Content-Type': 'text/html; charset=utf-8' } : { Location: location });
  res.end(req.method === 'GET' ? `<a href="${htmlEscape(location)}">Moved Permanently</a>.\n\n` : undefined);
}

const htmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);

/** Go's http.FileServer over `root`, for the path below the static prefix. */
async function serveStatic(root: string, rel: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const clean = path.posix.normalize(`/${rel}`);
  const file = path.join(root, clean);
  let st;
  try {
    st = await stat(file);
  } catch {
    notFound(res);
    return;
  }
  const urlPath = (req.url ?? '/').split('?')[0]!;
  if (st.isDirectory()) {
    if (!urlPath.endsWith('/')) {
      res.writeHead(301, { Location: `${path.posix.basename(urlPath)}/` }).end();
      return;
    }
    try {
      const index = path.join(file, 'index.html');
      const ist = await stat(index);
      if (ist.isFile()) return sendFile(index, ist.size, ist.mtime, req, res);
    } catch {
      /* no index: list the directory */
    }
    const entries = (await readdir(file, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let body = '<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n';
    for (const e of entries) {
      const name = e.isDirectory() ? `${e.name}/` : e.name;
      body += `<a href="${htmlEscape(encodeURI(name).replace(/\?/g, '%3F').replace(/#/g, '%23'))}">${htmlEscape(name)}</a>\n`;
    }
    body += '</pre>\n';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  if (urlPath.endsWith('/')) {
    res.writeHead(301, { Location: `../${path.posix.basename(file)}` }).end();
    return;
  }
  return sendFile(file, st.size, st.mtime, req, res);
}

function sendFile(file: string, size: number, mtime: Date, req: http.IncomingMessage, res: http.ServerResponse): void {
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'Accept-Ranges': 'bytes', 'Content-Length': size, 'Content-Type': type, 'Last-Modified': mtime.toUTCString() });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

export class ProxyServer {
  readonly server: http.Server;
  constructor(private readonly o: ProxyServerOptions) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket: Socket, head) => void this.upgrade(req, socket, head));
    if (o.keepAliveMs > 0) this.server.on('connection', (s: Socket) => s.setKeepAlive(true, o.keepAliveMs));
  }

  private allowed(req: http.IncomingMessage, urlPath: string): boolean {
    if (!this.o.filter) return true;
    return accepts(this.o.filter, req.method ?? 'GET', urlPath, hostOf(req.headers.host ?? ''));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const [rawPath, rawQuery] = splitQuery(req.url ?? '/');
      // Go's ServeMux answers a path that is not clean (//x, /a/../b, /./) with a
      // redirect to the cleaned one, whatever handler it would reach (CONNECT aside)
      if (req.method !== 'CONNECT') {
        const cleaned = cleanPath(rawPath);
        if (cleaned !== rawPath) {
          movedPermanently(req, res, `${escapePath(cleaned)}${rawQuery ? `?${rawQuery}` : ''}`);
          return;
        }
      }
      const urlPath = safeDecode(rawPath);
      const api = this.o.apiPrefix;
      const match = this.route(urlPath);
      if (!match) {
        // Go's ServeMux sends "/prefix" on to "/prefix/"
        if (this.patterns().includes(`${urlPath}/`)) {
          movedPermanently(req, res, `${urlPath}/${rawQuery ? `?${rawQuery}` : ''}`);
        } else notFound(res);
        return;
      }
      if (match !== api) {
        await serveStatic(this.o.staticDir, urlPath.slice(match.length), req, res);
        return;
      }
      // kubectl filters API requests on the path below the API prefix
      if (!this.allowed(req, leaveSlash(urlPath.slice(api.length)))) {
        plain(res, 403, 'Forbidden\n');
        return;
      }
      const target = await this.target(rawPath.slice(api.length), rawQuery);
      await this.forward(req, res, target);
    } catch (err) {
      this.o.onError(messageOf(err));
      if (!res.headersSent) plain(res, 503, `${messageOf(err)}\n`);
      else res.destroy();
    }
  }

  private patterns(): string[] {
    return this.o.staticDir ? [this.o.apiPrefix, this.o.staticPrefix] : [this.o.apiPrefix];
  }

  /** The longest registered prefix of the path (Go's ServeMux). */
  private route(urlPath: string): string | undefined {
    return this.patterns()
      .filter((p) => urlPath.startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
  }

  private async target(rest: string, rawQuery: string | undefined) {
    const p = rest.startsWith('/') ? rest : `/${rest}`;
    const t = await this.o.transport.upgradeTarget({ path: '/', rawPath: true });
    const url = new URL(t.url.toString());
    const base = this.o.appendServerPath ? url.pathname.replace(/\/+$/, '') : '';
    url.pathname = base + p;
    url.search = rawQuery ? `?${rawQuery}` : '';
    return { ...t, url };
  }

  private requestOptions(req: http.IncomingMessage, t: Awaited<ReturnType<ProxyServer['target']>>, upgrade: boolean): https.RequestOptions {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || k === 'host') continue;
      if (!upgrade && HOP_BY_HOP.includes(k)) continue;
      headers[k] = v;
    }
    // the kubeconfig's credentials and impersonation; a client's own Authorization is kept (client-go's bearer round tripper)
    for (const [k, v] of Object.entries(t.headers)) {
      const lower = k.toLowerCase();
      if (lower === 'user-agent' && headers['user-agent']) continue;
      if (lower === 'authorization' && headers.authorization) continue;
      headers[lower] = v;
    }
    const xff = req.socket.remoteAddress;
    if (xff) headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${String(headers['x-forwarded-for'])}, ${xff}` : xff;
    return {
      protocol: t.url.protocol,
      hostname: t.url.hostname.replace(/^\[|\]$/g, ''),
      port: t.url.port || (t.url.protocol === 'https:' ? 443 : 80),
      path: t.url.pathname + t.url.search,
      method: req.method,
      headers,
      ...(t.tls ?? {}),
      ...(t.agent ? { agent: t.agent } : {}),
    };
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, t: Awaited<ReturnType<ProxyServer['target']>>): Promise<void> {
    return new Promise((resolve) => {
      const opts = this.requestOptions(req, t, false);
      const mod = t.url.protocol === 'https:' ? https : http;
      const up = mod.request(opts, (ures) => {
        // the server's own header spelling, hop-by-hop headers dropped (Go's ReverseProxy)
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < ures.rawHeaders.length; i += 2) {
          if (!HOP_BY_HOP.includes(ures.rawHeaders[i]!.toLowerCase())) pairs.push([ures.rawHeaders[i]!, ures.rawHeaders[i + 1]!]);
        }
        // Go's server writes headers sorted by name
        pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        res.writeHead(ures.statusCode ?? 502, pairs.flat());
        ures.pipe(res);
        ures.on('end', resolve);
        ures.on('error', () => {
          res.destroy();
          resolve();
        });
      });
      up.on('error', (err) => {
        this.o.onError(err.message);
        if (!res.headersSent) plain(res, 503, `${err.message}\n`);
        else res.destroy();
        resolve();
      });
      req.pipe(up);
      res.on('close', () => up.destroy());
    });
  }

  private async upgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const [rawPath, rawQuery] = splitQuery(req.url ?? '/');
    const urlPath = safeDecode(rawPath);
    if (this.route(urlPath) !== this.o.apiPrefix) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 19\r\nConnection: close\r\n\r\n404 page not found\n');
      return;
    }
    if (!this.allowed(req, leaveSlash(urlPath.slice(this.o.apiPrefix.length)))) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: 10\r\nConnection: close\r\n\r\nForbidden\n');
      return;
    }
    try {
      const t = await this.target(rawPath.slice(this.o.apiPrefix.length), rawQuery);
      const opts = this.requestOptions(req, t, true);
      const mod = t.url.protocol === 'https:' ? https : http;
      const up = mod.request(opts);
      up.on('upgrade', (ures, usock, uhead) => {
        let lines = `HTTP/1.1 ${ures.statusCode} ${ures.statusMessage}\r\n`;
        for (let i = 0; i < ures.rawHeaders.length; i += 2) lines += `${ures.rawHeaders[i]}: ${ures.rawHeaders[i + 1]}\r\n`;
        socket.write(lines + '\r\n');
        if (uhead.length) socket.write(uhead);
        if (head.length) usock.write(head);
        usock.pipe(socket).pipe(usock);
        usock.on('error', () => socket.destroy());
        socket.on('close', () => usock.destroy());
      });
      up.on('response', (ures) => {
        let lines = `HTTP/1.1 ${ures.statusCode} ${ures.statusMessage}\r\n`;
        for (let i = 0; i < ures.rawHeaders.length; i += 2) lines += `${ures.rawHeaders[i]}: ${ures.rawHeaders[i + 1]}\r\n`;
        socket.write(lines + '\r\n');
        ures.pipe(socket);
      });
      up.on('error', (err) => {
        this.o.onError(err.message);
        socket.destroy();
      });
      up.end();
    } catch (err) {
      this.o.onError(messageOf(err));
      socket.destroy();
    }
  }
}

/** kubectl's stripLeaveSlash: the rest of the path, always with a leading slash. */
const leaveSlash = (p: string) => (p.startsWith('/') ? p : `/${p}`);

function splitQuery(url: string): [string, string | undefined] {
  const i = url.indexOf('?');
  return i < 0 ? [url, undefined] : [url.slice(0, i), url.slice(i + 1)];
}

function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
