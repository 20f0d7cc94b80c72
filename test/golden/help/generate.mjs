// Records the reference kubectl's help texts for the cases in cases.tsv:
//
//   node test/golden/help/generate.mjs [/path/to/kubectl.1.33]
//
// Each case <name> gets <name>.out (stdout), <name>.err (stderr, only when
// kubectl wrote some) and its exit code in codes.json. kubectl runs with an
// empty PATH directory (so root help lists no plugins), HOME in a temp dir and
// no kubeconfig; help needs no cluster. The texts are kept as kubectl printed
// them ("kubectl" included): test/integration/cli/help.test.ts puts ktl's name
// in when it compares.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const kubectl = process.argv[2] ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

export function readCases(file = path.join(here, 'cases.tsv')) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [name, args] = l.split('\t');
      return { name, args: args.split(' ') };
    });
}

/** Plugin files for root help's plugin group: file name -> executable; kubectl-get names a built-in command. */
export const PLUGIN_FILES = {
  'kubectl-foo': true,
  'kubectl-foo-bar': true,
  'kubectl-a_b': true,
  'kubectl-get': true,
  'kubectl-verylongpluginname': true,
  'kubectl-noexec': false,
};

export function makePluginFiles(dir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, exec] of Object.entries(PLUGIN_FILES)) fs.writeFileSync(path.join(dir, name), '#!/bin/sh\n', { mode: exec ? 0o755 : 0o644 });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ktl-help-'));
  const bin = path.join(home, 'bin');
  fs.mkdirSync(bin);
  const env = { PATH: bin, HOME: home, KUBECONFIG: path.join(home, 'no-kubeconfig') };
  for (const f of fs.readdirSync(here)) if (f.endsWith('.out') || f.endsWith('.err')) fs.rmSync(path.join(here, f));
  const codes = {};
  for (const c of readCases()) {
    const r = spawnSync(kubectl, c.args, { env, cwd: home, encoding: 'utf8' });
    if (r.error) throw r.error;
    fs.writeFileSync(path.join(here, `${c.name}.out`), r.stdout);
    if (r.stderr) fs.writeFileSync(path.join(here, `${c.name}.err`), r.stderr);
    codes[c.name] = r.status;
  }
  // root help with plugins on PATH (the files PLUGIN_FILES makes): root_plugins.out
  const plugins = path.join(home, 'plugins');
  makePluginFiles(plugins);
  const r = spawnSync(kubectl, ['--help'], { env: { ...env, PATH: plugins }, cwd: home, encoding: 'utf8' });
  fs.writeFileSync(path.join(here, 'root_plugins.out'), r.stdout);
  codes.root_plugins = r.status;
  fs.writeFileSync(path.join(here, 'codes.json'), `${JSON.stringify(codes, null, 1)}\n`);
  fs.rmSync(home, { recursive: true });
}
