// Stops the cluster only when global-setup started it (and nobody asked to keep it).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function globalTeardown() {
  const started = globalThis.__KTL_STARTED_CLUSTER__;
  if (started && process.env.KTL_E2E_KEEP_CLUSTER !== '1') {
    execFileSync('bash', [path.join(root, 'scripts/cluster/down.sh')], {
      env: { ...process.env, KTL_CLUSTER_DIR: started },
      stdio: 'inherit',
    });
  }
}
