// Jest globalSetup for the e2e project: uses the local cluster when it is up,
// otherwise starts it with scripts/cluster/up.sh (building binaries if needed)
// and marks it as ours, so global-teardown stops it and nothing else.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function globalSetup() {
  const name = process.env.KTL_CLUSTER_NAME;
  const clusterDir = process.env.KTL_CLUSTER_DIR || path.join(root, name ? `.cluster-${name}` : '.cluster');
  const env = { ...process.env, KTL_CLUSTER_DIR: clusterDir };
  const status = (...args) => spawnSync('bash', [path.join(root, 'scripts/cluster/status.sh'), '--quiet', ...args], { env }).status === 0;
  if (process.env.KTL_E2E_NO_START === '1') {
    // the caller runs the cluster; tests needing more than the API server say so themselves
    if (!status('--api')) {
      throw new Error(`the local cluster in ${clusterDir} is not running and KTL_E2E_NO_START=1; run \`npm run cluster:up\` first`);
    }
  } else if (!status()) {
    const pids = path.join(clusterDir, 'pids');
    if (existsSync(pids) && readdirSync(pids).some((f) => f.endsWith('.pid'))) {
      // someone else's cluster, partly up: not ours to restart or stop
      throw new Error(`the local cluster in ${clusterDir} is only partly running; see \`npm run cluster:status\`, then \`npm run cluster:up\``);
    }
    execFileSync('bash', [path.join(root, 'scripts/cluster/up.sh')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    globalThis.__KTL_STARTED_CLUSTER__ = clusterDir;
  }
  if (!existsSync(path.join(root, 'dist/ktl.cjs')) || !existsSync(path.join(root, 'dist/ktl.parts'))) {
    execFileSync('node', [path.join(root, 'scripts/bundle.mjs')], { cwd: root, stdio: 'inherit' });
  }
  process.env.KTL_CLUSTER_DIR = clusterDir;
  process.env.KTL_E2E_KUBECONFIG = path.join(clusterDir, 'kubeconfig');
}
