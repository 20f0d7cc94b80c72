/**
 * `replacements`: copy a value from one object's field into fields of other
 * objects (dotted field paths with [key=value] list selectors and * wildcards,
 * delimiter/index options, create).
 */
import yaml from 'js-yaml';
import { KtlError } from '../errors.js';
import { matchesSelector, parseSelector } from '../mutate/selector.js';
import type { Loader } from './loader.js';
import { gvkSelected, idString, isMap, sameNamespace, type Json, type JsonMap, type ResId, type Resource } from './resource.js';
import { parseObjects } from './yaml-io.js';
import { getAt, setAt, type Holder } from './field-path.js';
import { depthLimited } from '../codec/depth.js';

type Sel = Partial<ResId> & { labelSelector?: string; annotationSelector?: string };

/** Splits on "." outside [...] (kustomize's smarter path splitter). */
export function splitDotted(p: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of p) {
    if (c === '[') depth++;
    else if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const idsOf = (r: Resource) => [r.curId(), ...r.prevIds()];

function selectedBy(id: ResId, s: Sel): boolean {
  return (!s.name || s.name === id.name) && (!s.namespace || sameNamespace(id, { ...id, namespace: s.namespace })) && gvkSelected(id, s);
}

function selString(s: Sel): string {
  return idString({ group: s.group ?? '', version: s.version ?? '', kind: s.kind ?? '', name: s.name ?? '', namespace: s.namespace ?? '' });
}

interface Found {
  holder: Holder;
  key: string | number;
}

/** A path part that names no element kyaml can create (an index past the end). */
class IndexError extends Error {}

/** What a created path holds before its next part: a list for an index or an [a=b] match, else a map. */
const newContainer = (nextPart: string | undefined): Json => (nextPart !== undefined && (/^\[.*=.*\]$/.test(nextPart) || /^\d+$/.test(nextPart)) ? [] : {});

/** The places a path leads to; with create, missing map fields are made (the last of kind `create`). */
function lookup(obj: JsonMap, parts: string[], create?: 'map' | 'list' | 'scalar'): Found[] {
  let cur: Found[] = [{ holder: { root: obj }, key: 'root' }];
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const next: Found[] = [];
    for (const f of cur) {
      const node = getAt(f.holder, f.key);
      const m = /^\[(.+?)=(.*)\]$/.exec(part);
      if (Array.isArray(node)) {
        if (m) node.forEach((e, j) => isMap(e) && String(e[m[1]!]) === m[2] && next.push({ holder: node, key: j }));
        else if (part === '*') node.forEach((_, j) => next.push({ holder: node, key: j }));
        else if (/^\d+$/.test(part)) {
          const idx = Number(part);
          if (idx < node.length) next.push({ holder: node, key: idx });
          else if (create && idx === node.length) {
            // kyaml appends the element a created path goes through
            node.push(last ? (create === 'map' ? {} : create === 'list' ? [] : '') : newContainer(parts[i + 1]));
            next.push({ holder: node, key: idx });
          } else if (create) throw new IndexError(`index ${idx} specified but only ${node.length} elements found`);
        }
        continue;
      }
      if (!isMap(node)) continue;
      if (part === '*') {
        for (const k of Object.keys(node)) next.push({ holder: node, key: k });
        continue;
      }
      if (!(part in node) || node[part] === null) {
        if (!create) continue;
        const nextPart = parts[i + 1];
        node[part] = last ? (create === 'map' ? {} : create === 'list' ? [] : '') : newContainer(nextPart);
        if (!last && Array.isArray(node[part]) && nextPart) {
          const mm = /^\[(.+?)=(.*)\]$/.exec(nextPart);
          if (mm) node[part].push({ [mm[1]!]: mm[2]! });
        }
      }
      next.push({ holder: node, key: part });
    }
    cur = next;
  });
  return cur;
}

const scalarText = (v: Json): string => (typeof v === 'string' ? v : v === null ? '' : String(v));

function resolvePlain(s: string): Json {
  try {
    const v = yaml.load(s, depthLimited({ schema: yaml.CORE_SCHEMA }));
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : s;
  } catch {
    return s;
  }
}

interface Options {
  delimiter?: string;
  index?: number;
  create?: boolean;
}

/** A scalar field as the string kustomize's struct field reads (numbers and booleans as written); undefined otherwise. */
function textField(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** A selector (source, select, reject) read from its map; undefined when it is not a map. */
function selOf(v: Json | undefined): Sel | undefined {
  if (!isMap(v)) return undefined;
  const sel: Sel = {};
  for (const k of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
    const t = textField(v[k]);
    if (t !== undefined) sel[k] = t;
  }
  return sel;
}

/** A source's or target's options; fields of another type read as absent. */
function optionsOf(v: Json | undefined): Options {
  const o: Options = {};
  if (!isMap(v)) return o;
  if (typeof v.delimiter === 'string') o.delimiter = v.delimiter;
  if (typeof v.index === 'number') o.index = v.index;
  if (typeof v.create === 'boolean') o.create = v.create;
  return o;
}

function matchesAnnoLabel(r: Resource, s: Sel): boolean {
  if (s.labelSelector && !matchesSelector(parseSelector(s.labelSelector), r.stringMap('labels'))) return false;
  if (s.annotationSelector && !matchesSelector(parseSelector(s.annotationSelector), r.stringMap('annotations'))) return false;
  return true;
}

function applyOne(resources: Resource[], rep: JsonMap): void {
  const source = rep.source;
  const targets = rep.targets;
  const sel = selOf(source);
  if (!isMap(source) || !sel || !Array.isArray(targets) || targets.length === 0) throw new KtlError('replacements must specify a source and at least one target');
  const matches = resources.filter((r) => idsOf(r).some((id) => selectedBy(id, sel)));
  if (matches.length > 1) throw new KtlError(`multiple matches for selector ${selString(sel)}`);
  if (matches.length === 0) throw new KtlError(`nothing selected by ${selString(sel)}`);
  const fieldPath = typeof source.fieldPath === 'string' && source.fieldPath ? source.fieldPath : 'metadata.name';
  const found = lookup(matches[0]!.obj, splitDotted(fieldPath));
  let value: Json | undefined = found.length ? getAt(found[0]!.holder, found[0]!.key) : undefined;
  if (value === undefined || value === null || value === '' || (isMap(value) && !Object.keys(value).length)) {
    throw new KtlError(`fieldPath \`${fieldPath}\` is missing for replacement source ${selString(sel)}`);
  }
  const sopts = optionsOf(source.options);
  if (sopts.delimiter) {
    if (typeof value === 'object') throw new KtlError('delimiter option can only be used with scalar nodes');
    const parts = scalarText(value).split(sopts.delimiter);
    const i = sopts.index ?? 0;
    if (i >= parts.length || i < 0) throw new KtlError(`options.index ${i} is out of bounds for value ${scalarText(value)}`);
    value = typeof value === 'string' ? parts[i]! : resolvePlain(parts[i]!);
  }
  for (const t of targets) {
    const target = isMap(t) ? t : {};
    const select = selOf(target.select);
    if (!select) throw new KtlError('target must specify resources to select');
    const rejects = (Array.isArray(target.reject) ? target.reject : []).flatMap((rj) => selOf(rj) ?? []);
    const fieldPaths = Array.isArray(target.fieldPaths) ? target.fieldPaths.filter((p): p is string => typeof p === 'string') : [];
    const paths = fieldPaths.length ? fieldPaths : ['metadata.name'];
    const topts = optionsOf(target.options);
    for (const r of resources) {
      if (!matchesAnnoLabel(r, select)) continue;
      if (rejects.some((rj) => (rj.labelSelector || rj.annotationSelector) && matchesAnnoLabel(r, rj))) continue;
      const ids = idsOf(r);
      if (!ids.some((id) => selectedBy(id, select))) continue;
      if (rejects.some((rj) => (rj.kind || rj.name || rj.namespace || rj.group || rj.version) && ids.some((id) => selectedBy(id, rj)))) continue;
      for (const fp of paths) {
        const kind = isMap(value) ? 'map' : Array.isArray(value) ? 'list' : 'scalar';
        let places: Found[];
        try {
          places = lookup(r.obj, splitDotted(fp), topts.create ? kind : undefined);
        } catch (e) {
          if (e instanceof IndexError) throw new KtlError(`unable to find or create field "${fp}" in replacement target: ${e.message}`);
          throw e;
        }
        if (places.length === 0) {
          throw new KtlError(topts.create ? `unable to find or create field "${fp}" in replacement target` : `unable to find field "${fp}" in replacement target`);
        }
        for (const pl of places) setValue(pl, value, topts);
      }
    }
  }
}

function setValue(pl: Found, value: Json, o: Options): void {
  const cur = getAt(pl.holder, pl.key);
  let v = structuredClone(value);
  if (o.delimiter) {
    if (typeof cur === 'object' && cur !== null) throw new KtlError('delimiter option can only be used with scalar nodes');
    const tv = scalarText(cur ?? '').split(o.delimiter);
    const s = scalarText(value);
    const i = o.index ?? 0;
    if (i < 0) tv.unshift(s);
    else if (i >= tv.length) tv.push(s);
    else tv[i] = s;
    v = tv.join(o.delimiter);
  }
  const isScalar = (x: Json | undefined) => x === null || (typeof x !== 'object' && x !== undefined);
  if (isScalar(cur) && cur !== '' && cur !== null && isScalar(v)) {
    // a scalar target keeps its type; only its text changes
    setAt(pl.holder, pl.key, typeof cur === 'string' ? scalarText(v) : resolvePlain(scalarText(v)));
  } else if (cur === '' && isScalar(v)) {
    setAt(pl.holder, pl.key, typeof v === 'string' && typeof value !== 'string' ? resolvePlain(v) : v);
  } else setAt(pl.holder, pl.key, v);
}

export function applyReplacements(ldr: Loader, resources: Resource[], reps: JsonMap[]): Resource[] {
  const list: JsonMap[] = [];
  for (const r of reps) {
    if (typeof r.path === 'string') {
      for (const o of parseObjects(ldr.load(r.path).toString('utf8'), `replacements from '${r.path}'`)) list.push(o);
    } else list.push(r);
  }
  for (const rep of list) applyOne(resources, rep);
  return resources;
}
