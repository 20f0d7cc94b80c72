/**
 * -f input that is partly broken (a YAML syntax error mid-file, an unknown
 * kind, documents without kind or that are not objects, a List in a List),
 * given to every command that reads manifests. kubectl carries on with what
 * it could read, acts on it, then lists the errors in an order that depends
 * on the command; ktl must print the same lines and exit codes and leave the
 * same objects. ktl runs in namespace A, kubectl in B, on the same files.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-mferr-a');
const B = uniqueNamespace('ktl-mferr-b');
let dir = '';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
const FILES: Record<string, string> = {
  // an object, then one of a kind the server does not serve
  'mixed/a.yaml': `${cm('m-a')}---\napiVersion: x.example.com/v1\nkind: Nope\nmetadata:\n  name: n1\n`,
  // a syntax error in the second document: the first is used, the third never read
  'mixed/b.yaml': `${cm('m-b1')}---\n${cm('m-b2')}  labels: {x: y\n---\n${cm('m-b3')}`,
  'mixed/c.yaml': cm('m-c'),
  'empty.yaml': `{}\n---\n${cm('e-1')}`,
  'scalar.yaml': `foo\n---\n${cm('e-2')}`,
  'nokind.yaml': `apiVersion: v1\nmetadata:\n  name: e-3\n---\n${cm('e-4')}`,
  'nested.yaml': `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - ${cm('e-5').trimEnd().replace(/\n/g, '\n    ')}\n`,
};

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-mferr-');
  for (const [name, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

const norm = (r: ProcResult, ns: string) => ({
  code: r.code,
  stdout: r.stdout.replaceAll(ns, 'NS'),
  // ktl names the document of a multi-document stream a syntax error is in; kubectl does not
  stderr: r.stderr.replaceAll(ns, 'NS').replaceAll(' (document 2)', ''),
});

/** Runs the same command with both tools (cwd = the manifests' directory) and compares. */
async function both(args: string[]) {
  const [a, b] = await Promise.all([ktl([...args, '-n', A], { cwd: dir }), kubectl([...args, '-n', B], { cwd: dir })]);
  expect(norm(a, A)).toEqual(norm(b, B));
  return { ktl: a, kubectl: b };
}

async function names(ns: string): Promise<string> {
  return (await kubectl(['get', 'cm', '-n', ns, '-o', 'name'])).stdout;
}

describe('a directory with broken documents, command by command', () => {
  test('create: good objects created; then AlreadyExists first and the reading errors bracketed last', async () => {
    let r = await both(['create', '-f', 'mixed']);
    expect(r.kubectl.code).toBe(1);
    expect(r.kubectl.stdout).toBe('configmap/m-a created\nconfigmap/m-b1 created\nconfigmap/m-c created\n');
    expect(r.ktl.stderr).toContain(`error parsing mixed/b.yaml: error converting YAML to JSON: yaml: line 5: did not find expected ',' or '}' (document 2)`);
    expect(await names(A)).toBe(await names(B));
    r = await both(['create', '-f', 'mixed']);
    expect(r.kubectl.stderr.split('\n')[0]).toBe('Error from server (AlreadyExists): error when creating "mixed/a.yaml": configmaps "m-a" already exists');
    expect(r.kubectl.stderr).toMatch(/^\[resource mapping not found/m);
  });

  test('label and annotate: errors in document order', async () => {
    const r = await both(['label', '-f', 'mixed', 'x=1']);
    expect(r.kubectl.code).toBe(1);
    expect(r.kubectl.stdout).toBe('configmap/m-a labeled\nconfigmap/m-b1 labeled\nconfigmap/m-c labeled\n');
    await both(['annotate', '-f', 'mixed', 'x=1']);
  });

  test('patch and replace: run errors first, the reading errors last', async () => {
    const p = await both(['patch', '-f', 'mixed', '-p', '{"data":{"k":"v"}}']);
    expect(p.kubectl.stdout).toBe('configmap/m-a patched\nconfigmap/m-b1 patched\nconfigmap/m-c patched\n');
    const r = await both(['replace', '-f', 'mixed']);
    expect(r.kubectl.stdout).toBe('configmap/m-a replaced\nconfigmap/m-b1 replaced\nconfigmap/m-c replaced\n');
    const [a, b] = await Promise.all([kubectl(['get', 'cm', 'm-a', '-n', A, '-o', 'jsonpath={.data}{.metadata.labels}']), kubectl(['get', 'cm', 'm-a', '-n', B, '-o', 'jsonpath={.data}{.metadata.labels}'])]);
    expect(a.stdout).toBe(b.stdout);
  });

  test('get: rows for what was read, each error as a line', async () => {
    const r = await both(['get', '-f', 'mixed', '-o', 'name']);
    expect(r.kubectl.code).toBe(1);
    expect(r.kubectl.stdout).toBe('configmap/m-a\nconfigmap/m-b1\nconfigmap/m-c\n');
  });

  test('delete: deletes what was read; NotFound the second time', async () => {
    let r = await both(['delete', '-f', 'mixed']);
    expect(r.kubectl.stdout).toBe('configmap "m-a" deleted\nconfigmap "m-b1" deleted\nconfigmap "m-c" deleted\n');
    r = await both(['delete', '-f', 'mixed']);
    expect(r.kubectl.stderr.split('\n')[0]).toBe('Error from server (NotFound): error when deleting "mixed/a.yaml": configmaps "m-a" not found');
    expect(await names(A)).toBe(await names(B));
  });
});

describe('documents that are not objects or lack kind', () => {
  test.each(['empty.yaml', 'scalar.yaml', 'nokind.yaml', 'nested.yaml'])('%s: create validates and stops the file; --validate=false and get go on', async (file) => {
    const v = await both(['create', '-f', file]);
    expect(v.kubectl.code).toBe(1);
    if (file !== 'nested.yaml') expect(v.kubectl.stderr).toMatch(/^error: error validating/);
    expect(await names(A)).toBe(await names(B));
    await both(['create', '--validate=false', '-f', file]);
    await both(['get', '-f', file, '-o', 'name']);
    await both(['apply', '--dry-run=server', '-f', file]);
    expect(await names(A)).toBe(await names(B));
  });
});
