/**
 * `vars` (deprecated in kustomize, still honoured): $(NAME) in the fields of
 * kustomize's varReference list is replaced by a field of a named object.
 */
import { KtlError } from '../errors.js';
import { getAt, setAt, spec, walkSpec } from './field-path.js';
import { VAR_REFERENCES } from './reference-specs.js';
import { splitDotted } from './replacements.js';
import { isMap, parseApiVersion, type Json, type JsonMap, type Resource } from './resource.js';

export interface Var {
  name: string;
  kind: string;
  refName: string;
  apiVersion: string;
  namespace: string;
  fieldPath: string;
}

export function collectVars(vars: JsonMap[] | undefined): Var[] {
  return (vars ?? []).map((v) => {
    const ref: JsonMap = isMap(v.objref) ? v.objref : {};
    const field: JsonMap = isMap(v.fieldref) ? v.fieldref : {};
    return {
      name: String(v.name ?? ''),
      kind: String(ref.kind ?? ''),
      refName: String(ref.name ?? ''),
      apiVersion: String(ref.apiVersion ?? ''),
      namespace: String(ref.namespace ?? ''),
      fieldPath: String(field.fieldPath ?? 'metadata.name'),
    };
  });
}

function valueAt(obj: JsonMap, path: string): Json | undefined {
  let cur: Json | undefined = obj;
  for (const part of splitDotted(path)) {
    const m = /^\[(.+?)=(.*)\]$/.exec(part);
    if (Array.isArray(cur)) cur = m ? cur.find((e) => isMap(e) && String(e[m[1]!]) === m[2]) : cur[Number(part)];
    else if (isMap(cur)) cur = cur[part];
    else return undefined;
  }
  return cur;
}

/** Expands $(VAR) references; returns the names of the vars no reference used (sorted, as kustomize logs them). */
export function resolveVars(resources: Resource[], vars: Var[]): string[] {
  if (!vars.length) return [];
  const values = new Map<string, string>();
  const seen = new Set<string>();
  for (const v of vars) {
    if (seen.has(v.name)) throw new KtlError(`var '${v.name}' already encountered`);
    seen.add(v.name);
    const gv = v.apiVersion ? parseApiVersion(v.apiVersion) : undefined;
    const matches = resources.filter((r) =>
      [r.curId(), ...r.prevIds()].some(
        (id) => id.kind === v.kind && id.name === v.refName && (!gv || (gv.group === id.group && gv.version === id.version)) && (!v.namespace || r.namespace === v.namespace),
      ),
    );
    if (matches.length !== 1) {
      throw new KtlError(`var '${v.name}' cannot be mapped to a field in the set of known resources`);
    }
    const val = valueAt(matches[0]!.obj, v.fieldPath);
    if (val === undefined || (typeof val === 'object' && val !== null)) {
      throw new KtlError(`field specified in var '${v.name}' not found in corresponding resource`);
    }
    values.set(v.name, val === null ? '' : String(val));
  }
  const used = new Set<string>();
  const expand = (s: string) =>
    s.replace(/\$\(([^)]+)\)/g, (all, name: string) => {
      const v = values.get(name);
      if (v === undefined) return all;
      used.add(name);
      return v;
    });
  for (const fs of VAR_REFERENCES.map(spec)) {
    for (const r of resources) {
      walkSpec(r.obj, fs, undefined, (h, key) => {
        const v = getAt(h, key);
        if (typeof v === 'string') setAt(h, key, expand(v));
        else if (Array.isArray(v)) v.forEach((e, i) => typeof e === 'string' && (v[i] = expand(e)));
        else if (isMap(v)) for (const [k, e] of Object.entries(v)) if (typeof e === 'string') v[k] = expand(e);
      });
    }
  }
  return [...values.keys()].filter((n) => !used.has(n)).sort();
}
