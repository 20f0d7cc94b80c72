/**
 * rollout status and wait keep going when their watch connection dies: a
 * TCP proxy on 127.0.0.1:0 forwards to the API server and cuts every
 * connection that has lived longer than 700 ms (the watches), again and
 * again, while a rollout runs. Also records what waiting costs in requests,
 * ktl vs kubectl, at -v=6.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { ktl, kubeconfigPath, kubectl, uniqueNamespace } from './cluster-env.js';

const ns = uniqueNamespace('ktl-wl-drop');
let dir: string;
let proxyKubeconfig: string;
let proxy: net.Server;
let cuts = 0;
const live = new Map<net.Socket, { since: number; peer: net.Socket }>();
let reaper: NodeJS.Timeout;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-e2e-drop-'));
  const cfg = yaml.load(await readFile(kubeconfigPath, 'utf8')) as {
    clusters: Array<{ cluster: { server: string } }>;
  };
  const target = new URL(cfg.clusters[0]!.cluster.server);
  proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    live.set(client, { since: Date.now(), peer: upstream });
    client.pipe(upstream).pipe(client);
    const drop = () => {
      live.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((res) => proxy.listen(0, '127.0.0.1', res));
  const port = (proxy.address() as net.AddressInfo).port;
  for (const c of cfg.clusters) c.cluster.server = `https://127.0.0.1:${port}`;
  proxyKubeconfig = path.join(dir, 'kubeconfig');
  await writeFile(proxyKubeconfig, yaml.dump(cfg));
  reaper = setInterval(() => {
    for (const [sock, info] of live) {
      if (Date.now() - info.since > 700) {
        cuts++;
        sock.destroy();
        info.peer.destroy();
        live.delete(sock);
      }
    }
  }, 200);
  const r = await kubectl(['create', 'namespace', ns]);
  if (r.code !== 0) throw new Error(r.stderr);
  const r2 = await kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx:1', '--replicas=3']);
  if (r2.code !== 0) throw new Error(r2.stderr);
  await kubectl(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=90s']);
}, 120_000);

afterAll(async () => {
  clearInterval(reaper);
  for (const [s, i] of live) {
    s.destroy();
    i.peer.destroy();
  }
  await new Promise<void>((res) => proxy.close(() => res()));
  await kubectl(['delete', 'namespace', ns, '--wait=false']);
  await rm(dir, { recursive: true, force: true });
});

const viaProxy = { env: { KUBECONFIG: '' } };

describe('a watch that keeps dropping', () => {
  test('rollout status still reports the finished rollout', async () => {
    const before = cuts;
    const s = await kubectl(['-n', ns, 'set', 'image', 'deployment/web', 'nginx=nginx:2']);
    expect(s.code).toBe(0);
    const r = await ktl(['--kubeconfig', proxyKubeconfig, '-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=100s'], {
      ...viaProxy,
      timeoutMs: 110_000,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).at(-1)).toBe('deployment "web" successfully rolled out');
    // the rollout takes seconds, the proxy cuts each watch after 700 ms
    expect(cuts).toBeGreaterThan(before);
  });

  test('wait still sees the condition', async () => {
    const before = cuts;
    const s = await kubectl(['-n', ns, 'scale', 'deployment/web', '--replicas=5']);
    expect(s.code).toBe(0);
    const r = await ktl(
      ['--kubeconfig', proxyKubeconfig, '-n', ns, 'wait', '--for=jsonpath={.status.availableReplicas}=5', 'deployment/web', '--timeout=100s'],
      { ...viaProxy, timeoutMs: 110_000 },
    );
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web condition met\n', stderr: '' });
    expect(cuts).toBeGreaterThanOrEqual(before);
  });
});

describe('what waiting costs (-v=6 request lines)', () => {
  test('ktl lists once and watches; no polling, like kubectl', async () => {
    const count = (stderr: string) => {
      const lines = stderr.split('\n').filter((l) => /round_trippers\.go:\d+\]/.test(l) && /GET|PATCH|PUT|POST/.test(l));
      return {
        total: lines.length,
        lists: lines.filter((l) => /deployments\?/.test(l) && !/watch=true/.test(l)).length,
        watches: lines.filter((l) => /watch=true/.test(l)).length,
      };
    };
    await kubectl(['-n', ns, 'set', 'image', 'deployment/web', 'nginx=nginx:3']);
    const [a, b] = await Promise.all([
      ktl(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=90s', '-v=6'], { timeoutMs: 100_000 }),
      kubectl(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=90s', '-v=6'], { timeoutMs: 100_000 }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const k = count(a.stderr);
    const c = count(b.stderr);
    // eslint-disable-next-line no-console
    console.log(`rollout status requests: ktl ${JSON.stringify(k)}, kubectl ${JSON.stringify(c)}`);
    expect(k.lists).toBe(1);
    expect(k.watches).toBeLessThanOrEqual(Math.max(1, c.watches));
    expect(k.total).toBeLessThanOrEqual(c.total + 2);
  });
});
