/**
 * Which proxy a request goes through: the cluster's proxy-url, else
 * HTTPS_PROXY / HTTP_PROXY with NO_PROXY (Go's rules: loopback and localhost
 * are never proxied from the environment). HTTPS goes through a CONNECT tunnel.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { ConfigError } from '../errors.js';

export function proxyFor(
  target: URL,
  proxyUrl: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): URL | undefined {
  if (proxyUrl) return parseProxy(proxyUrl);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || isLoopback(host)) return undefined;
  const raw =
    target.protocol === 'https:'
      ? (env.HTTPS_PROXY ?? env.https_proxy)
      : (env.HTTP_PROXY ?? env.http_proxy);
  if (!raw) return undefined;
  const noProxy = env.NO_PROXY ?? env.no_proxy ?? '';
  if (bypassed(host, target.port || (target.protocol === 'https:' ? '443' : '80'), noProxy)) return undefined;
  return parseProxy(raw);
}

function parseProxy(raw: string): URL {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new ConfigError(`invalid proxy URL "${raw}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ConfigError(`unsupported proxy scheme "${u.protocol.replace(/:$/, '')}" in ${raw}; ktl supports http and https proxies`);
  }
  return u;
}

function isLoopback(host: string): boolean {
  if (net.isIPv4(host)) return host.startsWith('127.');
  return host === '::1';
}

/** NO_PROXY entries: "*", host names and domain suffixes, IPs, CIDRs, optional :port. */
export function bypassed(host: string, port: string, noProxy: string): boolean {
  for (let entry of noProxy.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    const m = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    if (m[2] && !net.isIPv6(entry)) {
      if (m[2] !== port) continue;
      entry = m[1]!;
    }
    const h = host.toLowerCase();
    if (net.isIP(entry)) {
      if (entry === h) return true;
      continue;
    }
    const domain = entry.startsWith('*.') ? entry.slice(1) : entry;
    if (h === domain.replace(/^\./, '') || h.endsWith(domain.startsWith('.') ? domain : `.${domain}`)) return true;
  }
  return false;
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bitsRaw] = cidr.split('/');
  const bits = Number(bitsRaw);
  if (!base || !net.isIPv4(base) || !net.isIPv4(host) || !(bits >= 0 && bits <= 32)) return false;
  const toInt = (ip: string) => ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(base) & mask) === (toInt(host) & mask);
}

function proxyAuthHeader(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const cred = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'Proxy-Authorization': `Basic ${Buffer.from(cred).toString('base64')}` };
}

/**
 * An https.Agent whose connections are CONNECT tunnels through an HTTP(S)
 * proxy; TLS to the API server then runs inside the tunnel.
 */
export class TunnelingAgent extends https.Agent {
  constructor(
    private readonly proxy: URL,
    options: https.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(
    rawOptions: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const options = rawOptions as tls.ConnectionOptions & { host?: string; port?: number; servername?: string };
    const fail = (err: Error) => callback?.(err, undefined as unknown as Duplex);
    const target = `${options.host}:${options.port}`;
    const mod = this.proxy.protocol === 'https:' ? https : http;
    const req = mod.request({
      host: this.proxy.hostname,
      port: Number(this.proxy.port) || (this.proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: target,
      headers: { Host: target, ...proxyAuthHeader(this.proxy) },
      agent: false,
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        fail(new Error(`proxyconnect tcp: proxy responded ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
        return;
      }
      const secure = tls.connect({ ...options, socket, servername: options.servername ?? (net.isIP(options.host ?? '') ? undefined : options.host) });
      callback?.(null, secure);
    });
    req.once('error', fail);
    req.end();
    return undefined;
  }
}

/** For plain-http targets the proxy gets the absolute URL as the request path. */
export function httpProxyRequestOptions(proxy: URL, target: URL): { host: string; port: number; path: string; headers: Record<string, string> } {
  return {
    host: proxy.hostname,
    port: Number(proxy.port) || 80,
    path: target.toString(),
    headers: proxyAuthHeader(proxy),
  };
}
