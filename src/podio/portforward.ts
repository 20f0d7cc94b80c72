/**
 * port-forward as kubectl 1.33 does it: the port arguments resolved against
 * the pod or service (named ports, service target ports, UDP refused), the
 * listen addresses, one SPDY session tunnelled through one WebSocket to the
 * pod's portforward subresource, and for each local connection a pair of
 * streams (error, data) carrying it, as client-go's tools/portforward.
 */
import net from 'node:net';
import type { Writable } from 'node:stream';
import type WebSocket from 'ws';
import type { Klog } from '../client/klog.js';
import type { Transport } from '../client/transport.js';
import { dialWebSocket, DialAbortedError } from '../client/websocket.js';
import { KtlError, messageOf } from '../errors.js';
import type { Pod } from './pods.js';
import { SpdySession, type BytePipe, type SpdyStream } from './spdy.js';

/** The port-forward subprotocol and the prefix that says SPDY is tunnelled in the WebSocket. */
export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
export const TUNNELING_PREFIX = 'SPDY/3.1+';
/** client-go's PingPeriod for the tunnelled session */
const PING_MS = 10_000;

export interface Service {
  metadata: { name: string; namespace?: string };
  spec?: {
    clusterIP?: string;
    ports?: Array<{ name?: string; port: number; targetPort?: number | string; protocol?: string }>;
  };
}

// ---- the port arguments (kubectl's portforward.go and util) -----------------

/** "[LOCAL:]REMOTE": two parts as they are, anything else the first part twice. */
export function splitPort(port: string): [string, string] {
  const parts = port.split(':');
  if (parts.length === 2) return [parts[0]!, parts[1]!];
  return [parts[0]!, parts[0]!];
}

/** Go's strconv.Atoi: an optional sign and decimal digits, within 64 bits. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return undefined;
  return Number(n);
}

function containerPortByName(pod: Pod, name: string): number {
  for (const list of [pod.spec.containers, pod.spec.initContainers ?? []]) {
    for (const c of list) for (const p of c.ports ?? []) if ((p.name ?? '') === name) return p.containerPort;
  }
  throw new KtlError(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

function servicePortByName(svc: Service, name: string): number {
  const p = (svc.spec?.ports ?? []).find((x) => (x.name ?? '') === name);
  if (!p) throw new KtlError(`Service '${svc.metadata.name}' does not have a named port '${name}'`);
  return p.port;
}

/** util.LookupContainerPortNumberByServicePort */
function containerPortByServicePort(svc: Service, pod: Pod, port: number): number {
  for (const p of svc.spec?.ports ?? []) {
    if (p.port !== port) continue;
    if (svc.spec?.clusterIP === 'None') return port;
    if (typeof p.targetPort === 'string') return containerPortByName(pod, p.targetPort);
    return p.targetPort ? p.targetPort : p.port;
  }
  throw new KtlError(`Service ${svc.metadata.name} does not have a service port ${port}`);
}

/** checkUDPPorts: a remote port that is only UDP on the object is refused. */
function checkUdp(udpOnly: Set<number>, ports: string[], byName: (name: string) => number): void {
  for (const port of ports) {
    const [, remote] = splitPort(port);
    const n = atoi(remote) ?? byName(remote);
    if (udpOnly.has(n)) throw new KtlError(`UDP protocol is not supported for ${remote}`);
  }
}

function udpOnlyPorts(list: Array<{ port: number; protocol?: string }>): Set<number> {
  const udp = new Set<number>();
  const tcp = new Set<number>();
  for (const p of list) {
    if (p.protocol === 'UDP') udp.add(p.port);
    else if (p.protocol === 'TCP') tcp.add(p.port);
  }
  return new Set([...udp].filter((p) => !tcp.has(p)));
}

/** The ports for a service target: checkUDPPortInService, then translateServicePortToTargetPort. */
export function servicePorts(ports: string[], svc: Service, pod: Pod): string[] {
  checkUdp(udpOnlyPorts((svc.spec?.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol }))), ports, (n) => servicePortByName(svc, n));
  return ports.map((port) => {
    let [local, remote] = splitPort(port);
    let portnum = atoi(remote);
    if (portnum === undefined) {
      portnum = servicePortByName(svc, remote);
      if (local === remote) local = String(portnum);
    }
    remote = String(containerPortByServicePort(svc, pod, portnum));
    return local !== remote ? `${local}:${remote}` : remote;
  });
}

/** The ports for any other target: checkUDPPortInPod, then convertPodNamedPortToNumber. */
export function podPorts(ports: string[], pod: Pod): string[] {
  const all = pod.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol })));
  checkUdp(udpOnlyPorts(all), ports, (n) => containerPortByName(pod, n));
  return ports.map((port) => {
    const [local, remote] = splitPort(port);
    if (remote === '') throw new KtlError('remote port cannot be empty');
    const number = atoi(remote) === undefined ? String(containerPortByName(pod, remote)) : remote;
    return local !== remote ? `${local}:${number}` : number;
  });
}

export interface ForwardedPort {
  local: number;
  remote: number;
}

/** Go's strconv.ParseUint(s, 10, 16) with its error text. */
function parseUint16(s: string): number {
  if (!/^\d+$/.test(s)) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** client-go's parsePorts: "5000", "8888:5000", ":5000" / "0:5000" (a free local port). */
export function parsePorts(ports: string[]): ForwardedPort[] {
  if (ports.length === 0) throw new KtlError('you must specify at least 1 port');
  return ports.map((spec) => {
    const parts = spec.split(':');
    if (parts.length > 2) throw new KtlError(`invalid port format '${spec}'`);
    const localString = parts.length === 1 ? parts[0]! : parts[0] || '0';
    const remoteString = parts.length === 1 ? parts[0]! : parts[1]!;
    let local: number;
    let remote: number;
    try {
      local = parseUint16(localString);
    } catch (e) {
      throw new KtlError(`error parsing local port '${localString}': ${messageOf(e)}`);
    }
    try {
      remote = parseUint16(remoteString);
    } catch (e) {
      throw new KtlError(`error parsing remote port '${remoteString}': ${messageOf(e)}`);
    }
    if (remote === 0) throw new KtlError('remote port must be > 0');
    return { local, remote };
  });
}

export interface ListenAddress {
  address: string;
  protocol: 'tcp4' | 'tcp6';
  /** localhost's pair succeeds if either does; an address the user named must */
  failureMode: 'all' | 'any';
}

/** Go's net.ParseIP for IPv4 (ParseIPSloppy also takes leading zeros). */
const isIPv4 = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((o) => Number(o) <= 255);

/** client-go's parseAddresses: localhost is 127.0.0.1 and ::1, the rest IPs, sorted, each once. */
export function parseAddresses(addresses: string[]): ListenAddress[] {
  if (addresses.length === 0) throw new KtlError('you must specify at least 1 address');
  const parsed = new Map<string, ListenAddress>();
  for (const a of addresses) {
    if (a === 'localhost') {
      if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', { address: '127.0.0.1', protocol: 'tcp4', failureMode: 'all' });
      if (!parsed.has('::1')) parsed.set('::1', { address: '::1', protocol: 'tcp6', failureMode: 'all' });
    } else if (isIPv4(a) || (net.isIPv6(a) && /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a))) {
      parsed.set(a, { address: a, protocol: 'tcp4', failureMode: 'any' });
    } else if (net.isIPv6(a)) {
      parsed.set(a, { address: a, protocol: 'tcp6', failureMode: 'any' });
    } else {
      throw new KtlError(`${a} is not a valid IP`);
    }
  }
  return [...parsed.values()].sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}

/** Go's net.JoinHostPort */
const joinHostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

const BIND_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EACCES: 'permission denied',
  EAFNOSUPPORT: 'address family not supported by protocol',
};

/** Listens as Go's net.Listen(protocol, host:port); failures in Go's words. */
function listen(server: net.Server, a: ListenAddress, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.removeListener('listening', onListening);
      const why = BIND_ERRORS[e.code ?? ''] ?? e.message;
      reject(new Error(`unable to create listener: Error listen ${a.protocol} ${joinHostPort(a.address, port)}: bind: ${why}`));
    };
    const onListening = () => {
      server.removeListener('error', onError);
      const bound = server.address();
      // a TCP server's address is an AddressInfo (a string only for pipes)
      resolve(typeof bound === 'object' && bound !== null ? bound.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host: a.address, port, ipv6Only: a.protocol === 'tcp6', exclusive: true });
  });
}

// ---- the tunnel ---------------------------------------------------------------

/** The WebSocket as the SPDY session's byte pipe (binary messages; their boundaries carry no meaning). */
function wsPipe(ws: WebSocket): BytePipe {
  return {
    send: (data) =>
      new Promise((resolve) => {
        if (ws.readyState !== ws.OPEN) return resolve();
        ws.send(data, { binary: true }, () => resolve());
      }),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    close: () => {
      if (ws.readyState === ws.OPEN) ws.close(1000);
      setTimeout(() => ws.terminate(), 1000).unref();
    },
  };
}

/**
 * Dials the pod's portforward subresource with the tunnelling subprotocol and
 * starts a SPDY session over it.
 */
export async function dialTunnel(transport: Transport, path: string, signal?: AbortSignal): Promise<{ session: SpdySession; ws: WebSocket }> {
  let dialed;
  try {
    dialed = await dialWebSocket(transport, { path, method: 'GET' }, [TUNNELING_PREFIX + PORT_FORWARD_PROTOCOL], signal);
  } catch (e) {
    if (e instanceof DialAbortedError) throw e;
    throw new KtlError(`error upgrading connection: ${messageOf(e)}`);
  }
  const { ws } = dialed;
  const protocol = dialed.protocol.startsWith(TUNNELING_PREFIX) ? dialed.protocol.slice(TUNNELING_PREFIX.length) : dialed.protocol;
  if (protocol !== PORT_FORWARD_PROTOCOL) {
    ws.terminate();
    throw new KtlError(`unable to negotiate protocol: client supports "${PORT_FORWARD_PROTOCOL}", server returned "${protocol}"`);
  }
  const session = new SpdySession(wsPipe(ws), { pingMs: PING_MS });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) {
      session.pipeClosed(new Error('invalid message type received'));
      ws.terminate();
      return;
    }
    session.receive(data);
  });
  ws.on('close', () => session.pipeClosed());
  ws.on('error', () => undefined);
  ws.resume();
  return { session, ws };
}

// ---- forwarding -------------------------------------------------------------------

export interface ForwardOptions {
  transport: Transport;
  /** the pod's portforward subresource path */
  path: string;
  addresses: ListenAddress[];
  ports: ForwardedPort[];
  out: Writable;
  errOut: Writable;
  log: Klog;
  /** Ctrl-C */
  signal: AbortSignal;
}

/** client-go's ErrLostConnectionToPod */
export class LostConnectionError extends KtlError {
  constructor() {
    super('lost connection to pod');
  }
}

/**
 * Forwards until Ctrl-C (resolves) or until the session ends (throws
 * kubectl's "lost connection to pod"); a failed forward reported on a
 * connection's error stream ends the session, as in client-go 1.33.
 */
export async function forwardPorts(o: ForwardOptions): Promise<void> {
  const { session, ws } = await dialTunnel(o.transport, o.path, o.signal);
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  let requestId = 0;
  const say = (w: Writable, s: string) => void w.write(s);
  const unhandled = (line: number, text: string) => o.log.error(`portforward.go:${line}`, 'Unhandled Error', [['err', text]]);

  const handleConnection = async (sock: net.Socket, port: ForwardedPort): Promise<void> => {
    sockets.add(sock);
    sock.once('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    sock.pause();
    say(o.out, `Handling connection for ${port.local}\n`);
    const id = String(requestId++);
    const headers = { streamtype: 'error', port: String(port.remote), requestid: id };
    let errorStream: SpdyStream;
    try {
      errorStream = await session.openStream(headers);
    } catch (e) {
      unhandled(357, `error creating error stream for port ${port.local} -> ${port.remote}: ${messageOf(e)}`);
      sock.destroy();
      return;
    }
    // nothing is written to the error stream
    errorStream.end();
    const errorChunks: Buffer[] = [];
    errorStream.onData((d) => errorChunks.push(d));

    let dataStream: SpdyStream;
    try {
      dataStream = await session.openStream({ ...headers, streamtype: 'data' });
    } catch (e) {
      unhandled(380, `error creating forwarding stream for port ${port.local} -> ${port.remote}: ${messageOf(e)}`);
      errorStream.cancel();
      sock.destroy();
      return;
    }
    const localError = new Promise<void>((resolve) => sock.once('error', () => resolve()));
    dataStream.onData((d) => {
      if (sock.destroyed) return;
      if (!sock.write(d)) {
        session.pauseIncoming();
        sock.once('drain', () => session.resumeIncoming());
        sock.once('close', () => session.resumeIncoming());
      }
    });
    sock.on('data', (d: Buffer) => {
      sock.pause();
      void dataStream.write(d).then(() => sock.resume());
    });
    // the local side sent everything: tell the pod, keep reading its answer
    sock.once('end', () => dataStream.end());
    sock.resume();

    await Promise.race([dataStream.ended, localError]);
    // drop what was not sent yet so that the error stream is not held up behind it
    dataStream.cancel();
    await errorStream.ended;
    const message = Buffer.concat(errorChunks).toString('utf8');
    sock.end(() => sock.destroy());
    if (message.length > 0) {
      unhandled(424, `an error occurred forwarding ${port.local} -> ${port.remote}: ${message}`);
      session.close();
    }
  };

  try {
    let listened = false;
    for (const port of o.ports) {
      const errors: string[] = [];
      const failed = { all: 0, any: 0 };
      const succeeded = { all: 0, any: 0 };
      for (const a of o.addresses) {
        const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (sock) => void handleConnection(sock, { ...port }));
        try {
          port.local = await listen(server, a, port.local);
          servers.push(server);
          succeeded[a.failureMode]++;
          say(o.out, `Forwarding from ${joinHostPort(a.address, port.local)} -> ${port.remote}\n`);
        } catch (e) {
          errors.push(messageOf(e));
          failed[a.failureMode]++;
        }
      }
      if ((succeeded.all === 0 && failed.all > 0) || failed.any > 0) {
        say(o.errOut, `Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`);
      } else {
        listened = true;
      }
    }
    if (!listened) throw new KtlError(`unable to listen on any of the requested ports: [${o.ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`);

    const ended = await new Promise<'interrupted' | 'lost'>((resolve) => {
      if (o.signal.aborted) return resolve('interrupted');
      o.signal.addEventListener('abort', () => resolve('interrupted'), { once: true });
      if (session.closed) return resolve('lost');
      session.once('close', () => resolve('lost'));
    });
    if (ended === 'lost') throw new LostConnectionError();
  } finally {
    for (const s of servers) s.close();
    session.close();
    // open connections end with the session (a moment for what was written to leave)
    for (const s of sockets) {
      s.end();
      setTimeout(() => s.destroy(), 200);
    }
    if (ws.readyState !== ws.CLOSED) setTimeout(() => ws.terminate(), 1000).unref();
  }
}
