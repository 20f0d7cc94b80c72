/**
 * `ktl scale -o FORMAT` against the fake API server: as kubectl 1.33, the
 * object printed is the one read before scaling (its old spec.replicas and
 * generation), for a real scale, a server dry run and a client dry run alike.
 */
import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { standardResources, useFakeServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const s = useFakeServer('ktl-scale-out-');
const ktl = (...args: string[]) => runKtl(['--server', s.server.url, '--cache-dir', path.join(s.dir, 'cache'), ...args], { cwd: s.dir });

const NS = 'op';
const DEPLOY = `/apis/apps/v1/namespaces/${NS}/deployments/sc`;
const before = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'sc', namespace: NS, generation: 1, resourceVersion: '3' }, spec: { replicas: 1 } };
const after = { ...before, metadata: { ...before.metadata, generation: 2, resourceVersion: '4' }, spec: { replicas: 2 } };

function serve(): void {
  s.server.discovery(standardResources());
  // the first read is the builder's; any later one would see the scaled object
  s.server.on('GET', DEPLOY, { body: before }, { body: after });
  s.server.json('PATCH', `${DEPLOY}/scale`, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'sc', namespace: NS }, spec: { replicas: 2 } });
}
const scalePatches = () => s.server.requestsTo(`${DEPLOY}/scale`, 'PATCH').map((r) => `${r.url} ${r.body}`);

describe('scale prints the object as read before scaling', () => {
  test.each([
    [[], 'jsonpath={.spec.replicas}/{.metadata.generation}', '1/1'],
    [['--dry-run=server'], 'jsonpath={.spec.replicas}/{.metadata.generation}', '1/1'],
    [['--dry-run=client'], 'jsonpath={.spec.replicas}/{.metadata.generation}', '1/1'],
    [[], 'json', '{\n    "apiVersion": "apps/v1",\n    "kind": "Deployment",\n    "metadata": {\n        "generation": 1,\n        "name": "sc",\n        "namespace": "op",\n        "resourceVersion": "3"\n    },\n    "spec": {\n        "replicas": 1\n    }\n}\n'],
    [['--dry-run=client'], 'yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  generation: 1\n  name: sc\n  namespace: op\n  resourceVersion: "3"\nspec:\n  replicas: 1\n'],
  ])('%j -o %s', async (extra, format, stdout) => {
    serve();
    const r = await ktl('-n', NS, 'scale', 'deploy', 'sc', '--replicas=2', ...extra, '-o', format);
    expect(r).toEqual({ code: 0, stdout, stderr: '' });
    expect(scalePatches()).toHaveLength(extra.includes('--dry-run=client') ? 0 : 1);
    expect(s.server.unexpected).toEqual([]);
  });
});
