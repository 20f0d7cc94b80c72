/**
 * `apply -f` of several objects where order matters, against kubectl 1.33:
 * kubectl maps every document first, then applies them one by one in input
 * order. So an object before its Namespace fails (`namespaces "x" not found`,
 * exit 1) while the Namespace is created; a Namespace before its objects
 * works; a custom object fails to map (`no matches for kind`) whether its CRD
 * comes before or after it in the same run, and the CRD is created. Each case
 * runs with both tools on their own names (stdout, stderr, exit code and what
 * is on the server afterwards must match), plain, --server-side, both dry runs
 * and --prune.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ktl, kubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';

let dir = '';
const made: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-e2e-apply-order-'));
});
afterAll(async () => {
  const crds = made.map((id) => `widgets.${id}.example.com`);
  await kubectl(['delete', 'crd', ...crds, '--ignore-not-found', '--wait=false']);
  await kubectl(['delete', 'ns', ...made, '--ignore-not-found', '--wait=false']);
  await rm(dir, { recursive: true, force: true });
});

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ID\n';
const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ID\n  labels: {suite: order}\ndata:\n  a: "1"\n`;
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.ID.example.com
spec:
  group: ID.example.com
  scope: Cluster
  names: {plural: widgets, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;
const CR = 'apiVersion: ID.example.com/v1\nkind: Widget\nmetadata:\n  name: foo\n';

const CASES: Record<string, string[]> = {
  'object before its Namespace': [CM('c1'), NS],
  'Namespace before its objects': [NS, CM('c1'), CM('c2')],
  'objects on both sides of their Namespace': [CM('c1'), NS, CM('c2')],
  'custom object before its CRD': [CR, CRD],
  'CRD before its custom object': [CRD, CR],
};
const FLAGS: string[][] = [[], ['--server-side'], ['--dry-run=client'], ['--dry-run=server'], ['--prune', '-l', 'suite=order', '--prune-allowlist=core/v1/ConfigMap']];

const norm = (r: ProcResult, id: string, file: string) => ({
  code: r.code,
  stdout: r.stdout.replaceAll(file, 'FILE').replaceAll(id, 'ID'),
  stderr: r.stderr.replaceAll(file, 'FILE').replaceAll(id, 'ID'),
});

/** What the server holds afterwards, names normalised. */
async function state(id: string) {
  const got = await Promise.all([
    kubectl(['get', 'ns', id, '-o', 'name']),
    kubectl(['get', 'configmaps', '-n', id, '-l', 'suite=order', '-o', 'name']),
    kubectl(['get', 'crd', `widgets.${id}.example.com`, '-o', 'name']),
  ]);
  return got.map((r) => `${r.code} ${r.stdout}${r.stderr}`.replaceAll(id, 'ID'));
}

async function run(docs: string[], flags: string[], tool: 'ktl' | 'kubectl') {
  const id = uniqueNamespace(`a-ord-${tool === 'ktl' ? 'k' : 'r'}`);
  made.push(id);
  const file = path.join(dir, `${id}.yaml`);
  await writeFile(file, docs.join('---\n').replaceAll('ID', id));
  // a cache of its own: discovery as a first run sees it
  const args = ['apply', '--cache-dir', path.join(dir, `cache-${id}`), '-f', file, ...flags];
  const r = await (tool === 'ktl' ? ktl(args) : kubectl(args));
  return { out: norm(r, id, file), state: await state(id) };
}

describe('apply -f keeps kubectl 1.33\'s order', () => {
  for (const [name, docs] of Object.entries(CASES)) {
    test.each(FLAGS.map((f) => [f.join(' ') || '(plain)', f] as const))(`${name}: %s`, async (_label, flags) => {
      const [k, r] = await Promise.all([run(docs, flags, 'ktl'), run(docs, flags, 'kubectl')]);
      expect(k).toEqual(r);
    });
  }

  test('the cases say what kubectl says', async () => {
    const r = await run(CASES['object before its Namespace']!, [], 'ktl');
    expect(r.out).toEqual({
      code: 1,
      stdout: 'namespace/ID created\n',
      stderr: 'Error from server (NotFound): error when creating "FILE": namespaces "ID" not found\n',
    });
    const c = await run(CASES['CRD before its custom object']!, [], 'ktl');
    expect(c.out).toEqual({
      code: 1,
      stdout: 'customresourcedefinition.apiextensions.k8s.io/widgets.ID.example.com created\n',
      stderr:
        'error: resource mapping not found for name: "foo" namespace: "" from "FILE": no matches for kind "Widget" in version "ID.example.com/v1"\nensure CRDs are installed first\n',
    });
    expect(c.state[2]).toBe('0 customresourcedefinition.apiextensions.k8s.io/widgets.ID.example.com\n');
  });
});
