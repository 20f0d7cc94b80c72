/**
 * `ktl proxy` against `kubectl.1.33 proxy`: both started on the local
 * cluster, the same requests sent through each, the same status, content
 * type and body back; kubectl's filter (a foreign Host header and a pod's
 * exec path are refused with 403 "Forbidden"), --api-prefix, --www,
 * --unix-socket, and the flag errors.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ktl, ktlBin, kubeconfigPath, kubectl, referenceKubectl, uniqueNamespace } from './cluster-env.js';

const NS = uniqueNamespace('ktl-proxy');
let dir = '';
const running: ChildProcess[] = [];

/** Starts a proxy and resolves with what it printed first ("Starting to serve on ...") */
function startProxy(cmd: string, args: string[]): Promise<{ line: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, KUBECONFIG: kubeconfigPath }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.push(child);
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve({ line: out.split('\n')[0]!, child });
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('exit', (code) => reject(new Error(`proxy exited ${code}: ${err}`)));
  });
}
const both = (args: string[]) =>
  Promise.all([startProxy(process.execPath, [ktlBin, 'proxy', ...args]), startProxy(referenceKubectl!, ['proxy', ...args])]);

interface Got {
  status: number;
  type: string;
  location: string;
  body: string;
}
function get(where: { port?: number; socketPath?: string }, urlPath: string, o: { host?: string; method?: string } = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: where.port, socketPath: where.socketPath, path: urlPath, method: o.method ?? 'GET', headers: o.host ? { Host: o.host } : {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), location: String(res.headers.location ?? ''), body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}
const portOf = (line: string) => Number(/:(\d+)$/.exec(line)![1]);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-proxy-e2e-'));
  await mkdir(path.join(dir, 'www/sub'), { recursive: true });
  await writeFile(path.join(dir, 'www/a.txt'), 'hello\n');
  await writeFile(path.join(dir, 'www/sub/b.json'), '{"b":1}\n');
  await kubectl(['create', 'ns', NS]);
  await kubectl(['create', 'configmap', 'c1', '-n', NS, '--from-literal=k=v']);
});
afterAll(async () => {
  for (const c of running) c.kill('SIGTERM');
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await rm(dir, { recursive: true, force: true });
});

describe('proxy, ktl vs kubectl.1.33', () => {
  test('--port=0: the line printed, and the same answers through both (objects, lists, errors, filter)', async () => {
    const [a, b] = await both(['--port=0']);
    expect(a.line).toMatch(/^Starting to serve on 127\.0\.0\.1:\d+$/);
    expect(b.line).toMatch(/^Starting to serve on 127\.0\.0\.1:\d+$/);
    const requests: Array<[string, { host?: string; method?: string }]> = [
      [`/api/v1/namespaces/${NS}/configmaps/c1`, {}],
      [`/api/v1/namespaces/${NS}/configmaps?limit=5&fieldSelector=metadata.name%3Dc1`, {}],
      [`/api/v1/namespaces/${NS}/configmaps/nope`, {}],
      ['/apis/apps/v1', {}],
      [`/api/v1/namespaces/${NS}/pods/p/exec?command=sh`, {}],
      [`/api/v1/namespaces/${NS}/pods/p/attach`, {}],
      [`/api/v1/namespaces/${NS}/configmaps/c1`, { host: 'evil.example.com' }],
      [`/api/v1/namespaces/${NS}/configmaps/c1`, { host: `localhost:${portOf(a.line)}` }],
      [`/api/v1/namespaces/${NS}/configmaps/nope`, { method: 'DELETE' }],
    ];
    for (const [p, o] of requests) {
      const [ra, rb] = await Promise.all([get({ port: portOf(a.line) }, p, o), get({ port: portOf(b.line) }, p, o)]);
      expect({ p, ...ra }).toEqual({ p, ...rb });
    }
    // the security cases themselves
    const evil = await get({ port: portOf(a.line) }, '/api', { host: 'evil.example.com' });
    expect(evil).toMatchObject({ status: 403, body: 'Forbidden\n' });
    expect((await get({ port: portOf(a.line) }, `/api/v1/namespaces/${NS}/pods/p/exec`)).status).toBe(403);
    expect((await get({ port: portOf(a.line) }, `/api/v1/namespaces/${NS}/configmaps/c1`)).body).toContain('"data":{"k":"v"}');
  });

  test('--api-prefix, --www/-P, --reject-methods, --accept-paths', async () => {
    const args = ['--port=0', '--api-prefix=/k8s', `--www=${path.join(dir, 'www')}`, '-P', '/files', '--reject-methods=^POST$', '--accept-paths=^/api/,^/version'];
    const [a, b] = await both(args);
    const paths = ['/k8s/version', '/k8s/api/v1/namespaces/' + NS, '/k8s/apis', '/k8s', '/api', '/files', '/files/', '/files/a.txt', '/files/sub', '/files/sub/', '/files/sub/b.json', '/files/nope'];
    for (const p of paths) {
      const [ra, rb] = await Promise.all([get({ port: portOf(a.line) }, p), get({ port: portOf(b.line) }, p)]);
      const norm = (r: Got, port: number) => ({ ...r, location: r.location.replace(String(port), 'P') });
      expect({ p, ...norm(ra, portOf(a.line)) }).toEqual({ p, ...norm(rb, portOf(b.line)) });
    }
    const [pa, pb] = await Promise.all([
      get({ port: portOf(a.line) }, `/k8s/api/v1/namespaces/${NS}/configmaps`, { method: 'POST' }),
      get({ port: portOf(b.line) }, `/k8s/api/v1/namespaces/${NS}/configmaps`, { method: 'POST' }),
    ]);
    expect(pa).toEqual(pb);
    expect(pa.status).toBe(403);
  });

  test('a path that is not clean is redirected (301) to the cleaned one, as Go\'s ServeMux does', async () => {
    const [a, b] = await both(['--port=0', '--api-prefix=/custom']);
    const paths = ['//custom/healthz', '/custom/../custom/healthz?x=1', '/custom/./api/', '/custom//api/v1/namespaces', '/foo//bar', '/custom/api/../a%2Fb', '/custom/a%20b/../c'];
    for (const p of paths) {
      for (const method of ['GET', 'POST', 'HEAD']) {
        const [ra, rb] = await Promise.all([get({ port: portOf(a.line) }, p, { method }), get({ port: portOf(b.line) }, p, { method })]);
        expect({ p, method, ...ra }).toEqual({ p, method, ...rb });
        expect(ra.status).toBe(301);
      }
    }
    expect(await get({ port: portOf(a.line) }, '//custom/healthz')).toEqual({
      status: 301,
      type: 'text/html; charset=utf-8',
      location: '/custom/healthz',
      body: '<a href="/custom/healthz">Moved Permanently</a>.\n\n',
    });
  });

  test('--unix-socket', async () => {
    const [sa, sb] = [path.join(dir, 'ktl.sock'), path.join(dir, 'kubectl.sock')];
    const [a, b] = await Promise.all([
      startProxy(process.execPath, [ktlBin, 'proxy', `--unix-socket=${sa}`]),
      startProxy(referenceKubectl!, ['proxy', `-u`, sb]),
    ]);
    expect(a.line).toBe(`Starting to serve on ${sa}`);
    expect(b.line).toBe(`Starting to serve on ${sb}`);
    for (const p of [`/api/v1/namespaces/${NS}/configmaps/c1`, `/api/v1/namespaces/${NS}/pods/p/exec`]) {
      const [ra, rb] = await Promise.all([get({ socketPath: sa }, p), get({ socketPath: sb }, p)]);
      expect(ra).toEqual(rb);
    }
  });

  test('flag errors', async () => {
    for (const args of [
      ['--port=1234', '--unix-socket=/tmp/x.sock'],
      ['--port=abc'],
      ['--keepalive=5'],
      ['--bogus'],
    ]) {
      const [ra, rb] = await Promise.all([ktl(['proxy', ...args]), kubectl(['proxy', ...args])]);
      expect(ra).toEqual({ ...rb, stderr: rb.stderr.replace(/kubectl(\.1\.33)?/g, 'ktl') });
    }
  });
});
