/**
 * ktl as a library (src/lib, `import { connect } from 'ktl'`) against the
 * shared cluster, in a namespace of its own: apply (client- and
 * server-side), get/list, watch, scale + rolloutStatus, waitFor, delete,
 * typed errors, and format() compared byte for byte with `ktl get -o ...`
 * on the same objects.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { connect, format, ConflictError, ForbiddenError, NotFoundError, TimeoutError, type KubeClient, type KubeObject } from '../../src/lib/index.js';
import { ApiError } from '../../src/errors.js';
import { kubeconfigPath, ktl, kubectl, uniqueNamespace } from './cluster-env.js';

const NS = uniqueNamespace('ktl-lib');
let k: KubeClient;
const warnings: string[] = [];

const manifests = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels: {suite: lib}
data:
  mode: fast
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {suite: lib}
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx:1
        ports:
        - containerPort: 80
`;

/** ages move on between two reads: compare tables with the AGE cells blanked */
const ages = (s: string) => s.replace(/\b(\d+d)?(\d+h)?(\d+m)?(\d+s)?(?= |\n|$)/g, (m) => (m ? 'AGE' : m));

beforeAll(async () => {
  k = await connect({ kubeconfig: kubeconfigPath, namespace: NS, onWarning: (w) => warnings.push(w) });
  await k.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
});

afterAll(async () => {
  await k.delete('namespace', NS, { wait: false, ignoreNotFound: true });
  k.close();
});

describe('connect', () => {
  test('kubectl rules: the kubeconfig\'s current context and server; the namespace option', () => {
    expect(k.context).toBe('ktl-dev');
    expect(k.server).toMatch(/^https:\/\//);
    expect(k.namespace).toBe(NS);
  });

  test('an unknown context is a ConfigError in kubectl\'s words', async () => {
    await expect(connect({ kubeconfig: kubeconfigPath, context: 'nope' })).rejects.toThrow('context was not found for specified context: nope');
  });
});

describe('apply', () => {
  let first: Array<{ ref: string; operation: string; object: KubeObject }>;

  test('client-side: created, then unchanged with the same resourceVersions', async () => {
    first = await k.apply(manifests);
    expect(first.map((r) => [r.ref, r.operation])).toEqual([
      ['configmap/settings', 'created'],
      ['deployment.apps/web', 'created'],
    ]);
    const live = await k.get('configmap', 'settings');
    expect(live.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"mode":"fast"');
    const again = await k.apply(manifests);
    expect(again.map((r) => [r.ref, r.operation])).toEqual([
      ['configmap/settings', 'unchanged'],
      ['deployment.apps/web', 'unchanged'],
    ]);
    // nothing was written: the ConfigMap keeps its resourceVersion (the Deployment's moves with its
    // controller's status updates, but its spec keeps generation 1)
    expect(again[0]!.object.metadata?.resourceVersion).toBe(first[0]!.object.metadata?.resourceVersion);
    const cm = await k.get('configmap/settings');
    expect(cm.metadata?.resourceVersion).toBe(first[0]!.object.metadata?.resourceVersion);
    expect((await k.get('deployment/web')).metadata?.generation).toBe(1);
  });

  test('client-side: a removed key goes (three-way merge), the CLI then sees it unchanged', async () => {
    const r = await k.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'merge', labels: { suite: 'lib' } }, data: { a: '1', b: '2' } });
    expect(r[0]!.operation).toBe('created');
    // someone else adds a key: a three-way merge keeps it
    const patched = await kubectl(['-n', NS, 'patch', 'configmap', 'merge', '-p', '{"data":{"other":"x"}}']);
    expect(patched.code).toBe(0);
    const r2 = await k.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'merge', labels: { suite: 'lib' } }, data: { a: '1' } });
    expect(r2[0]!.operation).toBe('configured');
    expect((await k.get('configmap', 'merge')).data).toEqual({ a: '1', other: 'x' });
    const file = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: merge\n  namespace: ${NS}\n  labels: {suite: lib}\ndata:\n  a: "1"\n`;
    const cli = await ktl(['apply', '-f', '-'], { input: file });
    expect(cli).toEqual({ code: 0, stdout: 'configmap/merge unchanged\n', stderr: '' });
  });

  test('server-side: applied, and a field owned by another manager is a ConflictError with the causes', async () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', labels: { suite: 'lib' } }, data: { x: '1' } };
    const r = await k.apply(obj, { serverSide: true, fieldManager: 'one' });
    expect(r.map((x) => [x.ref, x.operation])).toEqual([['configmap/ssa', 'serverside-applied']]);
    const err = await k.apply({ ...obj, data: { x: '2' } }, { serverSide: true, fieldManager: 'two' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toBeInstanceOf(ApiError);
    const c = err as ConflictError;
    expect(c.statusCode).toBe(409);
    expect(c.reason).toBe('Conflict');
    expect(c.status.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "one"', field: '.data.x' }]);
    const forced = await k.apply({ ...obj, data: { x: '2' } }, { serverSide: true, fieldManager: 'two', forceConflicts: true });
    expect((forced[0]!.object as { data?: unknown }).data).toEqual({ x: '2' });
  });

  test('server warnings go to onWarning, never to the process streams', async () => {
    const r = await k.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'warned' }, data: { a: 'b' }, bogus: 1 }, { validate: 'Warn' });
    expect(r[0]!.operation).toBe('created');
    expect(warnings).toContain('unknown field "bogus"');
  });

  test('a viewer may not write: ForbiddenError with the server\'s message', async () => {
    const viewer = await connect({ kubeconfig: kubeconfigPath, context: 'ktl-dev-viewer', namespace: NS });
    try {
      const err = await viewer.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'no' } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ForbiddenError);
      expect((err as ForbiddenError).statusCode).toBe(403);
      expect((err as Error).message).toContain('cannot create resource "configmaps"');
      // reading is allowed
      expect((await viewer.get('configmap', 'settings')).metadata?.name).toBe('settings');
    } finally {
      viewer.close();
    }
  });
});

describe('get, list', () => {
  test('get equals what ktl get -o json reads; list filters by label', async () => {
    const obj = await k.get('configmaps', 'settings');
    const cli = await ktl(['-n', NS, 'get', 'configmap', 'settings', '-o', 'json', '--show-managed-fields']);
    expect(cli.code).toBe(0);
    expect(obj).toEqual(JSON.parse(cli.stdout));
    const cms = await k.list('cm', { labelSelector: 'suite=lib' });
    expect(cms.map((c) => [c.apiVersion, c.kind, c.metadata?.name])).toEqual([
      ['v1', 'ConfigMap', 'merge'],
      ['v1', 'ConfigMap', 'settings'],
      ['v1', 'ConfigMap', 'ssa'],
    ]);
    const all = await k.list('configmaps', { allNamespaces: true, fieldSelector: `metadata.namespace=${NS}` });
    expect(all.map((c) => c.metadata?.name)).toEqual(['kube-root-ca.crt', 'merge', 'settings', 'ssa', 'warned']);
  });

  test('a missing object is a NotFoundError with the status details', async () => {
    const err = await k.get('configmap', 'missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    const e = err as NotFoundError;
    expect(e.message).toBe('configmaps "missing" not found');
    expect(e.statusCode).toBe(404);
    expect(e.reason).toBe('NotFound');
    expect(e.status.details).toEqual({ name: 'missing', kind: 'configmaps' });
  });

  test('names are validated before they become a URL', async () => {
    await expect(k.get('configmap', '../secrets')).rejects.toThrow('invalid resource name "../secrets"');
  });
});

describe('watch', () => {
  test('ADDED (what exists), MODIFIED, DELETED for what the CLI does meanwhile; break ends it', async () => {
    const run = async (args: string[]) => expect((await kubectl(['-n', NS, ...args])).code).toBe(0);
    await run(['create', 'configmap', 'w1', '--from-literal=v=1']);
    await run(['label', 'configmap', 'w1', 'watched=yes']);
    const seen: string[] = [];
    const ac = new AbortController();
    for await (const ev of k.watch('configmaps', { labelSelector: 'watched=yes', signal: ac.signal })) {
      seen.push(`${ev.type} ${ev.object.kind}/${ev.object.metadata?.name} ${(ev.object as { data?: { v?: string } }).data?.v ?? ''}`);
      // each change is made once the watch has shown the one before
      if (ev.type === 'ADDED') await run(['patch', 'configmap', 'w1', '-p', '{"data":{"v":"2"}}']);
      if (ev.type === 'MODIFIED') await run(['delete', 'configmap', 'w1']);
      if (ev.type === 'DELETED') break;
    }
    expect(seen).toEqual(['ADDED ConfigMap/w1 1', 'MODIFIED ConfigMap/w1 2', 'DELETED ConfigMap/w1 2']);
  });

  test('aborting the signal ends the iteration', async () => {
    const ac = new AbortController();
    const seen: string[] = [];
    for await (const ev of k.watch('configmaps', { name: 'settings', signal: ac.signal })) {
      seen.push(`${ev.type} ${ev.object.metadata?.name}`);
      ac.abort();
    }
    expect(seen).toEqual(['ADDED settings']);
  });
});

describe('scale, rolloutStatus, waitFor', () => {
  test('scale to 3 through the scale subresource, rolloutStatus until done, as ktl rollout status says', async () => {
    const scale = await k.scale('deployment', 'web', 3);
    expect(scale.kind).toBe('Scale');
    expect((scale as { spec?: { replicas?: number } }).spec?.replicas).toBe(3);
    const progress: string[] = [];
    const st = await k.rolloutStatus('deployment/web', { timeout: '120s', onProgress: (s) => progress.push(s.message) });
    expect(st).toEqual({ message: 'deployment "web" successfully rolled out', done: true });
    expect(progress.at(-1)).toBe(st.message);
    for (const p of progress.slice(0, -1)) expect(p).toMatch(/^Waiting for deployment "web" rollout to finish: /);
    const cli = await ktl(['-n', NS, 'rollout', 'status', 'deployment/web']);
    expect(cli.stdout).toBe(`${st.message}\n`);
    expect(((await k.get('deploy', 'web')) as { status?: { availableReplicas?: number } }).status?.availableReplicas).toBe(3);
  });

  test('scale with a wrong precondition: kubectl\'s message', async () => {
    await expect(k.scale('deployment', 'web', 1, { currentReplicas: 7 })).rejects.toThrow('Expected replicas to be 7, was 3');
  });

  test('waitFor a condition, a jsonpath value, a predicate; a timeout is a TimeoutError', async () => {
    const d = await k.waitFor('deployment', 'web', 'condition=Available', { timeout: '60s' });
    expect(d?.metadata?.name).toBe('web');
    const d2 = await k.waitFor('deployment/web', 'jsonpath={.status.readyReplicas}=3');
    expect((d2 as { status?: { readyReplicas?: number } }).status?.readyReplicas).toBe(3);
    const cm = await k.waitFor('configmap', 'settings', (o) => (o as { data?: { mode?: string } }).data?.mode === 'fast');
    expect(cm?.kind).toBe('ConfigMap');
    const err = await k.waitFor('configmap', 'settings', 'jsonpath={.data.mode}=slow', { timeout: 1500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toBe('timed out waiting for the condition on configmaps/settings');
  });
});

describe('format equals ktl get -o for the same objects', () => {
  const cases = ['yaml', 'json', 'name', 'jsonpath={.items[*].metadata.name}', 'custom-columns=NAME:.metadata.name,DATA:.data', 'go-template={{range .items}}{{.metadata.name}} {{end}}'];
  test.each(cases)('list, -o %s', async (fmt) => {
    const objs = await k.list('configmaps', { labelSelector: 'suite=lib' });
    const cli = await ktl(['-n', NS, 'get', 'configmaps', '-l', 'suite=lib', '-o', fmt]);
    expect(cli.code).toBe(0);
    expect(await format(objs, fmt)).toBe(cli.stdout);
    expect(await k.format(objs, fmt)).toBe(cli.stdout);
  });

  test.each(['yaml', 'json', 'name', 'jsonpath={.metadata.name}'])('one object, -o %s', async (fmt) => {
    const obj = await k.get('configmap', 'settings');
    const cli = await ktl(['-n', NS, 'get', 'configmap', 'settings', '-o', fmt]);
    expect(await format(obj, fmt)).toBe(cli.stdout);
  });

  test('table and wide: the server\'s columns, as ktl get prints them (several kinds: kind/name, a blank line between)', async () => {
    const cms = await k.list('configmaps', { labelSelector: 'suite=lib' });
    const [t1, c1] = await Promise.all([k.format(cms, 'table'), ktl(['-n', NS, 'get', 'configmaps', '-l', 'suite=lib'])]);
    expect(ages(t1)).toBe(ages(c1.stdout));
    expect(t1).toMatch(/^NAME +DATA +AGE\nmerge +2 +/);
    const deploy = await k.get('deployment', 'web');
    const [t2, c2] = await Promise.all([k.format([deploy], 'wide'), ktl(['-n', NS, 'get', 'deployment', 'web', '-o', 'wide'])]);
    expect(t2).toContain('CONTAINERS');
    expect(ages(t2)).toBe(ages(c2.stdout));
    const cm = await k.get('configmap', 'settings');
    const [t3, c3] = await Promise.all([k.format([deploy, cm], 'table'), ktl(['-n', NS, 'get', 'deployment/web', 'configmap/settings'])]);
    expect(t3).toContain('deployment.apps/web');
    expect(ages(t3)).toBe(ages(c3.stdout));
  });

  test('format without a connection refuses the table formats; unknown formats are named', async () => {
    await expect(format([], 'table')).rejects.toThrow('the table format needs the server\'s columns');
    await expect(format([], 'xml')).rejects.toThrow('unknown output format "xml"');
  });
});

describe('delete', () => {
  test('deletes and waits until gone; then NotFound, unless ignoreNotFound; waitFor delete', async () => {
    const res = await k.delete('configmap', 'merge');
    expect(res?.metadata?.name ?? (res as { details?: { name?: string } })?.details?.name).toBe('merge');
    await expect(k.get('configmap', 'merge')).rejects.toBeInstanceOf(NotFoundError);
    await expect(k.delete('configmap', 'merge')).rejects.toBeInstanceOf(NotFoundError);
    expect(await k.delete('configmap/merge', { ignoreNotFound: true })).toBeUndefined();
    await k.delete('deployment', 'web', { wait: false });
    expect(await k.waitFor('deployment', 'web', 'delete', { timeout: '60s' })).toBeUndefined();
    expect((await ktl(['-n', NS, 'get', 'deployment', 'web'])).stderr).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
  });
});
