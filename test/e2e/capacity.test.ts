/**
 * `ktl capacity` on nodes of the test's own: kwok nodes given nvidia.com/gpu
 * and ephemeral-storage by a status patch, pods bound to them by nodeName
 * (init containers, a sidecar, pod overhead from a RuntimeClass, only-limits
 * containers). Expected figures are computed here from the test's own numbers
 * (millicores and bytes, plain arithmetic), and the node figures are checked
 * against `kubectl describe node`'s "Allocated resources" block.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, ktlBin, kubectl, runProcess, uniqueNamespace } from './cluster-env.js';
import { applyObjects, setPodUsage, until } from './kubelet-env.js';
import { createNodes, deleteNodes, PRIVATE_TAINT_KEY, uniqueNodeName, waitForNodeMetrics } from './node-env.js';

const NS = uniqueNamespace('cap');
const NS2 = uniqueNamespace('cap-b');
const RUN = NS;
const A = uniqueNodeName('cap-a');
const B = uniqueNodeName('cap-b');
const C = uniqueNodeName('cap-c');
const RC = `ktl-cap-${NS}`;
const GPU = 'nvidia.com/gpu';
const Mi = 1024 * 1024;
const Gi = 1024 * Mi;

/** node -> allocatable, in plain numbers (cpu in millicores, bytes) */
const NODES: Record<string, { cpu: number; memory: number; eph: number; gpu?: number }> = {
  [A]: { cpu: 16000, memory: 64 * Gi, eph: 90 * Gi, gpu: 4 },
  [B]: { cpu: 8000, memory: 32 * Gi, eph: 50 * Gi, gpu: 8 },
  [C]: { cpu: 4000, memory: 16 * Gi, eph: 20 * Gi },
};

interface Res {
  cpu?: number;
  memory?: number;
  gpu?: number;
}
interface PodDef {
  ns: string;
  name: string;
  node: string;
  containers: Array<{ req?: Res; lim?: Res }>;
  init?: Array<{ req?: Res; lim?: Res; sidecar?: boolean }>;
  overhead?: boolean;
}
const OVERHEAD = { cpu: 100, memory: 64 * Mi };

const PODS: PodDef[] = [
  // init container asks more cpu than the containers together: the init figure wins for cpu
  { ns: NS, name: 'trainer', node: A, containers: [{ req: { cpu: 500, memory: 1 * Gi, gpu: 2 }, lim: { cpu: 1000, memory: 2 * Gi, gpu: 2 } }, { req: { cpu: 250, memory: 256 * Mi } }], init: [{ req: { cpu: 2000, memory: 512 * Mi } }] },
  // only limits: requests default to them
  { ns: NS, name: 'infer', node: A, containers: [{ lim: { cpu: 300, memory: 128 * Mi, gpu: 1 } }] },
  // a sidecar (restartable init container) adds up; overhead from the RuntimeClass
  { ns: NS, name: 'web', node: A, containers: [{ req: { cpu: 200, memory: 100 * Mi }, lim: { cpu: 400, memory: 200 * Mi } }], init: [{ req: { cpu: 50, memory: 32 * Mi }, lim: { cpu: 100, memory: 64 * Mi }, sidecar: true }], overhead: true },
  { ns: NS2, name: 'batch', node: B, containers: [{ req: { cpu: 1500, memory: 3 * Gi, gpu: 3 }, lim: { cpu: 1500, memory: 3 * Gi, gpu: 3 } }] },
  { ns: NS, name: 'idle', node: B, containers: [{}] },
  { ns: NS, name: 'plain', node: C, containers: [{ req: { cpu: 100, memory: 50 * Mi } }] },
];

function resourceList(r: Res | undefined): Record<string, string> | undefined {
  if (!r) return undefined;
  const out: Record<string, string> = {};
  if (r.cpu !== undefined) out.cpu = `${r.cpu}m`;
  if (r.memory !== undefined) out.memory = `${r.memory / Mi}Mi`;
  if (r.gpu !== undefined) out[GPU] = `${r.gpu}`;
  return out;
}

function podObject(p: PodDef): object {
  const c = (x: { req?: Res; lim?: Res }, i: number, prefix: string) => ({
    name: `${prefix}${i}`,
    image: 'registry.k8s.io/pause:3.10',
    resources: { requests: resourceList(x.req), limits: resourceList(x.lim) },
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: p.ns, labels: { run: RUN, app: p.name } },
    spec: {
      nodeName: p.node,
      tolerations: [{ key: PRIVATE_TAINT_KEY, operator: 'Exists', effect: 'NoSchedule' }],
      containers: p.containers.map((x, i) => c(x, i, 'c')),
      initContainers: p.init?.map((x, i) => ({ ...c(x, i, 'i'), ...(x.sidecar ? { restartPolicy: 'Always' } : {}) })),
      runtimeClassName: p.overhead ? RC : undefined,
      terminationGracePeriodSeconds: 0,
    },
  };
}

// ---- the expected figures, from the numbers above (independent of ktl's quantity code)

type Key = 'cpu' | 'memory' | 'gpu';
function podFigure(p: PodDef, key: Key, kind: 'req' | 'lim'): number {
  // requests default to limits when only limits are given
  const of = (x: { req?: Res; lim?: Res }) => (kind === 'req' ? (x.req?.[key] ?? x.lim?.[key] ?? 0) : (x.lim?.[key] ?? 0));
  let sum = p.containers.reduce((s, x) => s + of(x), 0);
  let sidecars = 0;
  let initPeak = 0;
  for (const i of p.init ?? []) {
    if (i.sidecar) {
      sum += of(i);
      sidecars += of(i);
      initPeak = Math.max(initPeak, sidecars);
    } else initPeak = Math.max(initPeak, of(i) + sidecars);
  }
  let total = Math.max(sum, initPeak);
  if (p.overhead && key !== 'gpu' && (kind === 'req' || total !== 0)) total += OVERHEAD[key];
  return total;
}

function nodeFigure(node: string, key: Key, kind: 'req' | 'lim', pods = PODS): number {
  return pods.filter((p) => p.node === node).reduce((s, p) => s + podFigure(p, key, kind), 0);
}

const pct = (part: number, whole: number) => (whole === 0 ? 0 : Math.trunc((part / whole) * 100));

beforeAll(async () => {
  await Promise.all([
    kubectl(['create', 'ns', NS]),
    kubectl(['create', 'ns', NS2]),
    createNodes({ [A]: { 'ktl-cap': RUN, accel: 'gpu' }, [B]: { 'ktl-cap': RUN, accel: 'gpu' }, [C]: { 'ktl-cap': RUN } }),
    applyObjects({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: RC }, handler: 'runc', overhead: { podFixed: { cpu: '100m', memory: '64Mi' } } }),
  ]);
  for (const [name, n] of Object.entries(NODES)) {
    const res: Record<string, string> = { cpu: `${n.cpu}m`, memory: `${n.memory / Gi}Gi`, 'ephemeral-storage': `${n.eph / Gi}Gi`, pods: '110' };
    if (n.gpu !== undefined) res[GPU] = `${n.gpu}`;
    const r = await kubectl(['patch', 'node', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { allocatable: res, capacity: res } })]);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  // never scheduled: no node carries the label
  const waiting = podObject({ ns: NS, name: 'waiting', node: '', containers: [{ req: { gpu: 2 }, lim: { gpu: 2 } }] }) as { spec: Record<string, unknown> };
  delete waiting.spec.nodeName;
  waiting.spec.nodeSelector = { 'ktl-cap-none': RUN };
  await applyObjects(...PODS.map(podObject), waiting);
  await until('the pods to show up', async () => {
    const r = await kubectl(['get', 'pods', '-A', '-l', `run=${RUN}`, '-o', 'name']);
    return r.stdout.trim().split('\n').length === PODS.length + 1 ? true : undefined;
  });
}, 240_000);

afterAll(async () => {
  await Promise.all([kubectl(['delete', 'ns', NS, '--wait=false']), kubectl(['delete', 'ns', NS2, '--wait=false'])]);
  await kubectl(['delete', 'runtimeclass', RC, '--ignore-not-found', '--wait=false']);
  await deleteNodes(A, B, C);
});

const cpuText = (m: number) => (m % 1000 === 0 ? `${m / 1000}` : `${m}m`);
/** the BinarySI text Go prints for these byte counts (all whole Mi here) */
const memText = (b: number) => (b === 0 ? '0' : b % Gi === 0 ? `${b / Gi}Gi` : b % Mi === 0 ? `${b / Mi}Mi` : `${b}`);

/** kubectl's Allocated resources block of a node: resource -> [requests cell, limits cell] */
async function allocated(node: string): Promise<Record<string, [string, string]>> {
  const r = await kubectl(['describe', 'node', node]);
  expect(r.code).toBe(0);
  const block = r.stdout.split('Allocated resources:\n')[1]!.split('\nEvents:')[0]!;
  const out: Record<string, [string, string]> = {};
  for (const line of block.split('\n').slice(3)) {
    const m = /^\s+(\S+)\s+(\S+(?: \(\d+%\))?)\s+(\S+(?: \(\d+%\))?)\s*$/.exec(line);
    if (m) out[m[1]!] = [m[2]!, m[3]!];
  }
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(Math.max(widths[i]! + 3, 6)))).join('') + '\n').join('');
}

describe('ktl capacity', () => {
  test('node lines: describe node figures, extended resources as requested/allocatable, a totals line', async () => {
    const r = await ktl(['capacity', '-l', `ktl-cap=${RUN}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = [['NODE', 'CPU REQUESTS', 'CPU LIMITS', 'MEMORY REQUESTS', 'MEMORY LIMITS', 'NVIDIA.COM/GPU']];
    const tot = { cpu: 0, mem: 0, cpuL: 0, memL: 0, gpu: 0, cpuA: 0, memA: 0, gpuA: 0 };
    for (const n of [A, B, C].sort()) {
      const a = NODES[n]!;
      const [cpu, cpuL, mem, memL, gpu] = [nodeFigure(n, 'cpu', 'req'), nodeFigure(n, 'cpu', 'lim'), nodeFigure(n, 'memory', 'req'), nodeFigure(n, 'memory', 'lim'), nodeFigure(n, 'gpu', 'req')];
      rows.push([n, `${cpuText(cpu)} (${pct(cpu, a.cpu)}%)`, `${cpuText(cpuL)} (${pct(cpuL, a.cpu)}%)`, `${memText(mem)} (${pct(mem, a.memory)}%)`, `${memText(memL)} (${pct(memL, a.memory)}%)`, a.gpu === undefined ? '-' : `${gpu}/${a.gpu}`]);
      Object.assign(tot, { cpu: tot.cpu + cpu, mem: tot.mem + mem, cpuL: tot.cpuL + cpuL, memL: tot.memL + memL, gpu: tot.gpu + gpu, cpuA: tot.cpuA + a.cpu, memA: tot.memA + a.memory, gpuA: tot.gpuA + (a.gpu ?? 0) });
      // and what kubectl describe node says
      const k = await allocated(n);
      expect([k.cpu, k.memory]).toEqual([rows.at(-1)!.slice(1, 3), rows.at(-1)!.slice(3, 5)]);
      if (a.gpu !== undefined) expect(k[GPU]).toEqual([`${gpu}`, `${nodeFigure(n, 'gpu', 'lim')}`]);
    }
    rows.push(['*', `${cpuText(tot.cpu)} (${pct(tot.cpu, tot.cpuA)}%)`, `${cpuText(tot.cpuL)} (${pct(tot.cpuL, tot.cpuA)}%)`, `${memText(tot.mem)} (${pct(tot.mem, tot.memA)}%)`, `${memText(tot.memL)} (${pct(tot.memL, tot.memA)}%)`, `${tot.gpu}/${tot.gpuA}`]);
    expect(r.stdout).toBe(table(rows));
  });

  test('-o json: the documented shape, every figure equal to describe node', async () => {
    const r = await ktl(['capacity', '-l', `ktl-cap=${RUN}`, '-o', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe('CapacityReport');
    expect(doc.apiVersion).toBe('ktl.dev/v1alpha1');
    expect(doc.resources).toEqual(['cpu', 'memory', 'ephemeral-storage', GPU]);
    expect(doc.nodes.map((n: { name: string }) => n.name)).toEqual([A, B, C].sort());
    for (const n of doc.nodes) {
      const k = await allocated(n.name);
      for (const res of ['cpu', 'memory', 'ephemeral-storage']) {
        const f = n.resources[res];
        expect([`${f.requests} (${f.requestsPercent}%)`, `${f.limits} (${f.limitsPercent}%)`]).toEqual(k[res]);
      }
      const a = NODES[n.name]!;
      if (a.gpu !== undefined) {
        const g = nodeFigure(n.name, 'gpu', 'req');
        expect(n.resources[GPU]).toEqual({ allocatable: `${a.gpu}`, requests: `${g}`, limits: `${g}`, requestsPercent: pct(g, a.gpu), limitsPercent: pct(g, a.gpu), free: `${a.gpu - g}` });
      } else expect(n.resources[GPU]).toEqual({ allocatable: '0', requests: '0', limits: '0', free: '0' });
      expect(n.pods).toEqual({ count: PODS.filter((p) => p.node === n.name).length, allocatable: '110' });
    }
    expect(doc.totals.nodes).toBe(3);
    expect(doc.totals.resources[GPU].free).toBe(`${4 + 8 - nodeFigure(A, 'gpu', 'req') - nodeFigure(B, 'gpu', 'req')}`);
  });

  test('--resource nvidia.com/gpu: the pods holding GPUs under their node, what is free, pending pods asking for it', async () => {
    const r = await ktl(['capacity', '-l', `ktl-cap=${RUN}`, '--pod-selector', `run=${RUN}`, '--resource', GPU]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = [['NODE', 'NAMESPACE', 'POD', 'ALLOCATABLE', 'REQUESTS', 'LIMITS', 'FREE']];
    let used = 0;
    let all = 0;
    for (const n of [A, B].sort()) {
      const a = NODES[n]!.gpu!;
      const g = nodeFigure(n, 'gpu', 'req');
      used += g;
      all += a;
      rows.push([n, '*', '*', `${a}`, `${g} (${pct(g, a)}%)`, `${g} (${pct(g, a)}%)`, `${a - g}`]);
      const holders = PODS.filter((p) => p.node === n && podFigure(p, 'gpu', 'req') > 0).sort((x, y) => (x.ns + '/' + x.name < y.ns + '/' + y.name ? -1 : 1));
      for (const p of holders) {
        const v = podFigure(p, 'gpu', 'req');
        rows.push([n, p.ns, p.name, '-', `${v} (${pct(v, a)}%)`, `${v} (${pct(v, a)}%)`, '-']);
      }
    }
    rows.push(['<pending>', NS, 'waiting', '-', '2', '2', '-']);
    rows.push(['*', '*', '*', `${all}`, `${used} (${pct(used, all)}%)`, `${used} (${pct(used, all)}%)`, `${all - used}`]);
    expect(r.stdout).toBe(table(rows));
    const j = JSON.parse((await ktl(['capacity', '-l', `ktl-cap=${RUN}`, '--pod-selector', `run=${RUN}`, '--resource', GPU, '-o', 'json'])).stdout);
    expect(j.pending).toEqual([{ namespace: NS, name: 'waiting', resources: { [GPU]: { requests: '2', limits: '2' } } }]);
  });

  test('-n and --pod-selector narrow the pods counted; --pods lists them; --sort-by orders nodes', async () => {
    const r = await ktl(['capacity', '-l', `ktl-cap=${RUN}`, '-n', NS, '--pod-selector', 'app in (trainer,batch,plain)', '--pods', '--sort-by', 'cpu.requests', '--no-headers']);
    expect(r.code).toBe(0);
    const counted = PODS.filter((p) => p.ns === NS && ['trainer', 'batch', 'plain'].includes(p.name));
    const order = [A, B, C]
      .map((n) => ({ n, share: nodeFigure(n, 'cpu', 'req', counted) / NODES[n]!.cpu }))
      .sort((x, y) => y.share - x.share || (x.n < y.n ? -1 : 1))
      .map((x) => x.n);
    const lines = r.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/).slice(0, 3).join(' '));
    const expected: string[] = [];
    for (const n of order) {
      expected.push(`${n} * *`);
      for (const p of counted.filter((x) => x.node === n)) expected.push(`${n} ${p.ns} ${p.name}`);
    }
    expected.push('* * *');
    expect(lines).toEqual(expected);
    const trainer = r.stdout.split('\n').find((l) => l.includes(' trainer '))!;
    const cpu = podFigure(PODS[0]!, 'cpu', 'req');
    expect(trainer).toContain(`${cpuText(cpu)} (${pct(cpu, NODES[A]!.cpu)}%)`);
  });

  test('errors: a bad --sort-by, --util sort without --util, a bad output format, a bad resource name', async () => {
    for (const [args, msg] of [
      [['--sort-by', 'cpu.bogus'], 'error: --sort-by must be "name" or RESOURCE.FIELD (e.g. cpu.requests) with FIELD one of allocatable, requests, limits, util, free, got "cpu.bogus"\n'],
      [['--sort-by', 'cpu.util'], 'error: --sort-by=cpu.util needs --util\n'],
      [['-o', 'name'], 'error: unable to match a printer suitable for the output format "name", allowed formats are: json,wide,yaml\n'],
      [['--resource', '../x'], 'error: invalid resource name "../x"\n'],
    ] as Array<[string[], string]>) {
      const r = await ktl(['capacity', ...args]);
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 1, stdout: '', stderr: msg });
    }
    // a bad node selector: kubectl's words for it (as top node prints them)
    const k = await kubectl(['top', 'node', '-l', 'a in (']);
    const r = await ktl(['capacity', '-l', 'a in (']);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: k.code, stdout: '', stderr: k.stderr });
  });

  test('--util: memory usage as top node reports it; pods with their usage', async () => {
    await setPodUsage(NS, 'trainer', { cpu: '300m', memory: '700Mi' });
    await waitForNodeMetrics(A);
    const r = await ktl(['capacity', '-l', `ktl-cap=${RUN}`, '--util', '-o', 'json', '--pods', '--resource', 'memory']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const nodeA = doc.nodes.find((n: { name: string }) => n.name === A);
    const top = await kubectl(['top', 'node', A, '--no-headers']);
    const [, , , mem, memPct] = top.stdout.trim().split(/\s+/);
    expect(`${nodeA.resources.memory.usage} ${nodeA.resources.memory.usagePercent}%`).toBe(`${mem} ${memPct}`);
    const trainer = nodeA.podList.find((p: { name: string }) => p.name === 'trainer');
    // kwok reports the annotated usage for each of the pod's two containers
    expect(trainer.resources.memory.usage).toBe('1400Mi');
    const t = await ktl(['capacity', '-l', `ktl-cap=${RUN}`, '--util']);
    expect(t.stdout.split('\n')[0]!.split(/\s{3,}/)).toEqual(['NODE', 'CPU REQUESTS', 'CPU LIMITS', 'CPU UTIL', 'MEMORY REQUESTS', 'MEMORY LIMITS', 'MEMORY UTIL', 'NVIDIA.COM/GPU']);
  }, 180_000);

  test('on a terminal (a pseudo-terminal via script): the same table, header dim, shares from 75% yellow, totals bold', async () => {
    const args = ['capacity', '-l', `ktl-cap=${RUN}`, '--resource', GPU];
    const piped = await ktl(args);
    const quote = (a: string) => `'${a.replaceAll("'", "'\\''")}'`;
    const tty = await runProcess('script', ['-qfec', [process.execPath, ktlBin, ...args].map(quote).join(' '), '/dev/null'], { env: { NO_COLOR: undefined } });
    expect(tty.code).toBe(0);
    const text = tty.stdout.replaceAll('\r\n', '\n');
    // eslint-disable-next-line no-control-regex
    expect(text.replace(/\x1b\[\d+m/g, '')).toBe(piped.stdout);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`\x1b[2m${piped.stdout.split('\n')[0]}\x1b[22m`);
    // node A: 3 of 4 GPUs requested, 75%
    const a = lines.find((l) => l.startsWith(`${A} `) && l.includes(' * '))!;
    expect(a).toContain(`\x1b[33m3 (75%)\x1b[39m`);
    expect(lines.find((l) => l.includes('* ') && l.startsWith('\x1b[1m*'))).toBeDefined();
    const plain = await runProcess('script', ['-qfec', [process.execPath, ktlBin, ...args].map(quote).join(' '), '/dev/null'], { env: { NO_COLOR: '1' } });
    expect(plain.stdout.replaceAll('\r\n', '\n')).toBe(piped.stdout);
  });
});
