import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClients, type Clients } from '../../../src/client/index.js';
import { ApiError, RequestTimeoutError } from '../../../src/errors.js';
import { fakeContext, runKtl } from '../../helpers/fake-io.js';
import { FakeApiServer, standardResources, statusBody } from '../fake-server.js';
import { restConfig } from './helpers.js';

describe('transport', () => {
  let server: FakeApiServer;
  let cacheDir: string;
  let sleeps: number[];
  let open: Clients[];
  const clients = (extra: Parameters<typeof restConfig>[2] = {}) => {
    const c = createClients(fakeContext().ctx, restConfig(server.url, cacheDir, extra), {
      sleep: async (ms) => void sleeps.push(ms),
    });
    open.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await FakeApiServer.start();
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ktl-tr-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(cacheDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.reset();
    sleeps = [];
    open = [];
  });
  afterEach(() => {
    for (const c of open) c.close();
    expect(server.unexpected).toEqual([]);
  });

  test('GET is retried on 429, honouring Retry-After', async () => {
    server.on('GET', '/api/v1/namespaces', { status: 429, headers: { 'Retry-After': '2' }, body: statusBody(429, 'TooManyRequests', 'slow down') }, { body: { kind: 'NamespaceList', items: [], metadata: {} } });
    const list = await clients().rest.list('/api/v1/namespaces');
    expect(list.kind).toBe('NamespaceList');
    expect(sleeps).toEqual([2000]);
    expect(server.requestsTo('/api/v1/namespaces')).toHaveLength(2);
  });

  test('retries are bounded: three tries, then the 429 is reported', async () => {
    server.on('GET', '/api/v1/nodes', { status: 429, headers: { 'Retry-After': '1' }, body: statusBody(429, 'TooManyRequests', 'too many requests, please try again later') });
    await expect(clients().rest.getJson('/api/v1/nodes')).rejects.toMatchObject({ statusCode: 429, reason: 'TooManyRequests' });
    expect(server.requestsTo('/api/v1/nodes')).toHaveLength(3);
  });

  test('POST is never retried', async () => {
    server.on('POST', '/api/v1/namespaces', { status: 429, headers: { 'Retry-After': '1' }, body: statusBody(429, 'TooManyRequests', 'no') });
    await expect(clients().rest.create('/api/v1/namespaces', { metadata: { name: 'x' } })).rejects.toBeInstanceOf(ApiError);
    expect(server.requestsTo('/api/v1/namespaces', 'POST')).toHaveLength(1);
  });

  test('a reset connection is retried for GET', async () => {
    server.on('GET', '/api/v1/pods', { reset: true }, { body: { kind: 'PodList', items: [{ metadata: { name: 'a' } }], metadata: {} } });
    const list = await clients().rest.list('/api/v1/pods');
    expect(list.items).toHaveLength(1);
    expect(server.requestsTo('/api/v1/pods')).toHaveLength(2);
  });

  test('request timeout: ?timeout= is sent and a hung server gives client-go\'s message', async () => {
    server.on('GET', '/version', { hang: true });
    const c = clients({ requestTimeoutMs: 300 });
    const err = await c.rest.getJson('/version').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect((err as Error).message).toBe('net/http: request canceled (Client.Timeout exceeded while awaiting headers)');
    expect(server.requestsTo('/version')[0]!.url).toBe('/version?timeout=300ms');

    const r = await runKtl(['--server', server.url, '--cache-dir', cacheDir, '--request-timeout=1s', 'version']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Client Version: v1.33.1\nKustomize Version: v5.6.0\n');
    expect(r.stderr).toBe('Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)\n');
    expect(server.requestsTo('/version')[1]!.url).toBe('/version?timeout=1s');
  });

  test('gzip bodies are decoded, and the client asks for them', async () => {
    server.on('GET', '/api/v1/configmaps', { gzip: true, body: { kind: 'ConfigMapList', items: [{ data: { k: 'v'.repeat(5000) } }], metadata: {} } });
    const list = await clients().rest.list<{ data: { k: string } }>('/api/v1/configmaps');
    expect(list.items[0]!.data.k).toHaveLength(5000);
    expect(server.requestsTo('/api/v1/configmaps')[0]!.headers['accept-encoding']).toBe('gzip');
  });

  test('paged lists follow continue tokens with limit=500; pages arrive one by one', async () => {
    server.on(
      'GET',
      '/api/v1/pods',
      { body: { kind: 'PodList', metadata: { continue: 'tok1', resourceVersion: '1' }, items: [{ metadata: { name: 'a' } }] } },
      { body: { kind: 'PodList', metadata: { resourceVersion: '2' }, items: [{ metadata: { name: 'b' } }] } },
    );
    const pages: string[][] = [];
    for await (const page of clients().rest.listPages('/api/v1/pods')) pages.push(page.items.map((i) => i.metadata!.name!));
    expect(pages).toEqual([['a'], ['b']]);
    const reqs = server.requestsTo('/api/v1/pods');
    expect(reqs.map((r) => r.url)).toEqual(['/api/v1/pods?limit=500', '/api/v1/pods?continue=tok1&limit=500']);
  });

  test('the next page is asked for before a page is handed over; its failure reaches only a caller that asks for it', async () => {
    const page = (name: string, token?: string) => ({ body: { kind: 'PodList', metadata: { continue: token }, items: [{ metadata: { name } }] } });
    const expired = { status: 410, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'continue too old' } };
    // the server answers the second request only once it came; the caller holds the first page until then
    // (without the early request it would wait forever: the guard below fails the test instead)
    let secondCame!: () => void;
    const came = new Promise<void>((resolve) => (secondCame = resolve));
    server.on('GET', '/api/v1/pods', page('a', 'tok1'), () => (secondCame(), page('b', 'tok2')), expired);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const p of clients().rest.listPages('/api/v1/pods')) {
          const name = p.items[0]!.metadata!.name!;
          if (name === 'a') {
            let guard: NodeJS.Timeout | undefined;
            const stuck = new Promise((_, reject) => (guard = setTimeout(() => reject(new Error('the second page was not asked for while the first was held')), 10_000)));
            await Promise.race([came, stuck]).finally(() => clearTimeout(guard));
          }
          seen.push(name);
        }
      })(),
    ).rejects.toMatchObject({ statusCode: 410 });
    expect(seen).toEqual(['a', 'b']);
    expect(server.requestsTo('/api/v1/pods').map((r) => r.url)).toEqual([
      '/api/v1/pods?limit=500',
      '/api/v1/pods?continue=tok1&limit=500',
      '/api/v1/pods?continue=tok2&limit=500',
    ]);

    // a caller that stops after the first page: the request for the second is dropped, and its
    // failure is no unhandled rejection
    server.on('GET', '/api/v1/nodes', page('n1', 'tok1'), expired);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      for await (const p of clients().rest.listPages('/api/v1/nodes')) {
        expect(p.items[0]!.metadata!.name).toBe('n1');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  test('watch yields events as they stream', async () => {
    server.on('GET', '/api/v1/namespaces/default/pods', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } }) + '\n');
      setTimeout(() => {
        res.write(JSON.stringify({ type: 'DELETED', object: { metadata: { name: 'a' } } }) + '\n');
        res.end();
      }, 20);
    });
    const events: string[] = [];
    for await (const ev of clients().rest.watch('/api/v1/namespaces/default/pods', { resourceVersion: '5' })) {
      events.push(`${ev.type} ${ev.object.metadata?.name}`);
    }
    expect(events).toEqual(['ADDED a', 'DELETED a']);
    expect(server.requestsTo('/api/v1/namespaces/default/pods')[0]!.url).toBe('/api/v1/namespaces/default/pods?resourceVersion=5&watch=true');
  });

  test('impersonation headers and the user agent', async () => {
    server.json('GET', '/version', { gitVersion: 'v1.34.4' });
    await clients({ impersonate: { user: 'jane', groups: ['devs', 'ops'], uid: 'u-1', extra: { 'acme.com/team': ['a'] } } }).rest.getJson('/version');
    const h = server.requestsTo('/version')[0]!.headers;
    expect(h['impersonate-user']).toBe('jane');
    expect(h['impersonate-group']).toBe('devs, ops');
    expect(h['impersonate-uid']).toBe('u-1');
    expect(h['impersonate-extra-acme.com%2fteam']).toBe('a');
    expect(h['user-agent']).toMatch(/^ktl\/v1\.33\.1 \(linux\/(amd64|arm64)\) ktl\/v\d+\.\d+\.\d+$/);
  });

  test('Status errors come back typed; non-Status bodies get generic texts', async () => {
    server.status('GET', '/api/v1/namespaces/default/pods/nope', 404, 'NotFound', 'pods "nope" not found', { name: 'nope', kind: 'pods' });
    server.on('GET', '/api/v1/namespaces/default/pods/raw', { status: 404, body: '404 page not found', headers: { 'Content-Type': 'text/plain' } });
    const c = clients();
    await expect(c.rest.getJson('/api/v1/namespaces/default/pods/nope')).rejects.toMatchObject({ reason: 'NotFound', message: 'pods "nope" not found' });
    await expect(c.rest.getJson('/api/v1/namespaces/default/pods/raw')).rejects.toMatchObject({
      reason: 'NotFound',
      // client-go's NewGenericServerResponse names the resource and name asked for
      message: 'the server could not find the requested resource (get pods raw)',
    });
  });
});

describe('version and cluster-info', () => {
  let server: FakeApiServer;
  let cacheDir: string;
  beforeAll(async () => {
    server = await FakeApiServer.start();
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ktl-ver-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(cacheDir, { recursive: true, force: true });
  });
  beforeEach(() => server.reset());
  afterEach(() => expect(server.unexpected).toEqual([]));
  const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', cacheDir, ...args]);

  test('version prints client and server, json keeps kubectl\'s field order', async () => {
    server.version('v1.34.4');
    expect(await ktl('version')).toEqual({ code: 0, stdout: 'Client Version: v1.33.1\nKustomize Version: v5.6.0\nServer Version: v1.34.4\n', stderr: '' });
    const j = await ktl('version', '-o', 'json');
    const doc = JSON.parse(j.stdout);
    expect(Object.keys(doc)).toEqual(['clientVersion', 'kustomizeVersion', 'serverVersion']);
    expect(Object.keys(doc.serverVersion)).toEqual([
      'major', 'minor', 'emulationMajor', 'emulationMinor', 'minCompatibilityMajor', 'minCompatibilityMinor',
      'gitVersion', 'gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler', 'platform',
    ]);
    expect(j.stdout).toContain('\n  "serverVersion": {\n    "major": "1",\n');
    expect(server.requestsTo('/version')[0]!.url).toBe('/version?timeout=32s');
    const y = await ktl('version', '-o', 'yaml');
    expect(y.stdout).toContain('serverVersion:\n  buildDate: "2026-01-01T00:00:00Z"\n  compiler: gc\n');
    // kubectl 1.33 ends its YAML with a blank line (fmt.Println of the marshalled text)
    expect(y.stdout.endsWith('  platform: linux/amd64\n\n')).toBe(true);
    const c = await ktl('version', '--client', '-o', 'yaml');
    expect(c.stdout.endsWith('\nkustomizeVersion: v5.6.0\n\n')).toBe(true);
  });

  test('version --client never contacts the server; bad -o is rejected first', async () => {
    expect(await ktl('version', '--client')).toEqual({ code: 0, stdout: 'Client Version: v1.33.1\nKustomize Version: v5.6.0\n', stderr: '' });
    expect(await ktl('version', '-o', 'xml')).toEqual({ code: 1, stdout: '', stderr: "error: --output must be 'yaml' or 'json'\n" });
    expect(server.requests).toEqual([]);
  });

  test('version warns on a skew of more than one minor', async () => {
    server.version('v1.30.2');
    const r = await ktl('version');
    expect(r.stdout).toBe('Client Version: v1.33.1\nKustomize Version: v5.6.0\nServer Version: v1.30.2\n');
    expect(r.stderr).toBe('WARNING: version difference between client (1.33) and server (1.30) exceeds the supported minor version skew of +/-1\n');
  });

  test('version against a dead server prints the client part, then the error', async () => {
    const r = await runKtl(['--server', 'http://127.0.0.1:1', 'version', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\{\n  "clientVersion": \{\n[\s\S]*\n  \},\n  "kustomizeVersion": "v5\.6\.0"\n\}\n$/);
    expect(r.stderr).toBe('The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n');
  });

  test('cluster-info lists the control plane and cluster services', async () => {
    server.discovery(standardResources());
    server.json('GET', '/api/v1/namespaces/kube-system/services', {
      kind: 'ServiceList',
      metadata: {},
      items: [
        { metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'kubernetes.io/name': 'CoreDNS' } }, spec: { ports: [{ name: 'dns', port: 53 }] } },
        { metadata: { name: 'dash', namespace: 'kube-system' }, spec: { ports: [{ name: 'web', port: 443 }] } },
        { metadata: { name: 'lb', namespace: 'kube-system' }, spec: { ports: [{ port: 80 }, { port: 81 }] }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } },
      ],
    });
    const r = await ktl('cluster-info');
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `Kubernetes control plane is running at ${server.url}\n` +
        `CoreDNS is running at ${server.url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n` +
        `dash is running at ${server.url}/api/v1/namespaces/kube-system/services/https:dash:web/proxy\n` +
        'lb is running at http://1.2.3.4:80 http://1.2.3.4:81 \n' +
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    });
    expect(server.requestsTo('/api/v1/namespaces/kube-system/services')[0]!.url).toBe(
      '/api/v1/namespaces/kube-system/services?labelSelector=kubernetes.io%2Fcluster-service%3Dtrue',
    );
  });

  test('cluster-info when listing is forbidden: footer on stdout, the error on stderr', async () => {
    server.discovery(standardResources());
    const msg = 'services is forbidden: User "viewer" cannot list resource "services" in API group "" in the namespace "kube-system"';
    server.status('GET', '/api/v1/namespaces/kube-system/services', 403, 'Forbidden', msg);
    const r = await ktl('cluster-info');
    expect(r).toEqual({
      code: 1,
      stdout: "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
      stderr: `Error from server (Forbidden): ${msg}\n`,
    });
  });
});
