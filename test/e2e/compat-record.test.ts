/**
 * --record, deprecated but accepted by kubectl 1.33 (issue #20): the
 * deprecation line on stderr for every use, and with --record=true the
 * kubernetes.io/change-cause annotation holding the command line as pflag
 * re-reads it (binary name, words, then every flag as --LONG=VALUE).
 * ktl works in namespace A, kubectl in B; the binary's name is normalised.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-crec-a');
const B = uniqueNamespace('ktl-crec-b');
let dir = '';

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-crec-');
  await writeFile(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied}\n');
  await writeFile(path.join(dir, 'created.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: created}\n');
  await writeFile(path.join(dir, 'editor.sh'), '#!/bin/sh\nsed -i "s/^kind: ConfigMap$/kind: ConfigMap\\ndata: {edited: \\"yes\\"}/" "$1"\n', { mode: 0o755 });
  for (const ns of [A, B]) {
    await kubectl(['-n', ns, 'create', 'cm', 'c1']);
    await kubectl(['-n', ns, 'create', 'cm', 'e1']);
    await kubectl(['-n', ns, 'create', 'deploy', 'd1', '--image=registry.k8s.io/pause:3.10']);
  }
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

const norm = (r: ProcResult, ns: string) => ({ code: r.code, stdout: r.stdout.replaceAll(ns, 'NS'), stderr: r.stderr.replaceAll(ns, 'NS') });

async function annotations(ns: string, ref: string): Promise<Record<string, string>> {
  const r = await kubectl(['-n', ns, 'get', ref, '-o', 'jsonpath={.metadata.annotations}']);
  const a = JSON.parse(r.stdout || '{}') as Record<string, string>;
  const cause = a['kubernetes.io/change-cause'];
  if (cause !== undefined) a['kubernetes.io/change-cause'] = cause.replace(/^(ktl|kubectl[\w.-]*) /, 'BIN ').replaceAll(ns, 'NS');
  delete a['kubectl.kubernetes.io/last-applied-configuration'];
  delete a['deployment.kubernetes.io/revision'];
  return a;
}

describe('--record', () => {
  test.each([
    ['label', ['label', 'cm', 'c1', 'a=b', '--record'], 'cm/c1'],
    ['annotate', ['annotate', 'cm', 'c1', 'x=y', '--record=true', '--overwrite'], 'cm/c1'],
    ['patch', ['patch', 'cm', 'c1', '-p', '{"data":{"k":"v"}}', '--record'], 'cm/c1'],
    ['scale', ['scale', 'deploy/d1', '--replicas=2', '--record'], 'deploy/d1'],
    ['set image', ['set', 'image', 'deploy/d1', 'pause=registry.k8s.io/pause:3.9', '--record'], 'deploy/d1'],
    ['set resources (server dry run: nothing kept)', ['set', 'resources', 'deploy/d1', '--limits=cpu=1', '--record', '--dry-run=server'], 'deploy/d1'],
    ['apply', ['apply', '-f', 'FILE:cm.yaml', '--record'], 'cm/applied'],
    ['create -f', ['create', '-f', 'FILE:created.yaml', '--record'], 'cm/created'],
    ['expose', ['expose', 'deploy', 'd1', '--port=80', '--name=svc', '--record'], 'svc/svc'],
    ['run', ['run', 'p1', '--image=registry.k8s.io/pause:3.10', '--record'], 'pod/p1'],
    ['--record=false records nothing', ['label', 'cm', 'c1', 'z=1', '--record=false'], 'cm/c1'],
  ] as const)('%s', async (_name, args, ref) => {
    const files = (a: readonly string[]) => a.map((x) => (x.startsWith('FILE:') ? path.join(dir, x.slice(5)) : x));
    const [a, b] = await Promise.all([ktl(['-n', A, ...files(args)]), kubectl(['-n', B, ...files(args)])]);
    expect(a.stderr).toContain('Flag --record has been deprecated, --record will be removed in the future\n');
    expect(norm(a, A)).toEqual(norm(b, B));
    const [x, y] = await Promise.all([annotations(A, ref), annotations(B, ref)]);
    expect(x).toEqual(y);
  });

  test('edit --record: the change cause set on the edited object (after its last-applied annotation)', async () => {
    const env = { KUBE_EDITOR: path.join(dir, 'editor.sh'), EDITOR: undefined };
    const [a, b] = await Promise.all([ktl(['-n', A, 'edit', 'cm/e1', '--record'], { env }), kubectl(['-n', B, 'edit', 'cm/e1', '--record'], { env })]);
    expect(a.stderr).toContain('Flag --record has been deprecated, --record will be removed in the future\n');
    expect(norm(a, A)).toEqual(norm(b, B));
    expect(b.stdout).toBe('configmap/e1 edited\n');
    const [x, y] = await Promise.all([annotations(A, 'cm/e1'), annotations(B, 'cm/e1')]);
    expect(x).toEqual(y);
    expect(y['kubernetes.io/change-cause']).toBe('BIN edit cm/e1 --namespace=NS --record=true');
  });

  test('a command without --record in kubectl 1.33 refuses it', async () => {
    const [a, b] = await Promise.all([ktl(['-n', A, 'set', 'env', 'deploy/d1', 'A=b', '--record']), kubectl(['-n', B, 'set', 'env', 'deploy/d1', 'A=b', '--record'])]);
    expect(a.code).toBe(1);
    expect(a.stderr.replace("'ktl ", "'kubectl ")).toBe(b.stderr);
  });
});
