/**
 * scale, rollout, wait and set on the real local cluster, ktl vs kubectl 1.33
 * on twin objects: ktl drives "k-<name>", kubectl drives "c-<name>" in one
 * namespace, and outputs are compared after renaming k- to c-. Progress
 * lines printed while a rollout runs depend on timing, so those runs compare
 * the final line, the exit code and the shapes of the lines (digits
 * replaced); runs after a rollout settles compare bytes.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ktl, kubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';

const ns = uniqueNamespace('ktl-wl');
let dir: string;

function deployment(name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] } },
      ...extra,
    },
  };
}

async function applyObjects(objs: unknown[]): Promise<void> {
  const file = path.join(dir, `m-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }));
  const r = await kubectl(['apply', '-f', file]);
  if (r.code !== 0) throw new Error(r.stderr);
}

/** Runs args with @x -> k-x for ktl and c-x for kubectl; ktl's output is renamed back. */
async function twin(args: string[], opts: { timeoutMs?: number } = {}): Promise<{ ktl: ProcResult; kubectl: ProcResult }> {
  const sub = (prefix: string) => args.map((a) => a.replace(/@([\w-]+)/g, `${prefix}-$1`));
  const [a, b] = await Promise.all([
    ktl(['-n', ns, ...sub('k')], { timeoutMs: opts.timeoutMs }),
    kubectl(['-n', ns, ...sub('c')], { timeoutMs: opts.timeoutMs }),
  ]);
  const norm = (s: string) => s.replace(/\bk-([\w-]+)/g, 'c-$1').replace(/'ktl get/g, "'kubectl.1.33 get").replace(/'ktl rollout/g, "'kubectl rollout");
  return { ktl: { code: a.code, stdout: norm(a.stdout), stderr: norm(a.stderr) }, kubectl: b };
}

const shapes = (s: string) => [...new Set(s.split('\n').filter(Boolean).map((l) => l.replace(/\d+/g, 'N')))].sort();
const lastLine = (s: string) => s.split('\n').filter(Boolean).at(-1);
const hashes = (s: string) => s.replace(/pod-template-hash=\w+/g, 'pod-template-hash=H');

async function settle(kind: string, name: string): Promise<void> {
  for (const p of ['k', 'c']) {
    const r = await kubectl(['-n', ns, 'rollout', 'status', `${kind}/${p}-${name}`, '--timeout=90s']);
    if (r.code !== 0) throw new Error(r.stderr);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-e2e-wl-'));
  const r = await kubectl(['create', 'namespace', ns]);
  if (r.code !== 0) throw new Error(r.stderr);
  await applyObjects([deployment('k-web'), deployment('c-web')]);
  await settle('deployment', 'web');
}, 120_000);

afterAll(async () => {
  if (!process.env.KTL_E2E_KEEP) await kubectl(['delete', 'namespace', ns, '--wait=false']);
  await rm(dir, { recursive: true, force: true });
});

describe('scale', () => {
  test.each([
    [['scale', 'deployment/@web', '--replicas=3']],
    [['scale', 'deployment', '@web', '--replicas=2']],
    [['scale', 'deployment/@web', '--replicas=3', '--current-replicas=2']],
    [['scale', 'deployment/@web', '--replicas=2', '--current-replicas=7']],
    [['scale', 'deployment/@web', '--replicas=2', '--resource-version=1']],
    [['scale', 'deployment/@web', '--replicas=2', '--dry-run=client']],
    [['scale', 'deployment/@web', '--replicas=2', '--dry-run=server', '-o', 'name']],
    [['scale', 'deployment/@web', '--replicas=-1']],
    [['scale', 'deployment/@nope', '--replicas=1']],
    [['scale', 'deployment', '--replicas=1']],
    [['scale', '--replicas=1']],
    [['scale', 'pod/@nope', 'deployment/@nope2', '--replicas=1']],
    // the object printed is the one read before scaling
    [['scale', 'deployment/@web', '--replicas=2', '-o', 'jsonpath={.spec.replicas}/{.metadata.generation}']],
    [['scale', 'deployment/@web', '--replicas=3', '--dry-run=client', '-o', 'jsonpath={.spec.replicas}/{.metadata.generation}']],
  ])('%j', async (args) => {
    const r = await twin(args);
    // resourceVersions differ between the twins
    const rv = (x: ProcResult) => ({ ...x, stderr: x.stderr.replace(/was \d+$/m, 'was RV') });
    expect(rv(r.ktl)).toEqual(rv(r.kubectl));
  });

  test('--timeout waits for the replicas', async () => {
    const r = await twin(['scale', 'deployment/@web', '--replicas=2', '--timeout=60s']);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout).toBe('deployment.apps/c-web scaled\n');
  });
});

describe('set and rollout status', () => {
  test('set image, then rollout status to completion', async () => {
    const s = await twin(['set', 'image', 'deployment/@web', 'app=nginx:2']);
    expect(s.ktl).toEqual(s.kubectl);
    expect(s.ktl.stdout).toBe('deployment.apps/c-web image updated\n');
    const r = await twin(['rollout', 'status', 'deployment/@web', '--timeout=90s'], { timeoutMs: 100_000 });
    expect(r.ktl.code).toBe(0);
    expect(r.kubectl.code).toBe(0);
    expect(lastLine(r.ktl.stdout)).toBe('deployment "c-web" successfully rolled out');
    expect(lastLine(r.ktl.stdout)).toBe(lastLine(r.kubectl.stdout));
    const known = new Set([...shapes(r.kubectl.stdout), 'Waiting for deployment "c-web" rollout to finish: N out of N new replicas have been updated...', 'Waiting for deployment "c-web" rollout to finish: N old replicas are pending termination...', 'Waiting for deployment "c-web" rollout to finish: N of N updated replicas are available...']);
    for (const shape of shapes(r.ktl.stdout)) expect(known).toContain(shape);
    expect(r.ktl.stderr).toBe(r.kubectl.stderr);
    await settle('deployment', 'web');
    const again = await twin(['rollout', 'status', 'deployment/@web', '--watch=false']);
    expect(again.ktl).toEqual(again.kubectl);
  });

  test.each([
    [['set', 'image', 'deployment/@web', 'app=nginx:2']],
    [['set', 'image', 'deployment/@web', 'nope=x']],
    [['set', 'image', 'deployment/@web']],
    [['set', 'env', 'deployment/@web', 'FOO=bar', 'X=1']],
    [['set', 'env', 'deployment/@web', '--list']],
    [['set', 'env', 'deployment/@web', 'FOO-']],
    [['set', 'env', 'deployment/@web', '-c', 'nope', 'A=1']],
    [['set', 'resources', 'deployment/@web', '--limits=cpu=200m,memory=512Mi', '--requests=cpu=100m']],
    [['set', 'resources', 'deployment/@web', '--limits=cpu=200m,memory=512Mi', '--requests=cpu=100m']],
    [['set', 'resources', 'deployment/@web']],
    [['set', 'resources', 'deployment/@web', '-c', 'nope', '--limits=cpu=1']],
    [['set', 'image', 'deployment/@web', '*=nginx:3', '--dry-run=client', '-o', 'name']],
  ])('%j', async (args) => {
    const r = await twin(args);
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('the server holds the same pod template for both twins', async () => {
    const spec = async (n: string) =>
      (await kubectl(['-n', ns, 'get', 'deployment', n, '-o', 'jsonpath={.spec.template.spec}'])).stdout;
    expect(await spec('k-web')).toBe(await spec('c-web'));
    await settle('deployment', 'web');
  });
});

describe('rollout history, undo, restart, pause, resume', () => {
  // history lists ReplicaSets, which the controller creates after the template changes
  beforeAll(() => settle('deployment', 'web'), 120_000);
  test.each([
    [['rollout', 'history', 'deployment/@web']],
    [['rollout', 'history', 'deployment/@web', '--revision=2']],
    [['rollout', 'history', 'deployment/@web', '--revision=42']],
    [['rollout', 'undo', 'deployment/@web', '--to-revision=42']],
    [['rollout', 'undo', 'deployment/@web', '--dry-run=client', '--to-revision=1']],
    [['rollout', 'pause', 'deployment/@web']],
    [['rollout', 'pause', 'deployment/@web']],
    [['rollout', 'undo', 'deployment/@web']],
    [['rollout', 'restart', 'deployment/@web']],
    [['rollout', 'resume', 'deployment/@web']],
    [['rollout', 'resume', 'deployment/@web']],
    [['rollout', 'undo', 'deployment/@web', '--to-revision=1']],
    [['rollout', 'history', 'deployment/@web']],
    [['rollout', 'status', 'pod/@nope']],
    [['rollout', 'status', 'deployment/@web', '--revision=-1']],
  ])('%j', async (args) => {
    const r = await twin(args);
    expect({ ...r.ktl, stdout: hashes(r.ktl.stdout) }).toEqual({ ...r.kubectl, stdout: hashes(r.kubectl.stdout) });
  });

  test('undo to the current revision is skipped; restart restarts', async () => {
    await settle('deployment', 'web');
    const rev = async (n: string) =>
      (await kubectl(['-n', ns, 'get', 'deployment', n, '-o', 'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}'])).stdout;
    const [rk, rc] = [await rev('k-web'), await rev('c-web')];
    const a = await ktl(['-n', ns, 'rollout', 'undo', 'deployment/k-web', `--to-revision=${rk}`]);
    const b = await kubectl(['-n', ns, 'rollout', 'undo', 'deployment/c-web', `--to-revision=${rc}`]);
    expect(b).toEqual({ code: 0, stderr: '', stdout: `deployment.apps/c-web skipped rollback (current template already matches revision ${rc})\n` });
    expect(a).toEqual({ code: 0, stderr: '', stdout: `deployment.apps/k-web skipped rollback (current template already matches revision ${rk})\n` });
    const r = await twin(['rollout', 'restart', 'deployment/@web']);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout).toBe('deployment.apps/c-web restarted\n');
    await settle('deployment', 'web');
  });
});

describe('stuck rollouts', () => {
  beforeAll(async () => {
    const stuck = (name: string, extra: Record<string, unknown>) => deployment(name, extra);
    await applyObjects([
      stuck('k-stuck', {}),
      stuck('c-stuck', {}),
      stuck('k-late', {}),
      stuck('c-late', {}),
    ]);
    await settle('deployment', 'stuck');
    await settle('deployment', 'late');
    // new pods can never be scheduled: no node has this label; the "late" ones get a
    // 2 s progress deadline only now, so that their first rollout cannot miss it on a busy machine
    const template = { spec: { nodeSelector: { 'ktl-e2e/none': 'true' } } };
    for (const n of ['k-stuck', 'c-stuck', 'k-late', 'c-late']) {
      const spec = n.endsWith('late') ? { progressDeadlineSeconds: 2, template } : { template };
      const r = await kubectl(['-n', ns, 'patch', 'deployment', n, '-p', JSON.stringify({ spec })]);
      if (r.code !== 0) throw new Error(r.stderr);
    }
  });

  test('--timeout: kubectl\'s error, exit 1', async () => {
    const r = await twin(['rollout', 'status', 'deployment/@stuck', '--timeout=3s']);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl.stderr).toBe('error: timed out waiting for the condition\n');
    expect(r.ktl.stderr).toBe(r.kubectl.stderr);
    expect(r.ktl.code).toBe(r.kubectl.code);
    expect(shapes(r.ktl.stdout)).toEqual(shapes(r.kubectl.stdout));
  });

  test('progress deadline exceeded', async () => {
    // the controller marks the deadline a few seconds after it passes
    for (let i = 0; i < 60; i++) {
      const c = await kubectl(['-n', ns, 'get', 'deployment', 'c-late', 'k-late', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Progressing")].reason}']);
      if (c.stdout === 'ProgressDeadlineExceeded ProgressDeadlineExceeded') break;
      await new Promise((res) => setTimeout(res, 1000));
    }
    const r = await twin(['rollout', 'status', 'deployment/@late', '--timeout=30s']);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl).toEqual({ code: 1, stdout: '', stderr: 'error: deployment "c-late" exceeded its progress deadline\n' });
  });
});

describe('daemonset and statefulset rollouts', () => {
  beforeAll(async () => {
    const ds = (name: string) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: ns },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          // one node keeps the rollout short
          spec: { nodeSelector: { 'kubernetes.io/hostname': 'kwok-node-0' }, tolerations: [{ operator: 'Exists' }], containers: [{ name: 'c', image: 'busybox:1' }] },
        },
      },
    });
    const sts = (name: string) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace: ns },
      spec: {
        replicas: 2,
        serviceName: name,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox:1' }] } },
      },
    });
    await applyObjects([ds('k-ds'), ds('c-ds'), sts('k-sts'), sts('c-sts')]);
    await settle('daemonset', 'ds');
    await settle('statefulset', 'sts');
  });

  test.each([['daemonset', 'ds', 'daemon set "c-ds" successfully rolled out'], ['statefulset', 'sts', 'partitioned roll out complete: 2 new pods have been updated...']])(
    '%s: set image, rollout status, history, undo',
    async (kind, name, final) => {
      const s = await twin(['set', 'image', `${kind}/@${name}`, 'c=busybox:2']);
      expect(s.ktl).toEqual(s.kubectl);
      const r = await twin(['rollout', 'status', `${kind}/@${name}`, '--timeout=90s'], { timeoutMs: 100_000 });
      expect([r.ktl.code, r.kubectl.code]).toEqual([0, 0]);
      expect(lastLine(r.ktl.stdout)).toBe(final);
      expect(lastLine(r.kubectl.stdout)).toBe(final);
      await settle(kind, name);
      for (const args of [
        ['rollout', 'status', `${kind}/@${name}`, '--watch=false'],
        ['rollout', 'history', `${kind}/@${name}`],
        ['rollout', 'history', `${kind}/@${name}`, '--revision=1'],
        ['rollout', 'undo', `${kind}/@${name}`, '--dry-run=client'],
        ['rollout', 'undo', `${kind}/@${name}`],
        ['rollout', 'pause', `${kind}/@${name}`],
      ]) {
        const x = await twin(args);
        expect(x.ktl).toEqual(x.kubectl);
      }
    },
  );
});

describe('wait', () => {
  test.each([
    [['wait', '--for=condition=Available', 'deployment/@web']],
    [['wait', '--for=condition=Available=false', 'deployment/@web', '--timeout=2s']],
    [['wait', '--for=jsonpath={.status.readyReplicas}=2', 'deployment/@web']],
    [['wait', '--for=jsonpath={.status.readyReplicas}', 'deployment/@web', '-o', 'name']],
    [['wait', '--for=jsonpath={.status.nope}', 'deployment/@web', '--timeout=1s']],
    [['wait', '--for=jsonpath={.spec.replicas}=9', 'deployment/@web', '--timeout=0']],
    [['wait', '--for=delete', 'deployment/@nope', '--timeout=1s']],
    [['wait', '--for=condition=Ready', 'pod/@nope', '--timeout=1s']],
    [['wait', '--for=create', 'deployment/@web', '--timeout=5s']],
    [['wait', '--for=create', 'deployment/@nope', '--timeout=1s']],
    [['wait', '--for=bogus', 'deployment/@web']],
    [['wait', '--for=condition=Available', 'deployment', '-l', 'app=nomatch']],
  ])('%j', async (args) => {
    const r = await twin(args);
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('--for=delete waits until the object is gone', async () => {
    await kubectl(['-n', ns, 'create', 'configmap', 'k-gone']);
    await kubectl(['-n', ns, 'create', 'configmap', 'c-gone']);
    // Both run with -v=6 so the test can see each one's watch answered before
    // deleting (on a busy machine a process may start late, and one that
    // starts after the delete finds nothing to wait for); -v lines are then
    // left out of the comparison.
    const watching = /"Response" verb="GET" url="[^"]*watch=true/;
    const started: Array<Promise<void>> = [];
    const opts = () => {
      let seen: () => void = () => undefined;
      started.push(new Promise<void>((res) => (seen = res)));
      return { timeoutMs: 60_000, onStderr: (all: string) => watching.test(all) && seen() };
    };
    const args = ['-n', ns, 'wait', '--for=delete', '--timeout=45s', '-v=6'];
    const waiting = Promise.all([ktl([...args, 'configmap/k-gone'], opts()), kubectl([...args, 'configmap/c-gone'], opts())]);
    await Promise.all(started);
    await kubectl(['-n', ns, 'delete', 'configmap', 'k-gone', 'c-gone']);
    const [a, b] = await waiting;
    const plain = (r: ProcResult) => ({
      code: r.code,
      stdout: r.stdout.replace(/k-gone/g, 'c-gone'),
      stderr: r.stderr
        .split('\n')
        .filter((l) => !/^[IWE]\d{4} /.test(l))
        .join('\n'),
    });
    expect(plain(a)).toEqual(plain(b));
    expect(plain(a)).toEqual({ code: 0, stdout: 'configmap/c-gone condition met\n', stderr: '' });
  });
});
