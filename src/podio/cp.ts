/**
 * `cp`: files and directories to and from a container through `tar` run
 * over exec, as kubectl 1.33 does it (staging/src/k8s.io/kubectl/pkg/cmd/cp):
 *
 * - to a pod: `test -d DEST` first (10 s at most; a directory gets the
 *   source's base name appended), then `tar -xmf - -C DIR` (with
 *   `--no-same-permissions --no-same-owner` for --no-preserve) reading an
 *   archive made here, entry by entry, names rewritten to the destination;
 * - from a pod: `tar cf - SRC` (`sh -c 'tar cf - SRC | tail -c+N'` when
 *   --retries is set, to resume), its stderr on our stdout, the archive read
 *   here as Go's archive/tar reads it: every name must start with the
 *   source, anything that would land outside the destination is skipped with
 *   a warning, symlinks are never created (warned about), files are plain
 *   0666&~umask files, directories 0755&~umask.
 *
 * The archive streams both ways with back-pressure (tar-stream does the
 * tar format); nothing is held whole. Paths are byte strings (see gopath.ts).
 */
import { isErrnoException, stringAt } from '../codec/value.js';
import { lstatSync, readFileSync, readdirSync, readlinkSync, statSync, mkdirSync, type BigIntStats } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import * as tarStream from 'tar-stream';

type TarHeader = Partial<tarStream.Header> & { name: string };
/** tar-stream's writable for one entry's bytes (a streamx Writable). */
type TarSink = ReturnType<tarStream.Pack['entry']>;
import type { Clients } from '../client/index.js';
import { write } from '../context.js';
import { KtlError, messageOf } from '../errors.js';
import { goQuote } from '../printers/go-format.js';
import { osPathError } from '../os-errors.js';
import * as gp from './gopath.js';
import { containerOrDefault, podPath, type Pod } from './pods.js';
import { streamRemoteCommand } from './remotecommand.js';

// ---- file specs (filespec.go) -------------------------------------------------

/** A byte string (one char per byte) from a JS string, and back. */
export const bytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
export const text = (b: string): string => Buffer.from(b, 'latin1').toString('utf8');

function stripTrailingSlash(file: string): string {
  if (file.length === 0) return file;
  if (file !== '/' && file.endsWith('/')) return file.slice(0, -1);
  return file;
}
/** localPath's constructor */
const local = (f: string) => stripTrailingSlash(f);
/** remotePath's constructor: a Linux path, backslashes turned into slashes */
const remote = (f: string) => stripTrailingSlash(f).replaceAll('\\', '/');
const stripLeadingSlash = (f: string) => f.replace(/^[/\\]+/, '');

/** Removes leading "../" (repeatedly), a lone "." or "..", and one leading "/". */
export function stripPathShortcuts(p: string): string {
  let newPath = p;
  while (newPath.startsWith('../')) newPath = newPath.slice(3);
  if (newPath === '.' || newPath === '..') newPath = '';
  if (newPath.startsWith('/')) return newPath.slice(1);
  return newPath;
}

/** isRelative: target stays inside base. */
export function isRelative(base: string, target: string): boolean {
  const r = gp.rel(base, target);
  if (r === undefined) return false;
  return r === '.' || r === stripPathShortcuts(r);
}

export interface FileSpec {
  podName: string;
  podNamespace: string;
  /** a byte string: the local path, or the path in the container */
  file: string;
  remote: boolean;
}

export const FILESPEC_FORMAT = 'filespec must match the canonical format: [[namespace/]pod:]file/path';

/** extractFileSpec: [[namespace/]pod:]path (argument as typed). */
export function extractFileSpec(argText: string): FileSpec {
  const arg = bytes(argText);
  const i = arg.indexOf(':');
  if (i === 0) throw new KtlError(FILESPEC_FORMAT);
  if (i === -1) return { podName: '', podNamespace: '', file: local(arg), remote: false };
  const file = remote(arg.slice(i + 1));
  const pieces = arg.slice(0, i).split('/');
  if (pieces.length === 1) return { podName: text(pieces[0]!), podNamespace: '', file, remote: true };
  if (pieces.length === 2) return { podName: text(pieces[1]!), podNamespace: text(pieces[0]!), file, remote: true };
  throw new KtlError(FILESPEC_FORMAT);
}

// ---- errors as Go's os package words them ------------------------------------


/** os.PathError's text: "op path: reason". */
export function pathError(op: string, p: string, err: unknown): KtlError {
  return osPathError(op, text(p), err);
}

/** Go's %q of a byte string: valid UTF-8 printed as strconv.Quote does, other bytes as \xNN. */
export function quoteBytes(b: string): string {
  const buf = Buffer.from(b, 'latin1');
  const decoded = buf.toString('utf8');
  if (Buffer.from(decoded, 'utf8').equals(buf)) return goQuote(decoded);
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const len = utf8Len(buf, i);
    if (len === 0) {
      out += `\\x${buf[i]!.toString(16).padStart(2, '0')}`;
      i++;
    } else {
      out += goQuote(buf.subarray(i, i + len).toString('utf8')).slice(1, -1);
      i += len;
    }
  }
  return `"${out}"`;
}

/** The length of the valid UTF-8 sequence at i, 0 when there is none. */
function utf8Len(buf: Buffer, i: number): number {
  const c = buf[i]!;
  const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > buf.length) return 0;
  const s = buf.subarray(i, i + n);
  return Buffer.from(s.toString('utf8'), 'utf8').equals(s) ? n : 0;
}

/** how much of a file is read or written at once */
const FILE_CHUNK = 256 * 1024;

// ---- the local side ----------------------------------------------------------

export interface CpContext {
  clients: Clients;
  /** the namespace of a pod named without one */
  namespace: string;
  /** -c */
  container: string;
  noPreserve: boolean;
  /** --retries: 0 none, negative without end */
  maxTries: number;
  out: Writable;
  errOut: Writable;
  /** relative local paths are relative to this */
  cwd: string;
  /** what the symlink warning suggests running ("kubectl" in kubectl) */
  binName: string;
}

/** A byte-string path as node:fs takes it. */
function fsPath(cx: CpContext, p: string): Buffer {
  const b = Buffer.from(p, 'latin1');
  return p.startsWith('/') ? b : Buffer.concat([Buffer.from(cx.cwd + '/', 'utf8'), b]);
}

/** os.MkdirAll(p, 0755) with Go's errors. */
function mkdirAll(cx: CpContext, p: string): void {
  try {
    if (statSync(fsPath(cx, p)).isDirectory()) return;
    throw pathError('mkdir', p, { code: 'ENOTDIR' });
  } catch (e) {
    if (e instanceof KtlError) throw e;
  }
  let i = p.length - 1;
  while (i >= 0 && p[i] === '/') i--;
  while (i >= 0 && p[i] !== '/') i--;
  if (i < 0) i = 0;
  const parent = p.slice(0, i);
  if (parent.length > 0) mkdirAll(cx, parent);
  try {
    mkdirSync(fsPath(cx, p), 0o755);
  } catch (e) {
    try {
      if (lstatSync(fsPath(cx, p)).isDirectory()) return;
    } catch {
      // the Mkdir error stands
    }
    throw pathError('mkdir', p, e);
  }
}

// ---- exec -----------------------------------------------------------------------

interface ExecRequest {
  namespace: string;
  pod: string;
  command: string[];
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
  /** where the "Defaulted container" notice goes (nowhere when undefined) */
  notices?: Writable;
  signal: AbortSignal;
}

/** kubectl's ExecOptions.Run as cp uses it: GET the pod, refuse a completed one, pick the container, stream. */
async function execInPod(cx: CpContext, r: ExecRequest): Promise<void> {
  const ns = r.namespace || cx.namespace;
  const pod = await cx.clients.rest.getJson<Pod>(podPath(ns, r.pod));
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new KtlError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  let container = cx.container;
  if (!container) {
    const notes: string[] = [];
    container = containerOrDefault(pod, '', { quiet: false, notice: (s) => notes.push(s) }).name;
    if (r.notices) for (const n of notes) await write(r.notices, n);
  }
  await streamRemoteCommand(
    cx.clients.transport,
    podPath(pod.metadata.namespace ?? ns, pod.metadata.name ?? r.pod, 'exec'),
    { command: r.command, container, stdin: r.stdin ? true : undefined, stdout: true, stderr: true },
    { stdin: r.stdin, stdout: r.stdout, stderr: r.stderr, tty: false },
    r.signal,
  );
}

const discard = () =>
  new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });

// ---- to a pod -------------------------------------------------------------------

/** checkDestinationIsDir: `test -d DEST` succeeded; its output goes nowhere; 10 s at most. */
async function destinationIsDir(cx: CpContext, dest: FileSpec): Promise<boolean> {
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, 10_000);
  try {
    await execInPod(cx, { namespace: dest.podNamespace, pod: dest.podName, command: ['test', '-d', text(dest.file)], stdout: discard(), stderr: discard(), signal: ac.signal });
    return true;
  } catch (e) {
    if (timedOut) throw new KtlError('context deadline exceeded');
    void e;
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function copyToPod(cx: CpContext, src: FileSpec, dest: FileSpec): Promise<void> {
  const srcFile = src.file;
  try {
    statSync(fsPath(cx, srcFile));
  } catch {
    throw new KtlError(`${text(srcFile)} doesn't exist in local filesystem`);
  }
  let destFile = dest.file;
  if (await destinationIsDir(cx, dest)) destFile = remote(gp.join(destFile, local(gp.base(srcFile))));

  const cmd = cx.noPreserve ? ['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-'] : ['tar', '-xmf', '-'];
  const destFileDir = remote(gp.dir(destFile));
  if (destFileDir.length > 0) cmd.push('-C', destFileDir);

  const ac = new AbortController();
  const tar = new TarMaker(cx);
  let packError: Error | undefined;
  const pack = tar.start(srcFile, destFile).catch((e: Error) => {
    if (tar.stopped) return;
    packError = e;
    ac.abort();
  });
  try {
    await execInPod(cx, {
      namespace: dest.podNamespace,
      pod: dest.podName,
      command: cmd.map(text),
      stdin: tar.stream,
      stdout: cx.out,
      stderr: cx.errOut,
      notices: cx.errOut,
      signal: ac.signal,
    });
  } catch (e) {
    if (packError) throw packError;
    throw e;
  } finally {
    tar.stop();
  }
  await Promise.race([pack, new Promise((r) => setImmediate(r))]);
  if (packError) throw packError;
}

/** Passwd and group names by id, read as Go's pure-Go os/user does (best effort, cached). */
class NameCache {
  private users?: Map<number, string>;
  private groups?: Map<number, string>;
  private static read(file: string): Map<number, string> {
    const m = new Map<number, string>();
    try {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.startsWith('#')) continue;
        const f = line.split(':');
        if (f.length < 3) continue;
        const id = Number(f[2]);
        if (Number.isInteger(id) && !m.has(id)) m.set(id, f[0]!);
      }
    } catch {
      // no names then
    }
    return m;
  }
  user(id: number): string {
    this.users ??= NameCache.read('/etc/passwd');
    return this.users.get(id) ?? '';
  }
  group(id: number): string {
    this.groups ??= NameCache.read('/etc/group');
    return this.groups.get(id) ?? '';
  }
}

/** makeTar/recursiveTar: the archive `tar -xmf -` reads, streamed as it is made. */
class TarMaker {
  readonly pack = tarStream.pack();
  readonly stream: Readable;
  stopped = false;
  private names = new NameCache();

  constructor(private cx: CpContext) {
    this.stream = Readable.from(this.pack, { objectMode: false });
  }

  stop(): void {
    this.stopped = true;
    this.stream.destroy();
    this.pack.destroy();
  }

  async start(src: string, dest: string): Promise<void> {
    const srcPath = local(gp.clean(src));
    const destPath = remote(gp.clean(dest));
    await this.recursiveTar(local(gp.dir(srcPath)), local(gp.base(srcPath)), remote(gp.base(destPath)));
    if (!this.stopped) this.pack.finalize();
  }

  private header(st: BigIntStats, name: string, fpath: string): TarHeader {
    let type: TarHeader['type'];
    let size = 0;
    if (st.isFile()) {
      type = 'file';
      size = Number(st.size);
    } else if (st.isDirectory()) type = 'directory';
    else if (st.isSymbolicLink()) type = 'symlink';
    else if (st.isCharacterDevice()) type = 'character-device';
    else if (st.isBlockDevice()) type = 'block-device';
    else if (st.isFIFO()) type = 'fifo';
    else if (st.isSocket()) throw new KtlError('archive/tar: sockets not supported');
    else throw new KtlError(`archive/tar: unknown file mode ${text(fpath)}`);
    const uid = Number(st.uid);
    const gid = Number(st.gid);
    // tar.Writer rounds the modification time to the nearest second
    const ns = st.mtimeNs;
    const secs = ns / 1_000_000_000n + (ns % 1_000_000_000n >= 500_000_000n ? 1n : 0n);
    const h: TarHeader = {
      name: text(name),
      // the type bits keep tar-stream from taking a mode of 0 for "none" (it writes mode & 07777)
      mode: Number(st.mode),
      uid,
      gid,
      uname: this.names.user(uid),
      gname: this.names.group(gid),
      size,
      mtime: new Date(Number(secs) * 1000),
      type,
    };
    if (type === 'character-device' || type === 'block-device') {
      const dev = st.rdev;
      h.devmajor = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
      h.devminor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
    }
    return h;
  }

  private async recursiveTar(srcDir: string, srcFile: string, destFile: string): Promise<void> {
    let matched: string[];
    try {
      matched = gp.glob(local(gp.join(srcDir, srcFile)), (p) => fsPath(this.cx, p));
    } catch (e) {
      throw new KtlError(messageOf(e));
    }
    for (const fpath of matched) {
      if (this.stopped) return;
      let st: BigIntStats;
      try {
        st = lstatSync(fsPath(this.cx, fpath), { bigint: true });
      } catch (e) {
        throw pathError('lstat', fpath, e);
      }
      if (st.isDirectory()) {
        let files: string[];
        try {
          files = readdirSync(fsPath(this.cx, fpath), { encoding: 'buffer' }).map((b) => b.toString('latin1')).sort(gp.byteOrder);
        } catch (e) {
          throw pathError('open', fpath, e);
        }
        if (files.length === 0) await this.writeHeaderOnly({ ...this.header(st, fpath, fpath), name: text(destFile) });
        for (const f of files) {
          await this.recursiveTar(srcDir, local(gp.join(srcFile, local(f))), remote(gp.join(destFile, remote(f))));
        }
        return;
      }
      if (st.isSymbolicLink()) {
        const h = this.header(st, fpath, fpath);
        let target: string;
        try {
          target = readlinkSync(fsPath(this.cx, fpath), { encoding: 'buffer' }).toString('latin1');
        } catch (e) {
          throw pathError('readlink', fpath, e);
        }
        await this.writeHeaderOnly({ ...h, name: text(destFile), linkname: text(target) });
        continue;
      }
      const h = { ...this.header(st, fpath, fpath), name: text(destFile) };
      await this.writeFile(h, fpath, st.isFile());
      return;
    }
  }

  private writeHeaderOnly(h: TarHeader): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pack.entry(h, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** The header, then the file's bytes with back-pressure (a size change is Go's tar.Writer error). */
  private async writeFile(h: TarHeader, fpath: string, regular: boolean): Promise<void> {
    const size = h.size ?? 0;
    let entry!: TarSink;
    const done = new Promise<void>((resolve, reject) => {
      entry = this.pack.entry(h, (err) => (err ? reject(err) : resolve()));
    });
    done.catch(() => undefined);
    // fifos and devices: the header only (kubectl would read them, blocking on a fifo)
    if (!regular) {
      entry.end(undefined);
      return done;
    }
    let fh;
    try {
      fh = await open(fsPath(this.cx, fpath), 'r');
    } catch (e) {
      throw pathError('open', fpath, e);
    }
    let written = 0;
    try {
      // a stream over the FileHandle, not over its number: a stream given a bare fd closes that number when it
      // is destroyed, whatever autoClose says, and fh.close() then closes the number again, by then perhaps
      // another file's or a socket's; a FileHandle closes its fd once
      const rs = fh.createReadStream({ autoClose: false, highWaterMark: FILE_CHUNK });
      for await (const read of rs) {
        // no encoding set: the read stream gives Buffers
        const chunk = Buffer.isBuffer(read) ? read : Buffer.from(String(read));
        if (this.stopped) return;
        if (written + chunk.length > size) throw new KtlError('archive/tar: write too long');
        written += chunk.length;
        if (!entry.write(chunk)) await drained(entry);
      }
    } catch (e) {
      if (e instanceof KtlError) throw e;
      throw pathError('read', fpath, e);
    } finally {
      await fh.close();
    }
    if (this.stopped) return;
    if (written < size) throw new KtlError(`archive/tar: missed writing ${size - written} bytes`);
    entry.end(undefined);
    return done;
  }
}

/** What drained() listens to: a Node stream, or tar-stream's (streamx) entry sink. */
interface DrainSource {
  on(event: 'drain' | 'close' | 'error', fn: () => void): unknown;
  off(event: 'drain' | 'close' | 'error', fn: () => void): unknown;
}

/** Resolves on 'drain', or when the stream is gone. */
function drained(s: DrainSource): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      s.off('drain', done);
      s.off('close', done);
      s.off('error', done);
      resolve();
    };
    s.on('drain', done);
    s.on('close', done);
    s.on('error', done);
  });
}

// ---- from a pod -----------------------------------------------------------------

export async function copyFromPod(cx: CpContext, src: FileSpec, dest: FileSpec): Promise<void> {
  const srcFile = src.file;
  const destFile = dest.file;
  // leading "../" could point above "/" in the container: the names tar writes do not have them
  const prefix = stripPathShortcuts(remote(gp.clean(remote(stripLeadingSlash(srcFile)))));
  const reader = new GoTarReader((h, s) => untarEntry(cx, untar, h, s));
  const untar: UntarState = { prefix, dest: destFile, src, symlinkWarned: false };

  let retries = 0;
  let from = 0;
  for (;;) {
    const command = cx.maxTries !== 0 ? ['sh', '-c', `tar cf - ${text(srcFile)} | tail -c+${from}`] : ['tar', 'cf', '-', text(srcFile)];
    const ac = new AbortController();
    const stopOnFailure = reader.onFailure(() => ac.abort());
    let sessionError: unknown;
    try {
      await execInPod(cx, { namespace: src.podNamespace, pod: src.podName, command, stdout: reader.sink(), stderr: cx.out, notices: cx.out, signal: ac.signal });
    } catch (e) {
      sessionError = e;
    } finally {
      stopOnFailure();
    }
    await reader.settle();
    if (reader.failure) throw reader.failure;
    if (reader.finished) return;
    if (sessionError) throw sessionError;
    // the archive ended early without an error: the reader sees the end of its input
    if (cx.maxTries < 0 || retries < cx.maxTries) {
      retries++;
      await write(cx.out, `Resuming copy at ${reader.total} bytes, retry ${retries}/${cx.maxTries}\n`);
      from = reader.total + 1;
      continue;
    }
    await write(cx.out, `Dropping out copy after ${retries} retries\n`);
    await reader.endOfInput();
    return;
  }
}

interface UntarState {
  prefix: string;
  dest: string;
  src: FileSpec;
  symlinkWarned: boolean;
}

interface EntryHeader {
  /** byte string */
  name: string;
  /** byte string */
  linkname: string;
  mode: number;
  type: string | null;
}

/** untarAll's body for one entry: where it goes, whether it may, and writing it. */
async function untarEntry(cx: CpContext, st: UntarState, h: EntryHeader, data: AsyncIterable<unknown>): Promise<void> {
  if (!h.name.startsWith(st.prefix)) throw new KtlError('tar contents corrupted');
  const typeBits = h.mode & 0o170000;
  const isDir = h.type === 'directory' || typeBits === 0o040000;
  const isSymlink = h.type === 'symlink' || typeBits === 0o120000;
  const destFileName = local(gp.join(st.dest, remote(h.name.slice(st.prefix.length))));
  if (!isRelative(st.dest, destFileName)) {
    await write(cx.errOut, `warning: file ${quoteBytes(destFileName)} is outside target destination, skipping\n`);
    return;
  }
  mkdirAll(cx, local(gp.dir(destFileName)));
  if (isDir) {
    mkdirAll(cx, destFileName);
    return;
  }
  if (isSymlink) {
    if (!st.symlinkWarned && cx.binName.length > 0) {
      const srcText = quoteBytes(st.src.file);
      await write(
        cx.errOut,
        `warning: skipping symlink: ${quoteBytes(destFileName)} -> ${quoteBytes(h.linkname)} (consider using "${cx.binName} exec -n ${goQuote(st.src.podNamespace)} ${goQuote(st.src.podName)} -- tar cf - ${srcText} | tar xf -")\n`,
      );
      st.symlinkWarned = true;
      return;
    }
    await write(cx.errOut, `warning: skipping symlink: ${quoteBytes(destFileName)} -> ${quoteBytes(h.linkname)}\n`);
    return;
  }
  let fh;
  try {
    fh = await open(fsPath(cx, destFileName), 'w+', 0o666);
  } catch (e) {
    throw pathError('open', destFileName, e);
  }
  // a write stream gathers what arrived while the last write was under way
  // into one writev: one write per WebSocket message made downloads crawl
  // over the FileHandle, not its number (see TarMaker.writeFile): out.destroy() below closes the file, and with a
  // bare fd fh.close() closed that number a second time: after a cut download, often a new socket's by then
  const out = fh.createWriteStream({ autoClose: false, highWaterMark: FILE_CHUNK });
  let writeError: unknown;
  out.on('error', (e) => (writeError ??= e));
  try {
    for await (const chunk of data) {
      if (writeError) break;
      if (!out.write(chunk)) await drained(out);
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
    if (writeError) throw pathError('write', destFileName, writeError);
  } finally {
    out.destroy();
    await fh.close().catch(() => undefined);
  }
}

// ---- Go's archive/tar reader over tar-stream ---------------------------------

const BLOCK = 512;

/**
 * Names as bytes (latin1), so that names that are not UTF-8 survive. tar-stream
 * reads filenameEncoding, which its declaration leaves out of extract()'s
 * options type (a named object, so the extra option is not an excess property).
 */
const EXTRACT_OPTIONS = { filenameEncoding: 'latin1', highWaterMark: FILE_CHUNK };

/**
 * tar-stream parses the archive; this keeps Go's reader semantics around it:
 * two zero blocks where a header is due end the archive (whatever follows is
 * never read), one zero block followed by anything else is
 * `archive/tar: invalid tar header`, input that stops inside a header or an
 * entry's data is `unexpected EOF` and input that stops between entries is a
 * clean end. Entries are handed out one at a time; the input waits meanwhile.
 */
export class GoTarReader {
  /** bytes received so far (all sessions) */
  total = 0;
  finished = false;
  failure: Error | undefined;
  private extract = tarStream.extract(EXTRACT_OPTIONS);
  /** where the next header is due while between entries; undefined while a header or an entry is under way */
  private headerAt: number | undefined = 0;
  private zeros = 0;
  /** the end of the current entry's data (no padding) */
  private dataEnd = 0;
  private entryActive = false;
  /** the end of the current entry's bytes handed to its handler so far */
  private taken = 0;
  /** the current entry: cut ends its data early; done settles once its handler has */
  private entry: { cut: () => void; done: Promise<void> } | undefined;
  /** the input ended inside an entry and its handler was told */
  private cut = false;
  /** chunks written to tar-stream that may still hold bytes at or after `floor` */
  private kept: Array<{ start: number; buf: Buffer }> = [];
  private floor = 0;
  private waiters = new Set<() => void>();
  private failureListeners = new Set<() => void>();

  constructor(private handle: (h: EntryHeader, data: AsyncIterable<unknown>) => Promise<void>) {
    this.extract.on('entry', (hdr, source, next) => {
      const header = hdr;
      this.entryActive = true;
      const size = header.size ?? 0;
      // tar-stream sets byteOffset (where the entry's data starts), which its declaration leaves out
      const start = 'byteOffset' in header && typeof header.byteOffset === 'number' ? header.byteOffset : 0;
      this.dataEnd = header.type === 'directory' ? start : start + size;
      this.taken = start;
      const end = header.type === 'directory' ? start : start + Math.ceil(size / BLOCK) * BLOCK;
      this.floor = end;
      this.prune();
      const fromPax = (v: string | undefined, dflt: string | null | undefined) => (v !== undefined ? bytes(v) : (dflt ?? ''));
      const h: EntryHeader = {
        name: fromPax(stringAt(header.pax, 'path'), header.name),
        linkname: fromPax(stringAt(header.pax, 'linkpath'), header.linkname),
        mode: header.mode ?? 0,
        type: header.type ?? null,
      };
      // the entry's bytes (Buffers) as tar-stream hands them out, counted; a cut (the input ended
      // inside the entry) ends them for the handler, which then writes and closes what it has, as
      // Go's io.Copy does before it returns the error
      const source_: AsyncIterable<unknown> = source;
      const it = source_[Symbol.asyncIterator]();
      let cut!: () => void;
      const cutting = new Promise<null>((resolve) => (cut = () => resolve(null)));
      const pull = async (): Promise<IteratorResult<unknown, undefined>> => {
        const r = await Promise.race([it.next(), cutting]);
        if (r === null) return { done: true, value: undefined };
        if (!r.done) {
          if (Buffer.isBuffer(r.value)) this.taken += r.value.length;
          this.wake();
        }
        return r.done ? { done: true, value: undefined } : r;
      };
      // leaving the loop early does not end the entry: what is left is skipped below
      const data: AsyncIterable<unknown> = {
        [Symbol.asyncIterator]: () => ({ next: pull, return: async () => ({ done: true, value: undefined }) }),
      };
      const done = this.handle(h, data).then(
        async () => {
          if (this.cut) return;
          // whatever the handler left unread is skipped
          while (!(await pull()).done);
          if (this.cut) return;
          this.entryActive = false;
          this.headerAt = end;
          this.zeros = 0;
          this.scan();
          if (!this.finished && !this.failure) next();
          this.wake();
        },
        (err: Error) => this.fail(err),
      );
      this.entry = { cut, done };
    });
    this.extract.on('error', (err: Error) => this.fail(mapTarError(err)));
  }

  /** Runs fn when the reader fails (the session feeding it is then stopped). */
  onFailure(fn: () => void): () => void {
    this.failureListeners.add(fn);
    return () => this.failureListeners.delete(fn);
  }

  private fail(err: Error): void {
    if (this.failure || this.finished) return;
    this.failure = err;
    this.extract.destroy();
    for (const fn of this.failureListeners) fn();
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters) w();
  }

  private prune(): void {
    while (this.kept.length > 0 && this.kept[0]!.start + this.kept[0]!.buf.length <= this.floor) this.kept.shift();
  }

  /** The 512 bytes at offset, when all have arrived. */
  private block(at: number): Buffer | undefined {
    if (at + BLOCK > this.total) return undefined;
    const parts: Buffer[] = [];
    let need = BLOCK;
    let pos = at;
    for (const k of this.kept) {
      const end = k.start + k.buf.length;
      if (end <= pos) continue;
      const s = pos - k.start;
      const piece = k.buf.subarray(s, s + need);
      parts.push(piece);
      need -= piece.length;
      pos += piece.length;
      if (need === 0) break;
    }
    return need === 0 ? Buffer.concat(parts) : undefined;
  }

  /** Between entries: zero blocks where the header is due, as Go's readHeader reads them. */
  private scan(): void {
    while (this.headerAt !== undefined && !this.finished && !this.failure) {
      const b = this.block(this.headerAt);
      if (!b) return;
      if (!b.every((x) => x === 0)) {
        if (this.zeros > 0) return this.fail(new KtlError('archive/tar: invalid tar header'));
        // a header: tar-stream reads it; the next position is known at its entry
        this.headerAt = undefined;
        return;
      }
      this.zeros++;
      this.headerAt += BLOCK;
      this.floor = this.headerAt;
      if (this.zeros === 2) {
        this.finished = true;
        this.kept = [];
        this.extract.destroy();
        this.wake();
        return;
      }
    }
  }

  /** A writable for one session's stdout; it does not end the archive when the session ends. */
  sink(): Writable {
    return new Writable({
      highWaterMark: FILE_CHUNK,
      write: (chunk: Buffer, _enc, cb) => {
        this.total += chunk.length;
        if (this.finished || this.failure) return cb();
        const start = this.total - chunk.length;
        this.kept.push({ start, buf: chunk });
        this.scan();
        this.prune();
        if (this.finished || this.failure) return cb();
        if (this.extract.write(chunk)) return cb();
        const done = () => {
          this.extract.off('drain', done);
          this.extract.off('close', done);
          cb();
        };
        this.extract.on('drain', done);
        this.extract.on('close', done);
      },
    });
  }

  /** Resolves once everything received has been handled as far as it can be. */
  async settle(): Promise<void> {
    for (;;) {
      if (this.finished || this.failure) return;
      if (!this.entryActive) return;
      // inside an entry whose data is not all here: once its handler has taken what is
      if (this.total < this.dataEnd && this.taken >= this.total) return;
      await new Promise<void>((resolve) => {
        const w = () => {
          this.waiters.delete(w);
          resolve();
        };
        this.waiters.add(w);
      });
    }
  }

  /** No more input: Go's reader meets EOF. */
  async endOfInput(): Promise<void> {
    await this.settle();
    if (this.failure) throw this.failure;
    if (this.finished) return;
    if (this.headerAt !== undefined && this.total <= this.headerAt) {
      this.extract.destroy();
      return;
    }
    if (this.entryActive && this.entry) {
      // the handler writes and closes what it has before the error is reported
      this.cut = true;
      this.entry.cut();
      await this.entry.done;
    }
    this.fail(new KtlError('unexpected EOF'));
    throw this.failure;
  }
}

function mapTarError(err: Error): Error {
  if (err instanceof KtlError) return err;
  if (/Invalid tar header|Invalid header|Header exceeds/.test(err.message)) return new KtlError('archive/tar: invalid tar header');
  if (/Unexpected end of data/.test(err.message)) return new KtlError('unexpected EOF');
  return new KtlError(err.message);
}
