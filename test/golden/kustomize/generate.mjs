// Regenerates the kustomize goldens from the reference kubectl:
//
//   node test/golden/kustomize/generate.mjs [/path/to/kubectl.1.33]
//
// Each directory under cases/ is one kustomization tree; the build runs in
// that directory on "." (or on the directory named in its .build-dir file).
// kubectl's stdout, stderr and exit code go to expected/<case>/; the case's
// absolute path is written as $CASE so the goldens do not depend on where the
// repository lives.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const kubectl = process.argv[2] ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

export function listCases() {
  return fs
    .readdirSync(path.join(here, 'cases'))
    .sort()
    .map((name) => {
      const dir = path.join(here, 'cases', name);
      const bd = path.join(dir, '.build-dir');
      return { name, dir, build: fs.existsSync(bd) ? fs.readFileSync(bd, 'utf8').trim() : '.' };
    });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = path.join(here, 'expected');
  fs.rmSync(out, { recursive: true, force: true });
  for (const c of listCases()) {
    const r = spawnSync(kubectl, ['kustomize', c.build], { cwd: c.dir, encoding: 'utf8' });
    const norm = (s) => s.split(fs.realpathSync(c.dir)).join('$CASE');
    fs.mkdirSync(path.join(out, c.name), { recursive: true });
    fs.writeFileSync(path.join(out, c.name, 'stdout'), norm(r.stdout));
    fs.writeFileSync(path.join(out, c.name, 'stderr'), norm(r.stderr));
    fs.writeFileSync(path.join(out, c.name, 'code'), `${r.status}\n`);
  }
}
