/**
 * `ktl label` / `ktl annotate` against kubectl.1.33 on twin ConfigMaps in
 * two namespaces (ktl -> A, kubectl -> B): output, exit code and the
 * resulting labels/annotations must match once namespace names are swapped.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-lbl-a');
const B = uniqueNamespace('ktl-lbl-b');

beforeAll(async () => {
  await createTwins(A, B);
  for (const ns of [A, B]) for (const n of ['a', 'b']) await kubectl(['create', 'cm', n, '-n', ns]);
});
afterAll(async () => {
  await removeTwins(A, B);
});

const norm = (r: ProcResult, ns: string) => ({ code: r.code, stdout: r.stdout.replaceAll(ns, 'NS'), stderr: r.stderr.replaceAll(ns, 'NS') });

/** The same command with each tool, one after the other (same order of events). */
async function both(...args: string[]) {
  const [a, b] = await Promise.all([ktl(['-n', A, ...args]), kubectl(['-n', B, ...args])]);
  return { ktl: norm(a, A), kubectl: norm(b, B) };
}

async function meta(ns: string): Promise<string> {
  const r = await kubectl(['get', 'cm', 'a', 'b', '-n', ns, '-o', 'go-template={{range .items}}{{.metadata.name}} {{.metadata.labels}} {{.metadata.annotations}};{{end}}']);
  return r.stdout;
}
async function sameState(): Promise<string> {
  const [a, b] = await Promise.all([meta(A), meta(B)]);
  expect(a).toBe(b);
  return a;
}

describe('label and annotate, ktl vs kubectl.1.33', () => {
  test('labeled, not labeled, refused without --overwrite, unlabeled, removing a missing key', async () => {
    const steps: Array<[string[], ProcResult['code'], string]> = [
      [['label', 'cm', 'a', 'app=web'], 0, 'configmap/a labeled\n'],
      [['label', 'cm', 'a', 'app=web'], 0, 'configmap/a not labeled\n'],
      [['label', 'cm', 'a', 'app=db'], 1, ''],
      [['label', 'cm/a', 'app=db', '--overwrite'], 0, 'configmap/a labeled\n'],
      [['label', 'cm', 'a', 'app-'], 0, 'configmap/a unlabeled\n'],
      [['label', 'cm', 'a', 'app-'], 0, 'label "app" not found.\nconfigmap/a labeled\n'],
    ];
    for (const [args, code, stdout] of steps) {
      const r = await both(...args);
      expect(r.ktl).toEqual(r.kubectl);
      expect([r.ktl.code, r.ktl.stdout]).toEqual([code, stdout]);
    }
    expect(await sameState()).toBe('a <no value> <no value>;b <no value> <no value>;');
  });

  test('several objects: one refused, one missing, one labeled; exit 1', async () => {
    await both('label', 'cm', 'a', 'k=w');
    const r = await both('label', 'cm', 'a', 'nope', 'b', 'k=z');
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl.stdout).toBe('configmap/b labeled\n');
    expect(await sameState()).toContain('b map[k:z]');
  });

  test('-l, --all, --field-selector, --list, dry runs, -o name', async () => {
    for (const args of [
      ['label', 'cm', '-l', 'k', 'sel=1', '--overwrite'],
      ['label', 'cm', '--field-selector', 'metadata.name=b', 'fs=1'],
      ['label', 'cm', 'a', 'b', '--list'],
      ['label', 'cm', 'b', '--list'],
      ['label', 'cm', 'a', 'dry=1', '--dry-run=client'],
      ['label', 'cm', 'a', 'dry=1', '--dry-run=server'],
      ['label', 'cm', 'a', 'n=1', '-o', 'name'],
      ['label', 'cm', 'a', 'b', 'x=1', '--resource-version=1'],
      ['label', 'cm', 'a', 'x=1', '--resource-version=1'],
      ['label', 'cm', 'a', 'bad=a b'],
      ['label', 'cm', 'a', 'k=1', 'c'],
      ['label', 'cm', 'x=1'],
      ['annotate', 'cm', 'a', 'note=a=b', 'e='],
      ['annotate', 'cm', 'a', 'note=c'],
      ['annotate', 'cm', 'a', 'note=c', '--overwrite', 'gone-'],
      ['annotate', 'cm', 'a', 'b', '--list'],
      ['annotate', 'cm', '--all', 'all=1', '-o', 'name'],
    ]) {
      const r = await both(...args);
      if (args.includes('--list')) {
        // kubectl lists in Go's random map order; ktl sorts
        const sortBlocks = (s: string) => s.split(/(?=Listing)/).map((b) => b.split('\n').sort().join('\n')).join('');
        expect({ ...r.ktl, stdout: sortBlocks(r.ktl.stdout) }).toEqual({ ...r.kubectl, stdout: sortBlocks(r.kubectl.stdout) });
      } else expect({ args, ...r.ktl }).toEqual({ args, ...r.kubectl });
    }
    expect(await sameState()).toMatch(/^a map\[.*\] map\[all:1 e: note:c\];b map\[.*\] map\[all:1\];$/);
  });
});
