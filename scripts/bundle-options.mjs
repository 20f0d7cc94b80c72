// esbuild's options for dist/: scripts/bundle.mjs builds with them, and
// test/unit/build/startup-modules.test.ts builds in memory with them to check
// which modules a start of ktl loads.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

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

/**
 * dist/ktl.cjs runs in a vm.Script (bin/load-cli.js), where import() has no
 * loader: every import() is made a require() (supported below), and the one
 * ES-module-only package, client-node, is imported by the launcher, which
 * hands the bundle its import() as __ktlImport.
 */
export const clientNodeThroughLauncher = {
  name: 'client-node-through-launcher',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]client[\\/]client-node\.ts$/ }, () => ({
      contents: "export function importClientNode() { return __ktlImport('@kubernetes/client-node'); }",
      loader: 'js',
    }));
  },
};

const esmRequireBanner = { js: "import { createRequire as __ktlCreateRequire } from 'node:module'; const require = __ktlCreateRequire(import.meta.url);" };

/**
 * The library (dist/lib.js, `import 'ktl'`): ESM, split into dist/chunks so
 * what a program does not use is not loaded.
 */
export const libOptions = {
  entryPoints: { lib: 'src/lib/index.ts' },
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
  banner: esmRequireBanner,
  plugins: [lazyCommanderChildProcess],
  metafile: true,
  logLevel: 'warning',
};

/**
 * The CLI (dist/ktl.cjs): one CommonJS file, which bin/load-cli.js compiles
 * with V8's code cache. One file because Node resolves, reads and compiles
 * every ES module separately (about 1 ms each, 47 of them for `get`), and
 * Node 20 keeps no compiled code between runs. A dynamic import() of ktl's
 * own modules becomes a lazy initializer in the file, so what a command does
 * not use is never run, and is never compiled either (V8 compiles functions
 * when first called). Comments and whitespace go (a smaller file reads and
 * hashes faster; names stay). client-node (ESM only, needed only for
 * auth-provider users) stays outside, imported by the launcher.
 * The output must be ASCII: the loader reads it as latin1 (a one-byte string).
 */
export const cliOptions = {
  entryPoints: { ktl: 'src/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  charset: 'ascii',
  minifyWhitespace: true,
  minifySyntax: true,
  supported: { 'dynamic-import': false },
  external: ['@kubernetes/client-node'],
  sourcemap: 'linked',
  legalComments: 'none',
  plugins: [lazyCommanderChildProcess, clientNodeThroughLauncher],
  metafile: true,
  logLevel: 'warning',
};

/**
 * The CLI as ES modules split at every dynamic import(): not shipped. The
 * startup test (test/unit/build/startup-modules.test.ts) builds it to see
 * which sources a command loads; dist/ktl.cjs runs the same sources at the
 * same import() boundaries.
 */
export const splitCliOptions = { ...libOptions, entryPoints: { ktl: 'src/main.ts' } };

/**
 * Ends dist/ktl.cjs with `//ktl-build:HASH` (sha256 of the rest, 32 hex
 * digits), replacing an earlier stamp. bin/load-cli.js keys its compile
 * cache on it: V8 checks a code cache against the source's length only, and
 * npm gives every installed file the same mtime, so neither tells two builds
 * apart. A file without a stamp gets no cache.
 */
export async function stampBuild(file) {
  const text = (await readFile(file, 'latin1')).replace(/\n\/\/ktl-build:[0-9a-f]+\n$/, '');
  const hash = createHash('sha256').update(text, 'latin1').digest('hex').slice(0, 32);
  await writeFile(file, `${text}\n//ktl-build:${hash}\n`, 'latin1');
}
