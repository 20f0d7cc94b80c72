/**
 * ktl vs the reference kubectl (1.33) on the local cluster: discovery
 * commands, version, and the error texts users see. Byte-for-byte on stdout,
 * stderr and exit code; only klog prefixes (time, pid) are normalised.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ktl, kubectl, type ProcResult } from './cluster-env.js';

/** klog lines carry a timestamp and pid that always differ. */
const normalise = (r: ProcResult) => ({
  code: r.code,
  stdout: r.stdout,
  stderr: r.stderr.replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, '$1MMDD hh:mm:ss.uuuuuu PID '),
});

async function both(args: string[], o: { warmCache?: boolean } = {}) {
  const cache = await mkdtemp(path.join(os.tmpdir(), 'ktl-e2e-disc-'));
  try {
    const opts = { env: { KUBECACHEDIR: cache } };
    // a warm discovery cache (written by the admin) for both tools
    if (o.warmCache) await Promise.all([ktl(['api-resources'], opts), kubectl(['api-resources'], opts)]);
    const [a, b] = await Promise.all([ktl(args, opts), kubectl(args, opts)]);
    return { ktl: normalise(a), kubectl: normalise(b) };
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
}

describe('discovery commands match kubectl', () => {
  test.each([
    [['api-resources']],
    [['api-resources', '-o', 'wide']],
    [['api-resources', '--namespaced=false']],
    [['api-resources', '--api-group=apps']],
    [['api-resources', '-o', 'name', '--sort-by=kind']],
    [['api-resources', '--verbs=list,watch', '--no-headers']],
    [['api-resources', '--categories=all']],
    [['api-versions']],
    [['cluster-info']],
  ])('%j', async (args) => {
    const r = await both(args);
    expect(r.ktl.stdout.length).toBeGreaterThan(0);
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('version -o json: the server part is kubectl\'s', async () => {
    const r = await both(['version', '-o', 'json']);
    expect(r.ktl.code).toBe(0);
    expect(r.kubectl.code).toBe(0);
    const serverBlock = (s: string) => s.slice(s.indexOf('  "serverVersion"'));
    expect(serverBlock(r.ktl.stdout)).toBe(serverBlock(r.kubectl.stdout));
    expect(JSON.parse(r.ktl.stdout).serverVersion).toEqual(JSON.parse(r.kubectl.stdout).serverVersion);
    expect(r.ktl.stderr).toBe(r.kubectl.stderr);
  });
});

describe('errors match kubectl', () => {
  test.each([
    [['--server=https://127.0.0.1:1', 'api-resources']],
    [['--server=https://127.0.0.1:1', 'api-versions']],
    [['--server=https://127.0.0.1:1', 'api-resources', '--api-group=apps', '-o', 'wide']],
  ])('dead server: %j', async (args) => {
    const r = await both(args);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('dead server, version: same error after the client part', async () => {
    const r = await both(['--server=https://127.0.0.1:1', 'version']);
    expect(r.ktl.code).toBe(r.kubectl.code);
    expect(r.ktl.stderr).toBe(r.kubectl.stderr);
    expect(r.ktl.stdout).toBe(r.kubectl.stdout);
  });

  test('Forbidden while listing services (warm discovery cache): footer on stdout, the Status message on stderr', async () => {
    const r = await both(['--context', 'ktl-dev-viewer', '--as=someone', 'cluster-info'], { warmCache: true });
    expect(r.ktl.code).toBe(1);
    expect(r.ktl.stderr).toBe(
      'Error from server (Forbidden): users "someone" is forbidden: User "ktl-viewer" cannot impersonate resource "users" in API group "" at the cluster scope\n',
    );
    expect(r.ktl).toEqual(r.kubectl);
  });

  test.each([
    [['--context', 'ktl-dev-viewer', '--as=someone', 'api-resources'], 'Error from server (Forbidden): unknown\n'],
    [['--context', 'ktl-dev-viewer', '--as=someone', 'api-versions'], "error: couldn't get available api versions from server: unknown\n"],
  ])('Forbidden during discovery (client-go cannot decode the Status there): %j', async (args, last) => {
    const r = await both(args);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl.stderr.endsWith(last)).toBe(true);
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('usage errors', async () => {
    for (const args of [['api-resources', '-o', 'yaml'], ['api-resources', '--sort-by=foo'], ['version', '-o', 'xml']]) {
      const r = await both(args);
      expect(r.ktl).toEqual(r.kubectl);
    }
  });
});

describe('server warnings', () => {
  test('a deprecated API: "Warning: ..." on stderr like kubectl; --warnings-as-errors fails the run after the output', async () => {
    for (const extra of [[], ['--warnings-as-errors']]) {
      const args = ['get', 'endpoints', '-n', 'kube-system', '-o', 'name', ...extra];
      const [a, b] = await Promise.all([ktl(args), kubectl(args)]);
      expect(b.stderr).toContain('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n');
      expect(a).toEqual(b);
    }
  });
});
