/**
 * `kubectl explain --output=plaintext-openapiv2`: the server's OpenAPI v2
 * definitions read as kube-openapi's proto models (Kind, Array, Map,
 * Primitive, Reference, Arbitrary) and printed by kubectl's older explain
 * printer (its own 80-column wrapping, 3/5-space indents, RESOURCE/FIELD
 * headers, descriptions of every hop).
 */
import { KtlError } from '../errors.js';

type Obj = Record<string, unknown>;

type Model =
  | { t: 'kind'; description: string; fields: Record<string, Model>; required: string[] }
  | { t: 'array'; description: string; sub: Model }
  | { t: 'map'; description: string; sub: Model }
  | { t: 'primitive'; description: string; type: string }
  | { t: 'arbitrary'; description: string }
  | { t: 'ref'; description: string; ref: string; sub: () => Model };

function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export class V2Models {
  private readonly cache = new Map<string, Model>();
  constructor(private readonly definitions: Obj) {}

  definition(name: string): Model {
    let m = this.cache.get(name);
    if (!m) {
      m = this.parse(isObj(this.definitions[name]) ? this.definitions[name] : {});
      this.cache.set(name, m);
    }
    return m;
  }

  parse(s: Obj): Model {
    const description = typeof s.description === 'string' ? s.description : '';
    if (typeof s.$ref === 'string' && s.$ref) {
      const ref = s.$ref;
      const name = ref.replace(/^#\/definitions\//, '');
      return { t: 'ref', description, ref, sub: () => this.definition(name) };
    }
    const types = Array.isArray(s.type) ? s.type : typeof s.type === 'string' ? [s.type] : [];
    if (types.length === 0) {
      return s.properties !== undefined ? this.kind(s, description) : { t: 'arbitrary', description };
    }
    if (types.length > 1) throw new KtlError('definitions with multiple types aren\'t supported');
    const t = types[0]!;
    if (t === 'object') {
      if (s.properties !== undefined) return this.kind(s, description);
      const ap = s.additionalProperties;
      const sub: Model = isObj(ap) ? this.parse(ap) : { t: 'arbitrary', description };
      return { t: 'map', description, sub };
    }
    if (t === 'array') {
      const items = Array.isArray(s.items) ? s.items[0] : s.items;
      return { t: 'array', description, sub: isObj(items) ? this.parse(items) : { t: 'arbitrary', description: '' } };
    }
    return { t: 'primitive', description, type: t };
  }

  private kind(s: Obj, description: string): Model {
    const fields: Record<string, Model> = {};
    const props = isObj(s.properties) ? s.properties : {};
    for (const [k, v] of Object.entries(props)) fields[k] = this.parse(isObj(v) ? v : {});
    return { t: 'kind', description, fields, required: Array.isArray(s.required) ? s.required : [] };
  }

  /** The definition carrying x-kubernetes-group-version-kind = gvk. */
  lookupResource(group: string, version: string, kind: string): Model | undefined {
    for (const [name, d] of Object.entries(this.definitions)) {
      const gvks = isObj(d) ? d['x-kubernetes-group-version-kind'] : undefined;
      if (!Array.isArray(gvks)) continue;
      if (gvks.some((g) => isObj(g) && (g.group ?? '') === group && g.version === version && g.kind === kind)) return this.definition(name);
    }
    return undefined;
  }
}

function typeName(m: Model): string {
  switch (m.t) {
    case 'array':
      return `[]${typeName(m.sub)}`;
    case 'kind':
      return 'Object';
    case 'map':
      return `map[string]${typeName(m.sub)}`;
    case 'primitive':
      return m.type;
    case 'ref':
      return typeName(m.sub());
    default:
      return '';
  }
}

/** kubectl explain's own wrapping (formatter.go): words re-flowed, indented code kept, bullets and "x:" start lines. */
export function wrapLines(str: string, wrap: number): string[] {
  const wrapped: string[] = [];
  let words: string[] = [];
  let lastWord = '';
  // Go's len(): bytes
  const lineLen = (ws: string[]) => Buffer.byteLength(ws.join(' '), 'utf8');
  const flush = () => {
    if (words.length) {
      lastWord = '';
      wrapped.push(words.join(' '));
      words = [];
    }
  };
  const add = (w: string): boolean => {
    const next = [...words, w];
    if (lineLen(next) <= wrap || words.length === 0) {
      words = next;
      return true;
    }
    return false;
  };
  const startsNew = (last: string, s: string) => {
    if (last.endsWith(':')) return true;
    if (s.startsWith('    ')) return true;
    const t = s.trim();
    if (t.length === 0) return true;
    return /^(\d+\.?|-|\*)\s/.test(t);
  };
  for (const s of str.split('\n')) {
    if (s.startsWith('    ')) {
      flush();
      wrapped.push(s);
      continue;
    }
    if (wrapped.length > 0 && s.trim().length === 0) {
      flush();
      wrapped.push('');
      continue;
    }
    if (startsNew(lastWord, s)) flush();
    for (const w of s.split(/[\t\n\v\f\r \u0085\u00a0]+/).filter(Boolean)) {
      lastWord = w;
      if (!add(w)) {
        flush();
        add(w);
      }
    }
  }
  flush();
  return wrapped;
}

class Formatter {
  constructor(
    private readonly out: string[],
    readonly indentLevel = 0,
    private readonly wrap = 80,
  ) {}
  indent(n: number): Formatter {
    return new Formatter(this.out, this.indentLevel + n, this.wrap);
  }
  write(s: string): void {
    this.out.push(s === '' ? '\n' : `${' '.repeat(this.indentLevel)}${s}\n`);
  }
  writeWrapped(s: string): void {
    for (const l of wrapLines(s, this.wrap - this.indentLevel)) this.write(l);
  }
}

function printFields(m: Model, w: Formatter): void {
  switch (m.t) {
    case 'array':
    case 'map':
      return printFields(m.sub, w);
    case 'ref':
      return printFields(m.sub(), w);
    case 'kind':
      for (const key of Object.keys(m.fields).sort()) {
        const v = m.fields[key]!;
        w.write(`${key}\t<${typeName(v)}>${m.required.includes(key) ? ' -required-' : ''}`);
        w.indent(2).writeWrapped(v.description);
        w.write('');
      }
      return;
    default:
      return;
  }
}

function printRecursive(m: Model, w: Formatter, visited: Set<string>): void {
  switch (m.t) {
    case 'array':
    case 'map':
      return printRecursive(m.sub, w, visited);
    case 'ref':
      if (visited.has(m.ref)) return;
      visited.add(m.ref);
      printRecursive(m.sub(), w, visited);
      visited.delete(m.ref);
      return;
    case 'kind':
      for (const key of Object.keys(m.fields).sort()) {
        const v = m.fields[key]!;
        w.write(`${key}\t<${typeName(v)}>`);
        printRecursive(v, w.indent(3), visited);
      }
      return;
    default:
      return;
  }
}

function lookup(m: Model, path: string[]): Model {
  let cur = m;
  let rest = path;
  for (;;) {
    switch (cur.t) {
      case 'primitive':
      case 'arbitrary':
        return cur;
      case 'array':
      case 'map':
        if (rest.length === 0) return cur;
        cur = cur.sub;
        continue;
      case 'ref':
        if (rest.length === 0) return cur;
        cur = cur.sub();
        continue;
      case 'kind': {
        if (rest.length === 0) return cur;
        const sub = cur.fields[rest[0]!];
        if (!sub) throw new KtlError(`field "${rest[0]}" does not exist`);
        rest = rest.slice(1);
        cur = sub;
        continue;
      }
    }
  }
}

/** The plaintext-openapiv2 explanation of a resource kind (and field path). */
export function explainV2(models: V2Models, gvk: { group: string; version: string; kind: string }, path: string[], recursive: boolean): string {
  const root = models.lookupResource(gvk.group, gvk.version, gvk.kind);
  const gv = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
  if (!root) throw new KtlError(`couldn't find resource for "${gv}, Kind=${gvk.kind}"`);
  const name = path.length ? path[path.length - 1]! : '';
  const schema = lookup(root, path);
  const out: string[] = [];
  const w = new Formatter(out);
  const descriptions: string[] = [];
  let type = '';
  const header = () => {
    w.write(`KIND:     ${gvk.kind}`);
    w.write(`VERSION:  ${gv}\n`);
  };
  const printDescription = (own: string) => {
    w.write('DESCRIPTION:');
    let empty = true;
    [...descriptions, own].forEach((d, i) => {
      if (d === '') return;
      empty = false;
      if (i !== 0) w.write('');
      w.indent(5).writeWrapped(d);
    });
    if (empty) w.indent(5).writeWrapped('<empty>');
  };
  let cur: Model = schema;
  for (;;) {
    if (cur.t === 'array' || cur.t === 'map') {
      descriptions.push(cur.description);
      if (!type) type = typeName(cur);
      cur = cur.sub;
      continue;
    }
    if (cur.t === 'ref') {
      descriptions.push(cur.description);
      cur = cur.sub();
      continue;
    }
    break;
  }
  if (cur.t === 'kind') {
    header();
    if (!type) type = 'Object';
    if (name) w.write(`RESOURCE: ${name} <${type}>\n`);
    printDescription(cur.description);
    w.write('\nFIELDS:');
    if (recursive) printRecursive(cur, w.indent(3), new Set());
    else printFields(cur, w.indent(3));
  } else if (cur.t === 'primitive') {
    header();
    if (!type) type = cur.type;
    w.write(`FIELD:    ${name} <${type}>\n`);
    printDescription(cur.description);
  } else {
    header();
    printDescription(cur.description);
  }
  return out.join('');
}
