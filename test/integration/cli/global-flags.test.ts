/**
 * kubectl 1.33's global flags that ktl had no place for: --match-server-version
 * (the server's git version, commit and tree state must be the client's),
 * --log-flush-frequency and --vmodule (klog's, checked as klog checks them),
 * --profile / --profile-output, and `options` listing every one as kubectl does.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { FakeApiServer, standardResources } from '../fake-server.js';
import { clientVersionInfo } from '../../../src/version.js';

let server: FakeApiServer;
let cacheDir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ktl-globals-'));
});
afterAll(async () => {
  await server.close();
  await rm(cacheDir, { recursive: true, force: true });
});
beforeEach(() => server.reset());
afterEach(() => expect(server.unexpected).toEqual([]));
const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', cacheDir, ...args]);

const client = clientVersionInfo();
const clientGo =
  `version.Info{Major:"1", Minor:"33", EmulationMajor:"", EmulationMinor:"", MinCompatibilityMajor:"", MinCompatibilityMinor:"", ` +
  `GitVersion:"v1.33.1", GitCommit:"${client.gitCommit}", GitTreeState:"clean", BuildDate:"1970-01-01T00:00:00Z", ` +
  `GoVersion:"${client.goVersion}", Compiler:"ktl", Platform:"${client.platform}"}`;

describe('--match-server-version', () => {
  test('a server of another version: both versions in Go syntax, before any other request; nothing printed', async () => {
    server.version('v1.34.4');
    server.discovery(standardResources());
    const r = await ktl('get', 'pods', '--match-server-version');
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `error: server version (&version.Info{Major:"1", Minor:"34", EmulationMajor:"1", EmulationMinor:"34", MinCompatibilityMajor:"1", MinCompatibilityMinor:"33", ` +
        `GitVersion:"v1.34.4", GitCommit:"0123456789abcdef0123456789abcdef01234567", GitTreeState:"clean", BuildDate:"2026-01-01T00:00:00Z", ` +
        `GoVersion:"go1.24.9", Compiler:"gc", Platform:"linux/amd64"}) differs from client version (${clientGo})\n`,
    });
    expect(server.requests.map((q) => q.path)).toEqual(['/version']);
  });

  test('the same version, commit and tree state: the command runs; --client never asks', async () => {
    server.json('GET', '/version', { major: '1', minor: '33', gitVersion: 'v1.33.1', gitCommit: client.gitCommit, gitTreeState: 'clean', compiler: 'gc' });
    server.discovery(standardResources());
    server.json('GET', '/api/v1/namespaces/default/pods', { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'p1', namespace: 'default' } }] });
    expect(await ktl('get', 'pods', '-o', 'name', '--match-server-version')).toEqual({ code: 0, stdout: 'pod/p1\n', stderr: '' });
    expect(server.requests[0]!.path).toBe('/version');
    server.clearRequests();
    expect((await ktl('version', '--client', '--match-server-version')).code).toBe(0);
    expect(server.requests).toEqual([]);
  });
});

describe('--match-server-version with no server to ask', () => {
  // a port nothing listens on: the dial is refused
  const dead = 'http://127.0.0.1:1';
  test("Go's url.Error: the request and its URL (with client-go's ?timeout=) before the cause", async () => {
    const r = await runKtl(['--server', dead, '--cache-dir', cacheDir, '--match-server-version', '--request-timeout=5s', 'get', 'pods']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: couldn't read version from server: Get "${dead}/version?timeout=5s": dial tcp 127.0.0.1:1: connect: connection refused\n`,
    });
  });

  test('cluster-info fails in its Complete, before its footer', async () => {
    const r = await runKtl(['--server', dead, '--cache-dir', cacheDir, '--match-server-version', 'cluster-info']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: couldn't read version from server: Get "${dead}/version?timeout=32s": dial tcp 127.0.0.1:1: connect: connection refused\n`,
    });
  });
});

describe("klog's and the profiler's flags", () => {
  test('values checked with kubectl\'s texts; accepted values change nothing', async () => {
    const see = "See 'ktl version --help' for usage.\n";
    expect(await ktl('--vmodule=x', 'version', '--client')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: invalid argument "x" for "--vmodule" flag: syntax error: expect comma-separated list of filename=N\n' + see,
    });
    expect((await ktl('--vmodule=a=b', 'version', '--client')).code).toBe(1);
    expect(await ktl('--log-flush-frequency=x', 'version', '--client')).toEqual({ code: 1, stdout: '', stderr: 'error: invalid argument "x" for "--log-flush-frequency" flag: parse error\n' + see });
    expect(await ktl('--profile=foo', 'version', '--client')).toEqual({ code: 1, stdout: '', stderr: "error: unknown profile 'foo'\n" });
    const fine = { code: 0, stdout: 'Client Version: v1.33.1\nKustomize Version: v5.6.0\n', stderr: '' };
    for (const f of ['--vmodule=a=1,b=2', '--vmodule=', '--log-flush-frequency=1s', '--profile=none', '--profile-output=x.pprof']) {
      expect(await ktl(f, 'version', '--client')).toEqual(fine);
    }
    // ktl cannot write a Go pprof file: a real profile name is refused in one line, not ignored
    expect(await ktl('--profile=cpu', 'version', '--client')).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: --profile=cpu: ktl is not a Go program and cannot write a pprof profile; only 'none' is accepted\n",
    });
  });

  test('options lists them as kubectl does, the cache folder spelled out', async () => {
    const r = await runKtl(['options'], { env: { KUBECACHEDIR: '/var/cache/kube' } });
    expect(r.code).toBe(0);
    for (const term of [
      "--cache-dir='/var/cache/kube':",
      '--log-flush-frequency=5s:\n\tMaximum number of seconds between log flushes\n',
      '--match-server-version=false:\n\tRequire server version to match client version\n',
      "--password='':",
      "--profile='none':",
      "--profile-output='profile.pprof':\n\tName of the file to write the profile to\n",
      "--username='':",
      '--vmodule=:\n',
      '--warnings-as-errors=false:',
    ]) {
      expect(r.stdout).toContain(`    ${term}`);
    }
  });
});
