import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClients } from '../../../src/client/index.js';
import { UnknownResourceError } from '../../../src/errors.js';
import { fakeContext, runKtl } from '../../helpers/fake-io.js';
import { FakeApiServer, standardResources } from '../fake-server.js';
import { restConfig } from './helpers.js';

const EXPECTED_TABLE = [
  'NAME                       SHORTNAMES   APIVERSION                     NAMESPACED   KIND',
  'bindings                                v1                             true         Binding',
  'configmaps                 cm           v1                             true         ConfigMap',
  'events                     ev           v1                             true         Event',
  'namespaces                 ns           v1                             false        Namespace',
  'nodes                      no           v1                             false        Node',
  'pods                       po           v1                             true         Pod',
  'services                   svc          v1                             true         Service',
  'deployments                deploy       apps/v1                        true         Deployment',
  'replicasets                rs           apps/v1                        true         ReplicaSet',
  'statefulsets               sts          apps/v1                        true         StatefulSet',
  'horizontalpodautoscalers   hpa          autoscaling/v2                 true         HorizontalPodAutoscaler',
  'cronjobs                   cj           batch/v1                       true         CronJob',
  'jobs                                    batch/v1                       true         Job',
  'events                     ev           events.k8s.io/v1               true         Event',
  'widgets                    wd           example.com/v1                 true         Widget',
  'pods                                    other.io/v1                    true         Pod',
  'clusterroles                            rbac.authorization.k8s.io/v1   false        ClusterRole',
].map((l) => `${l}\n`).join('');

describe.each([
  ['aggregated', false],
  ['legacy', true],
])('discovery (%s)', (_name, legacy) => {
  let server: FakeApiServer;
  let cacheDir: string;
  const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', cacheDir, ...args]);

  beforeAll(async () => {
    server = await FakeApiServer.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    server.reset();
    server.discovery(standardResources(), { legacy });
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ktl-disc-'));
  });
  afterEach(async () => {
    expect(server.unexpected).toEqual([]);
    await rm(cacheDir, { recursive: true, force: true });
  });

  test('api-resources prints kubectl\'s table, sorted by group then name', async () => {
    const r = await ktl('api-resources');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(EXPECTED_TABLE);
    if (legacy) {
      // every group-version was read, in parallel, with the plain Accept header
      expect(server.requestsTo('/apis/apps/v1')).toHaveLength(1);
      expect(server.requestsTo('/apis/autoscaling/v1')).toHaveLength(1);
      expect(server.requestsTo('/api/v1')[0]!.headers.accept).toBe('application/json, */*');
    }
    const api = server.requestsTo('/api')[0]!;
    expect(api.headers.accept).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
    );
    expect(api.url).toBe('/api?timeout=32s');
  });

  test('api-resources filters: --namespaced=false, --api-group, --verbs, --categories, -o name, --sort-by=kind', async () => {
    let r = await ktl('api-resources', '--namespaced=false', '--no-headers');
    expect(r.stdout).toBe(
      'namespaces     ns    v1                             false   Namespace\n' +
        'nodes          no    v1                             false   Node\n' +
        'clusterroles         rbac.authorization.k8s.io/v1   false   ClusterRole\n',
    );
    r = await ktl('api-resources', '--api-group=apps', '-o', 'name');
    expect(r.stdout).toBe('deployments.apps\nreplicasets.apps\nstatefulsets.apps\n');
    r = await ktl('api-resources', '--verbs=create', '--categories=toys', '-o', 'wide');
    expect(r.stdout).toBe(
      'NAME      SHORTNAMES   APIVERSION       NAMESPACED   KIND     VERBS                                                        CATEGORIES\n' +
        'widgets   wd           example.com/v1   true         Widget   create,delete,deletecollection,get,list,patch,update,watch   all,toys\n',
    );
    r = await ktl('api-resources', '--api-group=batch', '--sort-by=kind', '--no-headers');
    expect(r.stdout).toBe('cronjobs   cj    batch/v1   true   CronJob\njobs             batch/v1   true   Job\n');
    r = await ktl('api-resources', '--api-group=nope');
    expect(r.stdout).toBe('NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n');
    expect(r.code).toBe(0);
  });

  test('api-versions lists sorted group/versions and refetches every time', async () => {
    const r1 = await ktl('api-versions');
    expect(r1.stdout).toBe(
      [
        'apps/v1',
        'autoscaling/v1',
        'autoscaling/v2',
        'batch/v1',
        'events.k8s.io/v1',
        'example.com/v1',
        'example.com/v1beta1',
        'other.io/v1',
        'rbac.authorization.k8s.io/v1',
        'v1',
        '',
      ].join('\n'),
    );
    await ktl('api-versions');
    expect(server.requestsTo('/api')).toHaveLength(2);
    // the group list is enough: no per-version walk
    expect(server.requestsTo('/apis/apps/v1')).toHaveLength(0);
  });

  test('cached discovery: second run makes no discovery request; stale mtime refetches', async () => {
    const cfg = restConfig(server.url, cacheDir);
    const first = createClients(fakeContext().ctx, cfg);
    expect((await first.resolve('deploy')).resource).toBe('deployments');
    first.close();
    const discoveryCalls = () => server.requests.filter((r) => r.path === '/api' || r.path.startsWith('/apis') || r.path.startsWith('/api/')).length;
    const afterFirst = discoveryCalls();
    expect(afterFirst).toBeGreaterThanOrEqual(2);

    // files land in our own folder with kubectl's modes
    const dir = path.join(cacheDir, 'ktl', 'discovery', `127.0.0.1_${new URL(server.url).port}`);
    expect(await readdir(dir)).toEqual(['discovery.json']);
    expect((await stat(path.join(dir, 'discovery.json'))).mode & 0o777).toBe(0o660);
    expect((await stat(dir)).mode & 0o777).toBe(0o750);

    const second = createClients(fakeContext().ctx, cfg);
    expect((await second.resolve('sts')).group).toBe('apps');
    second.close();
    expect(discoveryCalls()).toBe(afterFirst);

    // 5 h old: still fresh
    const fiveHours = new Date(Date.now() - 5 * 3600_000);
    await utimes(path.join(dir, 'discovery.json'), fiveHours, fiveHours);
    const third = createClients(fakeContext().ctx, cfg);
    await third.resolve('po');
    third.close();
    expect(discoveryCalls()).toBe(afterFirst);

    // 7 h old: refetched
    const sevenHours = new Date(Date.now() - 7 * 3600_000);
    await utimes(path.join(dir, 'discovery.json'), sevenHours, sevenHours);
    const fourth = createClients(fakeContext().ctx, cfg);
    await fourth.resolve('po');
    fourth.close();
    expect(server.requestsTo('/api')).toHaveLength(2);
  });

  test('an unknown type refetches discovery once, then fails with kubectl\'s message', async () => {
    const cfg = restConfig(server.url, cacheDir);
    const warm = createClients(fakeContext().ctx, cfg);
    await warm.resolve('po');
    warm.close();
    expect(server.requestsTo('/api')).toHaveLength(1);
    const c = createClients(fakeContext().ctx, cfg);
    await expect(c.resolve('foo')).rejects.toThrow(new UnknownResourceError('foo'));
    c.close();
    expect(server.requestsTo('/api')).toHaveLength(2);
    expect(server.requestsTo('/apis')).toHaveLength(2);
  });
});

describe('discovery edge cases', () => {
  let server: FakeApiServer;
  let cacheDir: string;
  beforeAll(async () => {
    server = await FakeApiServer.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    server.reset();
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ktl-disc-'));
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  test('a failing group-version is reported after the table and nothing is cached', async () => {
    server.status('GET', '/apis/metrics.k8s.io/v1beta1', 503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
    server.discovery(
      [
        ...standardResources().slice(0, 2),
        { group: 'metrics.k8s.io', version: 'v1beta1', name: 'pods', singularName: 'pod', kind: 'PodMetrics', namespaced: true },
      ],
      { legacy: true },
    );
    const r = await runKtl(['--server', server.url, '--cache-dir', cacheDir, 'api-resources']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND\npods       po           v1           true         Pod\nservices   svc          v1           true         Service\n',
    );
    expect(r.stderr).toMatch(
      /^E\d{4} [\d:.]+ +\d+ memcache\.go:287\] "Unhandled Error" err="couldn't get resource list for metrics\.k8s\.io\/v1beta1: the server is currently unable to handle the request"\n/,
    );
    expect(r.stderr.split('\n').slice(1).join('\n')).toBe(
      'error: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request\n',
    );
    expect(existsSync(path.join(cacheDir, 'ktl', 'discovery', `127.0.0.1_${new URL(server.url).port}`, 'discovery.json'))).toBe(false);
  });

  test('a dead server: header, klog error line, then the refused message', async () => {
    const r = await runKtl(['--server', 'http://127.0.0.1:1', '--cache-dir', cacheDir, 'api-resources']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(
      /^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ memcache\.go:265\] "Unhandled Error" err="couldn't get current server API group list: Get \\"http:\/\/127\.0\.0\.1:1\/api\?timeout=32s\\": dial tcp 127\.0\.0\.1:1: connect: connection refused"$/,
    );
    expect(lines.slice(1).join('\n')).toBe('The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n');

    const v = await runKtl(['--server', 'http://127.0.0.1:1', '--cache-dir', cacheDir, 'api-versions']);
    expect(v.stderr.split('\n').slice(1).join('\n')).toBe(
      'error: couldn\'t get available api versions from server: Get "http://127.0.0.1:1/api?timeout=32s": dial tcp 127.0.0.1:1: connect: connection refused\n',
    );
  });

  test('discovery errors use client-go\'s generic texts (kubectl cannot decode Status bodies there)', async () => {
    server.status('GET', '/api', 403, 'Forbidden', 'users "x" is forbidden');
    const r = await runKtl(['--server', server.url, '--cache-dir', cacheDir, 'api-versions']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').slice(1).join('\n')).toBe("error: couldn't get available api versions from server: unknown\n");
    const a = await runKtl(['--server', server.url, '--cache-dir', cacheDir, 'api-resources']);
    expect(a.stderr.endsWith('\nError from server (Forbidden): unknown\n')).toBe(true);
  });

  test('usage errors for api-resources', async () => {
    server.discovery();
    const base = ['--server', server.url, '--cache-dir', cacheDir, 'api-resources'];
    expect(await runKtl([...base, '-o', 'yaml'])).toEqual({ code: 1, stdout: '', stderr: 'error: --output yaml is not available\n' });
    expect(await runKtl([...base, '--sort-by=foo'])).toEqual({ code: 1, stdout: '', stderr: 'error: --sort-by accepts only name or kind\n' });
    expect(await runKtl([...base, 'extra'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: unexpected arguments: [extra]\nSee 'ktl api-resources -h' for help and examples\n",
    });
    expect(server.requests).toEqual([]);
  });
});

