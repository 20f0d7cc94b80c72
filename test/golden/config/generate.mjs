// Regenerates the golden files in this directory from the reference kubectl:
//
//   node test/golden/config/generate.mjs [/path/to/kubectl.1.33]
//
// For each line of cases.tsv it copies fixtures/ to a temp dir (yaml files
// 0600, c.yaml 0644), runs kubectl there (cwd and HOME = that dir, KUBECONFIG
// from the case) and records <case>/stdout, <case>/stderr, <case>/code and
// every file it created or changed under <case>/files/ (with modes in
// <case>/modes). "kubectl" in stderr becomes "ktl" (the binary's own name).
import { execFileSync, spawnSync } from 'node:child_process';
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
      const [name, kubeconfig, args] = l.split('\t');
      return { name, kubeconfig: kubeconfig === '-' ? undefined : kubeconfig, args: args.split(' ') };
    });
}

/** Copies the fixtures with the modes the goldens assume. */
export function prepareFixtures(dir) {
  fs.cpSync(path.join(here, 'fixtures'), dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.yaml')) fs.chmodSync(path.join(dir, f), f === 'c.yaml' ? 0o644 : 0o600);
  }
}

/** Files under dir that differ from the fixtures (relative path -> {content, mode}). */
export function changedFiles(dir) {
  const out = {};
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else {
        const content = fs.readFileSync(path.join(dir, r), 'utf8');
        const orig = path.join(here, 'fixtures', r);
        if (fs.existsSync(orig) && fs.readFileSync(orig, 'utf8') === content) continue;
        out[r] = { content, mode: (fs.statSync(path.join(dir, r)).mode & 0o777).toString(8) };
      }
    }
  };
  walk('');
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  execFileSync(kubectl, ['version', '--client'], { stdio: 'ignore' });
  for (const c of readCases()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktl-golden-'));
    prepareFixtures(dir);
    const env = { PATH: '/usr/bin:/bin', HOME: dir };
    if (c.kubeconfig) env.KUBECONFIG = c.kubeconfig;
    const r = spawnSync(kubectl, c.args, { cwd: dir, env, encoding: 'utf8' });
    const outDir = path.join(here, c.name);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'stdout'), r.stdout);
    fs.writeFileSync(path.join(outDir, 'stderr'), r.stderr.replace(/\bkubectl\b/g, 'ktl'));
    fs.writeFileSync(path.join(outDir, 'code'), `${r.status}\n`);
    const files = changedFiles(dir);
    const modes = Object.keys(files).sort().map((f) => `${f} ${files[f].mode}\n`).join('');
    fs.writeFileSync(path.join(outDir, 'modes'), modes);
    for (const [f, { content }] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(outDir, 'files', f)), { recursive: true });
      fs.writeFileSync(path.join(outDir, 'files', f), content);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
