/**
 * `ktl replace` against kubectl.1.33 on twin objects in two namespaces (ktl
 * -> A, kubectl -> B): output, exit code and the resulting objects.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-replace-a');
const B = uniqueNamespace('ktl-replace-b');
let dir: string;

const cm = (name: string, data: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data:\n  k: "${data}"\n`;

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-replace-');
  await writeFile(path.join(dir, 'a.yaml'), cm('a', 'two'));
  await writeFile(path.join(dir, 'multi.yaml'), cm('a', 'three') + '---\n' + cm('missing', 'x'));
  await writeFile(path.join(dir, 'stale.yaml'), cm('a', 'stale', '  resourceVersion: "1"\n'));
  await writeFile(path.join(dir, 'saved.yaml'), cm('a', 'saved', '  labels: {tier: fe}\n'));
  await writeFile(path.join(dir, 'forced.yaml'), cm('a', 'forced') + '---\n' + cm('b', 'new'));
  for (const ns of [A, B]) await kubectl(['create', 'cm', 'a', '--from-literal=k=one', '-n', ns]);
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

const norm = (r: ProcResult, ns: string) => ({
  code: r.code,
  stdout: r.stdout.replaceAll(ns, 'NS').replace(/(resourceVersion|uid|creationTimestamp): .*/g, '$1: X'),
  stderr: r.stderr.replaceAll(ns, 'NS'),
});
async function both(args: string[], input?: string) {
  const [a, b] = await Promise.all([ktl(['-n', A, ...args], { cwd: dir, input }), kubectl(['-n', B, ...args], { cwd: dir, input })]);
  return { args, ...norm(a, A), kubectl: norm(b, B) };
}
async function state(ns: string): Promise<string> {
  const r = await kubectl([
    'get', 'cm', '-n', ns, '-o',
    'go-template={{range .items}}{{if ne .metadata.name "kube-root-ca.crt"}}{{.metadata.name}} {{.data}} {{.metadata.labels}} {{.metadata.annotations}} {{range .metadata.managedFields}}{{.manager}},{{end}};{{end}}{{end}}',
  ]);
  return r.stdout.replaceAll(ns, 'NS');
}

describe('replace, ktl vs kubectl.1.33', () => {
  test('replace, NotFound, stdin, dry runs, -o, --save-config, stale resourceVersion, --force, flag errors', async () => {
    const steps: Array<[string[], string?]> = [
      [['replace', '-f', 'a.yaml']],
      [['replace', '-f', 'multi.yaml']],
      [['replace', '-f', '-', '-o', 'name'], cm('a', 'stdin')],
      [['replace', '-f', 'a.yaml', '--dry-run=server']],
      [['replace', '-f', 'a.yaml', '--dry-run=client', '-o', 'yaml']],
      [['replace', '-f', 'a.yaml', '--dry-run=client']],
      [['replace', '-f', 'stale.yaml']],
      [['replace', '-f', 'saved.yaml', '--save-config', '-o', 'jsonpath={.metadata.annotations}']],
      [['replace', '-f', 'a.yaml', '--subresource=status']],
      [['replace', '-f', 'a.yaml', '--grace-period=3']],
      [['replace', '-f', 'a.yaml', '--force', '--dry-run=server']],
      [['replace', '-f', 'a.yaml', '--cascade=bogus']],
      [['replace', '-f', 'nothere.yaml']],
      [['replace']],
    ];
    for (const [args, input] of steps) {
      const r = await both(args, input);
      const { kubectl: k, ...mine } = r;
      expect(mine).toEqual({ args, ...k });
    }
    const [a, b] = await Promise.all([state(A), state(B)]);
    expect(a).toBe(b);
    expect(a).toContain('a map[k:saved] map[tier:fe]');
    // --force on both, one after the other (each deletes and re-creates)
    const fa = await ktl(['-n', A, 'replace', '--force', '--grace-period=2', '-f', 'forced.yaml'], { cwd: dir });
    const fb = await kubectl(['-n', B, 'replace', '--force', '--grace-period=2', '-f', 'forced.yaml'], { cwd: dir });
    expect(norm(fa, A)).toEqual(norm(fb, B));
    expect(fa).toEqual({ code: 0, stdout: 'configmap "a" deleted\nconfigmap/a replaced\nconfigmap/b replaced\n', stderr: '' });
    const [a2, b2] = await Promise.all([state(A), state(B)]);
    expect(a2).toBe(b2);
    expect(a2).toBe('a map[k:forced] <no value> <no value> kubectl-replace,;b map[k:new] <no value> <no value> kubectl-replace,;');
  });
});
