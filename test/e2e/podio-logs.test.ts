/**
 * ktl logs against kubectl 1.33 on the same pods (kwok serves the CRI log
 * files test/e2e/kubelet-env.ts gives them): every flag of issue 14's list,
 * the notices and refusals, -f with appended lines and over several pods,
 * and --prefix colours on a terminal (ktl only: kubectl has none).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, ktlBin, kubectl, referenceKubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';
import {
  applyObjects,
  createPods,
  criTime,
  givePodLogs,
  removePodFiles,
  runInTerminal,
  startBackground,
  type LogLine,
  type PodLogs,
} from './kubelet-env.js';

const NS = uniqueNamespace('podio-logs');
const old = new Date(Date.now() - 2 * 3600_000);
const APP: LogLine[] = [
  { text: 'app old 1', time: criTime(old) },
  { text: 'app old 2 (stderr)', time: criTime(new Date(old.getTime() + 1000)), stream: 'stderr' },
  { text: 'app new 3', time: criTime(new Date(Date.now() - 60_000)) },
  { text: 'app new 4', time: criTime(new Date(Date.now() - 59_000)) },
];
const SIDECAR = ['sidecar 1', 'sidecar 2'];
const PREVIOUS = ['app previous instance 1', 'app previous instance 2'];
const MANY = Array.from({ length: 15 }, (_, i) => `many line ${i + 1}`);
let web: PodLogs;
let many: PodLogs;

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  await createPods(NS, {
    web: { containers: ['app', 'sidecar'], labels: { tier: 'logs' } },
    many: { labels: { tier: 'logs' } },
    annotated: { containers: ['app', 'sidecar'], labels: { tier: 'other' }, annotations: { 'kubectl.kubernetes.io/default-container': 'sidecar' } },
    misannotated: { containers: ['app', 'sidecar'], labels: { tier: 'other' }, annotations: { 'kubectl.kubernetes.io/default-container': 'gone' } },
  });
  web = await givePodLogs(NS, 'web', { app: { current: APP, previous: PREVIOUS }, sidecar: { current: SIDECAR } });
  many = await givePodLogs(NS, 'many', { app: { current: MANY } });
  await givePodLogs(NS, 'annotated', { app: { current: ['annotated app'] }, sidecar: { current: ['annotated sidecar'] } });
  await givePodLogs(NS, 'misannotated', { app: { current: ['misannotated app'] }, sidecar: { current: ['misannotated sidecar'] } });
  await applyObjects(
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'logs', namespace: NS }, spec: { selector: { tier: 'logs' }, ports: [{ port: 80 }] } },
    // never scheduled: no node has this label
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pending', namespace: NS },
      spec: { nodeSelector: { 'podio-logs': 'nowhere' }, containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
    },
  );
});
afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await removePodFiles(NS);
});

/** ktl names itself in its usage hints (See 'ktl logs -h' ...) */
const asKubectl = (r: ProcResult): ProcResult => ({ ...r, stderr: r.stderr.replaceAll("'ktl ", "'kubectl ") });
const both = async (...args: string[]): Promise<[ProcResult, ProcResult]> => {
  const [a, b] = await Promise.all([ktl(['-n', NS, 'logs', ...args]), kubectl(['-n', NS, 'logs', ...args])]);
  return [asKubectl(a), b];
};

/** kubectl reads several containers concurrently: the "[pod/P/C] text" lines grouped by prefix, each group in order */
function byPrefix(r: ProcResult): ProcResult & { groups: Record<string, string[]> } {
  const groups: Record<string, string[]> = {};
  const rest: string[] = [];
  for (const line of r.stdout.split(/(?<=\n)/)) {
    const m = /^(\[pod\/[^\]]+\]) (.*\n?)$/.exec(line);
    if (m) (groups[m[1]!] ??= []).push(m[2]!);
    else rest.push(line);
  }
  return { ...r, stdout: rest.join(''), groups };
}

describe('ktl logs and kubectl logs, same pods', () => {
  test.each([
    [['web']],
    [['web', '-c', 'sidecar']],
    [['web', 'sidecar']],
    [['web', '-c', 'nope']],
    [['web', '-c', 'app', 'sidecar']],
    [['annotated']],
    [['misannotated']],
    [['pod/web', '-c', 'app', '--tail', '1']],
    [['web', '-c', 'app', '--tail=3']],
    [['web', '-c', 'app', '--tail=0']],
    [['web', '-c', 'app', '--tail=-2']],
    [['web', '-c', 'app', '--since=1h']],
    [['web', '-c', 'app', '--since=3h']],
    [['web', '-c', 'app', '--since=-1s']],
    [['web', '-c', 'app', '--since-time', new Date(Date.now() - 3600_000).toISOString()]],
    [['web', '-c', 'app', '--since-time', 'yesterday']],
    [['web', '-c', 'app', '--since=1h', '--since-time', new Date().toISOString()]],
    [['web', '-c', 'app', '--timestamps']],
    [['web', '-c', 'app', '--previous']],
    [['web', '-c', 'sidecar', '-p']],
    [['web', '-c', 'app', '--limit-bytes=14']],
    [['web', '-c', 'app', '--limit-bytes=-1']],
    [['web', '-c', 'app', '--prefix', '--timestamps']],
    [['many']],
    [['-l', 'tier=nothing']],
    [['-l', 'tier=logs', 'web']],
    [['svc/logs', '-c', 'app']],
    [['service/logs', '-c', 'app', '--tail=2']],
    [['pending']],
    [['nope']],
    [['deploy/nope']],
    [['cm/nope']],
    [[]],
    [['a', 'b', 'c']],
    [['web', '--all-containers', '-c', 'app']],
    [['web', '-c', 'app', '--pod-running-timeout=0']],
    [['web', '-c', 'app', '--insecure-skip-tls-verify-backend']],
    [['-f', '-l', 'tier=logs', '--all-containers', '--max-log-requests=2']],
    // argument and flag texts (the differential sweep of the kubelet commands)
    [['']],
    [['', 'app']],
    [['pod/web/app']],
    [['-l', 'bad==sel=']],
    [['web', '-1']],
    [['web', '-c', 'app', '--since-time', '2020-01-01']],
    [['web', '-c', 'app', '--since-time', '2020-13-01T00:00:00Z']],
    [['web', '-c', 'app', '--since-time', '2020-01-01T00:00:00+0100']],
  ])('%j', async (args) => {
    const [mine, theirs] = await both(...args);
    expect(mine).toEqual(theirs);
  });

  test('a pod in a namespace that does not exist: the namespace is what is not found, in both', async () => {
    const args = ['-n', `${NS}-missing`, 'logs', 'web'];
    const [mine, theirs] = await Promise.all([ktl(args), kubectl(args)]);
    expect(mine).toEqual(theirs);
    expect(theirs.stderr).toBe(`error: error from server (NotFound): namespaces "${NS}-missing" not found in namespace "${NS}-missing"\n`);
  });

  // kubectl reads the pods of -l one after another in the order of a Go map (not fixed from run
  // to run): each pod's lines (web's start with "app", many's with "many") in order, the pods in any order
  test.each([[['-l', 'tier=logs', '-c', 'app']], [['-l', 'tier=logs', '-c', 'app', '--tail=-1']]])('%j', async (args) => {
    const [mine, theirs] = await both(...args);
    const perPod = (r: ProcResult) => {
      const groups: Record<string, string[]> = {};
      for (const line of r.stdout.split(/(?<=\n)/)) (groups[line.split(' ')[0]!] ??= []).push(line);
      return { code: r.code, stderr: r.stderr, groups };
    };
    expect(perPod(mine)).toEqual(perPod(theirs));
    expect(Object.keys(perPod(mine).groups).sort()).toEqual(['app', 'many']);
  });

  test.each([
    [['web', '--all-containers', '--prefix']],
    [['web', '--all-containers']],
    [['-l', 'tier=logs', '--all-containers', '--prefix']],
    [['-l', 'tier=logs', '--all-containers', '--tail=1', '--prefix']],
    [['svc/logs', '--all-pods', '-c', 'app']],
  ])('several sources, %j: the same lines per source', async (args) => {
    const [mine, theirs] = await both(...args);
    // without --prefix kubectl takes the sources in Go map order (it varies between runs):
    // the unprefixed lines grouped by source (the first word names it: app, sidecar, many), each in order
    const bySource = (r: ProcResult) => {
      const p = byPrefix(r);
      const unprefixed: Record<string, string[]> = {};
      for (const line of p.stdout.split(/(?<=\n)/).filter(Boolean)) (unprefixed[line.split(' ')[0]!] ??= []).push(line);
      return { code: p.code, stderr: p.stderr, groups: p.groups, unprefixed };
    };
    expect(bySource(mine)).toEqual(bySource(theirs));
    expect(Object.keys(bySource(mine).groups).length + Object.keys(bySource(mine).unprefixed).length).toBeGreaterThan(1);
  });

  test('-f prints the log, then the lines appended to it, in both', async () => {
    const args = ['-n', NS, 'logs', '-f', 'web', '-c', 'sidecar'];
    const a = startBackground(process.execPath, [ktlBin, ...args]);
    const b = startBackground(referenceKubectl!, args);
    try {
      await Promise.all([a.waitForOutput(/sidecar 2\n/), b.waitForOutput(/sidecar 2\n/)]);
      web.append('sidecar', ['appended A', 'appended B']);
      await Promise.all([a.waitForOutput(/appended B\n/), b.waitForOutput(/appended B\n/)]);
      expect(a.stdout).toBe(b.stdout);
      expect(a.stderr).toBe(b.stderr);
      // kubectl exits 1 on Ctrl-C (its interrupt handler), so does ktl
      a.child.kill('SIGINT');
      b.child.kill('SIGINT');
      const [ea, eb] = await Promise.all([a.exited, b.exited]);
      expect(ea).toEqual(eb);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('-f -l over two pods with --prefix: each pod followed at once, whole prefixed lines', async () => {
    const args = ['-n', NS, 'logs', '-f', '-l', 'tier=logs', '-c', 'app', '--prefix', '--tail=1'];
    const a = startBackground(process.execPath, [ktlBin, ...args]);
    const b = startBackground(referenceKubectl!, args);
    try {
      for (const p of [a, b]) await Promise.all([p.waitForOutput(/\[pod\/web\/app\] app new 4\n/), p.waitForOutput(/\[pod\/many\/app\] many line 15\n/)]);
      web.append('app', ['web follows']);
      many.append('app', ['many follows']);
      for (const p of [a, b]) await Promise.all([p.waitForOutput(/\[pod\/web\/app\] web follows\n/), p.waitForOutput(/\[pod\/many\/app\] many follows\n/)]);
      const groups = (s: string) => byPrefix({ code: 0, stdout: s, stderr: '' });
      expect(groups(a.stdout)).toEqual(groups(b.stdout));
      expect(a.stderr).toBe(b.stderr);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe('--prefix colours (ktl only)', () => {
  // the pods labelled tier=other, whose logs no other test appends to;
  // what a terminal shows is read through tmux's capture with escapes
  const run = (extra: string[], env: string[] = []) =>
    runInTerminal([...env, process.execPath, ktlBin, '-n', NS, 'logs', '-l', 'tier=other', '-c', 'app', '--prefix', ...extra], { escapes: true });
  const COLOURED = /^\x1b\[(\d+)m\[pod\/(annotated|misannotated)\/app\]\x1b\[39m (annotated|misannotated) app$/;

  test('on a terminal each pod gets its own colour; the text stays plain', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    const lines = r.screen.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const m = lines.map((l) => COLOURED.exec(l));
    expect(m.map((x) => (x ? x[2] === x[3] : x))).toEqual([true, true]);
    expect(m[0]![1]).not.toBe(m[1]![1]);
  });

  test('every container of a pod in the pod\'s colour', async () => {
    const r = await runInTerminal([process.execPath, ktlBin, '-n', NS, 'logs', 'annotated', '--all-containers', '--prefix'], { escapes: true });
    expect(r.code).toBe(0);
    const codes = r.screen
      .trimEnd()
      .split('\n')
      .map((l) => /^\x1b\[(\d+)m\[pod\/annotated\/(app|sidecar)\]\x1b\[39m annotated \2$/.exec(l)?.[1]);
    expect(codes).toEqual([codes[0], codes[0]]);
    expect(codes[0]).toMatch(/^\d+$/);
  });

  test('--color=never and NO_COLOR on a terminal: plain', async () => {
    for (const r of [await run(['--color=never']), await run([], ['env', 'NO_COLOR=1'])]) {
      expect(r.code).toBe(0);
      expect(r.screen.trimEnd().split('\n').sort()).toEqual(['[pod/annotated/app] annotated app', '[pod/misannotated/app] misannotated app']);
    }
  });

  test('piped: plain under auto, coloured under always; a bad value refused', async () => {
    const args = ['-n', NS, 'logs', 'annotated', '-c', 'app', '--prefix'];
    expect(await ktl(args)).toEqual({ code: 0, stdout: '[pod/annotated/app] annotated app\n', stderr: '' });
    expect(await ktl([...args, '--color=always'])).toEqual({ code: 0, stdout: '\x1b[36m[pod/annotated/app]\x1b[39m annotated app\n', stderr: '' });
    expect(await ktl([...args, '--color=sometimes'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: invalid argument "sometimes" for "--color" flag: must be one of auto, always, never\n',
    });
    // without --prefix there is nothing to colour
    expect(await ktl(['-n', NS, 'logs', 'annotated', '-c', 'app', '--color=always'])).toEqual({ code: 0, stdout: 'annotated app\n', stderr: '' });
  });
});

describe('logs -f that ends on its own (the server closes the stream)', () => {
  // kwok follows a log until the client leaves: it has no container that
  // could end (it asks no runtime; a container is always running to it). The
  // stream still ends from the server's side when --limit-bytes is reached
  // (the kubelet's log reader stops there, followed or not) or when reading
  // the log fails (kwok then writes its error into the body and ends).
  let a: PodLogs;
  let b: PodLogs;
  beforeAll(async () => {
    await createPods(NS, { 'ending-a': { labels: { tier: 'ending' } }, 'ending-b': { labels: { tier: 'ending' } } });
    a = await givePodLogs(NS, 'ending-a', { app: { current: ['a first'] } });
    b = await givePodLogs(NS, 'ending-b', { app: { current: ['b first'] } });
  });

  /** both tools started at once; `act` once both show `ready`; then each must end by itself */
  async function bothUntilEnd(args: string[], ready: RegExp[], act: () => void) {
    const full = ['-n', NS, 'logs', ...args];
    const mine = startBackground(process.execPath, [ktlBin, ...full]);
    const theirs = startBackground(referenceKubectl!, full);
    try {
      for (const p of [mine, theirs]) for (const re of ready) await p.waitForOutput(re);
      act();
      const [em, et] = await Promise.all([mine.exited, theirs.exited]);
      return {
        ktl: { ...em, stdout: mine.stdout, stderr: mine.stderr },
        kubectl: { ...et, stdout: theirs.stdout, stderr: theirs.stderr },
      };
    } finally {
      await Promise.all([mine.stop(), theirs.stop()]);
    }
  }

  test('-f --limit-bytes: lines appended while following reach the limit, the stream ends, exit 0 in both', async () => {
    const r = await bothUntilEnd(['-f', 'ending-a', '--limit-bytes=30'], [/a first\n/], () => a.append('app', ['a second', 'a third goes past the limit']));
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl).toMatchObject({ code: 0, signal: null, stderr: '' });
    // 30 bytes: the third line cut where the limit falls
    expect(r.ktl.stdout).toBe('a first\na second\na third goes past the limit'.slice(0, 30));
  });

  test('-f over two pods, each stream ending at its limit: ended when both have, exit 0 in both', async () => {
    const r = await bothUntilEnd(
      ['-f', '-l', 'tier=ending', '--prefix', '--limit-bytes=16', '--tail=1'],
      [/\[pod\/ending-a\/app\] a third/, /\[pod\/ending-b\/app\] b first\n/],
      () => b.append('app', ['b second', 'b third']),
    );
    // a stream cut mid-line leaves its last line without a newline: pieces split at each prefix
    const sorted = (s: string) => s.split(/(?=\[pod\/)/).sort().join('|');
    expect({ ...r.ktl, stdout: sorted(r.ktl.stdout) }).toEqual({ ...r.kubectl, stdout: sorted(r.kubectl.stdout) });
    expect(r.ktl.code).toBe(0);
    expect(sorted(r.ktl.stdout)).toBe('[pod/ending-a/app] a third goes pas|[pod/ending-b/app] b first\n|[pod/ending-b/app] b second');
  });

  test('-f when the log cannot be read any more: kwok\'s error ends the body, exit 0 in both', async () => {
    const file = b.files.app!.current;
    try {
      const r = await bothUntilEnd(['-f', 'ending-b'], [/b third\n/], () => {
        rmSync(file);
        mkdirSync(file);
      });
      expect(r.ktl).toEqual(r.kubectl);
      expect(r.ktl).toEqual({
        code: 0,
        signal: null,
        stdout: `b first\nb second\nb third\nfailed to read log file "${file}": read ${file}: is a directory`,
        stderr: '',
      });
    } finally {
      rmSync(file, { recursive: true, force: true });
      writeFileSync(file, '');
    }
  });
});
