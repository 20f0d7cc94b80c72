/**
 * ktl port-forward against a fake API server whose portforward subresource
 * speaks SPDY/3.1 tunnelled in a WebSocket (what kubectl 1.33 uses): the
 * lines kubectl prints, one tunnel for many connections, the stream headers,
 * service and named ports, a failed forward, a dropped tunnel, Ctrl-C, and
 * kubectl's refusals before anything is dialled.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import net from 'node:net';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { run } from '../../../src/cli.js';
import { fakeContext, runKtl } from '../../helpers/fake-io.js';
import { useFakeServer, type RecordedRequest } from '../fake-server.js';
import { echo, serveSpdy, serverPing, type ForwardRequest, type SpdyServerLog } from './spdy-fake.js';

const env = useFakeServer('ktl-pf-');
const NS = '/api/v1/namespaces/default';
const TUNNEL = 'SPDY/3.1+portforward.k8s.io';
beforeEach(() => void env.server.discovery());
const base = () => ['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache')];
const ktl = (args: string[]) => runKtl([...base(), ...args], { cwd: env.dir });

interface PodOpts {
  phase?: string;
  labels?: Record<string, string>;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
}
function pod(name: string, o: PodOpts = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: o.labels ?? { app: 'web' } },
    spec: { nodeName: 'n', containers: [{ name: 'app', image: 'x', ports: o.ports ?? [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }] },
    status: { phase: o.phase ?? 'Running' },
  };
}

/** The pod's portforward endpoint: each tunnel is logged, each forward handed to `onForward` (echo by default). */
function servePortForward(name: string, onForward: (r: ForwardRequest, ws: WebSocket) => void = (r) => echo(r)) {
  const tunnels: Array<{ req: RecordedRequest; ws: WebSocket; log: SpdyServerLog }> = [];
  env.server.websocket(
    `${NS}/pods/${name}/portforward`,
    (ws, req) => {
      const t = { req, ws, log: undefined as unknown as SpdyServerLog };
      t.log = serveSpdy(ws, (r) => onForward(r, ws));
      tunnels.push(t);
    },
    [TUNNEL],
  );
  return tunnels;
}

/** Runs ktl in-process until `stop` resolves, then interrupts it (Ctrl-C). */
function startKtl(args: string[]) {
  const { ctx, out, err } = fakeContext();
  let interrupt: (() => void) | undefined;
  ctx.onInterrupt = (h) => ((interrupt = h), () => (interrupt = undefined));
  const done = run(['node', 'ktl', ...base(), ...args], ctx);
  const waitFor = async (re: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(out.text + err.text);
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`no ${re} in: ${out.text}${err.text}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { out, err, done, waitFor, interrupt: () => interrupt?.() };
}

/** One TCP exchange: sends `msg`, half-closes, resolves with everything received until the far end closes. */
function exchange(port: number, msg: string | Buffer, host = '127.0.0.1'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = net.connect(port, host, () => sock.end(msg));
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('close', () => resolve(Buffer.concat(chunks)));
    sock.on('error', reject);
  });
}

/** kubectl's klog error line with its time and pid normalised. */
const normaliseKlog = (s: string) => s.replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'E0000 00:00:00.000000       0 ');

describe('port-forward to a pod', () => {
  test("kubectl's lines, data both ways, the tunnel's request and stream headers, Ctrl-C ends with 0", async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one'));
    const tunnels = servePortForward('one');
    const k = startKtl(['port-forward', 'one', ':80']);
    const m = await k.waitFor(/Forwarding from \[::1\]:(\d+) -> 80\n/);
    const port = Number(m[1]);
    expect((await exchange(port, 'hello pod')).toString()).toBe('hello pod');
    expect((await exchange(port, 'again', '::1')).toString()).toBe('again');
    await k.waitFor(/(?:Handling connection for \d+\n){2}/);
    k.interrupt();
    expect(await k.done).toBe(0);
    expect(k.out.text).toBe(
      `Forwarding from 127.0.0.1:${port} -> 80\nForwarding from [::1]:${port} -> 80\nHandling connection for ${port}\nHandling connection for ${port}\n`,
    );
    expect(k.err.text).toBe('');
    expect(tunnels).toHaveLength(1);
    const t = tunnels[0]!;
    expect(t.req.method).toBe('GET');
    expect(t.req.url).toBe(`${NS}/pods/one/portforward`);
    expect(t.req.headers['sec-websocket-protocol']).toBe(TUNNEL);
    // per connection: an error stream (half-closed at once) then a data stream, both naming port and request
    expect(t.log.streams.map((s) => s.headers)).toEqual([
      { streamtype: 'error', port: '80', requestid: '0' },
      { streamtype: 'data', port: '80', requestid: '0' },
      { streamtype: 'error', port: '80', requestid: '1' },
      { streamtype: 'data', port: '80', requestid: '1' },
    ]);
    expect(t.log.streams.map((s) => s.id)).toEqual([1, 3, 5, 7]);
    // Ctrl-C says goodbye to the kubelet's session
    await k.waitFor(/$/);
    for (let i = 0; i < 200 && !t.log.goAway; i++) await new Promise((r) => setTimeout(r, 5));
    expect(t.log.goAway).toBe(true);
  });

  test('100 concurrent connections share one tunnel, each gets its own bytes back', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one'));
    const tunnels = servePortForward('one');
    const k = startKtl(['port-forward', 'pod/one', ':80']);
    const port = Number((await k.waitFor(/Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/))[1]);
    const payloads = Array.from({ length: 100 }, (_, i) => Buffer.from(`connection ${i} `.repeat(200 + i * 37)));
    const got = await Promise.all(payloads.map((p) => exchange(port, p)));
    got.forEach((g, i) => expect(g.equals(payloads[i]!)).toBe(true));
    k.interrupt();
    expect(await k.done).toBe(0);
    expect(tunnels).toHaveLength(1);
    expect(k.out.text.match(/Handling connection for \d+\n/g)).toHaveLength(100);
    expect(new Set(tunnels[0]!.log.streams.map((s) => s.headers.requestid)).size).toBe(100);
  });

  test('a large transfer (8 MiB) comes back whole', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one'));
    servePortForward('one');
    const k = startKtl(['port-forward', 'one', ':80']);
    const port = Number((await k.waitFor(/Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/))[1]);
    const big = Buffer.alloc(8 * 1024 * 1024, 'abcdefgh');
    expect((await exchange(port, big)).equals(big)).toBe(true);
    k.interrupt();
    expect(await k.done).toBe(0);
  });

  test("the kubelet's pings are answered", async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one'));
    const tunnels = servePortForward('one');
    const k = startKtl(['port-forward', 'one', ':80']);
    await k.waitFor(/Forwarding from \[::1\]/);
    const received: number[] = [];
    tunnels[0]!.ws.on('message', (m: Buffer) => {
      // a ping frame: 0x8003 0x0006, flags/length 4, the id
      if (m.length >= 12 && m.readUInt16BE(2) === 6) received.push(m.readUInt32BE(8));
    });
    serverPing(tunnels[0]!.ws, 2);
    for (let i = 0; i < 400 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(received).toEqual([2]);
    k.interrupt();
    expect(await k.done).toBe(0);
  });

  test("a forward the kubelet fails: kubectl's error line, the session ends, exit 1", async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one'));
    servePortForward('one', (r) => {
      r.error.write('error forwarding port 80 to pod one, uid : dial tcp 127.0.0.1:80: connect: connection refused');
      r.error.end();
      r.data.cancel();
    });
    const k = startKtl(['port-forward', 'one', '5799:80']);
    await k.waitFor(/Forwarding from \[::1\]:5799/);
    expect((await exchange(5799, 'x')).length).toBe(0);
    expect(await k.done).toBe(1);
    expect(k.out.text).toBe('Forwarding from 127.0.0.1:5799 -> 80\nForwarding from [::1]:5799 -> 80\nHandling connection for 5799\n');
    expect(normaliseKlog(k.err.text)).toBe(
      'E0000 00:00:00.000000       0 portforward.go:424] "Unhandled Error" err="an error occurred forwarding 5799 -> 80: error forwarding port 80 to pod one, uid : dial tcp 127.0.0.1:80: connect: connection refused"\n' +
        'error: lost connection to pod\n',
    );
  });

  test("the tunnel dropped (the pod went away): kubectl's 'lost connection to pod', exit 1", async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one'));
    const tunnels = servePortForward('one');
    const k = startKtl(['port-forward', 'one', ':80']);
    await k.waitFor(/Forwarding from \[::1\]/);
    tunnels[0]!.ws.close(1000);
    expect(await k.done).toBe(1);
    expect(k.err.text).toBe('error: lost connection to pod\n');
  });

  test("TYPE/NAME with two slashes or an empty part: the builder's texts, nothing read", async () => {
    const err = (text: string) => ({ code: 1, stdout: '', stderr: `error: ${text}\n` });
    expect(await ktl(['port-forward', 'pod/a/b', '80'])).toEqual(err('arguments in resource/name form may not have more than one slash'));
    expect(await ktl(['port-forward', 'a//', '80'])).toEqual(err('arguments in resource/name form may not have more than one slash'));
    expect(await ktl(['port-forward', 'pod/', '80'])).toEqual(err('arguments in resource/name form must have a single resource and name'));
    expect(env.server.requests.filter((q) => q.path.includes('/pods'))).toEqual([]);
  });

  test('a pod that is not running is refused before any tunnel', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', { phase: 'Pending' }));
    const tunnels = servePortForward('one');
    expect(await ktl(['port-forward', 'one', '80'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unable to forward port because pod is not running. Current status=Pending\n',
    });
    expect(tunnels).toHaveLength(0);
  });

  test('a refused upgrade', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one'));
    env.server.refuseUpgrade(`${NS}/pods/one/portforward`, 403, 'Forbidden', 'pods "one" is forbidden: User "u" cannot get resource "pods/portforward"');
    expect(await ktl(['port-forward', 'one', '80'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: error upgrading connection: pods "one" is forbidden: User "u" cannot get resource "pods/portforward"\n',
    });
  });

  test('a port already taken on every address: kubectl\'s two messages', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one'));
    servePortForward('one');
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const r = await ktl(['port-forward', '--address', '127.0.0.1', 'one', `${port}:80`]);
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr:
          `Unable to listen on port ${port}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${port}: bind: address already in use]\n` +
          `error: unable to listen on any of the requested ports: [{${port} 80}]\n`,
      });
    } finally {
      taken.close();
    }
  });
});

describe('port-forward to workloads and services', () => {
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' },
        { name: 'plain', port: 9090, targetPort: 9090, protocol: 'TCP' },
        { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
      ],
    },
  };

  test("a service: its ports and named target ports resolved on the chosen pod as kubectl does", async () => {
    env.server.json('GET', `${NS}/services/web`, svc);
    env.server.json('GET', `${NS}/pods`, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [pod('one')] });
    env.server.json('GET', `${NS}/pods/one`, pod('one'));
    servePortForward('one');
    const k = startKtl(['port-forward', 'svc/web', ':8080', 'plain', '5798:http']);
    await k.waitFor(/Forwarding from \[::1\]:5798 -> 80\n/);
    k.interrupt();
    expect(await k.done).toBe(0);
    expect(k.out.text).toMatch(
      /^Forwarding from 127\.0\.0\.1:(\d+) -> 80\nForwarding from \[::1\]:\1 -> 80\nForwarding from 127\.0\.0\.1:9090 -> 9090\nForwarding from \[::1\]:9090 -> 9090\nForwarding from 127\.0\.0\.1:5798 -> 80\nForwarding from \[::1\]:5798 -> 80\n$/,
    );
    expect(env.server.requests.find((r) => r.path === `${NS}/pods`)!.query.get('labelSelector')).toBe('app=web');
  });

  test('a deployment: its pod, named container ports', async () => {
    env.server.json('GET', '/apis/apps/v1/namespaces/default/deployments/web', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } } },
    });
    env.server.json('GET', `${NS}/pods`, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [pod('one')] });
    env.server.json('GET', `${NS}/pods/one`, pod('one'));
    servePortForward('one');
    const k = startKtl(['port-forward', 'deploy/web', '5797:http']);
    await k.waitFor(/Forwarding from \[::1\]:5797 -> 80\n/);
    expect((await exchange(5797, 'via deployment')).toString()).toBe('via deployment');
    k.interrupt();
    expect(await k.done).toBe(0);
  });

  test.each([
    [['svc/web', '1234'], 'error: Service web does not have a service port 1234\n'],
    [['svc/web', 'nope'], "error: Service 'web' does not have a named port 'nope'\n"],
    [['svc/web', 'dns'], 'error: UDP protocol is not supported for dns\n'],
    [['svc/web', '53'], 'error: UDP protocol is not supported for 53\n'],
  ])('service %j', async (args, stderr) => {
    env.server.json('GET', `${NS}/services/web`, svc);
    env.server.json('GET', `${NS}/pods`, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [pod('one')] });
    expect(await ktl(['port-forward', ...args])).toEqual({ code: 1, stdout: '', stderr });
  });
});

describe("kubectl's refusals", () => {
  test.each([
    [[], "error: TYPE/NAME and list of ports are required for port-forward\nSee 'ktl port-forward -h' for help and examples\n"],
    [['pod/one'], "error: TYPE/NAME and list of ports are required for port-forward\nSee 'ktl port-forward -h' for help and examples\n"],
    [['--pod-running-timeout=0', 'one', '80'], "error: --pod-running-timeout must be higher than zero\nSee 'ktl port-forward -h' for help and examples\n"],
    [['one/', '80'], 'error: arguments in resource/name form must have a single resource and name\n'],
    [['a%b', '80'], 'error: invalid resource name "a%b": [may not contain \'%\']\n'],
  ])('before any request: %j', async (args, stderr) => {
    expect(await ktl(['port-forward', ...args])).toEqual({ code: 1, stdout: '', stderr });
    expect(env.server.requests.filter((q) => q.path.includes('/pods'))).toEqual([]);
  });

  test.each([
    [['one', 'abc'], "error: Pod 'one' does not have a named port 'abc'\n"],
    [['one', '80:'], "error: Pod 'one' does not have a named port ''\n"],
    [['one', 'dns'], 'error: UDP protocol is not supported for dns\n'],
    [['one', '99999'], 'error: error parsing local port \'99999\': strconv.ParseUint: parsing "99999": value out of range\n'],
    [['one', 'x:80'], 'error: error parsing local port \'x\': strconv.ParseUint: parsing "x": invalid syntax\n'],
    [['one', '0'], 'error: remote port must be > 0\n'],
    [['one', ':0'], 'error: remote port must be > 0\n'],
    [['--address', 'bad', 'one', '80'], 'error: bad is not a valid IP\n'],
    [['--address=', 'one', '80'], 'error: you must specify at least 1 address\n'],
  ])('after reading the pod: %j', async (args, stderr) => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', { ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }));
    const tunnels = servePortForward('one');
    expect(await ktl(['port-forward', ...args])).toEqual({ code: 1, stdout: '', stderr });
    expect(tunnels).toHaveLength(0);
  });
});
