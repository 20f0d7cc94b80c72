// esbuild's options for dist/: scripts/bundle.mjs builds with them, and
// test/unit/build/startup-modules.test.ts builds in memory with them to check
// which modules a start of ktl loads.
import { readFile } from 'node:fs/promises';

/**
 * Commander requires node:child_process at load, for executable subcommands
 * (`.command(name, description)`), which ktl never declares; loading it pulls
 * in net, dgram and their stream machinery on every start. Here that require
 * is deferred to the one place commander would spawn. The build fails if
 * commander's source no longer has the line, rather than silently keeping it.
 */
export const lazyCommanderChildProcess = {
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

/** The CLI (dist/ktl.js) and the library (dist/lib.js), ESM, split into dist/chunks. */
export const bundleOptions = {
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
};
