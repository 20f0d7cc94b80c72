// Builds dist/: the CLI (src/main.ts) as CommonJS, dist/ktl.cjs and its
// parts in dist/ktl.parts, and the library (src/lib/index.ts, `import 'ktl'`)
// as ESM split into dist/chunks (scripts/bundle-options.mjs says why each is
// built so). dist/meta.json is esbuild's metafile of both (which output
// holds which sources).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { buildCli, libOptions, stampBuild } from './bundle-options.mjs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const [cli, lib] = await Promise.all([buildCli(), build(libOptions)]);
for (const out of ['dist/ktl.cjs', 'dist/ktl.parts']) {
  // bin/load-cli.js reads the CLI as latin1: a byte above 0x7f would be read wrongly
  const bytes = readFileSync(new URL(`../${out}`, import.meta.url));
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at >= 0) throw new Error(`${out}: byte ${bytes[at]} at offset ${at} is not ASCII (bin/load-cli.js reads the file as latin1)`);
  // ... and it has no loader for import(), nor a require() of client-node: none may be left
  const text = bytes.toString('latin1');
  for (const left of [/\bimport\(/, /require\("@kubernetes\/client-node"\)/, /\bimport\.meta\b/]) {
    if (left.test(text)) throw new Error(`${out}: ${left} is left in the CLI (bin/load-cli.js runs it without an import() loader)`);
  }
}
await stampBuild(new URL('../dist/ktl.cjs', import.meta.url));
const meta = { inputs: { ...cli.metafile.inputs, ...lib.metafile.inputs }, outputs: { ...cli.metafile.outputs, ...lib.metafile.outputs } };
writeFileSync(new URL('../dist/meta.json', import.meta.url), JSON.stringify(meta));
