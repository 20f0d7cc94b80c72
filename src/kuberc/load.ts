/**
 * Reading kubectl 1.33's preferences file (kubectl.config.k8s.io/v1alpha1
 * Preference): the first YAML document of that kind wins; unknown fields
 * are a "strict decoding error" (reported for an explicit file, then
 * ignored); a document of the wrong type or kind is skipped.
 */
import { readFile } from 'node:fs/promises';
import { InputTooLargeError, readFileCapped } from '../read-capped.js';
import { checkAliasing } from '../codec/aliases.js';
import { depthLimited } from '../codec/depth.js';
import { messageOf, errnoCode } from '../errors.js';

export interface PreferenceFlag {
  name: string;
  default: string;
}

export interface AliasOverride {
  name: string;
  command: string;
  prependArgs: string[];
  appendArgs: string[];
  flags: PreferenceFlag[];
}

export interface CommandOverride {
  command: string;
  flags: PreferenceFlag[];
}

export interface Preference {
  aliases: AliasOverride[];
  overrides: CommandOverride[];
}

export const KUBERC_API_VERSION = 'kubectl.config.k8s.io/v1alpha1';

/** A document that does not decode into a Preference (skipped, as kubectl's lenient decoder fails on it). */
class NotAPreference extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's json decoding into a string field: null leaves it empty, anything but a string fails. */
function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new NotAPreference();
  return v;
}

function list<T>(v: unknown, item: (x: unknown, path: string) => T, path: string): T[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new NotAPreference();
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

/** Checks an object's fields against the known ones, collecting unknown field paths. */
function fields(v: unknown, known: string[], path: string, unknown: string[]): Obj {
  if (v === null) return {};
  if (!isObj(v)) throw new NotAPreference();
  for (const k of Object.keys(v)) if (!known.includes(k)) unknown.push(`unknown field "${path ? `${path}.` : ''}${k}"`);
  return v;
}

function decode(doc: Obj, unknown: string[]): Preference {
  const flag = (x: unknown, path: string): PreferenceFlag => {
    const f = fields(x, ['name', 'default'], path, unknown);
    return { name: str(f.name), default: str(f.default) };
  };
  const top = fields(doc, ['apiVersion', 'kind', 'aliases', 'overrides'], '', unknown);
  return {
    aliases: list(
      top.aliases,
      (x, path) => {
        const a = fields(x, ['name', 'command', 'prependArgs', 'appendArgs', 'flags'], path, unknown);
        return {
          name: str(a.name),
          command: str(a.command),
          prependArgs: list(a.prependArgs, str, ''),
          appendArgs: list(a.appendArgs, str, ''),
          flags: list(a.flags, flag, `${path}.flags`),
        };
      },
      'aliases',
    ),
    overrides: list(
      top.overrides,
      (x, path) => {
        const o = fields(x, ['command', 'flags'], path, unknown);
        return { command: str(o.command), flags: list(o.flags, flag, `${path}.flags`) };
      },
      'overrides',
    ),
  };
}

/** YAML documents as Kubernetes' YAML reader splits them ("---" lines). */
function documents(text: string): string[] {
  const docs: string[] = [];
  let cur: string[] = [];
  for (const line of text.split('\n')) {
    if (/^---\s*(#.*)?$/.test(line)) {
      docs.push(cur.join('\n'));
      cur = [];
    } else cur.push(line);
  }
  docs.push(cur.join('\n'));
  return docs.filter((d) => d.trim() !== '');
}

export interface Decoded {
  preference?: Preference;
  /** kubectl's strict decoding error text, when the accepted document had unknown fields */
  strictError?: string;
}

/** Decodes a kuberc file's text; throws kubectl's error when no document is a Preference. */
export async function decodePreference(text: string, file: string): Promise<Decoded> {
  const docs = documents(text);
  if (docs.length === 0) return {};
  const yaml = (await import('js-yaml')).default;
  for (const d of docs) {
    const unknown: string[] = [];
    let pref: Preference;
    try {
      const doc = yaml.load(d, depthLimited({ json: true }));
      checkAliasing(doc);
      if (!isObj(doc) || doc.apiVersion !== KUBERC_API_VERSION || doc.kind !== 'Preference') continue;
      pref = decode(doc, unknown);
    } catch {
      continue;
    }
    return { preference: pref, strictError: unknown.length ? `strict decoding error: ${unknown.sort().join(', ')}` : undefined };
  }
  throw new Error(`no valid preferences found in ${file}, use --v=5 to see details`);
}

/** Go's text for a failed os.ReadFile. */
function readError(file: string, err: unknown): string {
  if (err instanceof InputTooLargeError) return err.message;
  const code = errnoCode(err);
  const why: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', EISDIR: 'is a directory' };
  if (code === 'EISDIR') return `read ${file}: is a directory`;
  return `open ${file}: ${why[code ?? ''] ?? messageOf(err)}`;
}

export interface LoadResult {
  preference?: Preference;
  /** printed to stderr as is (kubectl prints these without a newline) */
  notices: string[];
}

/**
 * kubectl's DefaultGetPreferences: an explicit file must load (a strict
 * error is reported and ignored); the default file may be missing, and a
 * broken default file is reported and skipped.
 */
export async function loadPreference(file: string, explicit: boolean): Promise<LoadResult> {
  let text: string;
  try {
    text = (await readFileCapped(file)).toString('utf8');
  } catch (err) {
    const msg = readError(file, err);
    if (explicit) throw new KubercError(`kuberc error kuberc: ${msg}`);
    if (errnoCode(err) === 'ENOENT') return { notices: [] };
    return { notices: [`kuberc: no preferences loaded from ${file}: ${msg}`] };
  }
  try {
    const { preference, strictError } = await decodePreference(text, file);
    if (!strictError) return { preference, notices: [] };
    // kubectl keeps an explicit file with unknown fields, and drops the default one
    if (explicit) return { preference, notices: [`kuberc: ignoring strict decoding error in ${file}: ${strictError}`] };
    return { notices: [`kuberc: no preferences loaded from ${file}: ${strictError}`] };
  } catch (err) {
    if (explicit) throw new KubercError(`kuberc error kuberc: ${messageOf(err)}`);
    return { notices: [`kuberc: no preferences loaded from ${file}: ${messageOf(err)}`] };
  }
}

/** Printed as "error occurred while applying preferences <message>", exit 1. */
export class KubercError extends Error {}
