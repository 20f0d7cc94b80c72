/**
 * `ktl autoscale` against the fake API server: the HorizontalPodAutoscaler
 * kubectl 1.33 prints under --dry-run=client (goldens captured from
 * kubectl.1.33 on the local cluster, test/golden/autoscale/), what is sent
 * when it creates (autoscaling/v2, --save-config, field manager, server dry
 * run), the fall back to autoscaling/v1 when v2 is refused, and the errors.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { standardResources, statusBody, useFakeServer, type FakeResource } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const GOLDEN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../golden/autoscale');
const golden = (name: string) => readFileSync(path.join(GOLDEN, name), 'utf8');
const s = useFakeServer('ktl-autoscale-');
const ktl = (...args: string[]) => runKtl(['--server', s.server.url, '--cache-dir', path.join(s.dir, 'cache'), ...args], { cwd: s.dir });

const NS = 'op';
const DEPLOYS = `/apis/apps/v1/namespaces/${NS}/deployments`;
const HPA2 = `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`;
const HPA1 = `/apis/autoscaling/v1/namespaces/${NS}/horizontalpodautoscalers`;
const deploy = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS, uid: `u-${name}`, resourceVersion: '3' }, spec: { replicas: 1 } });
const resources = (): FakeResource[] => [
  ...standardResources(),
  { group: '', version: 'v1', name: 'replicationcontrollers', singularName: 'replicationcontroller', kind: 'ReplicationController', namespaced: true, shortNames: ['rc'], subresources: ['scale', 'status'] },
];
function serve(): void {
  s.server.discovery(resources());
  for (const n of ['foo', 'web']) s.server.json('GET', `${DEPLOYS}/${n}`, deploy(n));
  s.server.json('GET', `/api/v1/namespaces/${NS}/replicationcontrollers/rc1`, { ...deploy('rc1'), apiVersion: 'v1', kind: 'ReplicationController' });
}
const posts = () => s.server.requests.filter((r) => r.method === 'POST').map((r) => `${r.url} ${r.body}`);

describe('autoscale --dry-run=client is byte-equal to kubectl.1.33', () => {
  test.each([
    ['deploy-max.yaml', ['deployment', 'foo', '--max=10', '-o', 'yaml']],
    ['deploy-all.yaml', ['deployment', 'foo', '--min=2', '--max=10', '--cpu-percent=80', '--name=bar', '-o', 'yaml']],
    ['deploy-all.json', ['deployment', 'foo', '--min=2', '--max=10', '--cpu-percent=80', '-o', 'json']],
    ['deploy-save-config.yaml', ['deploy/foo', '--max=3', '--cpu-percent=0', '--save-config', '-o', 'yaml']],
    ['rc.yaml', ['rc', 'rc1', '--max=5', '--cpu-percent=80', '-o', 'yaml']],
    ['two.yaml', ['deploy', 'foo', 'web', '--max=4', '-o', 'yaml']],
    ['two.txt', ['deploy', 'foo', 'web', '--max=4']],
  ])('%s', async (file, args) => {
    serve();
    const r = await ktl('-n', NS, 'autoscale', ...args, '--dry-run=client');
    expect(r).toEqual({ code: 0, stdout: golden(file), stderr: '' });
    expect(posts()).toEqual([]);
    expect(s.server.unexpected).toEqual([]);
  });
});

describe('autoscale against the server', () => {
  test('POSTs autoscaling/v2 with the field manager; --save-config stores the object sent', async () => {
    serve();
    s.server.on('POST', HPA2, (req) => ({ status: 201, body: { ...JSON.parse(req.body), metadata: { ...JSON.parse(req.body).metadata, namespace: NS } } }));
    let r = await ktl('-n', NS, 'autoscale', 'deploy', 'foo', '--max=3', '--min=1');
    expect(r).toEqual({ code: 0, stdout: 'horizontalpodautoscaler.autoscaling/foo autoscaled\n', stderr: '' });
    const v2 = '{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v2","metadata":{"name":"foo","creationTimestamp":null},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"foo","apiVersion":"apps/v1"},"minReplicas":1,"maxReplicas":3},"status":{"desiredReplicas":0,"currentMetrics":null}}';
    expect(posts()).toEqual([`${HPA2}?fieldManager=kubectl-autoscale ${v2}`]);
    s.server.clearRequests();
    r = await ktl('-n', NS, 'autoscale', 'deploy', 'foo', '--max=3', '--min=1', '--save-config', '--dry-run=server', '--field-manager=me', '-o', 'name');
    expect(r).toEqual({ code: 0, stdout: 'horizontalpodautoscaler.autoscaling/foo\n', stderr: '' });
    const body = JSON.parse(posts()[0]!.split(' ').slice(1).join(' ')) as { metadata: { annotations: Record<string, string> } };
    expect(posts()[0]!.split(' ')[0]).toBe(`${HPA2}?dryRun=All&fieldManager=me`);
    expect(body.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(`${v2}\n`);
    expect(s.server.unexpected).toEqual([]);
  });

  test('falls back to autoscaling/v1 when v2 is refused; the v1 error is the one reported', async () => {
    serve();
    s.server.status('POST', HPA2, 404, 'NotFound', 'the server could not find the requested resource');
    s.server.on('POST', HPA1, (req) => ({ status: 201, body: JSON.parse(req.body) }));
    let r = await ktl('-n', NS, 'autoscale', 'rc', 'rc1', '--max=5', '--cpu-percent=70', '-o', 'yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('apiVersion: autoscaling/v1\n');
    expect(posts()[1]).toBe(
      `${HPA1}?fieldManager=kubectl-autoscale {"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v1","metadata":{"name":"rc1","creationTimestamp":null},"spec":{"scaleTargetRef":{"kind":"ReplicationController","name":"rc1","apiVersion":"v1"},"maxReplicas":5,"targetCPUUtilizationPercentage":70},"status":{"currentReplicas":0,"desiredReplicas":0}}`,
    );
    s.server.reset();
    serve();
    s.server.status('POST', HPA2, 404, 'NotFound', 'the server could not find the requested resource');
    s.server.on('POST', HPA1, { status: 409, body: statusBody(409, 'AlreadyExists', 'horizontalpodautoscalers.autoscaling "foo" already exists', { name: 'foo', group: 'autoscaling', kind: 'horizontalpodautoscalers' }) });
    r = await ktl('-n', NS, 'autoscale', 'deploy', 'foo', '--max=5');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "foo" already exists\n' });
  });

  test("kubectl's errors: flags first, then the objects", async () => {
    serve();
    expect(await ktl('-n', NS, 'autoscale', 'deploy', 'foo', '--min=x')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: invalid argument "x" for "--min" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee 'ktl autoscale --help' for usage.\n`,
    });
    expect(await ktl('-n', NS, 'autoscale', 'deploy', 'foo')).toEqual({ code: 1, stdout: '', stderr: 'error: required flag(s) "max" not set\n' });
    expect(await ktl('-n', NS, 'autoscale', 'deploy', 'foo', '--max=2', '--min=3')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 3\n',
    });
    expect(await ktl('-n', NS, 'autoscale', 'cm', 'x', '--max=2')).toMatchObject({ code: 1 });
    expect(posts()).toEqual([]);
  });
});
