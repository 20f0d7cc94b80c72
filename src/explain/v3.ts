/**
 * `kubectl explain`'s default "plaintext" rendering of a group-version's
 * OpenAPI v3 document: the same walk as kubectl's template (GVK from the
 * resource's paths, the schema carrying that GVK, the field path followed
 * through $ref/items/additionalProperties/allOf, descriptions wrapped as
 * go-wordwrap wraps them, fields sorted, cycles cut by the $ref history).
 */

type Json = unknown;
type Obj = Record<string, Json>;

/** An error kubectl prints as is (its template's `throw`), after what was already written. */
export class ExplainError extends Error {}

function isObj(v: Json): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** A schema read where the template reads fields: anything that is not an object has none. */
function schemaOf(v: Json): Obj {
  return isObj(v) ? v : {};
}

/** Go template truthiness. */
function truthy(v: Json): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function get(o: Json, k: string): Json {
  return isObj(o) ? o[k] : undefined;
}

/** additionalProperties that is a (non-empty) schema, not a boolean. */
function addl(s: Obj): Obj | undefined {
  const a = s.additionalProperties;
  return isObj(a) && truthy(a) ? a : undefined;
}

function resolveRef(ref: Json, doc: Obj): Obj | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let cur: Obj = doc;
  for (const k of ref.slice(1).split('/')) {
    if (!k) continue;
    const next = get(cur, decodeURIComponent(k).replaceAll('~1', '/').replaceAll('~0', '~'));
    if (!isObj(next)) return undefined;
    cur = next;
  }
  return cur;
}

/** resolveRef(...) or the schema itself (an empty resolution counts as none, as `or` does). */
function resolved(s: Obj, doc: Obj): Obj {
  const r = resolveRef(s.$ref, doc);
  return r && truthy(r) ? r : s;
}

/** go-wordwrap's WrapString (v1.0.1): wraps at white space, long words overflow. */
export function wrapString(s: string, lim: number): string {
  let buf = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let space = '';
  let spaceLen = 0;
  const isSpace = (c: string) => /^[\t\n\v\f\r \u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(c);
  for (const ch of s) {
    if (ch === '\n') {
      if (word.length === 0) {
        if (current + spaceLen > lim) current = 0;
        else {
          current += spaceLen;
          buf += space;
        }
        space = '';
        spaceLen = 0;
      } else {
        current += spaceLen + wordLen;
        buf += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      buf += ch;
      current = 0;
    } else if (isSpace(ch)) {
      if (space.length === 0 || word.length > 0) {
        current += spaceLen + wordLen;
        buf += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > lim && wordLen < lim) {
        buf += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (word.length === 0) {
    if (current + spaceLen <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

function indent(n: number, s: string): string {
  const pad = ' '.repeat(n);
  return pad + s.replaceAll('\n', '\n' + pad);
}

/** Go's %v for a JSON value. */
function goValue(v: Json): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') {
    if (v === 0) return '0';
    const exp = Math.floor(Math.log10(Math.abs(v)));
    if (exp < -4 || exp >= 21) {
      const [m, e] = v.toExponential().split('e');
      const n = Number(e);
      return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
    }
    return String(v);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  const o = schemaOf(v);
  return `map[${Object.keys(o).sort().map((k) => `${k}:${goValue(o[k])}`).join(' ')}]`;
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function typeGuess(s: Obj, doc: Obj): string {
  if (truthy(s.items)) return `[]${typeGuess(schemaOf(s.items), doc)}`;
  const a = addl(s);
  if (a) return `map[string]${typeGuess(a, doc)}`;
  const allOf = s.allOf;
  if (truthy(allOf) && !truthy(s.properties) && Array.isArray(allOf) && allOf.length === 1) return typeGuess(schemaOf(allOf[0]), doc);
  if (truthy(s.$ref)) {
    const ref = String(s.$ref);
    const refSchema = resolveRef(ref, doc);
    if (!refSchema || !truthy(refSchema) || !truthy(refSchema.type) || refSchema.type === 'object') {
      const name = ref.split('/').pop() ?? '';
      return name.split('.').pop() || 'Object';
    }
    return String(refSchema.type);
  }
  if (s.type === 'object') return 'Object';
  return truthy(s.type) ? String(s.type) : 'Object';
}

function extractEnum(s: Obj, long: boolean, limit: number, indentAmount = 0): string {
  const e = s.enum;
  if (!truthy(e) || !Array.isArray(e)) return '';
  let out = long ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
  for (let i = 0; i < e.length; i++) {
    if (limit > -1 && i >= limit) {
      out += ', ....';
      break;
    }
    if (i > 0 && !long) out += ', ';
    else if (long) out += '\n    ';
    out += e[i] === '' ? '""' : goValue(e[i]);
  }
  return out;
}

function description(s: Obj, doc: Obj): string {
  const r = resolved(s, doc);
  let out = '';
  if (truthy(r.description)) out += `${String(r.description)}\n`;
  if (Array.isArray(r.allOf)) for (const x of r.allOf) if (isObj(x)) out += description(x, doc);
  if (truthy(r.items) && isObj(r.items)) out += description(r.items, doc);
  const a = addl(r);
  if (a) out += description(a, doc);
  return out;
}

function fieldDetail(name: string, parent: Obj, short: boolean, level: number, doc: Obj): string {
  const ind = level * 2;
  const field = schemaOf(get(parent.properties, name));
  let out = `${indent(ind, name)}\t<${typeGuess(field, doc)}>`;
  if (Array.isArray(parent.required) && parent.required.includes(name)) out += ' -required-';
  out += extractEnum(field, false, 4, ind);
  out += '\n';
  if (!short) {
    const d = truthy(field.description) ? String(field.description) : '<no description>';
    out += `${indent(ind + 2, wrapString(d, 78 - ind))}\n\n`;
  }
  return out;
}

function fieldList(s: Obj, level: number, recursive: boolean, history: Set<string>, doc: Obj): string {
  const ref = typeof s.$ref === 'string' ? s.$ref : '';
  if (ref && history.has(ref)) return '';
  const next = new Set(history).add(ref);
  const r = resolved(s, doc);
  let out = '';
  const props = isObj(r.properties) ? r.properties : {};
  for (const k of Object.keys(props).sort()) {
    out += fieldDetail(k, r, recursive, level, doc);
    if (recursive && isObj(props[k])) out += fieldList(props[k], level + 1, recursive, next, doc);
  }
  if (Array.isArray(r.allOf)) for (const x of r.allOf) if (isObj(x)) out += fieldList(x, level, recursive, next, doc);
  if (truthy(r.items) && isObj(r.items)) out += fieldList(r.items, level, recursive, next, doc);
  const a = addl(r);
  if (a) out += fieldList(a, level, recursive, next, doc);
  return out;
}

function output(s: Obj, path: string[], recursive: boolean, history: Set<string>, doc: Obj): string {
  const ref = typeof s.$ref === 'string' ? s.$ref : '';
  const next = new Set(history).add(ref);
  const r = resolved(s, doc);
  if (path.length === 0) {
    let out = 'DESCRIPTION:\n';
    out += `${indent(4, wrapString(description(r, doc) || '<empty>', 76))}\n`;
    const fields = fieldList(r, 1, recursive, new Set(), doc);
    if (fields) out += `FIELDS:\n${fields}`;
    return out;
  }
  if (ref && history.has(ref)) return '';
  const props = r.properties;
  if (truthy(props) && truthy(get(props, path[0]!))) {
    const sub = schemaOf(get(props, path[0]!));
    let out = '';
    if (path.length === 1) out += `FIELD: ${path[0]} <${typeGuess(sub, doc)}>\n${extractEnum(sub, true, -1)}\n\n`;
    return out + output(sub, path.slice(1), recursive, new Set(), doc);
  }
  if (truthy(r.items) && isObj(r.items)) return output(r.items, path, recursive, next, doc);
  const a = addl(r);
  if (a) return output(a, path, recursive, next, doc);
  if (Array.isArray(r.allOf)) {
    for (const x of r.allOf) {
      if (!isObj(x)) continue;
      const o = output(x, path, recursive, next, doc);
      if (o) return o;
    }
  }
  return '';
}

export interface Gvr {
  group: string;
  version: string;
  resource: string;
}

/**
 * The plaintext explanation. What kubectl writes before failing (the header)
 * is handed to `emit` before an ExplainError is thrown.
 */
export function explainPlaintext(document: object, gvr: Gvr, fieldPath: string[], recursive: boolean, emit: (s: string) => void): void {
  const doc = schemaOf(document);
  const prefix = gvr.group ? `/apis/${gvr.group}` : '/api';
  const searchPaths = [
    [prefix, gvr.version, gvr.resource].join('/'),
    [prefix, gvr.version, gvr.resource, '{name}'].join('/'),
    [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource].join('/'),
    [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource, '{name}'].join('/'),
  ];
  // the template's loop: the last path that exists decides (its first method carrying a GVK, or none)
  let gvk: Json = undefined;
  for (const p of searchPaths) {
    const el = get(doc.paths, p);
    if (!truthy(el)) continue;
    for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = get(el, m);
      if (!truthy(op)) continue;
      gvk = get(op, 'x-kubernetes-group-version-kind');
      if (truthy(gvk)) break;
    }
  }
  if (!truthy(gvk) || !isObj(gvk)) {
    throw new ExplainError(`error: GVR (${gvr.group}/${gvr.version}, Resource=${gvr.resource}) not found in OpenAPI schema`);
  }
  let head = '';
  if (truthy(gvk.group)) head += `GROUP:      ${goValue(gvk.group)}\n`;
  head += `KIND:       ${goValue(gvk.kind)}\n`;
  head += `VERSION:    ${goValue(gvk.version)}\n\n`;
  emit(head);
  const schemas = get(get(doc, 'components'), 'schemas');
  let body = '';
  if (isObj(schemas)) {
    for (const k of Object.keys(schemas).sort()) {
      const s = schemas[k];
      const gvks = get(s, 'x-kubernetes-group-version-kind');
      if (!Array.isArray(gvks) || !gvks.some((g) => deepEqual(g, gvk))) continue;
      body = output(schemaOf(s), fieldPath, recursive, new Set(), doc);
      if (!body) throw new ExplainError(`error: field "${fieldPath[fieldPath.length - 1]}" does not exist`);
      break;
    }
  }
  if (!body) throw new ExplainError(`error: GVK ${goValue(gvk)} not found in OpenAPI schema`);
  emit(body + '\n');
}
