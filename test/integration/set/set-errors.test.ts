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
