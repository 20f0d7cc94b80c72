/** RFC 6902 JSON patch applied locally (patch --type json with --local or --dry-run=client). */
import { KtlError } from '../errors.js';
import { deepEqual, type Json } from '../apply/strategic-merge.js';
import { goJsonKind as goKind, isJsonMap } from '../codec/value.js';

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new KtlError(`invalid JSON pointer: ${path}`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container of the pointer's last part; json-patch v5's "<op> operation does not apply" when a step is missing. */
function parentOf(doc: Json, parts: string[], op: 'add' | 'remove', path: string): { parent: Json; key: string } {
  let cur: Json | undefined = doc;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (cur && typeof cur === 'object') cur = cur[p];
    else cur = undefined;
    if (cur === undefined) throw new KtlError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, key: parts[parts.length - 1]! };
}

function get(doc: Json, path: string): Json {
  let cur: Json | undefined = doc;
  for (const p of pointer(path)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : cur && typeof cur === 'object' ? cur[p] : undefined;
    if (cur === undefined) throw new KtlError(`doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function remove(doc: Json, path: string): Json {
  const { parent, key } = parentOf(doc, pointer(path), 'remove', path);
  // json-patch v5 (kubectl's) wraps what went wrong at the last step with the operation and path
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!(i >= 0 && i < parent.length)) throw new KtlError(`error in remove for path: '${path}': Unable to access invalid index: ${key}: invalid index referenced`);
    return parent.splice(i, 1)[0]!;
  }
  if (!isJsonMap(parent) || !(key in parent)) throw new KtlError(`error in remove for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`);
  const v = parent[key] ?? null;
  delete parent[key];
  return v;
}

function add(doc: Json, path: string, value: Json, replace: boolean): Json {
  const parts = pointer(path);
  if (parts.length === 0) return value;
  const { parent, key } = parentOf(doc, parts, 'add', path);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!(i >= 0 && i <= parent.length)) throw new KtlError(`add operation does not apply: doc is missing path: "${path}": missing value`);
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else if (parent && typeof parent === 'object') {
    if (replace && !(key in parent)) throw new KtlError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    parent[key] = value;
  } else throw new KtlError(`add operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
}

export function applyJsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new KtlError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = structuredClone(doc);
  for (const raw of ops) {
    // json-patch's Operation.Kind(): "unknown" when op is missing or not a string
    const op = isJsonMap(raw) && typeof raw.op === 'string' ? raw.op : 'unknown';
    if (!isJsonMap(raw) || !['add', 'replace', 'remove', 'move', 'copy', 'test'].includes(op)) throw new KtlError(`Unexpected kind: ${op}`);
    // a missing or non-string from/path fails to decode, in json-patch's words
    if (op === 'move' || op === 'copy') {
      if (raw.from === undefined) throw new KtlError(`${op} operation failed to decode from: operation, missing from field: missing value`);
      if (typeof raw.from !== 'string') throw new KtlError(`${op} operation failed to decode from: json: cannot unmarshal ${goKind(raw.from)} into Go value of type string`);
    }
    if (raw.path === undefined) throw new KtlError(`${op} operation failed to decode path: missing value`);
    if (typeof raw.path !== 'string') throw new KtlError(`${op} operation failed to decode path: json: cannot unmarshal ${goKind(raw.path)} into Go value of type string`);
    const path = raw.path;
    const from = typeof raw.from === 'string' ? raw.from : '';
    const value: Json = raw.value ?? null;
    switch (op) {
      case 'add':
        out = add(out, path, structuredClone(value), false);
        break;
      case 'replace':
        out = add(out, path, structuredClone(value), true);
        break;
      case 'remove':
        remove(out, path);
        break;
      case 'move': {
        const v = remove(out, from);
        out = add(out, path, v, false);
        break;
      }
      case 'copy':
        out = add(out, path, structuredClone(get(out, from)), false);
        break;
      case 'test':
        if (!deepEqual(get(out, path), value)) throw new KtlError(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new KtlError(`Unexpected kind: ${op}`);
    }
  }
  return out;
}
