/**
 * `ktl apply --overwrite=false` against the fake API server: a patch that
 * changes what someone else changed since the last apply is refused as
 * kubectl 1.33 refuses it (a warning per OpenAPI attempt, then the error with
 * the three documents), and nothing is written.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { FakeApiServer, standardResources } from '../fake-server.js';

let server: FakeApiServer;
let dir: string;
const CM_PATH = '/api/v1/namespaces/default/configmaps/cm';
const LAST = 'kubectl.kubernetes.io/last-applied-configuration';
const OLD = '{"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"cm","namespace":"default"}}\n';
const NEW = '{"apiVersion":"v1","data":{"k":"v2"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"cm","namespace":"default"}}\n';
// the live object: applied with k=v, then patched to k=changed by someone else
const LIVE = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'default', resourceVersion: '7', uid: 'u1', annotations: { [LAST]: OLD } },
  data: { k: 'changed' },
};
const CURRENT = `{"apiVersion":"v1","data":{"k":"changed"},"kind":"ConfigMap","metadata":{"annotations":{"${LAST}":${JSON.stringify(OLD)}},"name":"cm","namespace":"default","resourceVersion":"7","uid":"u1"}}`;
const MODIFIED = `{"apiVersion":"v1","data":{"k":"v2"},"kind":"ConfigMap","metadata":{"annotations":{"${LAST}":${JSON.stringify(NEW)}},"name":"cm","namespace":"default"}}`;
const CONFLICT =
  `patch:\ndata:\n  k: v2\nmetadata:\n  annotations:\n    ${LAST}: |\n      ${NEW}\n` +
  `conflicts with changes made from original to current:\ndata:\n  k: changed\nmetadata:\n  annotations:\n    ${LAST}: |\n      ${OLD}  resourceVersion: "7"\n  uid: u1\n\n`;
const ERROR =
  `error: error when applying patch:\n\nto:\nResource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"\nName: "cm", Namespace: "default"\n` +
  `for: "MANIFEST": error when patching "MANIFEST": creating patch with:\noriginal:\n${OLD}\nmodified:\n${MODIFIED}\n\ncurrent:\n${CURRENT}\n\nfor:: ${CONFLICT}`;

/** A minimal OpenAPI v3 document for core/v1 that names the ConfigMap kind. */
function serveOpenApi(): void {
  server.json('GET', '/openapi/v3', { paths: { 'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=H1' } } });
  server.json('GET', '/openapi/v3/api/v1', {
    components: {
      schemas: {
        'io.k8s.api.core.v1.ConfigMap': {
          type: 'object',
          properties: { data: { type: 'object', additionalProperties: { type: 'string' } } },
          'x-kubernetes-group-version-kind': [{ group: '', kind: 'ConfigMap', version: 'v1' }],
        },
      },
    },
  });
}

beforeEach(async () => {
  server = await FakeApiServer.start();
  server.discovery(standardResources());
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-apply-ow-'));
  await writeFile(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  k: v2\n');
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const apply = (...extra: string[]) =>
  runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), 'apply', '-f', path.join(dir, 'cm.yaml'), ...extra]);
const expected = (text: string) => text.replaceAll('MANIFEST', path.join(dir, 'cm.yaml'));

describe('apply --overwrite=false', () => {
  test('a conflict: both OpenAPI warnings, then the error; nothing patched', async () => {
    serveOpenApi();
    server.json('GET', CM_PATH, LIVE);
    const r = await apply('--overwrite=false');
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `warning: error calculating patch from openapi v3 spec: ${CONFLICT}\nwarning: error calculating patch from openapi spec: ${CONFLICT}\n` + expected(ERROR),
    );
    expect(r.code).toBe(1);
    expect(server.requestsTo(CM_PATH, 'PATCH')).toEqual([]);
    expect(server.unexpected).toEqual([]);
  });

  test('--openapi-patch=false: only the error (kubectl goes straight to its compiled-in types)', async () => {
    serveOpenApi();
    server.json('GET', CM_PATH, LIVE);
    const r = await apply('--overwrite=false', '--openapi-patch=false');
    expect(r).toEqual({ code: 1, stdout: '', stderr: expected(ERROR) });
    expect(server.requestsTo(CM_PATH, 'PATCH')).toEqual([]);
  });

  test('the other objects are still applied; the failure ends the run', async () => {
    serveOpenApi();
    server.json('GET', CM_PATH, LIVE);
    const other = '/api/v1/namespaces/default/configmaps/b';
    server.status('GET', other, 404, 'NotFound', 'configmaps "b" not found');
    server.json('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'default' } }, 201);
    await writeFile(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  k: v2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n');
    const r = await apply('--overwrite=false');
    expect(r.stdout).toBe('configmap/b created\n');
    expect(r.stderr).toBe(
      `warning: error calculating patch from openapi v3 spec: ${CONFLICT}\nwarning: error calculating patch from openapi spec: ${CONFLICT}\n` + expected(ERROR),
    );
    expect(r.code).toBe(1);
  });
});
