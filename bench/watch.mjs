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
//   KTL_REFERENCE_KUBECTL=path, KTL_BENCH_KTL=path of another ktl launcher
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
const results = { ktl: [], kubectl: [] };
try {
  for (let r = 0; r < rounds; r++) {
    const ws = { ktl: watcher(ktl), kubectl: watcher([kubectl]) };
    const both = [ws.ktl, ws.kubectl];
    // the initial list printed (a header and the cluster's pods, or nothing on stdout: "No resources found" goes
    // to stderr), nothing more coming
    await settled(both, 0, 1500);
    const base = both.map((w) => ({ cpu: cpuOf(w.child.pid), lines: w.lines }));
    k(['create', '-f', '-'], JSON.stringify(podList(r)));
    // every pod Running before they go: kwok's stages give each one its events
    for (let i = 0; i < 600; i++) {
      const running = k(['-n', ns, 'get', 'pods', '--field-selector=status.phase=Running', '-o', 'name']).split('\n').filter(Boolean).length;
      if (running === pods) break;
      await sleep(500);
    }
    k(['-n', ns, 'delete', 'pods', '--all', '--wait=true']);
    await settled(both, Math.max(base[0].lines, base[1].lines) + pods, 3000);
    for (const [name, i] of [['ktl', 0], ['kubectl', 1]]) {
      const w = both[i];
      const events = w.lines - base[i].lines;
      results[name].push({ cpu: cpuOf(w.child.pid) - base[i].cpu, events });
      w.child.kill('SIGTERM');
    }
    if (results.ktl.at(-1).events !== results.kubectl.at(-1).events) {
      console.log(`round ${r + 1}: ktl printed ${results.ktl.at(-1).events} events, kubectl ${results.kubectl.at(-1).events}`);
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
for (const [n, x] of [['ktl', a], ['kubectl', b]]) console.log(`${n.padEnd(8)} ${String(x.events).padStart(7)} ${x.cpu.toFixed(0).padStart(7)} ${x.per.toFixed(0).padStart(13)}`);
console.log(`ratio ktl/kubectl, CPU per event: ${(a.per / b.per).toFixed(2)}`);
console.log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
