/**
 * `expose -f FILE`: kubectl 1.33 exposes the object as the file has it
 * (its builder has no Latest()), without reading it from the server; the
 * default service name is the object's cut to 63 characters; an apps/v1
 * workload without matchLabels cannot be exposed; --dry-run=client prints a
 * namespace only when -n gave one; --template alone prints through it.
 * Outputs checked against kubectl.1.33 on a real cluster (upstream
 * test/cmd core.sh and template-output.sh).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-expose-file-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), ...args]);

const LONG = 'kubernetes-serve-hostname-testing-sixty-three-characters-in-length';
const RS = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: redis-slave
  labels: {app: redis, role: slave}
spec:
  selector:
    matchLabels: {app: redis, role: slave}
  template:
    metadata:
      labels: {app: redis, role: slave}
    spec:
      containers:
      - name: slave
        image: redis
        ports:
        - containerPort: 6379
`;

async function file(name: string, text: string): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, text);
  return p;
}

describe('expose -f FILE', () => {
  test('--dry-run=client --template: the file object is exposed, nothing is read from the server', async () => {
    server.discovery();
    const f = await file('rs.yaml', RS);
    const r = await ktl('expose', '-f', f, '--port=80', '--target-port=8000', '--dry-run=client', '--template={{ .metadata.name }}:');
    expect(r).toEqual({ code: 0, stdout: 'redis-slave:', stderr: '' });
    expect(server.requests.filter((q) => q.path.includes('replicasets'))).toEqual([]);
  });

  test('--dry-run=client -o yaml: namespace only with -n', async () => {
    server.discovery();
    const f = await file('rs.yaml', RS);
    const without = await ktl('expose', '-f', f, '--port=80', '--dry-run=client', '-o', 'jsonpath={.metadata.namespace}|{.spec.selector}|{.spec.ports}');
    expect(without).toEqual({ code: 0, stdout: '|{"app":"redis","role":"slave"}|[{"port":80,"protocol":"TCP","targetPort":80}]', stderr: '' });
    const withNs = await ktl('-n', 'ns1', 'expose', '-f', f, '--port=80', '--dry-run=client', '-o', 'jsonpath={.metadata.namespace}');
    expect(withNs).toEqual({ code: 0, stdout: 'ns1', stderr: '' });
  });

  test('a created service: POSTed to the command namespace with the file object selector and ports, name cut to 63', async () => {
    server.discovery();
    server.on('POST', '/api/v1/namespaces/default/services', (req) => ({ status: 201, body: JSON.parse(req.body) }));
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: ${LONG}
  namespace: elsewhere
  labels: {name: kubernetes-serve-hostname}
spec:
  containers:
  - name: c
    image: agnhost
`;
    const f = await file('pod.yaml', pod);
    const r = await ktl('expose', '-f', f, '--port=8081');
    expect(r).toEqual({ code: 0, stdout: `service/${LONG.slice(0, 63)} exposed\n`, stderr: '' });
    expect(LONG.slice(0, 63)).toBe('kubernetes-serve-hostname-testing-sixty-three-characters-in-len');
    const [post] = server.requestsTo('/api/v1/namespaces/default/services', 'POST');
    const sent = JSON.parse(post!.body);
    expect(sent.metadata).toEqual({ name: LONG.slice(0, 63), creationTimestamp: null, labels: { name: 'kubernetes-serve-hostname' } });
    expect(sent.spec).toEqual({ ports: [{ protocol: 'TCP', port: 8081, targetPort: 8081 }], selector: { name: 'kubernetes-serve-hostname' } });
    expect(server.requests.filter((q) => q.path.includes('/pods'))).toEqual([]);
  });

  test('an apps/v1 Deployment without matchLabels: "invalid deployment: no selectors"', async () => {
    server.discovery();
    const f = await file('d.yaml', RS.replace('ReplicaSet', 'Deployment').replace(/  selector:\n    matchLabels: \{app: redis, role: slave\}\n/, ''));
    expect(await ktl('expose', '-f', f, '--port', '80')).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: couldn't retrieve selectors via --selector flag or introspection: invalid deployment: no selectors, therefore cannot be exposed\n",
    });
    const rs = await file('rs2.yaml', RS.replace('matchLabels: {app: redis, role: slave}', 'matchExpressions: [{key: app, operator: Exists}]'));
    expect((await ktl('expose', '-f', rs, '--port', '80')).stderr).toBe(
      "error: couldn't retrieve selectors via --selector flag or introspection: invalid replicaset: no selectors, therefore cannot be exposed\n",
    );
  });

  test('TYPE NAME is still read from the server', async () => {
    server.discovery();
    server.status('GET', '/apis/apps/v1/namespaces/default/replicasets/nope', 404, 'NotFound', 'replicasets.apps "nope" not found');
    expect(await ktl('expose', 'rs', 'nope', '--port=80')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): replicasets.apps "nope" not found\n',
    });
  });
});
