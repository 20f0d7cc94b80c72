/**
 * ktl port-forward against kubectl 1.33 on the local cluster (kwok forwards
 * the pods' ports to a local HTTP server, see docs/local-cluster.md): the
 * same lines on stdout, 100 concurrent HTTP requests through each with the
 * same bodies, a service target with named ports, a forward the kubelet
 * fails, Ctrl-C, the pod deleted while a connection is open, and the
 * refusals before anything is forwarded.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, ktlBin, kubectl, referenceKubectl, uniqueNamespace } from './cluster-env.js';
import { applyObjects, createPods, forwardPodTo, startBackground, type Background, type PageServer } from './kubelet-env.js';

const NS = uniqueNamespace('podio-pf');
let server: PageServer & { server: http.Server };

/** Answers each request with a body made from its path (a few KiB), so that mixed-up answers show. */
async function startPathServer(): Promise<PageServer & { server: http.Server }> {
  const state = { hits: 0 };
  const s = http.createServer((req, res) => {
    state.hits++;
    const body = `${req.method} ${req.url}\n`.repeat(50 + (req.url?.length ?? 0) * 7);
    res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
    res.end(body);
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    server: s,
    port: (s.address() as AddressInfo).port,
    get hits() {
      return state.hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
}

function pod(name: string, labels: Record<string, string>) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', ports: [{ name: 'http', containerPort: 80 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }],
    },
  };
}

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  server = await startPathServer();
  await applyObjects(pod('web', { app: 'web' }), pod('bad', { app: 'bad' }), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: NS },
    spec: {
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 8080, targetPort: 'http' },
        { name: 'plain', port: 9090, targetPort: 80 },
      ],
    },
  });
  const r = await kubectl(['wait', '-n', NS, '--for=condition=Ready', '--timeout=90s', 'pod/web', 'pod/bad']);
  if (r.code !== 0) throw new Error(r.stderr);
  await forwardPodTo(NS, 'web', server, [80]);
  // pod/bad forwards only port 81, to a port where nothing listens
  await applyObjects({
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'PortForward',
    metadata: { name: 'bad', namespace: NS },
    spec: { forwards: [{ ports: [81], target: { address: '127.0.0.1', port: 1 } }] },
  });
});
afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await server?.close();
});

type Tool = 'ktl' | 'kubectl';
function start(tool: Tool, args: string[]): Background {
  return tool === 'ktl' ? startBackground(process.execPath, [ktlBin, ...args]) : startBackground(referenceKubectl!, args);
}

/** Ctrl-C, then the exit code */
async function interrupt(b: Background): Promise<number | null> {
  b.child.kill('SIGINT');
  const t = setTimeout(() => b.child.kill('SIGKILL'), 10_000);
  const r = await b.exited;
  clearTimeout(t);
  return r.code;
}

/** GET on a fresh connection (one "Handling connection" line each). */
function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 30_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
  });
}

/** The random local port replaced, kubectl's name for itself made ktl's, klog time and pid normalised. */
function normalise(s: string, ports: string[] = []): string {
  let out = s.replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'E0000 00:00:00.000000 PID ');
  for (const [i, p] of ports.entries()) out = out.replace(new RegExp(`\\b${p}\\b`, 'g'), `PORT${i}`);
  return out.replace(/'kubectl port-forward/g, "'ktl port-forward");
}

describe('port-forward: ktl and kubectl side by side', () => {
  test('pod/web :80 — 100 concurrent HTTP requests, identical bodies and lines; Ctrl-C exits 0', async () => {
    const runs: Record<Tool, { stdout: string; stderr: string; code: number | null; bodies: string[] }> = {} as never;
    for (const tool of ['kubectl', 'ktl'] as Tool[]) {
      const b = start(tool, ['-n', NS, 'port-forward', 'pod/web', ':80']);
      try {
        const port = (await b.waitForOutput(/Forwarding from \[::1\]:(\d+) -> 80\n/))[1]!;
        const bodies = await Promise.all(Array.from({ length: 100 }, (_, i) => get(Number(port), `/request/${i}`)));
        await b.waitForOutput(/(?:Handling connection for \d+\n){100}/);
        const code = await interrupt(b);
        runs[tool] = { stdout: normalise(b.stdout, [port]), stderr: b.stderr, code, bodies };
      } finally {
        await b.stop();
      }
    }
    expect(runs.ktl.bodies).toEqual(runs.kubectl.bodies);
    runs.ktl.bodies.forEach((body, i) => expect(body).toBe(`GET /request/${i}\n`.repeat(50 + `/request/${i}`.length * 7)));
    expect(runs.ktl.stdout).toBe(runs.kubectl.stdout);
    expect(runs.ktl.stdout).toBe(`Forwarding from 127.0.0.1:PORT0 -> 80\nForwarding from [::1]:PORT0 -> 80\n${'Handling connection for PORT0\n'.repeat(100)}`);
    expect({ code: runs.ktl.code, stderr: runs.ktl.stderr }).toEqual({ code: runs.kubectl.code, stderr: runs.kubectl.stderr });
    expect(runs.ktl.code).toBe(0);
  });

  test('svc/web :8080 plain — service ports and a named target port, the page through each', async () => {
    const outs: Record<Tool, string> = {} as never;
    for (const tool of ['kubectl', 'ktl'] as Tool[]) {
      const b = start(tool, ['-n', NS, 'port-forward', 'svc/web', ':8080', ':plain']);
      try {
        const m = await b.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+) -> 80\n[^]*Forwarding from 127\.0\.0\.1:(\d+) -> 80\nForwarding from \[::1\]:\d+ -> 80\n/);
        expect(await get(Number(m[1]), '/svc')).toBe('GET /svc\n'.repeat(50 + 4 * 7));
        expect(await get(Number(m[2]), '/plain')).toBe('GET /plain\n'.repeat(50 + 6 * 7));
        await b.waitForOutput(/(?:Handling connection for \d+\n){2}/);
        expect(await interrupt(b)).toBe(0);
        outs[tool] = normalise(b.stdout, [m[1]!, m[2]!]);
      } finally {
        await b.stop();
      }
    }
    expect(outs.ktl).toBe(outs.kubectl);
  });

  test('a forward the kubelet fails ends the session: the same error line and exit code', async () => {
    const res: Record<Tool, { stdout: string; stderr: string; code: number | null }> = {} as never;
    for (const tool of ['kubectl', 'ktl'] as Tool[]) {
      const b = start(tool, ['-n', NS, 'port-forward', 'pod/bad', ':7']);
      try {
        const port = (await b.waitForOutput(/Forwarding from \[::1\]:(\d+) -> 7\n/))[1]!;
        await get(Number(port), '/').catch(() => undefined);
        const t = setTimeout(() => b.child.kill('SIGKILL'), 20_000);
        const { code } = await b.exited;
        clearTimeout(t);
        res[tool] = { stdout: normalise(b.stdout, [port]), stderr: normalise(b.stderr, [port]), code };
      } finally {
        await b.stop();
      }
    }
    expect(res.ktl).toEqual(res.kubectl);
    expect(res.ktl.code).toBe(1);
    expect(res.ktl.stderr).toBe(
      `E0000 00:00:00.000000 PID portforward.go:424] "Unhandled Error" err="an error occurred forwarding PORT0 -> 7: error forwarding port 7 to pod bad/${NS}, uid : forward not found for port 7 in pod \\"${NS}/bad\\""\nerror: lost connection to pod\n`,
    );
  });

  test.each([
    [[]],
    [['pod/web']],
    [['pod/web', 'abc']],
    [['pod/web', '99999']],
    [['pod/web', '0']],
    [['pod/web', 'x:80']],
    [['pod/web', 'dns']],
    [['pod/web', '80:']],
    [['svc/web', '1234']],
    [['svc/web', 'nope']],
    [['pod/nope', '80']],
    [['cm/nope', '80']],
    [['--address', 'bad', 'pod/web', '80']],
    [['--address=', 'pod/web', '80']],
    [['--pod-running-timeout=0', 'pod/web', '80']],
    [['web/', '80']],
  ])('refused the same way: %j', async (args) => {
    const [a, b] = await Promise.all([ktl(['-n', NS, 'port-forward', ...args]), kubectl(['-n', NS, 'port-forward', ...args])]);
    expect({ code: a.code, stdout: a.stdout, stderr: a.stderr }).toEqual({ code: b.code, stdout: b.stdout, stderr: normalise(b.stderr) });
    expect(a.code).toBe(1);
  });

  test('a port already taken: the same messages', async () => {
    const taken = http.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as AddressInfo).port);
    try {
      const args = ['-n', NS, 'port-forward', '--address', '127.0.0.1', 'pod/web', `${port}:80`];
      const [a, b] = await Promise.all([ktl(args), kubectl(args)]);
      expect({ code: a.code, stdout: a.stdout, stderr: a.stderr }).toEqual({ code: b.code, stdout: b.stdout, stderr: b.stderr });
      expect(a.stderr).toContain(`Error listen tcp4 127.0.0.1:${port}: bind: address already in use`);
    } finally {
      taken.close();
    }
  });
});

/** A connection through the forward that stays open: what it reads, and when it ends. */
interface OpenConnection {
  sock: net.Socket;
  readonly got: string;
  /** resolves once `re` has been read */
  read(re: RegExp): Promise<void>;
  /** resolves when the other side closed it */
  closed: Promise<void>;
}

/** An HTTP server that keeps idle connections open until it is closed (no keep-alive timeout). */
async function startKeepAliveServer(body: string): Promise<PageServer> {
  const state = { hits: 0 };
  const s = http.createServer((_req, res) => {
    state.hits++;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  s.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    port: (s.address() as AddressInfo).port,
    get hits() {
      return state.hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
}

function openConnection(port: number): Promise<OpenConnection> {
  return new Promise((resolve, reject) => {
    let got = '';
    const waiters = new Set<() => void>();
    const sock = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    sock.setEncoding('utf8').on('data', (d: string) => {
      got += d;
      waiters.forEach((w) => w());
    });
    sock.on('error', () => undefined);
    sock.once('connect', () =>
      resolve({
        sock,
        get got() {
          return got;
        },
        closed,
        read: (re) =>
          new Promise<void>((res, rej) => {
            const t = setTimeout(() => rej(new Error(`no ${re} on the connection, got ${JSON.stringify(got)}`)), 30_000);
            const check = () => {
              if (!re.test(got)) return;
              clearTimeout(t);
              waiters.delete(check);
              res();
            };
            waiters.add(check);
            check();
          }),
      }),
    );
    sock.once('error', reject);
  });
}

describe('port-forward when the pod goes away (ktl and kubectl side by side)', () => {
  // kwok, like the API server, ties neither the tunnel nor its streams to the
  // pod object: deleting the pod ends nothing by itself. kubectl 1.33 does not
  // watch the pod either; it ends only when the tunnel or a forward fails.
  test('deleted while a connection is open and idle: the connection and the forward go on; Ctrl-C exits 0', async () => {
    const res: Record<Tool, { stdout: string; stderr: string; code: number | null; echoed: string }> = {} as never;
    for (const tool of ['kubectl', 'ktl'] as Tool[]) {
      const name = `gone-${tool}`;
      await createPods(NS, { [name]: { ports: [7] } });
      const b = start(tool, ['-n', NS, 'port-forward', `pod/${name}`, ':7']);
      try {
        const port = Number((await b.waitForOutput(/Forwarding from \[::1\]:(\d+) -> 7\n/))[1]);
        const c = await openConnection(port);
        c.sock.write('before\n');
        await c.read(/before\n/);
        const d = await kubectl(['delete', '-n', NS, `pod/${name}`, '--wait=true']);
        expect(d.code).toBe(0);
        expect((await kubectl(['get', '-n', NS, `pod/${name}`])).code).toBe(1);
        // the idle connection still carries data both ways, and a new one is handled
        c.sock.write('after\n');
        await c.read(/before\nafter\n/);
        const c2 = await openConnection(port);
        c2.sock.write('new\n');
        await c2.read(/new\n/);
        await b.waitForOutput(/(?:Handling connection for \d+\n){2}/);
        expect(b.child.exitCode).toBeNull();
        c.sock.destroy();
        c2.sock.destroy();
        const code = await interrupt(b);
        res[tool] = { stdout: normalise(b.stdout, [String(port)]), stderr: b.stderr, code, echoed: c.got + c2.got };
      } finally {
        await b.stop();
      }
    }
    expect(res.ktl).toEqual(res.kubectl);
    expect(res.ktl).toEqual({
      stdout: 'Forwarding from 127.0.0.1:PORT0 -> 7\nForwarding from [::1]:PORT0 -> 7\nHandling connection for PORT0\nHandling connection for PORT0\n',
      stderr: '',
      code: 0,
      echoed: 'before\nafter\nnew\n',
    });
  });

  test('deleted and what it served gone: the idle connection stays open, the next one ends the session with kubectl\'s error and exit 1', async () => {
    const res: Record<Tool, { stdout: string; stderr: string; code: number | null }> = {} as never;
    const page = 'served by the pod\n';
    for (const tool of ['kubectl', 'ktl'] as Tool[]) {
      const name = `served-${tool}`;
      const target = await startKeepAliveServer(page);
      let closed = false;
      try {
        await createPods(NS, { [name]: { ports: [80] } });
        await forwardPodTo(NS, name, target, [80]);
        const b = start(tool, ['-n', NS, 'port-forward', `pod/${name}`, ':80']);
        try {
          const port = Number((await b.waitForOutput(/Forwarding from \[::1\]:(\d+) -> 80\n/))[1]);
          // one request answered on a kept-alive connection, which then stays idle
          const c = await openConnection(port);
          c.sock.write('GET / HTTP/1.1\r\nHost: pod\r\n\r\n');
          await c.read(/served by the pod\n$/);
          expect((await kubectl(['delete', '-n', NS, `pod/${name}`, '--wait=true'])).code).toBe(0);
          await target.close();
          closed = true;
          // kwok keeps the stream open after its target went away: so does the local connection
          let openEnded = false;
          void c.closed.then(() => (openEnded = true));
          expect(b.child.exitCode).toBeNull();
          // the next connection finds nothing to forward to
          expect(openEnded).toBe(false);
          const c2 = await openConnection(port).catch(() => undefined);
          c2?.sock.write('GET / HTTP/1.1\r\nHost: pod\r\n\r\n');
          const t = setTimeout(() => b.child.kill('SIGKILL'), 30_000);
          const { code } = await b.exited;
          clearTimeout(t);
          // the session's end closes both
          await Promise.all([c.closed, c2?.closed]);
          res[tool] = {
            stdout: normalise(b.stdout, [String(port)]),
            stderr: normalise(b.stderr, [String(port), String(target.port)]).replaceAll(name, 'served-TOOL'),
            code,
          };
        } finally {
          await b.stop();
        }
      } finally {
        if (!closed) await target.close();
      }
    }
    expect(res.ktl).toEqual(res.kubectl);
    expect(res.ktl.code).toBe(1);
    expect(res.ktl.stdout).toBe('Forwarding from 127.0.0.1:PORT0 -> 80\nForwarding from [::1]:PORT0 -> 80\nHandling connection for PORT0\nHandling connection for PORT0\n');
    expect(res.ktl.stderr).toBe(
      `E0000 00:00:00.000000 PID portforward.go:424] "Unhandled Error" err="an error occurred forwarding PORT0 -> 80: error forwarding port 80 to pod served-TOOL/${NS}, uid : failed to dial 127.0.0.1:PORT1: dial tcp 127.0.0.1:PORT1: connect: connection refused"\nerror: lost connection to pod\n`,
    );
  });
});
