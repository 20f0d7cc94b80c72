// esbuild's options for dist/: scripts/bundle.mjs builds with them, and
// test/unit/build/startup-modules.test.ts builds in memory with them to check
// which modules a start of ktl loads.
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

// the function wrapper bin/load-cli.js compiles each file of the CLI in
const { HEAD, TAIL } = createRequire(import.meta.url)('../bin/load-cli.js');

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
 * The CLI's files run in vm.Scripts (bin/load-cli.js), where import() has no
 * loader: every import() is made a require() (buildCli below), and the one
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
 * The CLI: dist/ktl.cjs and its parts (in dist/ktl.parts), CommonJS that
 * bin/load-cli.js loads, each file compiled with V8's code cache. esbuild splits
 * the sources at every dynamic import() (and splits off what several parts
 * share), so a command loads the parts it runs and no others: `version
 * --client` reads about 200 KB, not the whole CLI. The split needs ES module
 * output; buildCli() turns each file into CommonJS afterwards (imports become
 * require() of the sibling part, import() a require() in a promise), because
 * Node resolves and links every ES module file itself, at about 1 ms each,
 * and Node 20 keeps no compiled code between runs. Comments and whitespace
 * go (smaller files read and hash faster; names stay). client-node (ESM only,
 * needed only for auth-provider users) stays outside, imported by the
 * launcher. The output must be ASCII: the loader reads it as latin1 (a
 * one-byte string). No source maps: the second step would not keep them true.
 */
export const cliOptions = {
  entryPoints: { ktl: 'src/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  chunkNames: 'ktl/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  charset: 'ascii',
  minifyWhitespace: true,
  minifySyntax: true,
  external: ['@kubernetes/client-node'],
  sourcemap: false,
  legalComments: 'none',
  plugins: [lazyCommanderChildProcess, clientNodeThroughLauncher],
  metafile: true,
  logLevel: 'warning',
};

/**
 * Builds the CLI into `outdir` (absolute; default dist/ of the repository):
 * the split ES module build of cliOptions, every file rewritten as CommonJS,
 * then the parts (all but ktl.cjs) put into one file, ktl.parts (see
 * PARTS_FORMAT). Returns esbuild's result (its metafile names the files as
 * they were before they went into ktl.parts).
 */
export async function buildCli(overrides = {}) {
  const { build, transform } = await import('esbuild');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = await build({ ...cliOptions, absWorkingDir: root, ...overrides, write: true });
  const outdir = path.resolve(root, overrides.outdir ?? cliOptions.outdir);
  const parts = [];
  for (const out of Object.keys(result.metafile.outputs)) {
    const file = path.resolve(root, out);
    const esm = await readFile(file, 'latin1');
    const cjs = await transform(esm, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      charset: 'ascii',
      minifyWhitespace: true,
      minifySyntax: true,
      // import() of a part becomes Promise.resolve().then(() => require(part)): the launcher has no import() loader
      supported: { 'dynamic-import': false },
      sourcefile: out,
      logLevel: 'warning',
    });
    const name = path.relative(outdir, file).split(path.sep).join('/');
    if (name === 'ktl.cjs') await writeFile(file, cjs.code, 'latin1');
    // a part is kept inside the launcher's function wrapper, which it compiles as is
    else parts.push([name, `${HEAD}${cjs.code}${TAIL}`]);
  }
  parts.sort(([a], [b]) => (a < b ? -1 : 1));
  await writeFile(path.join(outdir, 'ktl.parts'), packParts(parts), 'latin1');
  await rm(path.join(outdir, 'ktl'), { recursive: true, force: true });
  return result;
}

/**
 * dist/ktl.parts: the CLI's parts in one file, so that a command reads each
 * part it needs with one positioned read of a file opened once (a file per
 * part cost `get` 46 opens, about 7 ms on a slow machine).
 *
 *   8 decimal digits: the length L of the index, then a newline;
 *   the index, L bytes of JSON: { "ktl/get-HASH.cjs": [offset, length], ... },
 *   offsets counted from the end of the index;
 *   the parts' sources, ASCII, one after another, each inside the
 *   launcher's function wrapper (HEAD and TAIL in bin/load-cli.js).
 */
export const PARTS_FORMAT = 'ktl.parts 1';

function packParts(parts) {
  const index = {};
  let at = 0;
  for (const [name, code] of parts) {
    index[name] = [at, code.length];
    at += code.length;
  }
  const json = JSON.stringify(index);
  return `${String(json.length).padStart(8, '0')}\n${json}${parts.map(([, code]) => code).join('')}`;
}

/**
 * The CLI as ES modules split at every dynamic import(): not shipped. The
 * startup test (test/unit/build/startup-modules.test.ts) builds it to see
 * which sources a command loads; dist/ktl.cjs and dist/ktl.parts are the same
 * sources split at the same import() boundaries, made CommonJS.
 */
export const splitCliOptions = { ...libOptions, entryPoints: { ktl: 'src/main.ts' } };

/**
 * Ends dist/ktl.cjs with `//ktl-build:HASH` (sha256 of the rest and of
 * dist/ktl.parts beside it, 32 hex digits), replacing an earlier stamp.
 * bin/load-cli.js keys its compile cache on it: V8 checks a code cache
 * against the source's length only, and npm gives every installed file the
 * same mtime, so neither tells two builds apart. A file without a stamp gets
 * no cache.
 */
export async function stampBuild(file) {
  const entry = file instanceof URL ? fileURLToPath(file) : file;
  const text = (await readFile(entry, 'latin1')).replace(/\n\/\/ktl-build:[0-9a-f]+\n$/, '');
  const parts = await readFile(path.join(path.dirname(entry), 'ktl.parts')).catch(() => Buffer.alloc(0));
  const hash = createHash('sha256').update(text, 'latin1').update('\0').update(parts).digest('hex').slice(0, 32);
  await writeFile(entry, `${text}\n//ktl-build:${hash}\n`, 'latin1');
}
