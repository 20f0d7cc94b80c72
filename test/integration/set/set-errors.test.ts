/**
 * How the `set` subcommands report what went wrong, in kubectl 1.33's words
 * (each checked against kubectl.1.33 on a real cluster): a failed PATCH is
 * wrapped in the subcommand's own text around the server's message, never
 * printed as kubectl's "The Pod "p1" is invalid" form.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer, standardResources } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const POD = '/api/v1/namespaces/default/pods/p1';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments/envd';
const RB = '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings/rb1';
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', namespace: 'default' }, spec: { containers: [{ name: 'p1', image: 'nginx' }] } };
const deploy = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'envd', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'envd' } }, template: { metadata: { labels: { app: 'envd' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
};
const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb1', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'admin' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'u' }] };

const resources = () => [
  ...standardResources(),
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'rolebindings', singularName: 'rolebinding', kind: 'RoleBinding', namespaced: true },
];

const POD_FORBIDDEN = 'Pod "p1" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`';
const podInvalid = (s: FakeApiServer) =>
  s.status('PATCH', POD, 422, 'Invalid', POD_FORBIDDEN, { name: 'p1', kind: 'Pod', causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: pod updates may not change fields', field: 'spec' }] });

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-set-errors-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), '-n', 'default', ...args]);

describe('a failed PATCH, in each set subcommand\'s words', () => {
  test('set env: "failed to patch env update to pod template: " and the server\'s message', async () => {
    server.discovery(resources());
    server.json('GET', POD, pod);
    podInvalid(server);
    expect(await ktl('set', 'env', 'pod/p1', 'X=1')).toEqual({ code: 1, stdout: '', stderr: `error: failed to patch env update to pod template: ${POD_FORBIDDEN}\n` });
  });

  test('set serviceaccount: "failed to patch ServiceAccountName " (no colon)', async () => {
    server.discovery(resources());
    server.json('GET', POD, pod);
    podInvalid(server);
    expect(await ktl('set', 'sa', 'pod/p1', 'sa1')).toEqual({ code: 1, stdout: '', stderr: `error: failed to patch ServiceAccountName ${POD_FORBIDDEN}\n` });
  });

  test('set image: "failed to patch image update to pod template: "', async () => {
    server.discovery(resources());
    server.json('GET', POD, pod);
    podInvalid(server);
    expect(await ktl('set', 'image', 'pod/p1', 'p1=nginx:2', '--dry-run=server')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: failed to patch image update to pod template: ${POD_FORBIDDEN}\n`,
    });
  });

  test('set resources: "failed to patch resources update to pod template " and several causes on one line, as the server wrote them', async () => {
    server.discovery(resources());
    server.json('GET', DEPLOY, deploy);
    const message =
      'Deployment.apps "envd" is invalid: [spec.template.spec.containers[0].resources.limits[foo]: Invalid value: "foo": must be a standard resource type or fully qualified, spec.template.spec.containers[0].resources.limits[foo]: Invalid value: "foo": must be a standard resource for containers]';
    server.status('PATCH', DEPLOY, 422, 'Invalid', message, {
      name: 'envd',
      group: 'apps',
      kind: 'Deployment',
      causes: [
        { reason: 'FieldValueInvalid', message: 'Invalid value: "foo": must be a standard resource type or fully qualified', field: 'spec.template.spec.containers[0].resources.limits[foo]' },
        { reason: 'FieldValueInvalid', message: 'Invalid value: "foo": must be a standard resource for containers', field: 'spec.template.spec.containers[0].resources.limits[foo]' },
      ],
    });
    expect(await ktl('set', 'resources', 'deploy/envd', '--limits=foo=1')).toEqual({ code: 1, stdout: '', stderr: `error: failed to patch resources update to pod template ${message}\n` });
  });

  test('set subject: "failed to patch subjects to rolebinding: "', async () => {
    server.discovery(resources());
    server.json('GET', RB, rb);
    const message = 'RoleBinding.rbac.authorization.k8s.io "rb1" is invalid: subjects[1].name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain';
    server.status('PATCH', RB, 422, 'Invalid', message, { name: 'rb1', group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value', field: 'subjects[1].name' }] });
    expect(await ktl('set', 'subject', 'rolebinding/rb1', '--serviceaccount=default:Bad_Name')).toEqual({ code: 1, stdout: '', stderr: `error: failed to patch subjects to rolebinding: ${message}\n` });
  });

  test('two objects failing: one line each', async () => {
    server.discovery(resources());
    server.json('GET', POD, pod);
    server.json('GET', DEPLOY, deploy);
    podInvalid(server);
    const message = 'Deployment.apps "envd" is invalid: spec.template.spec.containers[0].env[0].name: Invalid value';
    server.status('PATCH', DEPLOY, 422, 'Invalid', message, { name: 'envd', group: 'apps', kind: 'Deployment', causes: [{ message: 'Invalid value', field: 'spec.template.spec.containers[0].env[0].name' }] });
    expect(await ktl('set', 'env', 'pod/p1', 'deploy/envd', 'X=1')).toEqual({
      code: 1,
      stdout: '',
      stderr: `failed to patch env update to pod template: ${POD_FORBIDDEN}\nfailed to patch env update to pod template: ${message}\n`,
    });
  });
});

const CM = '/api/v1/namespaces/default/configmaps/cm1';
const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1', namespace: 'default' }, data: { a: 'b' } };
const withEnv = { ...deploy, spec: { ...deploy.spec, template: { ...deploy.spec.template, spec: { containers: [{ name: 'nginx', image: 'nginx', env: [{ name: 'E', value: '1' }] }] } } } };
const NOT_A_TEMPLATE = 'configmaps/cm1 the object is not a pod or does not have a pod template: *v1.ConfigMap';

describe('what a set subcommand says of an object it cannot change', () => {
  test.each([
    [['set', 'image', 'cm/cm1', 'a=b']],
    [['set', 'resources', 'cm/cm1', '--limits=cpu=1']],
    [['set', 'env', 'cm/cm1', 'X=1']],
  ])('%j: the object, then kubectl\'s words with the Go type', async (args) => {
    server.discovery(resources());
    server.json('GET', CM, cm);
    expect(await ktl(...args)).toEqual({ code: 1, stdout: '', stderr: `error: ${NOT_A_TEMPLATE}\n` });
  });

  test('several such objects: "error: " and a blank line after each, as kubectl lists them', async () => {
    server.discovery(resources());
    server.json('GET', CM, cm);
    server.json('GET', '/api/v1/namespaces/default/services/np1', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'np1', namespace: 'default' } });
    expect(await ktl('set', 'image', 'svc/np1', 'cm/cm1', 'a=b')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: services/np1 the object is not a pod or does not have a pod template: *v1.Service\n\nerror: ${NOT_A_TEMPLATE}\n\n`,
    });
    expect(await ktl('set', 'sa', 'svc/np1', 'cm/cm1', 'sa1')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: services/np1 the object is not a pod or does not have a pod template: *v1.Service\n\nerror: ${NOT_A_TEMPLATE}\n\n`,
    });
  });

  test('set env --overwrite=false: the object named; the same value again is no overwrite', async () => {
    server.discovery(resources());
    server.json('GET', DEPLOY, withEnv);
    expect(await ktl('set', 'env', 'deploy/envd', '--overwrite=false', 'E=9')).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: deployments/envd 'E' already has a value (1), and --overwrite is false\n",
    });
    expect(await ktl('set', 'env', 'deploy/envd', '--overwrite=false', 'E=1')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(server.requestsTo(DEPLOY, 'PATCH')).toEqual([]);
  });

  test('set image: a container no object has is reported ("error: ", no object), the other images still sent', async () => {
    server.discovery(resources());
    server.json('GET', DEPLOY, deploy);
    server.json('GET', POD, pod);
    server.json('PATCH', DEPLOY, deploy);
    expect(await ktl('set', 'image', 'deploy/envd', 'pod/p1', 'nope=x', 'nginx=z', '-o', 'name')).toEqual({
      code: 1,
      stdout: 'deployment.apps/envd\n',
      stderr: 'error: unable to find container named "nope"\nerror: unable to find container named "nope"\nerror: unable to find container named "nginx"\n',
    });
    expect(JSON.parse(server.requestsTo(DEPLOY, 'PATCH')[0]!.body).spec.template.spec.containers).toEqual([{ image: 'z', name: 'nginx' }]);
    expect(server.requestsTo(POD, 'PATCH')).toEqual([]);
  });

  test('set resources -c: no container matched, on each object', async () => {
    server.discovery(resources());
    server.json('GET', DEPLOY, deploy);
    server.json('GET', POD, pod);
    expect(await ktl('set', 'resources', 'deploy/envd', 'pod/p1', '-c', 'nope', '--limits=cpu=1')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unable to find container named nope\nerror: unable to find container named nope\n',
    });
  });

  test('set image: * with other containers is refused before anything is read', async () => {
    expect(await ktl('set', 'image', 'deploy/envd', '*=x', 'nginx=y')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: all containers are already specified by *, but saw more than one container_name=container_image pairs\n',
    });
    expect(server.requests.length).toBe(0);
  });
});

describe('stdin used twice, as kubectl\'s builder refuses it (StdinMultiUseError)', () => {
  const STDIN_TWICE = { code: 1, stdout: '', stderr: 'error: standard input cannot be used for multiple arguments\n' };
  test('set env -f - -: the variables took stdin, so -f - is refused and nothing is sent', async () => {
    server.discovery(resources());
    expect(await runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), '-n', 'default', 'set', 'env', '-f', '-', '-'], { stdin: 'X=Y\n' })).toEqual(STDIN_TWICE);
    expect(await runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), 'set', 'env', '-f', '-', '-', '--local', '-o', 'yaml'], { stdin: 'X=Y\n' })).toEqual(STDIN_TWICE);
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
  test('create -f - -f - and -f -,-', async () => {
    server.discovery(resources());
    const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
    expect(await runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), 'create', '-f', '-', '-f', '-'], { stdin: doc })).toEqual(STDIN_TWICE);
    expect(await runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), 'create', '-f', '-,-'], { stdin: doc })).toEqual(STDIN_TWICE);
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
