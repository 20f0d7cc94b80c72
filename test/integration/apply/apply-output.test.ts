/**
 * What `ktl apply -o ...` prints for several objects, byte for byte as
 * kubectl 1.33 printed it against a server answering the same way (recorded
 * in test/golden/apply-output/): one v1 List (kind, apiVersion, metadata {},
 * items) after all objects are applied, for every object format; managed
 * fields hidden unless asked for; a format apply cannot print fails after
 * the objects were applied, as in kubectl.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runKtl } from '../../helpers/fake-io.js';
import { FakeApiServer, standardResources } from '../fake-server.js';

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../golden/apply-output');
const MANIFESTS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
data:
  k: v
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
data:
  k: w
`;

let server: FakeApiServer;
let dir: string;

beforeEach(async () => {
  server = await FakeApiServer.start();
  server.discovery(standardResources());
  for (const name of ['a', 'b']) {
    server.status('GET', `/api/v1/namespaces/default/configmaps/${name}`, 404, 'NotFound', `configmaps "${name}" not found`);
  }
  // the server's answer to a create: the object sent, with what the server adds
  let rv = 100;
  server.on('POST', '/api/v1/namespaces/default/configmaps', (req) => {
    const obj = JSON.parse(req.body) as { metadata: Record<string, unknown> };
    const name = String(obj.metadata.name);
    obj.metadata = {
      ...obj.metadata,
      namespace: 'default',
      uid: `u-${name}`,
      resourceVersion: String(++rv),
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1' }],
    };
    return { status: 201, body: obj };
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-apply-out-'));
  await writeFile(path.join(dir, 'two.yaml'), MANIFESTS);
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const apply = (...extra: string[]) =>
  runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), '-n', 'default', 'apply', '--validate=false', '-f', path.join(dir, 'two.yaml'), ...extra]);
const golden = (name: string) => readFile(path.join(GOLDEN, `${name}.stdout`), 'utf8');

describe('apply -o with several objects (kubectl 1.33 recorded)', () => {
  test.each([
    ['json', ['-o', 'json']],
    ['yaml', ['-o', 'yaml']],
    ['jsonpath', ['-o', 'jsonpath={.kind}{range .items[*]} {.metadata.name}={.metadata.resourceVersion}{end}']],
    ['go-template', ['-o', 'go-template={{.kind}}{{range .items}} {{.metadata.name}}{{end}}']],
    ['name', ['-o', 'name']],
    ['show-managed', ['-o', 'yaml', '--show-managed-fields']],
  ])('-o %s', async (name, flags) => {
    const r = await apply(...flags);
    expect(r).toEqual({ code: 0, stdout: await golden(name), stderr: '' });
    expect(server.requestsTo('/api/v1/namespaces/default/configmaps', 'POST')).toHaveLength(2);
  });

  test('-o custom-columns: the objects are applied, then kubectl\'s printer error', async () => {
    const r = await apply('-o', 'custom-columns=N:.metadata.name');
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: unable to match a printer suitable for the output format "custom-columns=N:.metadata.name", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    });
    expect(server.requestsTo('/api/v1/namespaces/default/configmaps', 'POST')).toHaveLength(2);
  });

  test('-o jsonpath with one object prints the object itself', async () => {
    await writeFile(path.join(dir, 'two.yaml'), MANIFESTS.split('---\n')[0]!);
    const r = await apply('-o', 'jsonpath={.kind}/{.metadata.name}');
    expect(r).toEqual({ code: 0, stdout: 'ConfigMap/a', stderr: '' });
  });

  // kubectl's PrintFlags: --template without -o is go-template, and apply's printer for each
  // object (where "created" would be) is then that template, object by object, not one List
  test('--template without -o: each object through the template as it is applied (kubectl 1.33: "a:b:")', async () => {
    expect(await apply('--template={{.metadata.name}}:')).toEqual({ code: 0, stdout: 'a:b:', stderr: '' });
    expect(server.requestsTo('/api/v1/namespaces/default/configmaps', 'POST')).toHaveLength(2);
    expect(await apply('--dry-run=client', '--template={{.kind}}:')).toEqual({ code: 0, stdout: 'ConfigMap:ConfigMap:', stderr: '' });
  });
});
