// Jest globalSetup for the e2e project: uses the local cluster when it is up,
// otherwise starts it with scripts/cluster/up.sh (building binaries if needed).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function globalSetup() {
  const clusterDir = process.env.KTL_CLUSTER_DIR || path.join(root, '.cluster');
  const status = spawnSync('bash', [path.join(root, 'scripts/cluster/status.sh'), '--quiet'], {
    env: { ...process.env, KTL_CLUSTER_DIR: clusterDir },
    encoding: 'utf8',
  });
  if (status.status !== 0) {
    if (process.env.KTL_E2E_NO_START === '1') {
      throw new Error('the local cluster is not running and KTL_E2E_NO_START=1; run `npm run cluster:up` first');
    }
    execFileSync('bash', [path.join(root, 'scripts/cluster/up.sh')], {
      env: { ...process.env, KTL_CLUSTER_DIR: clusterDir },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    globalThis.__KTL_STARTED_CLUSTER__ = true;
  }
  if (!existsSync(path.join(root, 'dist/ktl.js'))) {
    execFileSync('node', [path.join(root, 'scripts/bundle.mjs')], { cwd: root, stdio: 'inherit' });
  }
  process.env.KTL_CLUSTER_DIR = clusterDir;
  process.env.KTL_E2E_KUBECONFIG = path.join(clusterDir, 'kubeconfig');
}
