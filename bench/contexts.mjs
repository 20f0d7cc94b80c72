#!/usr/bin/env node
// Many contexts at once (README "Many clusters at once"): does a command over
// N contexts take about the time of the slowest one, or the sum?
//
// Each context reaches the local cluster through its own TCP relay that holds
// every chunk, in both directions, for a fixed delay (default 50, 100 and
// 150 ms one way: round trips of 100, 200 and 300 ms, like clusters far
// away). TLS is end to end (the relay only delays bytes), so every context
// pays its own handshake, discovery and request. Then, in one interleaved
// run through bench/rusage.py: `ktl get ns default` in each context alone,
// and the same command with `--context` naming all of them. Prints medians
// of wall time: each context alone, their sum, the slowest, and all of them
// at once, with the ratios all-at-once/slowest and all-at-once/sum.
// Usage: node bench/contexts.mjs [DELAY_MS...]   (BENCH_RUNS=N, default 9)
//   needs the cluster: KUBECONFIG, else $KTL_CLUSTER_DIR/kubeconfig, else .cluster/kubeconfig
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

if (!isMainThread) relays(workerData);
else await main();

/** Worker: one delaying relay per entry of `delays`; posts the ports. */
function relays({ host, port, delays }) {
  const ports = [];
  let pending = delays.length;
  delays.forEach((delay, i) => {
    const server = net.createServer((client) => {
      const upstream = net.connect(port, host);
      const relay = (from, to) => {
        from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), delay));
        from.on('end', () => setTimeout(() => to.destroyed || to.end(), delay));
        from.on('error', () => to.destroy());
        from.on('close', () => setTimeout(() => to.destroy(), delay + 1));
      };
      relay(client, upstream);
      relay(upstream, client);
    });
    server.listen(0, '127.0.0.1', () => {
      ports[i] = server.address().port;
      if (--pending === 0) parentPort.postMessage(ports);
    });
  });
}

async function main() {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const runs = Number(process.env.BENCH_RUNS ?? 9);
  const delays = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [50, 100, 150];
  if (delays.some((d) => !Number.isInteger(d) || d < 0)) fail('delays are whole milliseconds');
  const kubeconfig = process.env.KUBECONFIG ?? join(process.env.KTL_CLUSTER_DIR ?? join(root, '.cluster'), 'kubeconfig');
  if (!existsSync(kubeconfig)) fail(`no kubeconfig at ${kubeconfig}: start the cluster (npm run cluster:up)`);
  if (!existsSync(join(root, 'dist/ktl.cjs'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const ktl = [process.execPath, join(root, 'bin/ktl.js')];

  // The current context's cluster and user, flattened (certificates inline).
  const view = (jsonpath) =>
    execFileSync(ktl[0], [ktl[1], 'config', 'view', '--minify', '--flatten', '--raw', '-o', `jsonpath=${jsonpath}`], {
      encoding: 'utf8',
      env: { ...process.env, KUBECONFIG: kubeconfig },
    });
  const server = new URL(view('{.clusters[0].cluster.server}'));
  const ca = view('{.clusters[0].cluster.certificate-authority-data}');
  const cert = view('{.users[0].user.client-certificate-data}');
  const key = view('{.users[0].user.client-key-data}');
  if (!ca || !cert || !key) fail('the current context needs inline CA, client certificate and key (the local cluster has them)');

  const worker = new Worker(fileURLToPath(import.meta.url), {
    workerData: { host: server.hostname, port: Number(server.port || 443), delays },
  });
  const ports = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const work = mkdtempSync(join(tmpdir(), 'ktl-bench-contexts-'));
  const names = delays.map((d, i) => `c${i + 1}-${d}ms`);
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${names[0]}`, 'clusters:'];
  names.forEach((n, i) => lines.push(`- name: ${n}`, '  cluster:', `    server: https://127.0.0.1:${ports[i]}`, `    certificate-authority-data: ${ca}`));
  lines.push('users:', '- name: admin', '  user:', `    client-certificate-data: ${cert}`, `    client-key-data: ${key}`, 'contexts:');
  for (const n of names) lines.push(`- name: ${n}`, '  context:', `    cluster: ${n}`, '    user: admin');
  writeFileSync(join(work, 'kubeconfig'), `${lines.join('\n')}\n`, { mode: 0o600 });
  process.env.KUBECONFIG = join(work, 'kubeconfig');
  process.env.KUBECACHEDIR = join(work, 'cache');

  const cmds = [...names.map((n) => [...ktl, 'get', 'ns', 'default', '--context', n]), [...ktl, 'get', 'ns', 'default', '--context', names.join(',')]];
  try {
    // Warm the discovery cache of every context, and check each command works.
    for (const c of cmds) {
      const r = spawnSync(c[0], c.slice(1), { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${c.slice(1).join(' ')} exited ${r.status}: ${r.stderr}`);
    }
    const r = spawnSync('python3', [join(root, 'bench/rusage.py'), JSON.stringify(cmds), String(runs)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench/rusage.py failed: ${r.stderr}`);
    const walls = cmds.map(() => []);
    for (const line of r.stdout.trim().split('\n')) {
      const x = JSON.parse(line);
      if (x.status !== 0) throw new Error(`${cmds[x.i].slice(1).join(' ')} exited ${x.status}`);
      walls[x.i].push(x.wall);
    }
    const med = walls.map(median);
    const alone = med.slice(0, names.length);
    const together = med[names.length];
    const sum = alone.reduce((a, b) => a + b, 0);
    const slowest = Math.max(...alone);
    const ms = (x) => `${Math.round(x)} ms`;
    console.log(`ktl get ns default, ${runs} runs each, medians of wall time (relays add ${delays.join('/')} ms each way)`);
    names.forEach((n, i) => console.log(`  --context ${n.padEnd(12)} ${ms(alone[i])}`));
    console.log(`  sum of the ${names.length} alone     ${ms(sum)}`);
    console.log(`  slowest alone        ${ms(slowest)}`);
    console.log(`  --context ${names.join(',')}: ${ms(together)}`);
    console.log(`  all at once / slowest ${(together / slowest).toFixed(2)}, / sum ${(together / sum).toFixed(2)}`);
  } finally {
    await worker.terminate();
    rmSync(work, { recursive: true, force: true });
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function fail(msg) {
  console.error(`error: ${msg}`);
  process.exit(1);
}
