// Loads the CLI (dist/ktl.cjs and, as the command needs them, its parts from
// dist/ktl.parts) with V8's code cache, so a start of ktl does not compile again
// what the last run of the same command compiled. Node 20 has no compile
// cache of its own (22's module.enableCompileCache() keeps one per file for
// files Node loads itself, and these are compiled here). The cache is a
// per-user folder:
//
//   $KTL_COMPILE_CACHE, else $TMPDIR/ktl-compile-cache-UID (os.tmpdir(), as
//   Node's compile cache; not under ~, which ktl leaves as kubectl does)
//   (KTL_COMPILE_CACHE=off or NODE_DISABLE_COMPILE_CACHE=1: no cache)
//
// holding one subfolder per build and Node (Node version, arch, a hash of
// the CLI's files stamped on dist/ktl.cjs by the build), and in it one file
// per command (get.bin, version.bin, ...; apply.tiered.bin where apply sets
// its V8 flag, tieringFlag below): the code caches of the files that
// command loaded, each holding the code that command compiled, no more, so
// `version` does not pay to load what `apply` uses. A command's file is
// written after a run that loaded a file it has no cache for, or one V8
// refused (a damaged command file counts as empty); what it held for the
// files this run did not load is kept. A run whose caches were all taken
// writes nothing. The first cache of a new build removes the subfolders of
// other builds (an older ktl), not those of other Node versions.
//
// V8 trusts a code cache it accepts as code, so only a folder and files that
// belong to this user and that nobody else can write are read or written: in
// a shared /tmp, a folder someone else made first, or a link, means no cache
// (and on Windows, which has no such owner check here, there is none). Any
// failure means no cache: it never changes what the command does.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

// __ktlImport: the CLI's only way to import an ES module (client-node; scripts/bundle-options.mjs)
const HEAD = '(function (exports, require, module, __filename, __dirname, __ktlImport) {';
const TAIL = '\n})';
// a command's file: this line, then per cached file a record: name length (2 bytes), name, data length (4 bytes), data
const MAGIC = Buffer.from('ktl-code-cache 1\n', 'latin1');

/** The folder of caches, or undefined when none is to be kept. */
function cacheRoot(env) {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return undefined;
  const set = env.KTL_COMPILE_CACHE;
  if (set === 'off' || set === '0' || env.NODE_DISABLE_COMPILE_CACHE === '1') return undefined;
  if (set) return path.resolve(set);
  // beside Node's own compile cache (os.tmpdir()), not in the home folder: ktl leaves ~ as kubectl does
  const tmp = env.TMPDIR && path.isAbsolute(env.TMPDIR) ? env.TMPDIR.replace(/\/+$/, '') || '/' : require('node:os').tmpdir();
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

/** A command's file as name -> cache; undefined when it is not one (damaged, cut short, another format). */
function unpack(buf) {
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const caches = new Map();
  for (let at = MAGIC.length; at < buf.length; ) {
    if (at + 2 > buf.length) return undefined;
    const nameEnd = at + 2 + buf.readUInt16LE(at);
    if (nameEnd + 4 > buf.length) return undefined;
    const name = buf.latin1Slice(at + 2, nameEnd);
    const dataEnd = nameEnd + 4 + buf.readUInt32LE(nameEnd);
    if (dataEnd > buf.length) return undefined;
    caches.set(name, buf.subarray(nameEnd + 4, dataEnd));
    at = dataEnd;
  }
  return caches;
}

function pack(caches) {
  const parts = [MAGIC];
  for (const [name, data] of caches) {
    const head = Buffer.alloc(2 + name.length + 4);
    head.writeUInt16LE(name.length, 0);
    head.latin1Write(name, 2);
    head.writeUInt32LE(data.length, 2 + name.length);
    parts.push(head, data);
  }
  return Buffer.concat(parts);
}

/** Reads a command's file: its caches, or undefined (none, not private, damaged). */
function readCaches(dir, name) {
  const rfd = fs.openSync(path.join(dir, `${name}.bin`), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  try {
    return private_(fs.fstatSync(rfd), 'file') ? unpack(fs.readFileSync(rfd)) : undefined;
  } finally {
    fs.closeSync(rfd);
  }
}

/**
 * The CLI's parts, read from dist/ktl.parts (format: scripts/bundle-options.mjs, PARTS_FORMAT): the file is
 * opened when the first part is needed and each part read with one positioned read. Returns part name -> source.
 */
function partsReader(file) {
  let fd;
  let index;
  let base;
  const readAt = (length, position) => {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = fs.readSync(fd, buf, got, length - got, position + got);
      if (n === 0) throw new Error(`${file}: cut short`);
      got += n;
    }
    return buf;
  };
  return (name) => {
    if (!index) {
      fd = fs.openSync(file, 'r');
      const head = readAt(9, 0).latin1Slice(0, 9);
      if (!/^\d{8}\n$/.test(head)) throw new Error(`${file}: not a file of the CLI's parts`);
      const length = Number(head.slice(0, 8));
      index = JSON.parse(readAt(length, 9).latin1Slice(0, length));
      base = 9 + length;
    }
    const at = Object.hasOwn(index, name) ? index[name] : undefined;
    if (!at) throw new Error(`${file}: no part ${name}`);
    return readAt(at[1], base + at[0]).latin1Slice(0, at[1]);
  };
}

/**
 * For an apply: the V8 flag that makes optimizing compilation wait for four
 * times the work V8 waits for by default, or undefined. A function V8
 * compiles optimized (on a helper thread) seldom runs long enough in one
 * apply to pay that back: on Node 20 an apply of 300 manifests spent 730 ms
 * of its 1.3 s of CPU compiling, and took a quarter less CPU and wall time
 * with the flag, while a list of thousands still gets its loops optimized.
 * Only for apply: any flag V8 was not built with makes Node compile its own
 * modules without their code cache (10 ms more for https and the rest), a
 * loss for a small command. Only for the V8 versions it was measured with,
 * whose flag names are known (an unknown flag is an error message on
 * stderr): 11.3 (Node 20) counts bytecode run, 12.x (Node 22) calls; 13.x
 * (Node 24) tiers through Maglev first and gained nothing measurable. None
 * when node was started with a tiering flag of its own.
 */
function tieringFlag(v8Version, execArgv, argv) {
  if (!argv.includes('apply')) return undefined;
  if (execArgv.some((a) => /^--(interrupt-budget|invocation-count-for-turbofan)\b/.test(a))) return undefined;
  const m = /^(\d+)\.(\d+)\./.exec(v8Version);
  if (!m) return undefined;
  if (m[1] === '11' && m[2] === '3') return '--interrupt-budget=270336';
  if (m[1] === '12') return '--invocation-count-for-turbofan=12000';
  return undefined;
}

/**
 * Loads the CLI; returns its exports ({ run }) and `commandChosen(verb)`,
 * which the CLI calls with the built-in command the line runs: if that
 * command's file lacks a cache for a file this run loaded (or V8 refused one
 * read), it is written as the process exits.
 */
function loadCli(file, argv, env) {
  // before any of the CLI is compiled: a code cache holds the flags it was made with
  const tiering = tieringFlag(process.versions.v8, process.execArgv, argv);
  if (tiering) require('node:v8').setFlagsFromString(tiering);
  const distDir = path.dirname(file);
  const source = fs.readFileSync(file, 'latin1');
  // V8 checks a cache against the source's length only, so caches are kept per build: the build's stamp
  // (scripts/bundle-options.mjs, stampBuild) is a hash of all the CLI's files; no stamp, no cache
  const stamp = /\n\/\/ktl-build:([0-9a-f]{16,64})\n$/.exec(source.slice(-100));
  const root = stamp ? cacheRoot(env) : undefined;
  const bundle = stamp ? stamp[1] : '';
  const build = `${process.version}-${process.arch}-${bundle}`;
  const dir = root && path.join(root, build);
  // V8 takes a cache only under the flags it was made with: runs with the tiering flag keep files of their own
  // (NAME.tiered.bin), so a line that has the word apply without being an apply (`-n apply get pods`) and the
  // plain runs of its command do not replace each other's cache
  const fileOf = (name) => (tiering ? `${name}.tiered` : name);
  // the command is only known once the CLI has parsed the line: the first word that has a cache file is a good guess
  let read;
  let caches = new Map();
  if (dir && safeDir(dir)) {
    try {
      const have = new Set(fs.readdirSync(dir));
      for (const a of argv) {
        const name = !a.startsWith('-') && cacheName(a);
        if (!name || !have.has(`${fileOf(name)}.bin`)) continue;
        read = name;
        caches = readCaches(dir, fileOf(name)) ?? new Map();
        break;
      }
    } catch {
      caches = new Map();
    }
  }

  // the files loaded, by path; `missing` when the run compiled a file its command's file had no (usable) cache for
  const modules = new Map();
  const loaded = [];
  let missing = false;
  const importEsm = (specifier) => import(specifier);
  const parts = partsReader(path.join(distDir, 'ktl.parts'));
  // the files' paths are made by hand, not by path.join and path.relative: their normalizing loop, run for
  // every file, was hot enough that V8 compiled it optimized on every get (13 ms of CPU on a helper thread)
  const below = distDir + path.sep;
  // ./NAME or ./DIR/NAME (no . or .. among them): the file in `here`; anything else as path.join makes it
  const nextTo = (here, spec) =>
    /^\.\/(?:[\w-]+\/)*[\w-][\w.-]*$/.test(spec) ? here + path.sep + spec.slice(2).split('/').join(path.sep) : path.join(here, spec);
  const load = (f, text) => {
    const known = modules.get(f);
    if (known) return known.exports;
    const key = (f.startsWith(below) ? f.slice(below.length) : path.relative(distDir, f)).split(path.sep).join('/');
    const cachedData = caches.get(key);
    // a part is stored with HEAD and TAIL around it (scripts/bundle-options.mjs): no copy of its text is made here
    const script = new vm.Script(text === undefined ? parts(key) : HEAD + text + TAIL, { filename: f, cachedData });
    const taken = cachedData !== undefined && script.cachedDataRejected !== true;
    if (!taken) missing = true;
    loaded.push({ key, script, taken });
    const mod = { exports: {} };
    modules.set(f, mod);
    // path.dirname walks the path a character at a time (hot enough on Node 24 for Maglev to compile it)
    const here = f.slice(0, f.lastIndexOf(path.sep));
    // the CLI's files require each other by relative path (./ktl/get-HASH.cjs, a part); anything else is one of
    // Node's modules (the build bundles every package but client-node, which is imported)
    const req = (spec) => (spec.startsWith('./') || spec.startsWith('../') ? load(nextTo(here, spec)) : require(spec));
    script.runInThisContext().call(mod.exports, mod.exports, req, mod, f, here, importEsm);
    return mod.exports;
  };
  const exports = load(file, source);

  let chosen = false;
  const commandChosen = (verb) => {
    const name = dir && cacheName(verb);
    // once per process (a line run in several contexts tells each time)
    if (chosen || !name) return;
    chosen = true;
    process.once('exit', () => {
      if (read === name && !missing) return;
      try {
        // the file read was this command's: what it held stays (a cache V8 took, as it was), the rest is added
        const own = read === name;
        const next = new Map(own ? caches : []);
        for (const l of loaded) if (!own || !l.taken) next.set(l.key, l.script.createCachedData());
        writeCache(root, dir, bundle, fileOf(name), pack(next));
      } catch {
        // no cache this time
      }
    });
  };
  return { exports, commandChosen };
}

function writeCache(root, dir, bundle, name, data) {
  const target = path.join(dir, `${name}.bin`);
  if (!safeDir(dir)) {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    if (!safeDir(root)) return;
    // the first cache of this build with this Node: the caches of other builds (older ktl) are of no more
    // use; those of other Node versions with this build stay (one machine may run ktl with several)
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
  fs.writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * The name ktl calls itself in help, errors, the User-Agent (whose first word
 * the server takes as the field manager) and recorded change causes: kubectl's
 * when it is installed under that name (a link or a copy called kubectl), as a
 * drop-in replacement; ktl otherwise.
 */
function binNameOf(script) {
  return /^kubectl(\.c?js)?$/.test(path.basename(script || '')) ? 'kubectl' : 'ktl';
}

module.exports = { loadCli, tieringFlag, binNameOf, HEAD, TAIL };
