/**
 * Reading -f manifests (files, directories, -, URLs) into objects, for the
 * write commands. Stands in until src/resource offers readManifests; the
 * shape ({object, source, docIndex}) is the one agreed for it.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import { ExitError, KtlError } from '../errors.js';
import type { JsonMap } from '../apply/strategic-merge.js';

export interface Manifest {
  object: JsonMap;
  /** the file name as given (kubectl's "source"), "STDIN" for - */
  source: string;
  docIndex: number;
}

const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

async function readStdin(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of ctx.io.in) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function expand(ctx: Context, name: string, recursive: boolean, top: boolean): Promise<Array<{ source: string; text: () => Promise<string> }>> {
  if (name === '-') return [{ source: 'STDIN', text: () => readStdin(ctx) }];
  if (/^https?:\/\//.test(name)) {
    return [
      {
        source: name,
        text: async () => {
          const res = await fetch(name);
          if (!res.ok) throw new KtlError(`unable to read URL "${name}", server reported ${res.status} ${res.statusText}, status code=${res.status}`);
          return res.text();
        },
      },
    ];
  }
  const full = path.resolve(ctx.cwd, name);
  const st = await stat(full).catch(() => undefined);
  if (!st) throw new KtlError(`the path "${name}" does not exist`);
  if (!st.isDirectory()) return [{ source: name, text: () => readFile(full, 'utf8') }];
  if (!top && !recursive) return [];
  const entries = (await readdir(full, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: Array<{ source: string; text: () => Promise<string> }> = [];
  for (const e of entries) {
    const child = path.join(name, e.name);
    if (e.isDirectory()) {
      if (recursive) out.push(...(await expand(ctx, child, recursive, false)));
    } else if (EXTENSIONS.has(path.extname(e.name))) out.push(...(await expand(ctx, child, recursive, false)));
  }
  return out;
}

/** Splits a YAML stream into documents and parses each (JSON is YAML). */
async function parseDocuments(text: string, source: string): Promise<JsonMap[]> {
  const yaml = (await import('js-yaml')).default;
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA });
  } catch (err) {
    const e = err as { mark?: { line: number }; reason?: string; message: string };
    const line = e.mark ? e.mark.line + 1 : 0;
    throw new KtlError(`error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${e.reason ?? e.message}`);
  }
  const out: JsonMap[] = [];
  for (const d of docs) {
    if (d === null || d === undefined) continue;
    if (typeof d !== 'object' || Array.isArray(d)) throw new KtlError(`error parsing ${source}: error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}`);
    const obj = d as JsonMap;
    if (Object.keys(obj).length === 0) continue;
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      for (const item of obj.items) out.push(item as JsonMap);
    } else out.push(obj);
  }
  return out;
}

/** All objects in -f arguments, in order. Any unreadable or unparsable input fails the whole read. */
export async function readManifests(ctx: Context, o: { filenames: string[]; recursive: boolean }): Promise<Manifest[]> {
  const sources = (await Promise.all(o.filenames.map((f) => expand(ctx, f, o.recursive, true)))).flat();
  const texts = await Promise.all(sources.map((s) => s.text()));
  const errors: string[] = [];
  const out: Manifest[] = [];
  for (let i = 0; i < sources.length; i++) {
    try {
      const docs = await parseDocuments(texts[i]!, sources[i]!.source);
      docs.forEach((object, docIndex) => out.push({ object, source: sources[i]!.source, docIndex }));
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  if (errors.length === 1) throw new KtlError(errors[0]!);
  if (errors.length > 1) throw new PreformattedError(errors.join('\n'));
  return out;
}

/**
 * An error whose full text (possibly several lines, kubectl's way of listing
 * the failures of a multi-object command) is already composed; cli.ts prints it.
 */
export class PreformattedError extends ExitError {
  constructor(text: string) {
    super(1, false);
    this.message = text;
  }
}
