/**
 * What the write commands print for several objects at once, ktl vs
 * kubectl.1.33 on twin namespaces (ktl -> A, kubectl -> B): -o yaml and -o
 * json as kubectl's List (`metadata: {}`, and in JSON `kind, apiVersion,
 * metadata, items` in that order) or one document per object where kubectl
 * prints one each, -o name, -o jsonpath. Volatile fields (resourceVersion,
 * uid, creationTimestamp, managed-fields times, the namespace) are
 * normalised; Deployments' status is left out (controllers race on it).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-multiout-a');
const B = uniqueNamespace('ktl-multiout-b');
let dir: string;

const cm = (name: string, data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels: {set: multi}\ndata:\n  k: "${data}"\n`;

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-multiout-');
  await writeFile(path.join(dir, 'ab.yaml'), `${cm('a', '1')}---\n${cm('b', '1')}`);
  await writeFile(path.join(dir, 'cd.yaml'), `${cm('c', '1')}---\n${cm('d', '1')}`);
  await writeFile(path.join(dir, 'ab2.yaml'), `${cm('a', '2')}---\n${cm('b', '2')}`);
  for (const ns of [A, B]) {
    await kubectl(['apply', '-n', ns, '-f', 'ab.yaml'], { cwd: dir });
    for (const d of ['d1', 'd2']) await kubectl(['create', 'deployment', d, '-n', ns, '--image=registry.k8s.io/pause:3.10', '--replicas=0']);
  }
}, 120_000);
afterAll(async () => {
  await removeTwins(A, B, dir);
});

/** The text with the run's volatile values replaced (YAML and JSON alike). */
function normText(s: string, ns: string): string {
  return s
    .replaceAll(ns, 'NS')
    .replace(/("(?:resourceVersion|uid|creationTimestamp|time)": )"[^"]*"/g, '$1"X"')
    .replace(/^(\s*(?:resourceVersion|uid|creationTimestamp|time): ).*$/gm, '$1X');
}
const norm = (r: ProcResult, ns: string) => ({ code: r.code, stdout: normText(r.stdout, ns), stderr: r.stderr.replaceAll(ns, 'NS') });

async function both(args: string[]) {
  const [a, b] = await Promise.all([ktl(['-n', A, ...args], { cwd: dir }), kubectl(['-n', B, ...args], { cwd: dir })]);
  return { ktl: norm(a, A), kubectl: norm(b, B) };
}

/** A JSON answer with every Deployment's status left out, re-serialised in its own key order. */
function withoutStatus(text: string): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'status' && 'spec' in v && 'kind' in v) continue;
      if (k === 'generation') continue;
      out[k] = strip(x);
    }
    return out;
  };
  // one document per object (kubectl's printer per object) or one List: each top-level document ends with a "}" line
  const docs = text.split(/(?<=^\}\n)/m).filter((d) => d.trim() !== '');
  return docs.map((d) => JSON.stringify(strip(JSON.parse(d)), null, 1)).join('\n');
}

describe('several objects through the printers, ktl vs kubectl.1.33', () => {
  test.each([
    [['label', 'cm', 'a', 'b', 'x=1', '-o', 'yaml']],
    [['label', 'cm', 'a', 'b', 'x=2', '--overwrite', '-o', 'json']],
    [['label', 'cm', '-l', 'set=multi', 'y=1', '-o', 'name']],
    [['annotate', 'cm', 'a', 'b', 'note=1', '-o', 'json']],
    [['annotate', 'cm', 'a', 'b', 'note=2', '--overwrite', '-o', 'jsonpath={.metadata.name}{"\\n"}']],
    [['apply', '-f', 'ab2.yaml', '-o', 'yaml']],
    [['apply', '-f', 'ab2.yaml', '-o', 'json']],
    [['apply', '-f', 'ab2.yaml', '-o', 'jsonpath={.items[*].metadata.name}']],
    [['create', '-f', 'cd.yaml', '--dry-run=server', '-o', 'yaml']],
    [['create', '-f', 'cd.yaml', '-o', 'json']],
    [['replace', '-f', 'ab.yaml', '-o', 'yaml']],
    [['replace', '-f', 'ab2.yaml', '-o', 'json']],
    [['patch', '-f', 'cd.yaml', '-p', '{"data":{"p":"1"}}', '-o', 'yaml']],
    [['patch', '-f', 'cd.yaml', '-p', '{"data":{"p":"2"}}', '-o', 'json']],
    [['label', 'cm', 'a', 'nope', 'z=1', '-o', 'yaml']],
  ])('%j', async (args) => {
    const r = await both(args);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout.length).toBeGreaterThan(0);
  });

  test.each([
    [['scale', 'deploy', 'd1', 'd2', '--replicas=0', '-o', 'json']],
    [['set', 'image', 'deploy', 'd1', 'd2', 'pause=registry.k8s.io/pause:3.9', '-o', 'json']],
    [['set', 'env', 'deploy', 'd1', 'd2', 'A=1', '-o', 'json']],
    // rollout restart -o json: kubectl prints its typed object in Go struct order, ktl sorted (README); -o name here
    [['rollout', 'restart', 'deploy', 'd1', 'd2', '-o', 'name']],
  ])('%j (Deployments: status left out of JSON)', async (args) => {
    const r = await both(args);
    expect(r.ktl.code).toBe(r.kubectl.code);
    expect(r.ktl.stderr).toBe(r.kubectl.stderr);
    // restartedAt is the time of the run
    const at = (s: string) => (s.startsWith('{') ? withoutStatus(s) : s).replace(/"kubectl.kubernetes.io\/restartedAt": "[^"]*"/g, '"kubectl.kubernetes.io/restartedAt": "T"');
    expect(at(r.ktl.stdout)).toBe(at(r.kubectl.stdout));
    // the first lines, as printed: kubectl's List wrapper (or one object per document) byte for byte
    expect(r.ktl.stdout.split('\n').slice(0, 3)).toEqual(r.kubectl.stdout.split('\n').slice(0, 3));
  });
});
