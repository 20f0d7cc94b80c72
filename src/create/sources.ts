/**
 * The data of `create configmap|secret generic`: --from-literal, --from-file
 * (file, key=file, directory) and --from-env-file, with kubectl's checks.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { KtlError, messageOf, errnoCode } from '../errors.js';
import { ENV_NAME } from '../set/env.js';
import { goQuote } from '../printers/go-format.js';

export interface DataSources {
  literals: string[];
  files: string[];
  envFiles: string[];
}

export interface SourceData {
  /** key -> bytes, in the order added */
  entries: Array<[string, Buffer]>;
}

const KEY = /^[-._a-zA-Z0-9]+$/;
const KEY_RULE =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const ENV_RULE =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/** The "." / ".." / "..x" rule that config keys and env names share. */
function chdirProblems(key: string): string[] {
  if (key === '.') return ["must not be '.'"];
  if (key === '..') return ["must not be '..'"];
  return key.startsWith('..') ? ["must not start with '..'"] : [];
}

/** validation.IsConfigMapKey: every problem with a ConfigMap or Secret key (none when valid). */
export function configKeyProblems(key: string): string[] {
  const out: string[] = [];
  // Go's len: bytes
  if (Buffer.byteLength(key) > 253) out.push('must be no more than 253 characters');
  if (!KEY.test(key)) out.push(KEY_RULE);
  return [...out, ...chdirProblems(key)];
}

/** validation.IsEnvVarName, for the keys of --from-env-file. */
function envNameProblems(key: string): string[] {
  return [...(ENV_NAME.test(key) ? [] : [ENV_RULE]), ...chdirProblems(key)];
}

/** How kubectl words a bad key: configmap and secret each have their own sentence. */
export const KEY_ERRORS = {
  configmap: (key: string, problems: string[]) => `${goQuote(key)} is not a valid key name for a ConfigMap: ${problems.join(',')}`,
  secret: (key: string, problems: string[]) => `${goQuote(key)} is not valid key name for a Secret ${problems.join(';')}`,
};

function fsMessage(err: unknown): string {
  const code = errnoCode(err);
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return messageOf(err);
}

/**
 * Collects key/value bytes; `onDuplicate` builds the error for a key given
 * twice (its wording differs between configmap and secret).
 */
export async function readSources(
  s: DataSources,
  o: {
    cwd: string;
    env: Readonly<Record<string, string | undefined>>;
    /** the error for a key already added (with the value it has) */
    onDuplicate: (key: string, existing: Buffer) => string;
    /** the error for a key that is not a valid config key */
    onInvalidKey: (key: string, problems: string[]) => string;
  },
): Promise<Map<string, Buffer>> {
  if (s.envFiles.length && (s.files.length || s.literals.length)) {
    throw new KtlError('from-env-file cannot be combined with from-file or from-literal');
  }
  const out = new Map<string, Buffer>();
  const add = (key: string, value: Buffer) => {
    const problems = configKeyProblems(key);
    if (problems.length > 0) throw new KtlError(o.onInvalidKey(key, problems));
    const existing = out.get(key);
    if (existing) throw new KtlError(o.onDuplicate(key, existing));
    out.set(key, value);
  };
  for (const file of s.files) {
    const eq = file.indexOf('=');
    const key = eq >= 0 ? file.slice(0, eq) : '';
    const p = eq >= 0 ? file.slice(eq + 1) : file;
    if (eq >= 0 && (key === '' || p === '')) throw new KtlError(`key names or file paths cannot be empty or start with '=': ${file}`);
    const abs = path.resolve(o.cwd, p);
    let st;
    try {
      st = await stat(abs);
    } catch (err) {
      throw new KtlError(`error reading ${p}: ${fsMessage(err)}`);
    }
    if (st.isDirectory()) {
      if (key) throw new KtlError('cannot give a key name for a directory path');
      const entries = (await readdir(abs, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
      // every regular file, its name the key (a name that is no valid key is an error)
      for (const e of entries) {
        if (!e.isFile()) continue;
        add(e.name, await readFile(path.join(abs, e.name)));
      }
      continue;
    }
    add(key || path.basename(p), await readFile(abs));
  }
  for (const lit of s.literals) {
    const eq = lit.indexOf('=');
    if (eq <= 0) throw new KtlError(`invalid literal source ${lit}, expected key=value`);
    add(lit.slice(0, eq), Buffer.from(lit.slice(eq + 1)));
  }
  for (const file of s.envFiles) {
    let text: Buffer;
    try {
      text = await readFile(path.resolve(o.cwd, file));
    } catch (err) {
      throw new KtlError(`error reading ${file}: ${fsMessage(err)}`);
    }
    const lines = splitLines(text);
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i]!;
      if (!isUtf8(line)) throw new KtlError(`env file ${file} contains invalid utf8 bytes at line ${i + 1}: [${[...line].join(' ')}]`);
      let str = line.toString('utf8');
      if (i === 0) str = str.replace(/^\uFEFF/, '');
      str = str.replace(/^\s+/, '');
      if (str === '' || str.startsWith('#')) continue;
      const eq = str.indexOf('=');
      const key = eq >= 0 ? str.slice(0, eq) : str;
      const problems = envNameProblems(key);
      if (problems.length > 0) throw new KtlError(`${goQuote(key)} is not a valid key name: ${problems.join(';')}`);
      const value = eq >= 0 ? str.slice(eq + 1) : (o.env[key] ?? '');
      line = Buffer.from(value);
      add(key, line);
    }
  }
  return out;
}

function splitLines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x0a) {
      out.push(b.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < b.length) out.push(b.subarray(start));
  return out.map((l) => (l.length && l[l.length - 1] === 0x0d ? l.subarray(0, l.length - 1) : l));
}

export function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}
