#!/usr/bin/env node
// Small commands, ktl next to the reference kubectl in one run: every
// scenario runs both binaries interleaved (ktl, kubectl, ktl, ...), each run
// measured by bench/rusage.py (user+sys CPU from wait4, wall, max RSS), and
// prints the medians and the
// ratios ktl/kubectl (below 1: ktl is better). `node -e 0` is measured the
// same way: the floor any Node program pays before its first line runs; and
// for the get-* scenarios a minimal Node HTTPS client (bench/https-floor.cjs:
// the same request with the kubeconfig's credentials, the table's first row
// printed), the floor any Node client pays for that command.
// Usage: node bench/small.mjs [scenario...]
//   scenarios: version get-ns get-pod get-deploy (default: all; the get-*
//   ones need the cluster: KUBECONFIG, else $KTL_CLUSTER_DIR/kubeconfig,
//   else .cluster/kubeconfig)
//   BENCH_RUNS=N runs per binary (default 21), KTL_REFERENCE_KUBECTL=path,
//   KTL_BENCH_KTL=path of another ktl launcher to measure instead,
//   KTL_BENCH_BEFORE=path of a second ktl launcher (e.g. a worktree of an
//   older build) measured in the same rounds: a "before" row per scenario
//   and the ratio after/before. Each ktl keeps its compile cache in a folder
//   of its own for the run (a build removes other builds' caches).
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const runs = Number(process.env.BENCH_RUNS ?? 21);
const kubectl = process.env.KTL_REFERENCE_KUBECTL ?? referenceKubectl();
if (!existsSync(kubectl)) fail(`reference kubectl not found at ${kubectl}`);
process.env.KUBECONFIG ??= join(process.env.KTL_CLUSTER_DIR ?? join(root, '.cluster'), 'kubeconfig');
if (!existsSync(join(root, 'dist/ktl.cjs'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
const work = mkdtempSync(join(tmpdir(), 'ktl-bench-'));
const ktlCommand = (launcher, cache) => (args) => ({ argv: [process.execPath, launcher, ...args], env: { KTL_COMPILE_CACHE: join(work, cache) } });
const ktl = ktlCommand(process.env.KTL_BENCH_KTL ?? join(root, 'bin/ktl.js'), 'cache-ktl');
const beforeKtl = process.env.KTL_BENCH_BEFORE ? ktlCommand(process.env.KTL_BENCH_BEFORE, 'cache-before') : undefined;
const ns = `ktl-bench-small-${process.pid}`;

function fail(msg) {
  console.error(`error: ${msg}`);
  process.exit(1);
}

function referenceKubectl() {
  try {
    return join(dirname(realpathSync(execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim())), 'kubectl.1.33');
  } catch {
    return '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
  }
}

const k = (...args) => execFileSync(kubectl, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Runs the commands interleaved, `runs` rounds, through bench/rusage.py
 * (wait4's rusage: CPU to the microsecond); returns per command the list of
 * { cpu, wall } in ms and rss in MiB.
 */
function measureAll(cmds, rounds) {
  const r = spawnSync('python3', [join(root, 'bench/rusage.py'), JSON.stringify(cmds), String(rounds)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`bench/rusage.py failed: ${r.stderr}`);
  const per = cmds.map(() => []);
  for (const line of r.stdout.trim().split('\n')) {
    const x = JSON.parse(line);
    if (x.status !== 0) throw new Error(`${(cmds[x.i].argv ?? cmds[x.i]).join(' ')} exited ${x.status}`);
    per[x.i].push({ cpu: x.cpu, wall: x.wall, rss: x.rss / 1024 });
  }
  return per;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const scenarios = {
  version: { args: ['version', '--client'] },
  'get-ns': { args: ['get', 'ns', 'default'], cluster: true, path: '/api/v1/namespaces/default' },
  'get-pod': { args: ['-n', ns, 'get', 'pod', 'bench-pod'], cluster: true, path: `/api/v1/namespaces/${ns}/pods/bench-pod` },
  'get-deploy': { args: ['-n', ns, 'get', 'deploy'], cluster: true, path: `/apis/apps/v1/namespaces/${ns}/deployments?limit=500` },
};

/**
 * The current context's server and credentials (kubectl config view --raw --minify, as JSON), written to the
 * work folder for bench/https-floor.cjs; undefined when the context uses something else than a client
 * certificate or a token.
 */
function floorCredentials() {
  const cfg = JSON.parse(k('config', 'view', '--raw', '--minify', '-o', 'json'));
  const cluster = cfg.clusters?.[0]?.cluster ?? {};
  const user = cfg.users?.[0]?.user ?? {};
  if (!cluster.server || !(user.token || (user['client-certificate-data'] && user['client-key-data']))) return undefined;
  const file = join(work, 'floor.json');
  const b64 = (s) => (s ? Buffer.from(s, 'base64').toString('utf8') : undefined);
  writeFileSync(file, JSON.stringify({ server: cluster.server, ca: b64(cluster['certificate-authority-data']), cert: b64(user['client-certificate-data']), key: b64(user['client-key-data']), token: user.token }), { mode: 0o600 });
  return file;
}
const selected = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
for (const s of selected) if (!scenarios[s]) fail(`unknown scenario ${s}; one of ${Object.keys(scenarios).join(', ')}`);

let cluster = false;
let floorFile;
function setUpCluster() {
  if (cluster) return;
  k('create', 'namespace', ns);
  // a new namespace's default ServiceAccount comes a moment later; pods wait for it
  for (let i = 0; ; i++) {
    try {
      k('-n', ns, 'run', 'bench-pod', '--image=registry.k8s.io/pause:3.10');
      break;
    } catch (err) {
      if (i >= 50) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  k('-n', ns, 'create', 'deployment', 'bench', '--image=registry.k8s.io/pause:3.10', '--replicas=2');
  cluster = true;
}

const row = (cells, widths) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' ');
const W = [16, 8, 8, 7, 8, 8, 7, 7, 7, 6];

try {
  const before = loadavg();
  console.log(`${runs} runs each, interleaved; load average at start ${before.map((x) => x.toFixed(2)).join(' ')}; ${process.version}`);
  console.log(row(['scenario', 'ktl-cpu', 'kc-cpu', 'cpu', 'ktl-wall', 'kc-wall', 'wall', 'ktl-MiB', 'kc-MiB', 'rss'], W));
  for (const s of selected) {
    const { args, cluster: needs, path: requestPath } = scenarios[s];
    if (needs) setUpCluster();
    const cmds = [ktl(args), [kubectl, ...args], [process.execPath, '-e', '0']];
    if (beforeKtl) cmds.push(beforeKtl(args));
    const credentials = requestPath && (floorFile ??= floorCredentials());
    if (credentials) cmds.push([process.execPath, join(root, 'bench/https-floor.cjs'), credentials, requestPath]);
    measureAll(cmds, 1); // warm the page cache and write the compile caches
    const results = measureAll(cmds, runs);
    const [a, b, nodeFloor] = results;
    const old = beforeKtl ? results[3] : undefined;
    const httpsFloor = credentials ? results[beforeKtl ? 4 : 3] : undefined;
    const m = (xs, key) => median(xs.map((x) => x[key]));
    const [ac, bc, aw, bw, ar, br] = [m(a, 'cpu'), m(b, 'cpu'), m(a, 'wall'), m(b, 'wall'), m(a, 'rss'), m(b, 'rss')];
    console.log(row([args.filter((x) => !x.startsWith('ktl-bench') && x !== '-n').join(' '), ac.toFixed(0), bc.toFixed(0), (ac / bc).toFixed(2), aw.toFixed(0), bw.toFixed(0), (aw / bw).toFixed(2), ar.toFixed(1), br.toFixed(1), (ar / br).toFixed(2)], W));
    if (s === 'version') {
      const nc = m(nodeFloor, 'cpu');
      const nw = m(nodeFloor, 'wall');
      console.log(row(['node -e 0', nc.toFixed(0), bc.toFixed(0), (nc / bc).toFixed(2), nw.toFixed(0), bw.toFixed(0), (nw / bw).toFixed(2), m(nodeFloor, 'rss').toFixed(1), br.toFixed(1), ''], W));
      console.log(`version --client / node -e 0: cpu ${(ac / nc).toFixed(2)}, wall ${(aw / nw).toFixed(2)}`);
    }
    if (httpsFloor) {
      const [fc, fw, fr] = [m(httpsFloor, 'cpu'), m(httpsFloor, 'wall'), m(httpsFloor, 'rss')];
      console.log(row(['  node https', fc.toFixed(0), bc.toFixed(0), (fc / bc).toFixed(2), fw.toFixed(0), bw.toFixed(0), (fw / bw).toFixed(2), fr.toFixed(1), br.toFixed(1), (fr / br).toFixed(2)], W));
      console.log(`  ktl / node https: cpu ${(ac / fc).toFixed(2)}, wall ${(aw / fw).toFixed(2)}; ktl over it: ${(ac - fc).toFixed(0)} ms cpu`);
    }
    if (old) {
      const [oc, ow, or] = [m(old, 'cpu'), m(old, 'wall'), m(old, 'rss')];
      console.log(row(['  before', oc.toFixed(0), bc.toFixed(0), (oc / bc).toFixed(2), ow.toFixed(0), bw.toFixed(0), (ow / bw).toFixed(2), or.toFixed(1), br.toFixed(1), (or / br).toFixed(2)], W));
      const nc = m(nodeFloor, 'cpu');
      console.log(`  after / before: cpu ${(ac / oc).toFixed(2)}, wall ${(aw / ow).toFixed(2)}; over node -e 0: ${(ac - nc).toFixed(0)} ms after, ${(oc - nc).toFixed(0)} ms before`);
    }
  }
  console.log(`load average at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  if (cluster) {
    try {
      k('delete', 'namespace', ns, '--wait=false');
    } catch {
      /* best effort */
    }
  }
  rmSync(work, { recursive: true, force: true });
}
