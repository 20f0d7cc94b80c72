/**
 * -f files holding JSON objects back to back (kubectl 1.33's YAMLOrJSONDecoder),
 * upstream's hack/testdata/multi-resource-json.json among them: create, get,
 * describe, get -w, delete, and broken streams, against kubectl. ktl runs in
 * namespace A, kubectl in B, on the same files.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-jstream-a');
const B = uniqueNamespace('ktl-jstream-b');
let dir = '';

const cm = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });
const FILES: Record<string, string> = {
  // upstream's file, shortened: a Service then a ConfigMap, pretty-printed, a newline between
  'multi.json': `{\n   "kind":"Service",\n   "apiVersion":"v1",\n   "metadata":{"name":"mock","labels":{"app":"mock"}},\n   "spec":{"ports":[{"protocol":"TCP","port":99,"targetPort":9949}],"selector":{"app":"mock"}}\n}\n${cm('mock')}\n`,
  'two.json': `${cm('j-a')}${cm('j-b')}`,
  'third-broken.json': `${cm('t-a')}\n${cm('t-b')}\n{"apiVersion":"v1",,}\n${cm('t-d')}\n`,
  'second-broken.json': `${cm('s-a')}\n{"apiVersion":"v1",,}\n${cm('s-c')}\n`,
  'array.json': `[${cm('x-a')}]\n`,
};

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-jstream-');
  for (const [name, text] of Object.entries(FILES)) await writeFile(path.join(dir, name), text);
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

const norm = (r: ProcResult, ns: string) => ({
  code: r.code,
  stdout: r.stdout
    .replaceAll(ns, 'NS')
    .replace(/\b\d+(\.\d+){3}\b/g, 'IP')
    .replace(/\b\d+s\b/g, 'AGE')
    .replace(/mock-[a-z0-9]{5}\b/g, 'mock-X')
    .replace(/ +/g, ' '),
  stderr: r.stderr.replaceAll(ns, 'NS'),
});

async function both(args: string[], stdin?: string) {
  const [a, b] = await Promise.all([ktl([...args, '-n', A], { cwd: dir, input: stdin }), kubectl([...args, '-n', B], { cwd: dir, input: stdin })]);
  expect(norm(a, A)).toEqual(norm(b, B));
  return { ktl: a, kubectl: b };
}

describe('JSON streams in -f', () => {
  test('create, get, describe, get --watch (refused), delete over the multi-resource file', async () => {
    expect((await both(['create', '-f', 'multi.json'])).ktl.stdout).toBe('service/mock created\nconfigmap/mock created\n');
    expect((await both(['get', '-f', 'multi.json', '-o', 'name'])).ktl.stdout).toBe('service/mock\nconfigmap/mock\n');
    await both(['get', '-f', 'multi.json']);
    await both(['describe', '-f', 'multi.json']);
    const w = await both(['get', '-f', 'multi.json', '--watch']);
    expect(w.ktl).toMatchObject({
      code: 1,
      stderr: 'error: watch is only supported on individual resources and resource collections - more than 1 resource was found\n',
    });
    expect((await both(['delete', '-f', 'multi.json'])).ktl.stdout).toBe('service "mock" deleted\nconfigmap "mock" deleted\n');
  });

  test('back to back without space; on stdin', async () => {
    await both(['create', '-f', 'two.json', '--dry-run=client', '-o', 'name']);
    expect((await both(['create', '-f', '-', '--dry-run=client', '-o', 'name'], FILES['two.json'])).ktl.stdout).toBe('configmap/j-a\nconfigmap/j-b\n');
  });

  test('broken streams: the objects before the error are created, the error as kubectl words it', async () => {
    const third = await both(['create', '-f', 'third-broken.json']);
    expect(third.ktl.stderr).toBe("error: error parsing third-broken.json: invalid character ',' looking for beginning of object key string\n");
    const second = await both(['create', '-f', 'second-broken.json']);
    expect(second.ktl.stderr).toBe("error: error parsing second-broken.json: json: offset 102: invalid character ',' looking for beginning of object key string\n");
    await both(['create', '-f', 'array.json']);
    expect((await kubectl(['get', 'cm', '-n', A, '-o', 'name'])).stdout).toBe((await kubectl(['get', 'cm', '-n', B, '-o', 'name'])).stdout);
  });
});
