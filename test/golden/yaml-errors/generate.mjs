// Records what the reference kubectl says about each broken manifest in
// cases.json (needs the local cluster for discovery):
//
//   KUBECONFIG=.cluster/kubeconfig node test/golden/yaml-errors/generate.mjs [kubectl]
//
// Writes expected.json: case name -> kubectl's stderr line for
// `create --dry-run=client -o name -f <case>.yaml` (or "ok" when it parsed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const kubectl = process.argv[2] ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const cases = JSON.parse(fs.readFileSync(path.join(here, 'cases.json'), 'utf8'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktl-yaml-errors-'));
const expected = {};
for (const c of cases) {
  fs.writeFileSync(path.join(dir, `${c.name}.yaml`), c.text);
  const r = spawnSync(kubectl, ['create', '--dry-run=client', '-o', 'name', '-f', `${c.name}.yaml`], { cwd: dir, encoding: 'utf8' });
  expected[c.name] = r.status === 0 ? 'ok' : r.stderr.trimEnd();
}
fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
fs.rmSync(dir, { recursive: true });
