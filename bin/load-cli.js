// Loads the CLI bundle (dist/ktl.cjs) with V8's code cache, so a start of
// ktl does not compile again what the last run of the same command compiled.
// Node 20 has no compile cache of its own (22's module.enableCompileCache()
// keeps one per file, and ktl is one file). The cache is a per-user folder:
//
//   $KTL_COMPILE_CACHE, else $TMPDIR/ktl-compile-cache-UID (os.tmpdir(), as
//   Node's compile cache; not under ~, which ktl leaves as kubectl does)
//   (KTL_COMPILE_CACHE=off or NODE_DISABLE_COMPILE_CACHE=1: no cache)
//
// holding one subfolder per bundle and Node (Node version, arch, a hash of
// the bundle stamped on it by the build), and in it one file per command (get.bin, apply.bin, ...):
// a command's file holds the code that command compiled, no more, so
// `version` does not pay to load what `apply` uses. A file is written once,
// after the first run of its command with this build (kept only if V8 took
// it; a file V8 refuses is written again). The first cache of a new bundle
// removes the subfolders of other bundles (an older ktl), not those of other
// Node versions.
//
// V8 trusts a code cache it accepts as code, so only a folder and files that
// belong to this user and that nobody else can write are read or written: in
// a shared /tmp, a folder someone else made first, or a link, means no cache
// (and on Windows, which has no such owner check here, there is none). Any
// failure means no cache: it never changes what the command does.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

// __ktlImport: the bundle's only way to import an ES module (client-node; scripts/bundle-options.mjs)
const HEAD = '(function (exports, require, module, __filename, __dirname, __ktlImport) {';
const TAIL = '\n})';

/** The folder of caches, or undefined when none is to be kept. */
function cacheRoot(env) {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return undefined;
  const set = env.KTL_COMPILE_CACHE;
  if (set === 'off' || set === '0' || env.NODE_DISABLE_COMPILE_CACHE === '1') return undefined;
  if (set) return path.resolve(set);
  // beside Node's own compile cache (os.tmpdir()), not in the home folder: ktl leaves ~ as kubectl does
  const tmp = env.TMPDIR && path.isAbsolute(env.TMPDIR) ? env.TMPDIR.replace(/\/+$/, '') || '/' : os.tmpdir();
  return path.join(tmp, `ktl-compile-cache-${process.getuid()}`);
}

/** Owned by this user, no one else may write it, and of the kind expected (never a symlink). */
function private_(st, kind) {
  return (kind === 'dir' ? st.isDirectory() : st.isFile()) && st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

function safeDir(dir) {
  try {
    return private_(fs.lstatSync(dir), 'dir');
  } catch {
    return false;
  }
}

/** The name a command's cache file would have (letters and dashes only: it becomes a file name). */
const cacheName = (word) => (/^[a-z][a-z0-9-]{0,40}$/.test(word) ? word : undefined);

/**
 * Loads the CLI; returns its exports ({ run }) and `commandChosen(verb)`,
 * which the CLI calls with the built-in command the line runs: if that
 * command has no cache yet (or V8 refused the one read), one is written as
 * the process exits.
 */
function loadCli(file, argv, env) {
  const source = fs.readFileSync(file, 'latin1');
  // V8 checks a cache against the source's length only, so a cache is kept per content: the build's stamp
  // (scripts/bundle-options.mjs, stampBuild) is a hash of the rest of the file; no stamp, no cache
  const stamp = /\n\/\/ktl-build:([0-9a-f]{16,64})\n$/.exec(source.slice(-100));
  const root = stamp ? cacheRoot(env) : undefined;
  const bundle = stamp ? stamp[1] : '';
  const build = `${process.version}-${process.arch}-${bundle}`;
  const dir = root && path.join(root, build);
  // the command is only known once the CLI has parsed the line: the first word that has a cache file is a good guess
  let read;
  let cachedData;
  if (dir && safeDir(dir)) {
    try {
      const have = new Set(fs.readdirSync(dir));
      for (const a of argv) {
        const name = !a.startsWith('-') && cacheName(a);
        if (!name || !have.has(`${name}.bin`)) continue;
        const f = path.join(dir, `${name}.bin`);
        const rfd = fs.openSync(f, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
        try {
          if (private_(fs.fstatSync(rfd), 'file')) {
            cachedData = fs.readFileSync(rfd);
            read = name;
          }
        } finally {
          fs.closeSync(rfd);
        }
        break;
      }
    } catch {
      cachedData = undefined;
      read = undefined;
    }
  }
  const script = new vm.Script(HEAD + source + TAIL, { filename: file, cachedData });
  const refused = cachedData !== undefined && script.cachedDataRejected === true;
  const mod = { exports: {} };
  const importEsm = (specifier) => import(specifier);
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file), importEsm);

  let chosen = false;
  const commandChosen = (verb) => {
    const name = dir && cacheName(verb);
    // once per process (a line run in several contexts tells each time)
    if (chosen || !name || (read === name && !refused)) return;
    chosen = true;
    process.once('exit', () => {
      try {
        writeCache(root, dir, bundle, name, script);
      } catch {
        // no cache this time
      }
    });
  };
  return { exports: mod.exports, commandChosen };
}

function writeCache(root, dir, bundle, name, script) {
  const target = path.join(dir, `${name}.bin`);
  if (!safeDir(dir)) {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    if (!safeDir(root)) return;
    // the first cache of this bundle with this Node: the caches of other bundles (older ktl builds) are of no more
    // use; those of other Node versions with this bundle stay (one machine may run ktl with several)
    for (const old of fs.readdirSync(root)) {
      if (!old.endsWith(`-${bundle}`)) fs.rmSync(path.join(root, old), { recursive: true, force: true });
    }
    try {
      fs.mkdirSync(dir, { mode: 0o700 });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    if (!safeDir(dir)) return;
  }
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600, flag: 'wx' });
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

module.exports = { loadCli };
