/**
 * `apply view-last-applied` and `apply set-last-applied` (issue #20) against
 * kubectl.1.33: ktl works in namespace A, kubectl in B, on the same objects;
 * output bytes, exit codes and the annotations left must be equal.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-clast-a');
const B = uniqueNamespace('ktl-clast-b');
let dir = '';

const TWO = `apiVersion: v1
kind: ConfigMap
metadata: {name: la-a, labels: {k: a}, annotations: {note: "x\\u003cy"}}
data: {n: "1", list: "[1, 2]"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: la-b, labels: {k: b}}
data: {}
`;
const SET = `apiVersion: v1
kind: ConfigMap
metadata: {name: plain, labels: {k: "x"}}
data: {a: b}
`;

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-clast-');
  await writeFile(path.join(dir, 'two.yaml'), TWO);
  await writeFile(path.join(dir, 'set.yaml'), SET);
  for (const ns of [A, B]) {
    await kubectl(['apply', '-n', ns, '-f', path.join(dir, 'two.yaml')]);
    await kubectl(['create', '-n', ns, 'configmap', 'plain', '--from-literal=a=b']);
  }
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

const norm = (r: ProcResult, ns: string) => ({
  code: r.code,
  stdout: r.stdout.replaceAll(ns, 'NS').replace(/^( *(creationTimestamp|resourceVersion|uid|time)): .*$/gm, '$1: X'),
  stderr: r.stderr.replaceAll(ns, 'NS').replaceAll(dir, 'DIR').replaceAll("'ktl ", "'kubectl "),
});

async function both(args: string[]) {
  const withDir = args.map((a) => a.replace(/^@/, `${dir}/`));
  const [a, b] = await Promise.all([ktl(['-n', A, ...withDir]), kubectl(['-n', B, ...withDir])]);
  return { ktl: norm(a, A), kubectl: norm(b, B) };
}

describe('apply view-last-applied', () => {
  const cases: string[][] = [
    ['cm/la-a'],
    ['cm/la-a', '-o', 'json'],
    ['configmap', 'la-a', 'la-b', '-o', 'json'],
    ['cm', '-l', 'k'],
    ['-f', '@two.yaml', '-o', 'json'],
    ['cm/plain'],
    ['cm/la-b', 'cm/plain', '-o', 'json'],
    ['cm/missing'],
    [],
    ['cm/la-a', '-o', 'wide'],
    ['cm', '--all'],
    ['--all'],
    ['cm/la-a', '--all'],
  ];
  test.each(cases.map((c) => [c.join(' ') || '(nothing)', c] as const))('%s', async (_title, args) => {
    const r = await both(['apply', 'view-last-applied', ...args]);
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('an object read from a file without the annotation: kubectl\'s (odd) error', async () => {
    for (const ns of [A, B]) {
      const live = await kubectl(['get', '-n', ns, 'cm/plain', '-o', 'yaml']);
      await writeFile(path.join(dir, `plain-${ns}.yaml`), live.stdout);
    }
    const [a, b] = await Promise.all([
      ktl(['-n', A, 'apply', 'view-last-applied', '-f', path.join(dir, `plain-${A}.yaml`)]),
      kubectl(['-n', B, 'apply', 'view-last-applied', '-f', path.join(dir, `plain-${B}.yaml`)]),
    ]);
    expect(a.code).toBe(1);
    expect(norm(a, A).stderr.replace(A, B)).toBe(norm(b, B).stderr.replace(`plain-${B}`, `plain-${A}`).replace(A, B));
  });
});

describe('apply set-last-applied', () => {
  test('needs --create-annotation on an object without one; dry runs change nothing; then no changes required', async () => {
    let r = await both(['apply', 'set-last-applied', '-f', '@set.yaml']);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl.stderr).toBe(
      'error: no last-applied-configuration annotation found on resource: plain, to create the annotation, run the command with --create-annotation\n',
    );
    expect(r.ktl).toEqual(r.kubectl);
    for (const dry of ['client', 'server']) {
      r = await both(['apply', 'set-last-applied', '-f', '@set.yaml', '--create-annotation', `--dry-run=${dry}`]);
      expect(r.ktl).toEqual(r.kubectl);
    }
    r = await both(['apply', 'view-last-applied', 'cm/plain']);
    expect(r.ktl.stdout).toBe('');
    r = await both(['apply', 'set-last-applied', '-f', '@set.yaml', '--create-annotation', '-o', 'yaml']);
    expect(r.ktl.code).toBe(0);
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['apply', 'view-last-applied', 'cm/plain', '-o', 'json']);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout).toContain('"k": "x"');
    r = await both(['apply', 'set-last-applied', '-f', '@set.yaml', '-o', 'name']);
    expect(r.ktl.stdout).toBe('set-last-applied plain: no changes required.\n');
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['apply', 'set-last-applied', '-f', '@two.yaml']);
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['apply', 'set-last-applied']);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl).toEqual(r.kubectl);
    const [a, b] = await Promise.all(
      [A, B].map((ns) => kubectl(['get', '-n', ns, 'configmaps', '-l', 'k', '-o', 'jsonpath={range .items[*]}{.metadata.annotations}{"\\n"}{end}'])),
    );
    expect(a!.stdout.replaceAll(A, 'NS')).toBe(b!.stdout.replaceAll(B, 'NS'));
  });
});
