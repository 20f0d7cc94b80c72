/**
 * `ktl create <generator>` against the fake API server, where kubectl 1.33
 * needs the server to decide (job --from, role/clusterrole resources) or
 * where its answers were checked on the real kubectl.1.33 (messages, exit
 * codes, what is printed under --dry-run=client).
 */
import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { standardResources, useFakeServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const s = useFakeServer('ktl-create-gen-');
const ktl = (...args: string[]) => runKtl(['--server', s.server.url, '--cache-dir', path.join(s.dir, 'cache'), ...args], { cwd: s.dir });
const NS = 'op';
const fail = (stderr: string) => ({ code: 1, stdout: '', stderr });

describe('create job --from: the object is read first, then its kind checked', () => {
  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cj1', namespace: NS, uid: 'u-1' },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'OnFailure' } } } } },
  };
  function serve(): void {
    s.server.discovery(standardResources());
    s.server.json('GET', `/apis/apps/v1/namespaces/${NS}/deployments/realdep`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'realdep', namespace: NS } });
    // the namespace exists: a missing object is reported as itself (kubectl asks for the namespace after a NotFound)
    s.server.json('GET', `/api/v1/namespaces/${NS}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    s.server.status('GET', `/apis/apps/v1/namespaces/${NS}/deployments/nope`, 404, 'NotFound', 'deployments.apps "nope" not found');
    // after a NotFound kubectl asks whether the namespace exists (it does)
    s.server.json('GET', `/api/v1/namespaces/${NS}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    s.server.json('GET', '/api/v1/namespaces/default', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    s.server.json('GET', `/apis/example.com/v1/namespaces/${NS}/widgets/w1`, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: NS } });
    s.server.json('GET', `/apis/batch/v1/namespaces/${NS}/cronjobs/cj1`, cronJob);
  }
  const job = (from: string) => ktl('-n', NS, 'create', 'job', 'j1', `--from=${from}`, '--dry-run=client', '-o', 'name');

  test.each([
    ['deployment/realdep', 'error: unknown object type *v1.Deployment\n'],
    ['ns/default', 'error: unknown object type *v1.Namespace\n'],
    ['deployment/nope', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    ['foo/bar', 'error: the server doesn\'t have a resource type "foo"\n'],
    ['realdep', 'error: the server doesn\'t have a resource type "realdep"\n'],
    ['deployment', 'error: resource(s) were provided, but no name was specified\n'],
    ['cronjob', 'error: resource(s) were provided, but no name was specified\n'],
    // a kind kubectl's scheme does not know fails in the decoding
    ['widgets/w1', 'error: no kind "Widget" is registered for version "example.com/v1" in scheme "pkg/scheme/scheme.go:28"\n'],
  ])('--from=%s', async (from, stderr) => {
    serve();
    expect(await job(from)).toEqual(fail(stderr));
    expect(s.server.unexpected).toEqual([]);
  });

  test('--from=cj/cj1: the job from the cron job', async () => {
    serve();
    expect(await job('cj/cj1')).toEqual({ code: 0, stdout: 'job.batch/j1\n', stderr: '' });
    expect(s.server.unexpected).toEqual([]);
  });
});

describe('create role / clusterrole: kubectl\'s Complete and Validate', () => {
  const role = (...args: string[]) => ktl('create', ...args, '--dry-run=client', '-o', 'yaml');
  const serve = () => s.server.discovery(standardResources());

  test('--aggregation-rule: one selector of the labels (sorted), rules: null', async () => {
    serve();
    expect(await role('clusterrole', 'cr1', '--aggregation-rule=foo=bar,a=b')).toEqual({
      code: 0,
      stdout: `aggregationRule:
  clusterRoleSelectors:
  - matchLabels:
      a: b
      foo: bar
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  creationTimestamp: null
  name: cr1
rules: null
`,
      stderr: '',
    });
    const json = await ktl('create', 'clusterrole', 'cr1', '--aggregation-rule=foo=bar', '--aggregation-rule= x = y ', '--dry-run=client', '-o', 'json');
    expect(JSON.parse(json.stdout)).toEqual({
      kind: 'ClusterRole',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'cr1', creationTimestamp: null },
      rules: null,
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { foo: 'bar', x: 'y' } }] },
    });
    expect(json.stdout.indexOf('"rules"')).toBeLessThan(json.stdout.indexOf('"aggregationRule"'));
  });

  test.each([
    [['clusterrole', 'cr1', '--aggregation-rule=foo=bar', '--verb=get', '--resource=pods'], 'error: aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames\n'],
    [['clusterrole', 'cr1', '--aggregation-rule=foo'], 'error: invalid argument "foo" for "--aggregation-rule" flag: malformed pair, expect string=string\nSee \'ktl create clusterrole --help\' for usage.\n'],
    [['clusterrole', 'cr1', '--aggregation-rule='], 'error: at least one verb must be specified\n'],
    [['clusterrole', 'cr1', '--verb=get'], 'error: one of resource or nonResourceURL must be specified\n'],
    [['clusterrole', 'cr1', '--verb=get', '--non-resource-url=logs'], 'error: nonResourceURL should start with /\n'],
    [['clusterrole', 'cr1', '--verb=get', '--non-resource-url=/a*b'], "error: nonResourceURL only supports wildcard matches when '*' is at the end\n"],
    [['role', 'r1', '--verb=use', '--resource=pods'], "error: can not perform 'use' on 'pods' in group ''\n"],
    // the verb is checked before the server is asked about the resource
    [['role', 'r1', '--verb=use', '--resource=podsecuritypolicies'], "error: can not perform 'use' on 'podsecuritypolicies' in group ''\n"],
    [['role', 'r1', '--verb=get', '--resource=.apps'], 'error: resource must be specified if apiGroup/subresource specified\n'],
    // the RESTMapper's no-match error: kubectl prints it without "error: "
    [['role', 'r1', '--verb=get', '--resource=pods,nope.apps'], 'the server doesn\'t have a resource type "nope" in group "apps"\n'],
    [['role', 'r1', '--verb=foo'], "Warning: 'foo' is not a standard resource verb\nerror: at least one resource must be specified\n"],
  ])('%j', async (args, stderr) => {
    serve();
    expect(await role(...args)).toEqual(fail(stderr));
  });

  test('duplicates dropped in order; "*" resources kept as typed; after "*" nothing is checked', async () => {
    serve();
    expect(await role('role', 'r1', '--verb=get,list,get', '--verb=get', '--resource=pods,*.apps,nope', '--resource-name=a', '--resource-name=a')).toEqual({
      code: 0,
      stdout: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  creationTimestamp: null
  name: r1
rules:
- apiGroups:
  - ""
  resourceNames:
  - a
  resources:
  - pods
  - nope
  verbs:
  - get
  - list
- apiGroups:
  - apps
  resourceNames:
  - a
  resources:
  - '*'
  verbs:
  - get
  - list
`,
      stderr: '',
    });
    const star = await role('role', 'r1', '--verb=get', '--resource=pods,*');
    expect(star.stdout).toContain(`rules:
- apiGroups:
  - ""
  resources:
  - '*'
  verbs:
  - get
`);
    expect(await role('clusterrole', 'cr1', '--verb=get', '--verb=get', '--non-resource-url=/x,/x')).toEqual({
      code: 0,
      stdout: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  creationTimestamp: null
  name: cr1
rules:
- nonResourceURLs:
  - /x
  verbs:
  - get
`,
      stderr: '',
    });
  });

  test('a special verb on its resource needs no mapping (impersonate users, use podsecuritypolicies.policy)', async () => {
    serve();
    const r = await role('role', 'r1', '--verb=impersonate', '--resource=users');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  resources:\n  - users\n  verbs:\n  - impersonate\n');
    const psp = await role('role', 'r1', '--verb=use', '--resource=podsecuritypolicies.policy');
    expect(psp.code).toBe(0);
    expect(psp.stdout).toContain('- apiGroups:\n  - policy\n  resources:\n  - podsecuritypolicies\n');
  });
});
