/**
 * Many contexts at once (a ktl extension): what each context's run printed,
 * merged into one output. Tables (lines the table writers marked, see
 * src/printers/table-capture.ts) become one table with a leading CONTEXT
 * column, one header and one set of widths; objects (-o json|yaml|jsonpath|
 * template) become one v1 List whose items carry the context in the
 * `ktl.dev/context` annotation; `-o name` lines get a `CONTEXT/` prefix;
 * any other line starts with the context name, padded as a column. Error
 * output names its context. Pure: src/multi/run.ts feeds it.
 */
import { TABLE_LINE_MARK } from '../printers/table-capture.js';
import { KUBECTL_TABLE_OPTIONS, TabWriter, formatTabbed } from '../printers/tabwriter.js';

/** The annotation that names an object's context in merged -o json|yaml output. */
export const CONTEXT_ANNOTATION = 'ktl.dev/context';
/** The field that names the context of a document that is no Kubernetes object (version -o json). */
export const CONTEXT_FIELD = 'context';

export interface ContextResult {
  name: string;
  /** what the context's run wrote to stdout (table lines marked) */
  out: string;
  /** what it wrote to stderr */
  err: string;
  code: number;
}

export interface MergeOptions {
  /** every context taking part, in output order (for the prefix width) */
  names: readonly string[];
  /** --no-headers: no line of a table is a header */
  noHeaders: boolean;
  /** -o name: lines get `CONTEXT/` instead of a padded column */
  nameFormat: boolean;
}

type Segment = { kind: 'table'; lines: string[] } | { kind: 'text'; line: string };

/** A context's stdout cut into table blocks (marked lines; a blank line ends a block) and plain lines. */
export function segments(out: string): Segment[] {
  const lines = out.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const segs: Segment[] = [];
  let table: string[] | undefined;
  for (const line of lines) {
    if (line.startsWith(TABLE_LINE_MARK)) {
      const content = line.slice(TABLE_LINE_MARK.length);
      if (content === '') {
        table = undefined;
        continue;
      }
      if (!table) segs.push({ kind: 'table', lines: (table = []) });
      table.push(content);
      continue;
    }
    // the blank line kubectl prints between the tables of two types
    if (line === '' && segs[segs.length - 1]?.kind === 'table') {
      table = undefined;
      continue;
    }
    table = undefined;
    segs.push({ kind: 'text', line });
  }
  return segs;
}

/** The text that starts a plain line of a context: its name padded as a table column (or `NAME/` for -o name). */
export function linePrefix(name: string, o: Pick<MergeOptions, 'names' | 'nameFormat'>): string {
  if (o.nameFormat) return `${name}/`;
  const width = Math.max(...o.names.map((n) => n.length), name.length) + KUBECTL_TABLE_OPTIONS.padding;
  return name.padEnd(width);
}

/**
 * The stdout of every context as one: each table (matched across contexts
 * by its header and how many tables with that header came before) where it
 * first appears, with a CONTEXT column; other lines prefixed, in context order.
 */
export function mergeOutputs(results: readonly ContextResult[], o: MergeOptions): string {
  interface Group {
    header?: string;
    rows: string[];
  }
  const groups = new Map<string, Group>();
  const order: ({ group: Group } | { text: string })[] = [];
  for (const r of results) {
    const seen = new Map<string, number>();
    for (const seg of segments(r.out)) {
      if (seg.kind === 'text') {
        order.push({ text: linePrefix(r.name, o) + seg.line });
        continue;
      }
      const header = o.noHeaders ? undefined : seg.lines[0];
      const n = seen.get(header ?? '') ?? 0;
      seen.set(header ?? '', n + 1);
      const key = `${header ?? ''}\u0000${n}`;
      let g = groups.get(key);
      if (!g) {
        groups.set(key, (g = { header, rows: [] }));
        order.push({ group: g });
      }
      const rows = o.noHeaders ? seg.lines : seg.lines.slice(1);
      const prefix = o.nameFormat ? `${r.name}/` : `${r.name}\t`;
      g.rows.push(...rows.map((row) => prefix + row));
    }
  }
  const parts: string[] = [];
  let lastWasTable = false;
  for (const item of order) {
    if ('text' in item) {
      parts.push(item.text + '\n');
      lastWasTable = false;
      continue;
    }
    if (lastWasTable) parts.push('\n');
    const text = (item.group.header !== undefined ? [`CONTEXT\t${item.group.header}`] : []).concat(item.group.rows).join('\n') + '\n';
    parts.push(o.nameFormat ? text : formatTabbed(text));
    lastWasTable = true;
  }
  return parts.join('');
}

const KLOG_LINE = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6}\s/;

/**
 * A context's stderr, each line naming the context: `error: context "X": ...`
 * for errors (every line of a context that failed, except warnings),
 * `Warning: context "X": ...` for warnings, `context "X": ...` otherwise.
 * klog lines (E1205 ... memcache.go ...) only with -v.
 */
export function contextErrors(name: string, err: string, failed: boolean, verbosity = 0): string {
  const lines = err.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const tag = `context ${JSON.stringify(name)}: `;
  const out: string[] = [];
  for (const line of lines) {
    if (line === '') continue;
    if (KLOG_LINE.test(line)) {
      if (verbosity > 0) out.push(tag + line);
      continue;
    }
    const warning = /^(warning|Warning): (.*)$/s.exec(line);
    const error = /^error: (.*)$/s.exec(line);
    if (warning) out.push(`${warning[1]}: ${tag}${warning[2]}`);
    else if (error) out.push(`error: ${tag}${error[1]}`);
    else if (failed) out.push(`error: ${tag}${line}`);
    else out.push(tag + line);
  }
  return out.map((l) => l + '\n').join('');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One object with the context annotation added (a copy). */
function annotate(obj: Record<string, unknown>, name: string): Record<string, unknown> {
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  return { ...obj, metadata: { ...metadata, annotations: { ...annotations, [CONTEXT_ANNOTATION]: name } } };
}

/**
 * The items one document of a context adds to the merged List: a List's
 * items or the object itself, annotated; a document that is no Kubernetes
 * object (version -o json, a watch event) with a `context` field in front.
 */
export function contextItems(doc: unknown, name: string): unknown[] {
  if (isObject(doc) && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items)) {
    return doc.items.map((i) => (isObject(i) ? annotate(i, name) : i));
  }
  if (isObject(doc) && typeof doc.kind === 'string' && typeof doc.apiVersion === 'string') return [annotate(doc, name)];
  if (isObject(doc)) return [{ [CONTEXT_FIELD]: name, ...doc }];
  return [{ [CONTEXT_FIELD]: name, value: doc }];
}

/** The merged List, shaped as kubectl's get prints a List. */
export function mergedList(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/**
 * Splits concatenated JSON documents (what `-o json` prints, one after
 * another under -w) as they arrive; push() returns the documents completed.
 */
export class JsonDocuments {
  private buf = '';
  private pos = 0;
  private depth = 0;
  private start = -1;
  private inString = false;
  private escaped = false;

  push(chunk: string): unknown[] {
    this.buf += chunk;
    const docs: unknown[] = [];
    for (; this.pos < this.buf.length; this.pos++) {
      const c = this.buf[this.pos]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (c === '"') this.inString = true;
      else if (c === '{' || c === '[') {
        if (this.depth++ === 0) this.start = this.pos;
      } else if ((c === '}' || c === ']') && this.depth > 0 && --this.depth === 0) {
        docs.push(JSON.parse(this.buf.slice(this.start, this.pos + 1)));
        this.buf = this.buf.slice(this.pos + 1);
        this.pos = -1;
        this.start = -1;
      }
    }
    return docs;
  }
}

/**
 * Output of contexts that keep printing (get -w, events -w, logs -f): lines
 * are written as they come; table rows through one tabwriter that keeps its
 * widths (kubectl's watch), the header once.
 */
export class StreamMerger {
  private readonly tw: TabWriter;
  private readonly headers = new Set<string>();
  private readonly state = new Map<string, { pending: string; expectHeader: boolean; lastWasTable: boolean }>();

  constructor(
    private readonly o: MergeOptions,
    private readonly emit: (s: string) => void,
  ) {
    this.tw = new TabWriter((s) => this.emit(s), KUBECTL_TABLE_OPTIONS);
  }

  private stateOf(name: string) {
    let s = this.state.get(name);
    if (!s) this.state.set(name, (s = { pending: '', expectHeader: true, lastWasTable: false }));
    return s;
  }

  push(name: string, chunk: string): void {
    const s = this.stateOf(name);
    const lines = (s.pending + chunk).split('\n');
    s.pending = lines.pop()!;
    for (const line of lines) this.line(name, line);
    this.tw.flush();
  }

  /** The context's run ended: a last line without newline is written with one. */
  end(name: string): void {
    const s = this.stateOf(name);
    if (s.pending) this.line(name, s.pending);
    s.pending = '';
    this.tw.flush();
  }

  private line(name: string, line: string): void {
    const s = this.stateOf(name);
    if (line.startsWith(TABLE_LINE_MARK)) {
      const content = line.slice(TABLE_LINE_MARK.length);
      s.lastWasTable = true;
      if (content === '') {
        s.expectHeader = true;
        return;
      }
      if (s.expectHeader && !this.o.noHeaders) {
        s.expectHeader = false;
        if (!this.headers.has(content)) this.tw.write(`CONTEXT\t${content}\n`);
        this.headers.add(content);
        return;
      }
      // a header seen before is dropped wherever it comes again (custom-columns repeats it per watch event)
      if (this.headers.has(content)) return;
      this.tw.write(this.o.nameFormat ? `${name}/${content}\n` : `${name}\t${content}\n`);
      return;
    }
    if (line === '' && s.lastWasTable) {
      s.expectHeader = true;
      return;
    }
    s.lastWasTable = false;
    this.tw.flush();
    this.emit(linePrefix(name, this.o) + line + '\n');
  }
}
