/**
 * -l/--selector with -f (issue #20): the objects read from the files are
 * filtered by their labels as written, as kubectl's builder does, in create,
 * apply, get, label, annotate, describe and delete. ktl works in namespace A,
 * kubectl in B; output bytes, exit codes and the objects left must be equal.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-csel-a');
const B = uniqueNamespace('ktl-csel-b');
let dir = '';
let file = '';

const TWO = `apiVersion: v1
kind: ConfigMap
metadata: {name: sel-a, labels: {k: a}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: sel-b, labels: {k: b}}
`;

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-csel-');
  file = path.join(dir, 'two.yaml');
  await writeFile(file, TWO);
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

const norm = (r: ProcResult, ns: string) => ({
  code: r.code,
  stdout: r.stdout.replaceAll(ns, 'NS').replace(/^(Annotations|Labels|Name|Namespace):.*$/gm, '$1:'),
  stderr: r.stderr.replaceAll(ns, 'NS').replaceAll("'ktl ", "'kubectl "),
});

async function both(args: string[]) {
  const [a, b] = await Promise.all([ktl(['-n', A, ...args]), kubectl(['-n', B, ...args])]);
  return { ktl: norm(a, A), kubectl: norm(b, B) };
}

async function names(ns: string): Promise<string> {
  const r = await kubectl(['get', '-n', ns, 'configmaps', '-l', 'k', '-o', 'custom-columns=N:.metadata.name,L:.metadata.labels,A:.metadata.annotations', '--no-headers']);
  return r.stdout.replaceAll(ns, 'NS');
}

async function expectSameObjects(): Promise<string> {
  const [a, b] = await Promise.all([names(A), names(B)]);
  expect(a).toBe(b);
  return a;
}

describe('-l filters the objects read from -f', () => {
  test('create, apply, get, label, annotate, describe, delete', async () => {
    let r = await both(['create', '-l', 'k=a', '-f', file]);
    expect(r.ktl.stdout).toBe('configmap/sel-a created\n');
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['create', '-l', 'k=none', '-f', file]);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl.stderr).toBe('error: no objects passed to create\n');
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['apply', '-l', 'k=b', '-f', file]);
    expect(r.ktl.stdout).toBe('configmap/sel-b created\n');
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['get', '-l', 'k in (a)', '-f', file, '-o', 'name']);
    expect(r.ktl.stdout).toBe('configmap/sel-a\n');
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['label', '-l', 'k=a', '-f', file, 'x=1']);
    expect(r.ktl.stdout).toBe('configmap/sel-a labeled\n');
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['annotate', '-l', 'k!=a', '-f', file, 'y=1']);
    expect(r.ktl.stdout).toBe('configmap/sel-b annotated\n');
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['describe', '-l', 'k=a', '-f', file]);
    expect(r.ktl.code).toBe(0);
    expect(r.ktl.stdout.split('\n')[0]).toBe('Name:');
    expect(r.ktl.stdout.match(/^Name:$/gm)).toHaveLength(1);
    expect(r.ktl).toEqual(r.kubectl);
    await expectSameObjects();
    r = await both(['delete', '-l', 'k=a', '-f', file]);
    expect(r.ktl.stdout).toBe('configmap "sel-a" deleted\n');
    expect(r.ktl).toEqual(r.kubectl);
    expect(await expectSameObjects()).toMatch(/^sel-b /);
  });

  test('-l is not a flag of the create generators', async () => {
    for (const flag of [['-l', 'x=y'], ['--selector=x=y']]) {
      const r = await both(['create', 'configmap', 'gen', ...flag]);
      expect(r.ktl.code).toBe(1);
      expect(r.ktl).toEqual(r.kubectl);
    }
    const [a, b] = await Promise.all([kubectl(['get', '-n', A, 'cm/gen']), kubectl(['get', '-n', B, 'cm/gen'])]);
    expect([a.code, b.code]).toEqual([1, 1]);
  });
});
