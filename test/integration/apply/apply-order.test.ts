/**
 * `apply -f` with a Namespace and an object in it, against a fake API server
 * that refuses objects in a namespace it does not have: kubectl 1.33 applies
 * one object after the other in input order, so a Namespace after an object
 * that needs it is created but the object fails (`namespaces "x" not found`,
 * exit 1); a Namespace before it is created first and the object then
 * succeeds, however slow the Namespace's creation is.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { FakeApiServer, standardResources, statusBody, type RecordedRequest } from '../fake-server.js';

let server: FakeApiServer;
let dir: string;
let namespaces: Set<string>;

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mr\n';
const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: mr\ndata:\n  a: "1"\n`;
const notFound = (kind: string, name: string) => ({ status: 404, body: statusBody(404, 'NotFound', `${kind} "${name}" not found`, { name, kind }) });

beforeEach(async () => {
  namespaces = new Set();
  server = await FakeApiServer.start();
  server.discovery(standardResources());
  server.status('GET', '/openapi/v3', 404, 'NotFound', 'the server could not find the requested resource');
  server.on('GET', /^\/api\/v1\/namespaces\/[^/]+$/, (req: RecordedRequest) => {
    const name = req.path.split('/')[4]!;
    return namespaces.has(name) ? { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } } : notFound('namespaces', name);
  });
  // the namespace is there only once its POST is answered, after a while
  server.on('POST', '/api/v1/namespaces', async (req: RecordedRequest) => {
    const obj = JSON.parse(req.body) as { metadata: { name: string } };
    await new Promise((r) => setTimeout(r, 150));
    namespaces.add(obj.metadata.name);
    return { status: 201, body: obj };
  });
  server.on('GET', /^\/api\/v1\/namespaces\/[^/]+\/configmaps\/[^/]+$/, (req: RecordedRequest) => notFound('configmaps', req.path.split('/')[6]!));
  server.on('POST', /^\/api\/v1\/namespaces\/[^/]+\/configmaps$/, (req: RecordedRequest) => {
    const ns = req.path.split('/')[4]!;
    return namespaces.has(ns) ? { status: 201, body: JSON.parse(req.body) } : notFound('namespaces', ns);
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-apply-order-'));
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function apply(docs: string[], ...extra: string[]) {
  const file = path.join(dir, 'm.yaml');
  await writeFile(file, docs.join('---\n'));
  const r = await runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), 'apply', '-f', file, ...extra]);
  return { ...r, stderr: r.stderr.replaceAll(file, 'm.yaml') };
}
const posts = () => server.requests.filter((q) => q.method === 'POST').map((q) => q.path);

describe('apply keeps kubectl\'s order between a Namespace and the objects in it', () => {
  test('the object before its Namespace: the Namespace is created, the object fails, exit 1', async () => {
    const r = await apply([CM('c1'), NS]);
    expect(r).toEqual({
      code: 1,
      stdout: 'namespace/mr created\n',
      stderr: 'Error from server (NotFound): error when creating "m.yaml": namespaces "mr" not found\n',
    });
    expect(posts()).toEqual(['/api/v1/namespaces/mr/configmaps', '/api/v1/namespaces']);
    expect([...namespaces]).toEqual(['mr']);
  });

  test('the Namespace first: everything after it waits for it and succeeds, printed in input order', async () => {
    const r = await apply([NS, CM('c1'), CM('c2'), CM('c3')]);
    expect(r).toEqual({ code: 0, stdout: 'namespace/mr created\nconfigmap/c1 created\nconfigmap/c2 created\nconfigmap/c3 created\n', stderr: '' });
    expect(posts()[0]).toBe('/api/v1/namespaces');
  });

  test('objects on both sides of their Namespace: those before fail, those after succeed', async () => {
    const r = await apply([CM('c1'), CM('c2'), NS, CM('c3')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('namespace/mr created\nconfigmap/c3 created\n');
    // as kubectl 1.33 prints two failures (measured on a cluster)
    expect(r.stderr).toBe(
      'Error from server (NotFound): error when creating "m.yaml": namespaces "mr" not found\n' +
        'Error from server (NotFound): error when creating "m.yaml": namespaces "mr" not found\n',
    );
  });

  test('-l filters objects once mapped: a document that does not map fails whatever its labels (kubectl\'s builder)', async () => {
    const gadget = 'apiVersion: nothing.example.org/v1\nkind: Gadget\nmetadata:\n  name: foo\n';
    const r = await apply([gadget, CM('c1')], '-l', 'app=none');
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: resource mapping not found for name: "foo" namespace: "" from "m.yaml": no matches for kind "Gadget" in version "nothing.example.org/v1"\nensure CRDs are installed first\n',
    });
    expect(posts()).toEqual([]);
    const none = await apply([CM('c1')], '-l', 'app=none');
    expect(none).toEqual({ code: 1, stdout: '', stderr: 'error: no objects passed to apply\n' });
  });
});

describe('apply keeps kubectl\'s order around kinds that change admission (a ServiceAccount a pod names)', () => {
  const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n  namespace: mr\n';
  const POD = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: mr\nspec:\n  serviceAccountName: robot\n  containers: [{name: c, image: x}]\n`;
  let accounts: Set<string>;
  beforeEach(() => {
    accounts = new Set();
    server.reset();
    server.status('GET', '/openapi/v3', 404, 'NotFound', 'the server could not find the requested resource');
    server.discovery([
      ...standardResources(),
      { group: '', version: 'v1', name: 'serviceaccounts', singularName: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, verbs: ['create', 'get', 'list', 'patch'] },
    ]);
    server.on('GET', /^\/api\/v1\/namespaces\/mr\/(serviceaccounts|pods)\/[^/]+$/, (req: RecordedRequest) => notFound(req.path.split('/')[5]!, req.path.split('/')[6]!));
    // the account exists only once its POST is answered, after a while
    server.on('POST', '/api/v1/namespaces/mr/serviceaccounts', async (req: RecordedRequest) => {
      const obj = JSON.parse(req.body) as { metadata: { name: string } };
      await new Promise((r) => setTimeout(r, 150));
      accounts.add(obj.metadata.name);
      return { status: 201, body: obj };
    });
    // the API server's ServiceAccount admission: a pod naming an account that does not exist is refused
    server.on('POST', '/api/v1/namespaces/mr/pods', (req: RecordedRequest) => {
      const obj = JSON.parse(req.body) as { metadata: { name: string } };
      if (accounts.has('robot')) return { status: 201, body: obj };
      const msg = `pods "${obj.metadata.name}" is forbidden: error looking up service account mr/robot: serviceaccount "robot" not found`;
      return { status: 403, body: statusBody(403, 'Forbidden', msg, { name: obj.metadata.name, kind: 'pods' }) };
    });
  });

  test('the account first: the pods after it wait for it and are admitted; a pod before it is refused', async () => {
    const r = await apply([POD('early'), SA, POD('p1'), POD('p2')]);
    expect(r).toEqual({
      code: 1,
      stdout: 'serviceaccount/robot created\npod/p1 created\npod/p2 created\n',
      stderr:
        'Error from server (Forbidden): error when creating "m.yaml": pods "early" is forbidden: error looking up service account mr/robot: serviceaccount "robot" not found\n',
    });
    expect(posts()).toEqual(['/api/v1/namespaces/mr/pods', '/api/v1/namespaces/mr/serviceaccounts', '/api/v1/namespaces/mr/pods', '/api/v1/namespaces/mr/pods']);
  });
});
