/**
 * A closed stdout or stderr (`ktl get ... | head -1`) ends ktl quietly with
 * the status a shell shows for kubectl killed by SIGPIPE (141), for every
 * output path (issue 10). This lives in the launcher (bin/ktl.js) and in
 * run(), so the test runs the real launcher on a bundle of the current
 * sources (built into a scratch directory) against the fake API server,
 * with the pipe closed before ktl writes anything.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BuildOptions } from 'esbuild';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeApiServer } from '../fake-server.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let dir: string;
let launcher: string;
let server: FakeApiServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-closed-pipe-'));
  await mkdir(path.join(dir, 'bin'));
  launcher = path.join(dir, 'bin/ktl.js');
  for (const f of ['ktl.js', 'load-cli.js', 'large-stack.mjs', 'package.json']) await copyFile(path.join(repoRoot, 'bin', f), path.join(dir, 'bin', f));
  // dist/ktl.cjs and dist/ktl.parts as npm run build makes them
  const { buildCli } = (await import(path.join(repoRoot, 'scripts/bundle-options.mjs'))) as { buildCli: (o: BuildOptions) => Promise<unknown> };
  await buildCli({ outdir: path.join(dir, 'dist') });
  server = await FakeApiServer.start();
  const cm = (i: number) => ({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: `cm-${i}`, namespace: 'default', resourceVersion: '1' }, data: { k: 'v'.repeat(200) } });
  server
    .discovery()
    .json('GET', '/api/v1/namespaces/default/configmaps', { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: Array.from({ length: 2000 }, (_, i) => cm(i)) })
    .status('GET', '/api/v1/namespaces/default/configmaps/nope', 404, 'NotFound', 'configmaps "nope" not found');
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the launcher with one of its output pipes closed before it starts writing. */
function runClosed(args: string[], closed: 'stdout' | 'stderr'): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher, '--server', server.url, ...args], {
      env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: path.join(dir, 'none'), KUBECACHEDIR: path.join(dir, 'cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (closed === 'stdout') child.stdout.destroy();
    else child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    if (closed === 'stderr') child.stderr.destroy();
    else child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('a closed output pipe ends ktl quietly with 141', () => {
  test.each([
    [['get', 'configmaps']],
    [['get', 'configmaps', '-o', 'json']],
    [['get', 'configmaps', '-o', 'yaml']],
    [['get', 'configmaps', '-o', 'name']],
    [['get', 'configmaps', '-o', 'jsonpath={..name}']],
    [['get', '--raw', '/api/v1/namespaces/default/configmaps']],
    [['api-resources']],
    [['config', 'view']],
    [['version', '--client']],
    [['--help']],
  ])('stdout closed: %j', async (args) => {
    expect(await runClosed(args, 'stdout')).toEqual({ code: 141, signal: null, stdout: '', stderr: '' });
  });

  test('stderr closed while an error is reported', async () => {
    expect(await runClosed(['get', 'configmaps', 'nope'], 'stderr')).toEqual({ code: 141, signal: null, stdout: '', stderr: '' });
  });
});
