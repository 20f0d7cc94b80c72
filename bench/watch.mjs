#!/usr/bin/env node
// Watch cost: `get pods -A -w` of ktl and of the reference kubectl run side
// by side while one namespace receives a stream of pod changes (PODS pods
// created in one request, scheduled and started by kwok, then deleted: about
// five events each). Each watcher's CPU (utime+stime from /proc/PID/stat)
// is read once both have printed the initial list, and again once the stream
// has settled; the difference over the lines it printed is its CPU per
// event. Both see the same events, so the ratio is per event and in total.
// Usage: node bench/watch.mjs        (needs the local cluster: KUBECONFIG,
//   else $KTL_CLUSTER_DIR/kubeconfig, else .cluster/kubeconfig)
//   PODS=N pods per round (default 250), ROUNDS=N (default 3),
//   KTL_REFERENCE_KUBECTL=path, KTL_BENCH_KTL=path of another ktl launcher,
//   KTL_BENCH_BEFORE=path of a second ktl launcher (e.g. a worktree of an
//   older build) watching the same events: a "before" row and after/before
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const kubectl = process.env.KTL_REFERENCE_KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const pods = Number(process.env.PODS ?? 250);
const rounds = Number(process.env.ROUNDS ?? 3);
process.env.KUBECONFIG ??= join(process.env.KTL_CLUSTER_DIR ?? join(root, '.cluster'), 'kubeconfig');
if (!existsSync(kubectl)) fail(`reference kubectl not found at ${kubectl}`);
if (!existsSync(join(root, 'dist/ktl.cjs'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
const ktl = [process.execPath, process.env.KTL_BENCH_KTL ?? join(root, 'bin/ktl.js')];
const before = process.env.KTL_BENCH_BEFORE ? [process.execPath, process.env.KTL_BENCH_BEFORE] : undefined;
const ns = `ktl-bench-watch-${process.pid}`;
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function fail(msg) {
  console.error(`error: ${msg}`);
  process.exit(1);
}
const k = (args, input) => execFileSync(kubectl, args, { encoding: 'utf8', input, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** user+system CPU of a live process, ms */
function cpuOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

/** A watcher: the process, and the lines it printed so far. */
const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
function watcher(argv) {
  const child = spawn(argv[0], [...argv.slice(1), 'get', 'pods', '-A', '-w'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const w = { child, lines: 0 };
  child.stdout.on('data', (d) => {
    for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) w.lines++;
  });
  return w;
}

/** Waits until every watcher printed at least `min` lines and none printed more for `quietMs`. */
async function settled(ws, min, quietMs, timeoutMs = 300_000) {
  const end = Date.now() + timeoutMs;
  let last = ws.map((w) => w.lines);
  let since = Date.now();
  while (Date.now() < end) {
    await sleep(200);
    const now = ws.map((w) => w.lines);
    if (now.some((n, i) => n !== last[i])) {
      last = now;
      since = Date.now();
    } else if (now.every((n) => n >= min) && Date.now() - since >= quietMs) return;
  }
  fail(`watchers did not settle (lines: ${ws.map((w) => w.lines).join(', ')})`);
}

const podList = (round) => ({
  apiVersion: 'v1',
  kind: 'List',
  items: Array.from({ length: pods }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `w${round}-${i}`, namespace: ns, labels: { bench: 'watch' } },
    spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
  })),
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

k(['create', 'namespace', ns]);
for (let i = 0; i < 100; i++) {
  if (k(['-n', ns, 'get', 'serviceaccount', '-o', 'name']).includes('serviceaccount/default')) break;
  await sleep(100);
}
console.log(`${rounds} rounds of ${pods} pods created and deleted; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${process.version}`);
const names = before ? ['ktl', 'kubectl', 'before'] : ['ktl', 'kubectl'];
const results = Object.fromEntries(names.map((n) => [n, []]));
try {
  for (let r = 0; r < rounds; r++) {
    const both = [watcher(ktl), watcher([kubectl]), ...(before ? [watcher(before)] : [])];
    // the initial list printed (a header and the cluster's pods, or nothing on stdout: "No resources found" goes
    // to stderr), nothing more coming
    await settled(both, 0, 1500);
    const base = both.map((w) => ({ cpu: cpuOf(w.child.pid), lines: w.lines }));
    const most = Math.max(...base.map((b) => b.lines));
    k(['create', '-f', '-'], JSON.stringify(podList(r)));
    // every pod Running before they go: kwok's stages give each one its events
    for (let i = 0; i < 600; i++) {
      const running = k(['-n', ns, 'get', 'pods', '--field-selector=status.phase=Running', '-o', 'name']).split('\n').filter(Boolean).length;
      if (running === pods) break;
      await sleep(500);
    }
    k(['-n', ns, 'delete', 'pods', '--all', '--wait=true']);
    await settled(both, most + pods, 3000);
    for (const [i, name] of names.entries()) {
      const w = both[i];
      const events = w.lines - base[i].lines;
      results[name].push({ cpu: cpuOf(w.child.pid) - base[i].cpu, events });
      w.child.kill('SIGTERM');
    }
    if (names.some((n) => results[n].at(-1).events !== results.kubectl.at(-1).events)) {
      console.log(`round ${r + 1}: events printed: ${names.map((n) => `${n} ${results[n].at(-1).events}`).join(', ')}`);
    }
  }
} finally {
  try {
    k(['delete', 'namespace', ns, '--wait=false']);
  } catch {
    // already gone
  }
}
const row = (name) => {
  const cpu = median(results[name].map((x) => x.cpu));
  const events = median(results[name].map((x) => x.events));
  return { cpu, events, per: (cpu / events) * 1000 };
};
const a = row('ktl');
const b = row('kubectl');
console.log('watcher   events  cpu-ms  cpu-us/event');
const c = before ? row('before') : undefined;
for (const [n, x] of [['ktl', a], ['kubectl', b], ...(c ? [['before', c]] : [])]) console.log(`${n.padEnd(8)} ${String(x.events).padStart(7)} ${x.cpu.toFixed(0).padStart(7)} ${x.per.toFixed(0).padStart(13)}`);
console.log(`ratio ktl/kubectl, CPU per event: ${(a.per / b.per).toFixed(2)}`);
if (c) console.log(`ratio before/kubectl: ${(c.per / b.per).toFixed(2)}; after/before: ${(a.per / c.per).toFixed(2)}`);
console.log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
