// Bundles src/main.ts (the CLI) and src/lib/index.ts (the library, `import 'ktl'`)
// into dist/ as ESM. Code split so modules loaded with
// dynamic import() (client-node, yaml, printers) cost nothing at startup.
// dist/meta.json is esbuild's metafile: test/unit/build/startup-modules.test.ts
// reads it to keep the modules `version --client` and `get` load at start few.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { rmSync, writeFileSync } from 'node:fs';

/**
 * Commander requires node:child_process at load, for executable subcommands
 * (`.command(name, description)`), which ktl never declares; loading it pulls
 * in net, dgram and their stream machinery on every start. Here that require
 * is deferred to the one place commander would spawn. The build fails if
 * commander's source no longer has the line, rather than silently keeping it.
 */
const lazyCommanderChildProcess = {
  name: 'lazy-commander-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8');
      const line = "const childProcess = require('node:child_process');";
      if (!src.includes(line)) throw new Error(`${args.path}: expected "${line}" (scripts/bundle.mjs defers it)`);
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: src.replace(line, lazy), loader: 'js' };
    });
  },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: { ktl: 'src/main.ts', lib: 'src/lib/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __ktlCreateRequire } from 'node:module'; const require = __ktlCreateRequire(import.meta.url);" },
  plugins: [lazyCommanderChildProcess],
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(new URL('../dist/meta.json', import.meta.url), JSON.stringify(result.metafile));
