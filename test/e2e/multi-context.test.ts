/**
 * Many contexts at once (a ktl extension, README "Many clusters at once"):
 * a second local cluster, started here from scripts/cluster/ with its own
 * runtime dir and ports (KTL_CLUSTER_NAME) and stopped here, the shared
 * cluster (admin and read-only contexts) and an unreachable context, in one
 * kubeconfig. Outputs are checked byte for byte against what kubectl prints
 * for each context alone, merged by the rules the README gives.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadYaml } from '../../src/codec/yaml.js';
import { kubeconfigPath, ktl as ktlOn, ktlBin, kubectl as kubectlOn, repoRoot, uniqueNamespace, type ProcResult } from './cluster-env.js';

const NS = uniqueNamespace('ktl-multi');
const GHOST_ERROR = 'error: context "ghost": The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';
let dir = '';
let secondDir = '';
let kubeconfig = '';
let secondStarted = false;
const secondEnv = () => ({ ...process.env, KTL_CLUSTER_NAME: 'multi-e2e', KTL_CLUSTER_DIR: secondDir, KTL_NODE_COUNT: '1' });

const ktl = (args: string[], input?: string): Promise<ProcResult> => ktlOn(args, { env: { KUBECONFIG: kubeconfig }, input });
const kubectl = (args: string[], input?: string): Promise<ProcResult> => kubectlOn(args, { env: { KUBECONFIG: kubeconfig }, input });

type Obj = Record<string, unknown> & { name?: string };
const named = (list: unknown, name: string) => (list as Obj[]).find((x) => x.name === name) as Obj;

/** One kubeconfig: "one"/"one-viewer" (the shared cluster), "two" (the cluster started here), "ghost" (nothing listens). */
async function writeKubeconfig(): Promise<void> {
  const a = loadYaml(await readFile(kubeconfigPath, 'utf8')) as Record<string, Obj[]>;
  const b = loadYaml(await readFile(path.join(secondDir, 'kubeconfig'), 'utf8')) as Record<string, Obj[]>;
  const cfg = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'one', cluster: named(a.clusters, 'ktl-dev').cluster },
      { name: 'two', cluster: named(b.clusters, 'ktl-dev').cluster },
      { name: 'ghost', cluster: { server: 'https://127.0.0.1:1' } },
    ],
    users: [
      { name: 'one-admin', user: named(a.users, 'ktl-admin').user },
      { name: 'one-viewer', user: named(a.users, 'ktl-viewer').user },
      { name: 'two-admin', user: named(b.users, 'ktl-admin').user },
      { name: 'ghost', user: { token: 'unused' } },
    ],
    contexts: [
      { name: 'one', context: { cluster: 'one', user: 'one-admin', namespace: 'default' } },
      { name: 'one-viewer', context: { cluster: 'one', user: 'one-viewer', namespace: 'default' } },
      { name: 'two', context: { cluster: 'two', user: 'two-admin', namespace: 'default' } },
      { name: 'ghost', context: { cluster: 'ghost', user: 'ghost' } },
    ],
    'current-context': 'one',
  };
  kubeconfig = path.join(dir, 'kubeconfig');
  await writeFile(kubeconfig, JSON.stringify(cfg), { mode: 0o600 });
}

const cm = (name: string, value: string) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}","namespace":"${NS}","labels":{"test":"multi"}},"data":{"k":"${value}"}}`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-multi-'));
  // the second cluster's exec runs commands as another user, which must be able to pass through (not list) this folder
  await chmod(dir, 0o711);
  secondDir = path.join(dir, 'cluster');
  secondStarted = true;
  const up = spawnSync('bash', [path.join(repoRoot, 'scripts/cluster/up.sh')], { env: secondEnv(), encoding: 'utf8' });
  if (up.status !== 0) throw new Error(`the second cluster did not start:\n${up.stderr}`);
  await writeKubeconfig();
  for (const ctx of ['one', 'two']) {
    const r = await kubectl(['--context', ctx, 'create', 'ns', NS]);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  const one = await kubectl(['--context', 'one', 'apply', '-f', '-'], cm('cm-one', '1'));
  const two = await kubectl(['--context', 'two', 'apply', '-f', '-'], `${cm('cm-two', '22')}\n${cm('cm-shared', '2')}`);
  if (one.code !== 0 || two.code !== 0) throw new Error(one.stderr + two.stderr);
}, 600_000);

afterAll(async () => {
  if (kubeconfig) await kubectl(['--context', 'one', 'delete', 'ns', NS, '--wait=false']);
  if (secondStarted) spawnSync('bash', [path.join(repoRoot, 'scripts/cluster/down.sh')], { env: secondEnv(), stdio: 'ignore' });
  if (dir) await rm(dir, { recursive: true, force: true });
}, 120_000);

/** What a line-oriented command prints across contexts: each context's lines behind its padded name. */
function prefixed(parts: [string, string][]): string {
  const width = Math.max(...parts.map(([n]) => n.length)) + 3;
  return parts.map(([n, text]) => text.replace(/\n$/, '').split('\n').map((l) => `${n.padEnd(width)}${l}\n`).join('')).join('');
}

describe('reads', () => {
  const cols = ['-o', 'custom-columns=NAME:.metadata.name,K:.data.k', '-l', 'test=multi', '-n', NS];

  test('a table: one header, a CONTEXT column, one set of widths; an unreachable context is one error line, exit 1', async () => {
    const r = await ktl(['get', 'cm', ...cols, '--context', 'one,two,ghost']);
    expect(r.stdout).toBe('CONTEXT   NAME        K\none       cm-one      1\ntwo       cm-shared   2\ntwo       cm-two      22\n');
    expect(r.stderr).toBe(GHOST_ERROR);
    expect(r.code).toBe(1);
  });

  test('one plain --context is kubectl byte for byte', async () => {
    for (const args of [['get', 'cm', ...cols], ['get', 'cm', '-n', NS, '-l', 'test=multi', '-o', 'yaml'], ['get', 'cm', 'nope', '-n', NS]]) {
      const [k, c] = await Promise.all([ktl(['--context', 'two', ...args]), kubectl(['--context', 'two', ...args])]);
      expect(k).toEqual(c);
    }
  });

  test('--contexts=REGEX, -o name, --no-headers', async () => {
    const names = await ktl(['get', 'cm', '-n', NS, '-l', 'test=multi', '-o', 'name', '--contexts', '^(one|two)$']);
    expect(names).toEqual({ code: 0, stdout: 'one/configmap/cm-one\ntwo/configmap/cm-shared\ntwo/configmap/cm-two\n', stderr: '' });
    const bare = await ktl(['get', 'cm', ...cols, '--no-headers', '--contexts=^t']);
    expect(bare).toEqual({ code: 0, stdout: 'two   cm-shared   2\ntwo   cm-two      22\n', stderr: '' });
    const none = await ktl(['get', 'cm', '--contexts=^nothing']);
    expect(none).toEqual({ code: 1, stdout: '', stderr: 'error: no context matches --contexts "^nothing"\n' });
  });

  test('-o json and -o yaml: one List, each item annotated with its context; templates run over it', async () => {
    const r = await ktl(['get', 'cm', '-n', NS, '-l', 'test=multi', '-o', 'json', '--context', 'two,one']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { kind: string; items: { metadata: { name: string; annotations: Record<string, string> } }[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((i) => `${i.metadata.annotations['ktl.dev/context']} ${i.metadata.name}`)).toEqual(['two cm-shared', 'two cm-two', 'one cm-one']);
    const y = await ktl(['get', 'cm', 'cm-one', '-n', NS, '-o', 'yaml', '--context', 'one,two']);
    expect(y.code).toBe(1);
    expect(y.stderr).toBe('error: context "two": Error from server (NotFound): configmaps "cm-one" not found\n');
    const single = await kubectl(['--context', 'one', 'get', 'cm', 'cm-one', '-n', NS, '-o', 'yaml']);
    const withAnnotation = single.stdout.replace(/^  annotations:\n/m, '  annotations:\n    ktl.dev/context: one\n');
    const indented = withAnnotation.replace(/\n$/, '').split('\n').map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n');
    expect(y.stdout).toBe(`apiVersion: v1\nitems:\n${indented}\nkind: List\nmetadata:\n  resourceVersion: ""\n`);
    const t = await ktl(['get', 'cm', '-n', NS, '-l', 'test=multi', '--context', 'one,two', '-o', 'jsonpath={range .items[*]}{.metadata.annotations.ktl\\.dev/context}:{.data.k} {end}']);
    expect(t).toEqual({ code: 0, stdout: 'one:1 two:2 two:22 ', stderr: '' });
  });

  test('Forbidden and an unknown type name their context; the others go on', async () => {
    const r = await ktl(['get', 'nodes', '-o', 'custom-columns=NAME:.metadata.name', '--context', 'one-viewer,two']);
    expect(r.stdout).toBe('CONTEXT   NAME\ntwo       kwok-node-0\n');
    expect(r.stderr).toBe(
      'error: context "one-viewer": Error from server (Forbidden): nodes is forbidden: User "ktl-viewer" cannot list resource "nodes" in API group "" at the cluster scope\n',
    );
    expect(r.code).toBe(1);
    const u = await ktl(['get', 'nosuchthings', '--context', 'one,two']);
    expect(u).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: context "one": the server doesn\'t have a resource type "nosuchthings"\nerror: context "two": the server doesn\'t have a resource type "nosuchthings"\n',
    });
    const missing = await ktl(['get', 'ns', NS, '-o', 'name', '--context', 'one,nowhere']);
    expect(missing).toEqual({ code: 1, stdout: `one/namespace/${NS}\n`, stderr: 'error: context "nowhere": Error in configuration: context was not found for specified context: nowhere\n' });
  });

  test('describe, version, auth can-i, api-resources: kubectl per context, behind the context name', async () => {
    const [d1, d2] = await Promise.all([kubectl(['--context', 'one', 'describe', 'cm', '-n', NS, '-l', 'test=multi']), kubectl(['--context', 'two', 'describe', 'cm', '-n', NS, '-l', 'test=multi'])]);
    expect(await ktl(['describe', 'cm', '-n', NS, '-l', 'test=multi', '--context', 'one,two'])).toEqual({
      code: 0,
      stdout: prefixed([['one', d1.stdout], ['two', d2.stdout]]),
      stderr: '',
    });
    const [v1, v2] = await Promise.all([ktl(['--context', 'one', 'version']), ktl(['--context', 'two', 'version'])]);
    const vg = await ktl(['version', '--context', 'one,two,ghost']);
    expect(vg.stdout).toBe(prefixed([['one', v1.stdout], ['two', v2.stdout], ['ghost', 'Client Version: v1.33.1\nKustomize Version: v5.6.0\n']]));
    expect(vg.stderr).toBe(GHOST_ERROR);
    expect(vg.code).toBe(1);
    const can = await ktl(['auth', 'can-i', 'list', 'nodes', '--context', 'one,one-viewer']);
    expect(can).toEqual({
      code: 1,
      stdout: 'one          yes\none-viewer   no\n',
      stderr: 'Warning: context "one": resource \'nodes\' is not namespace scoped\nWarning: context "one-viewer": resource \'nodes\' is not namespace scoped\n',
    });
    const [a1, a2] = await Promise.all([kubectl(['--context', 'one', 'api-resources', '--api-group=apps', '-o', 'name']), kubectl(['--context', 'two', 'api-resources', '--api-group=apps', '-o', 'name'])]);
    const ar = await ktl(['api-resources', '--api-group=apps', '-o', 'name', '--context', 'one,two']);
    const slash = (n: string, t: string) => t.split('\n').filter(Boolean).map((l) => `${n}/${l}\n`).join('');
    expect(ar).toEqual({ code: 0, stdout: slash('one', a1.stdout) + slash('two', a2.stdout), stderr: '' });
  });

  test('top node: every context, one table with kubectl\'s columns', async () => {
    // metrics-server answers for a node once it has scraped it twice: wait for that in each cluster
    for (const ctx of ['one', 'two']) {
      const until = Date.now() + 120_000;
      for (;;) {
        const r = await kubectl(['--context', ctx, 'top', 'node', 'kwok-node-0', '--no-headers']);
        if (r.code === 0) break;
        if (Date.now() > until) throw new Error(`no node metrics in context ${ctx}: ${r.stderr}`);
      }
    }
    const [k1, r] = await Promise.all([kubectl(['--context', 'one', 'top', 'node', 'kwok-node-0']), ktl(['top', 'node', 'kwok-node-0', '--context', 'one,two'])]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const rows = (t: string) => t.split('\n').filter(Boolean).map((l) => l.split(/ {3,}/));
    const [header] = rows(k1.stdout);
    const got = rows(r.stdout);
    expect(got[0]).toEqual(['CONTEXT', ...header!]);
    // the numbers move between readings: the cells' shapes are kubectl's
    expect(got.slice(1).map((x) => [x[0], x[1], /^\d+m$/.test(x[2]!), /^\d+%$/.test(x[3]!), /^\d+Mi$/.test(x[4]!), /^\d+%$/.test(x[5]!)])).toEqual([
      ['one', 'kwok-node-0', true, true, true, true],
      ['two', 'kwok-node-0', true, true, true, true],
    ]);
  }, 300_000);

  test('events: every context, one table', async () => {
    const ev = (ctx: string, name: string) =>
      kubectl(['--context', ctx, 'create', '-f', '-'],
        `{"apiVersion":"v1","kind":"Event","metadata":{"name":"${name}","namespace":"${NS}"},"involvedObject":{"apiVersion":"v1","kind":"ConfigMap","name":"cm-${ctx}","namespace":"${NS}"},"reason":"Tested","message":"from ${ctx}","type":"Normal","count":1,"firstTimestamp":"2026-01-01T00:00:00Z","lastTimestamp":"2026-01-01T00:10:00Z","source":{"component":"ktl-e2e"}}`);
    await Promise.all([ev('one', 'e-one'), ev('two', 'e-two')]);
    const [k1, k2] = await Promise.all([kubectl(['--context', 'one', 'events', '-n', NS]), kubectl(['--context', 'two', 'events', '-n', NS])]);
    const r = await ktl(['events', '-n', NS, '--context', 'one,two']);
    const rows = (t: string) => t.split('\n').filter(Boolean).map((l) => l.split(/ {3,}/));
    const [h, ...r1] = rows(k1.stdout);
    const [, ...r2] = rows(k2.stdout);
    // the same cells as kubectl's, laid out again as one table with a CONTEXT column
    expect(rows(r.stdout)).toEqual([['CONTEXT', ...h!], ...r1.map((x) => ['one', ...x]), ...r2.map((x) => ['two', ...x])]);
    expect(r.code).toBe(0);
  });

  test('auth whoami (one table) and logs (kubectl\'s lines behind the context name)', async () => {
    const pod = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"talker","namespace":"${NS}"},"spec":{"terminationGracePeriodSeconds":0,"containers":[{"name":"app","image":"registry.k8s.io/pause:3.10"}]}}`;
    for (const ctx of ['one', 'two']) {
      const made = await kubectl(['--context', ctx, 'apply', '-f', '-'], pod);
      expect(made.code).toBe(0);
      const ready = await kubectl(['--context', ctx, 'wait', '-n', NS, '--for=condition=Ready', '--timeout=90s', 'pod/talker']);
      expect(ready.code).toBe(0);
    }
    const [w1, w2] = await Promise.all([kubectl(['--context', 'one', 'auth', 'whoami']), kubectl(['--context', 'two', 'auth', 'whoami'])]);
    // whoami prints a table: one header with a CONTEXT column, kubectl's rows behind their context
    const rows = (t: string) => t.split('\n').filter(Boolean).map((l) => l.split(/ {3,}/));
    const who = await ktl(['auth', 'whoami', '--context', 'one,two']);
    expect(who.code).toBe(0);
    expect(who.stderr).toBe('');
    const [wh, ...wr1] = rows(w1.stdout);
    const [, ...wr2] = rows(w2.stdout);
    expect(rows(who.stdout)).toEqual([['CONTEXT', ...wh!], ...wr1.map((x) => ['one', ...x]), ...wr2.map((x) => ['two', ...x])]);
    const [l1, l2] = await Promise.all([kubectl(['--context', 'one', 'logs', 'talker', '-n', NS]), kubectl(['--context', 'two', 'logs', 'talker', '-n', NS])]);
    expect(l1.stdout).not.toBe('');
    expect(await ktl(['logs', 'talker', '-n', NS, '--context', 'one,two'])).toEqual({ code: 0, stdout: prefixed([['one', l1.stdout], ['two', l2.stdout]]), stderr: '' });
    // a context that cannot be reached: its error line, the other's logs (padded to the longest context name), exit 1
    const gone = await ktl(['logs', 'talker', '-n', NS, '--context', 'two,ghost']);
    const padded = l2.stdout.replace(/\n$/, '').split('\n').map((l) => `two     ${l}\n`).join('');
    expect(gone).toEqual({ code: 1, stdout: padded, stderr: GHOST_ERROR });
  }, 180_000);

  test('get -w watches every context: the header once, rows as they come', async () => {
    const child = spawn(process.execPath, [ktlBin, 'get', 'cm', ...cols, '-w', '--context', 'one,two'], { env: { ...process.env, KUBECONFIG: kubeconfig } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => out.includes(text) && resolve();
        child.stdout.on('data', check);
        child.on('close', () => reject(new Error(`watch ended before "${text}":\n${out}`)));
        check();
      });
    await Promise.all([seen('cm-one'), seen('cm-two')]);
    await kubectl(['--context', 'two', 'apply', '-f', '-'], cm('cm-late', '333'));
    await seen('cm-late');
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await closed).toBe(1); // kubectl's interrupt handler: get -w ends with status 1 on SIGINT
    const lines = out.split('\n').filter(Boolean);
    expect(lines.filter((l) => l.startsWith('CONTEXT'))).toHaveLength(1);
    expect(lines.map((l) => l.split(/ +/).join(' ')).sort()).toEqual(
      ['CONTEXT NAME K', 'one cm-one 1', 'two cm-shared 2', 'two cm-two 22', 'two cm-late 333'].sort(),
    );
    expect(lines[lines.length - 1]!.split(/ +/)).toEqual(['two', 'cm-late', '333']);
  });
});

describe('watching', () => {
  test('events -w follows every context: a new event shows as it comes, behind its context', async () => {
    const child = spawn(process.execPath, [ktlBin, 'events', '-w', '-n', NS, '--context', 'one,two'], { env: { ...process.env, KUBECONFIG: kubeconfig } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => out.includes(text) && resolve();
        child.stdout.on('data', check);
        child.on('close', () => reject(new Error(`events -w ended before "${text}":\n${out}${err}`)));
        check();
      });
    // both contexts have answered once their existing events are listed
    await Promise.all([seen('from one'), seen('from two')]);
    const late = await kubectl(['--context', 'two', 'create', '-f', '-'],
      `{"apiVersion":"v1","kind":"Event","metadata":{"name":"e-late","namespace":"${NS}"},"involvedObject":{"apiVersion":"v1","kind":"ConfigMap","name":"cm-two","namespace":"${NS}"},"reason":"Late","message":"late from two","type":"Warning","count":1,"source":{"component":"ktl-e2e"}}`);
    expect(late.code).toBe(0);
    await seen('late from two');
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await closed).toBe(1); // events -w ends as kubectl's does on SIGINT
    expect(err).toBe('');
    const lines = out.split('\n').filter(Boolean);
    expect(lines.filter((l) => /^CONTEXT +LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/.test(l))).toHaveLength(1);
    expect(lines.find((l) => l.includes('late from two'))!.split(/ {2,}/)).toEqual(['two', expect.any(String), 'Warning', 'Late', 'ConfigMap/cm-two', 'late from two']);
    expect(lines.find((l) => l.includes('from one'))!.startsWith('one ')).toBe(true);
  });
});

describe('writes', () => {
  test('a --context list writes to each; --all-contexts needs --yes; each line names its context', async () => {
    const applied = await ktl(['apply', '-f', '-', '--context', 'one,two'], cm('cm-applied', 'x'));
    expect(applied).toEqual({ code: 0, stdout: 'one   configmap/cm-applied created\ntwo   configmap/cm-applied created\n', stderr: '' });
    for (const ctx of ['one', 'two']) expect((await kubectl(['--context', ctx, 'get', 'cm', 'cm-applied', '-n', NS, '-o', 'jsonpath={.data.k}'])).stdout).toBe('x');
    const refused = await ktl(['delete', 'cm', 'cm-applied', '-n', NS, '--contexts', '^(one|two)$']);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: delete with --contexts writes to every context it selects: add --yes to confirm, or name the contexts with --context A,B\n',
    });
    expect((await kubectl(['--context', 'two', 'get', 'cm', 'cm-applied', '-n', NS, '-o', 'name'])).stdout).toBe('configmap/cm-applied\n');
    const deleted = await ktl(['delete', 'cm', 'cm-applied', '-n', NS, '--contexts', '^(one|two)$', '--yes']);
    expect(deleted).toEqual({ code: 0, stdout: 'one   configmap "cm-applied" deleted\ntwo   configmap "cm-applied" deleted\n', stderr: '' });
    for (const ctx of ['one', 'two']) expect((await kubectl(['--context', ctx, 'get', 'cm', 'cm-applied', '-n', NS, '--ignore-not-found'])).stdout).toBe('');
  });

  test('scale, rollout restart and set image across a --context list', async () => {
    for (const ctx of ['one', 'two']) {
      const made = await kubectl(['--context', ctx, 'create', 'deployment', 'fleet', '--image=registry.k8s.io/pause:3.9', '-n', NS]);
      expect(made.code).toBe(0);
    }
    const field = (ctx: string, jsonpath: string) => kubectl(['--context', ctx, 'get', 'deploy', 'fleet', '-n', NS, '-o', `jsonpath=${jsonpath}`]).then((r) => r.stdout);
    expect(await ktl(['scale', 'deploy', 'fleet', '--replicas=3', '-n', NS, '--context', 'one,two'])).toEqual({
      code: 0,
      stdout: 'one   deployment.apps/fleet scaled\ntwo   deployment.apps/fleet scaled\n',
      stderr: '',
    });
    for (const ctx of ['one', 'two']) expect(await field(ctx, '{.spec.replicas}')).toBe('3');
    expect(await ktl(['set', 'image', 'deploy/fleet', 'pause=registry.k8s.io/pause:3.10', '-n', NS, '--context', 'one,two'])).toEqual({
      code: 0,
      stdout: 'one   deployment.apps/fleet image updated\ntwo   deployment.apps/fleet image updated\n',
      stderr: '',
    });
    for (const ctx of ['one', 'two']) expect(await field(ctx, '{.spec.template.spec.containers[0].image}')).toBe('registry.k8s.io/pause:3.10');
    const refused = await ktl(['rollout', 'restart', 'deploy/fleet', '-n', NS, '--all-contexts']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    for (const ctx of ['one', 'two']) expect(await field(ctx, '{.spec.template.metadata.annotations}')).toBe('');
    expect(await ktl(['rollout', 'restart', 'deploy/fleet', '-n', NS, '--context', 'one,two'])).toEqual({
      code: 0,
      stdout: 'one   deployment.apps/fleet restarted\ntwo   deployment.apps/fleet restarted\n',
      stderr: '',
    });
    for (const ctx of ['one', 'two']) expect(await field(ctx, "{.spec.template.metadata.annotations['kubectl\\.kubernetes\\.io/restartedAt']}")).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test('commands that do not run across contexts refuse', async () => {
    const r = await ktl(['label', 'cm', 'cm-one', 'a=b', '-n', NS, '--context', 'one,two']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: "label" does not run across contexts; reads: get, describe, events, top, auth can-i, auth whoami, version, api-resources, logs; writes (with --yes or a --context list): apply, delete, scale, rollout restart, set image\n',
    );
    expect(r.stdout).toBe('');
  });
});
