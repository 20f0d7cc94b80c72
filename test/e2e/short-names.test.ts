/**
 * Ambiguous short names (issue #20), ktl vs kubectl.1.33: two CRDs of this run
 * serve the same plural in two groups with the same short name, and a third
 * takes the short name of a built-in type (limitranges' "limits"). kubectl
 * resolves each to the highest-priority resource and warns once per other
 * resource; full names and group-qualified names never warn. Both tools use a
 * cache directory of this test's own, so that no other test's discovery cache
 * ever holds the colliding short name.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ktl, kubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';

const NS = uniqueNamespace('ktl-short');
const ID = NS.slice('ktl-short-'.length);
const G1 = `one-${ID}.example.com`;
const G2 = `two-${ID}.example.com`;
const G3 = `three-${ID}.example.com`;
const SHORT = `sn${ID.replace(/-/g, '')}`;
let cacheDir = '';

const crd = (group: string, plural: string, kind: string, shortNames: string[]) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  scope: Namespaced
  names: {plural: ${plural}, singular: ${plural.replace(/s$/, '')}, kind: ${kind}, shortNames: [${shortNames.join(', ')}]}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;

beforeAll(async () => {
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ktl-e2e-short-'));
  const all = [crd(G1, 'gizmos', 'Gizmo', [SHORT]), crd(G2, 'gizmos', 'Gizmo', [SHORT]), crd(G3, `limiters${ID.replace(/-/g, '')}s`, 'Limiter', ['limits'])].join('---\n');
  const r = await kubectl(['apply', '-f', '-'], { input: all });
  if (r.code !== 0) throw new Error(r.stderr);
  const w = await kubectl(['wait', '--for=condition=Established', `crd/gizmos.${G1}`, `crd/gizmos.${G2}`, `crd/limiters${ID.replace(/-/g, '')}s.${G3}`, '--timeout=60s']);
  if (w.code !== 0) throw new Error(w.stderr);
  await kubectl(['create', 'ns', NS]);
});
afterAll(async () => {
  await kubectl(['delete', 'crd', `gizmos.${G1}`, `gizmos.${G2}`, `limiters${ID.replace(/-/g, '')}s.${G3}`, '--wait=false']);
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

const norm = (r: ProcResult) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr });
async function both(args: string[]) {
  const full = ['--cache-dir', cacheDir, '-n', NS, ...args];
  const [a, b] = await Promise.all([ktl(full), kubectl(full)]);
  expect(norm(a)).toEqual(norm(b));
  return norm(b);
}

describe('ambiguous short names, ktl vs kubectl.1.33', () => {
  test('two groups with the same short name: the first wins, the other is named in a warning', async () => {
    const r = await both(['get', SHORT]);
    expect(r.stderr).toMatch(new RegExp(`^Warning: short name "${SHORT}" could also match lower priority resource gizmos\\.(one|two)-`));
    const r2 = await both(['get', `${SHORT}/x`]);
    expect(r2.code).toBe(1);
  });

  test("a CRD that takes a built-in's short name: the built-in wins, with the warning", async () => {
    const r = await both(['get', 'limits']);
    expect(r.stderr).toContain(`Warning: short name "limits" could also match lower priority resource limiters${ID.replace(/-/g, '')}s.${G3}\n`);
    await both(['get', 'limits', '-o', 'name']);
  });

  test('explain warns as get does, before the schema', async () => {
    const r = await both(['explain', 'limits.spec']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Warning: short name "limits" could also match lower priority resource limiters${ID.replace(/-/g, '')}s.${G3}\n`);
    expect(r.stdout).toMatch(/^KIND: +LimitRange\n/);
    const full = await both(['explain', 'limitranges.spec']);
    expect(full.stderr).toBe('');
  });

  test('no warning for full names, a group that narrows the short name, or an unambiguous short name', async () => {
    for (const args of [['get', 'gizmos', '-o', 'name'], ['get', `${SHORT}.${G2}`, '-o', 'name'], ['get', 'limitranges', '-o', 'name'], ['get', 'cm', '-o', 'name']]) {
      const r = await both(args);
      expect(r.stderr).not.toContain('Warning');
    }
  });
});
