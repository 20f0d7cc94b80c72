// The library's type declarations (package.json "exports" -> types): tsc
// emits .d.ts for src/lib/index.ts and everything it reaches into build/types,
// then only the files index.d.ts really references (relative imports,
// followed transitively) are copied to dist/types, keeping their layout.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const emitted = path.join(root, 'build/types');
const out = path.join(root, 'dist/types');
rmSync(emitted, { recursive: true, force: true });
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.types.json')], {
  stdio: 'inherit',
});
const seen = new Set();
const queue = ['lib/index.d.ts'];
while (queue.length) {
  const rel = queue.pop();
  if (seen.has(rel)) continue;
  seen.add(rel);
  const file = path.join(emitted, rel);
  if (!existsSync(file)) throw new Error(`build-types: ${rel} was not emitted`);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1].replace(/\.js$/, '.d.ts')));
    queue.push(target);
  }
  mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
  copyFileSync(file, path.join(out, rel));
}
rmSync(emitted, { recursive: true, force: true });
console.log(`build-types: ${seen.size} declaration files in dist/types`);
