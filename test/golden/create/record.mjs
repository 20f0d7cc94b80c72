// Records what kubectl.1.33 prints for `create <generator> ... --dry-run=client -o yaml|json`
// (and for bad input: stderr + exit code). Offline: KUBECONFIG=/dev/null, cwd fixtures/.
// Usage: node test/golden/create/record.mjs [path/to/kubectl.1.33]
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const kubectl = process.argv[2] ?? process.env.KTL_REFERENCE_KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const run = (args) =>
  spawnSync(kubectl, args, { cwd: path.join(here, 'fixtures'), env: { PATH: process.env.PATH, HOME: '/nonexistent', KUBECONFIG: '/dev/null' }, encoding: 'utf8' });

const withFlags = (args, fmt) => {
  const dash = args.indexOf('--');
  const flags = ['--dry-run=client', '-o', fmt];
  return dash < 0 ? [...args, ...flags] : [...args.slice(0, dash), ...flags, ...args.slice(dash)];
};
for (const c of JSON.parse(readFileSync(path.join(here, 'cases.json'), 'utf8'))) {
  for (const fmt of ['yaml', 'json']) {
    const r = run(withFlags(c.args, fmt));
    if (r.status !== 0) throw new Error(`${c.name} ${fmt}: exit ${r.status}: ${r.stderr}`);
    writeFileSync(path.join(here, `${c.name}.${fmt}`), r.stdout);
  }
}
for (const c of JSON.parse(readFileSync(path.join(here, 'errors.json'), 'utf8'))) {
  const r = run(withFlags(c.args, 'yaml'));
  writeFileSync(path.join(here, `${c.name}.err`), JSON.stringify({ code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/\bkubectl(\.1\.33)?\b/g, 'ktl') }, null, 2) + '\n');
}
