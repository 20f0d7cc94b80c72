/**
 * Nesting depth. kubectl 1.33 reads up to 10000 levels, the document's own
 * object counted: encoding/json's scanner refuses the 10001st, go-yaml
 * refuses more than 10000 block indentations or flow levels (measured with
 * kubectl.1.33 create --dry-run=client -f: spec 9999 levels below the
 * top-level object is read, 10000 refused, in JSON, flow and block YAML).
 * ktl's parser (js-yaml) and everything after it recurse on JavaScript's
 * stack, which ends near 2000 levels on the main thread, so there ktl reads
 * KTL_MAX_DEPTH levels; a -f document deeper than that which kubectl reads
 * sends the whole run to a worker with a larger stack (bin/large-stack.mjs),
 * where LARGE_STACK_MAX_DEPTH applies. Past kubectl's limit ktl says what
 * kubectl says. These scans are iterative, so no document can overflow the
 * stack before it is refused.
 */
import { KtlError } from '../errors.js';
import { messageOf } from '../errors.js';
import type { LoadOptions } from 'js-yaml';
import { isRecord } from './value.js';

export const KUBECTL_MAX_DEPTH = 10000;
/** What ktl reads on the main thread's stack (js-yaml's maxDepth); measured safe through parse, print, apply and diff. */
export const KTL_MAX_DEPTH = 1000;
/**
 * js-yaml's maxDepth on the large stack: a net only, since kubectl's limit
 * (kubectlDepthError) is checked first; 64 MB of stack reads 80000 levels.
 */
export const LARGE_STACK_MAX_DEPTH = 3 * KUBECTL_MAX_DEPTH;

/** js-yaml's options with ktl's nesting limit (js-yaml's own maxDepth, missing from its types). */
export function depthLimited(o: LoadOptions, maxDepth = KTL_MAX_DEPTH): LoadOptions {
  const limited: LoadOptions & { maxDepth: number } = { ...o, maxDepth };
  return limited;
}

/**
 * A -f document deeper than the main stack takes that kubectl reads: the run
 * starts again on a larger stack (Context.rerunOnLargerStack). Its message is
 * ktl's line, for a caller that cannot do that.
 */
export class DeepDocumentError extends KtlError {
  /** how run() (src/cli.ts) knows it without loading this module */
  readonly deepDocument = true;
  /** what was read from stdin before, handed to the new run */
  stdin?: Buffer;
}

/** ktl's line for a document deeper than it reads (but within kubectl's limit). */
export const KTL_DEPTH_MESSAGE = `more than ${KTL_MAX_DEPTH} levels of nesting: ktl's limit (kubectl's is ${KUBECTL_MAX_DEPTH})`;

/**
 * Go's encoding/json on a JSON text deeper than it allows:
 * `json: offset N: invalid character '{' exceeded max depth`, else undefined.
 */
export function jsonDepthError(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') {
      if (++depth > KUBECTL_MAX_DEPTH) return `json: offset ${i + 1}: invalid character '${c}' exceeded max depth`;
    } else if (c === '}' || c === ']') {
      depth--;
    }
  }
  return undefined;
}

export type YamlDepthError =
  /** go-yaml's own limit: "yaml: line N: exceeded max depth of 10000" */
  | { yaml: string }
  /** within go-yaml's limits, but its JSON is deeper than encoding/json reads */
  | { json: string };

/**
 * kubectl's refusal of a YAML document deeper than it reads, estimated from
 * the text as go-yaml counts: block collections by their indentation (and
 * compact "- " entries), flow collections by their brackets; undefined when
 * kubectl reads it.
 */
export function yamlDepthError(text: string): YamlDepthError | undefined {
  // open block collections: their column, and whether go-yaml counts them
  // (a sequence at its parent key's column is "indentless": JSON depth only)
  const block: Array<{ col: number; seq: boolean; counted: boolean }> = [];
  let counted = 0;
  let flow = 0;
  let jsonError: string | undefined;
  let scalarIndent = -1; // inside a block scalar: lines indented deeper than this are text
  const lines = text.split('\n');
  const exceeded = (line: number): YamlDepthError => ({ yaml: `yaml: line ${line + 1}: exceeded max depth of ${KUBECTL_MAX_DEPTH}` });
  const nested = (c: string) => {
    if (!jsonError && block.length + flow > KUBECTL_MAX_DEPTH) jsonError = `invalid character '${c}' exceeded max depth`;
  };
  const pop = () => {
    if (block.pop()!.counted) counted--;
  };
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l]!;
    let i = 0;
    while (line[i] === ' ') i++;
    if (i === line.length || line[i] === '#') continue;
    if (scalarIndent >= 0) {
      if (i > scalarIndent) continue;
      scalarIndent = -1;
    }
    if (flow === 0) {
      while (block.length && block[block.length - 1]!.col > i) pop();
      for (;;) {
        const entry = line[i] === '-' && (line[i + 1] === ' ' || i + 1 === line.length);
        const key = !entry && !/^[[{"']/.test(line.slice(i)) && /^[^#]*?:( |$)/.test(line.slice(i));
        const top = block[block.length - 1];
        if (top && top.col === i && top.seq && !top.counted && !entry) pop();
        const cur = block[block.length - 1];
        if ((entry || key) && !(cur && cur.col === i && cur.seq === entry)) {
          const indentless = entry && !!cur && cur.col === i && !cur.seq;
          block.push({ col: i, seq: entry, counted: !indentless });
          if (!indentless && ++counted > KUBECTL_MAX_DEPTH) return exceeded(l);
          nested(entry ? '[' : '{');
        }
        if (!entry) break;
        i += 1;
        while (line[i] === ' ') i++;
        if (i === line.length || line[i] === '#') break;
      }
    }
    // the rest of the line: flow brackets outside quotes and comments
    let quote = '';
    for (let k = i; k < line.length; k++) {
      const c = line[k]!;
      if (quote) {
        if (quote === '"' && c === '\\') k++;
        else if (c === quote) quote = '';
        continue;
      }
      const atTokenStart = k === i || /[\s[{,:]/.test(line[k - 1]!);
      if ((c === '"' || c === "'") && atTokenStart) quote = c;
      else if (c === '#' && k > 0 && /\s/.test(line[k - 1]!)) break;
      else if (c === '{' || c === '[') {
        if (++flow > KUBECTL_MAX_DEPTH) return exceeded(l);
        nested(c);
      } else if ((c === '}' || c === ']') && flow > 0) flow--;
    }
    if (flow === 0 && /(^|[\s:-])[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(i))) scalarIndent = block[block.length - 1]?.col ?? 0;
  }
  return jsonError ? { json: jsonError } : undefined;
}

/** True for js-yaml's refusal of a document deeper than KTL_MAX_DEPTH. */
export function isDepthError(e: unknown): boolean {
  const reason = isRecord(e) && typeof e.reason === 'string' ? e.reason : messageOf(e);
  return /^nesting exceeded maxDepth/.test(reason);
}

/**
 * What kubectl's stream decoder says of a manifest document deeper than it
 * reads (after "error parsing FILE: "): a text starting with "{" is JSON,
 * anything else YAML. Undefined when kubectl would read it.
 */
export function kubectlDepthError(doc: string): string | undefined {
  if (/^\s*\{/.test(doc)) return jsonDepthError(doc);
  const e = yamlDepthError(doc);
  if (!e) return undefined;
  return 'yaml' in e ? `error converting YAML to JSON: ${e.yaml}` : `error unmarshaling JSON: while decoding JSON: ${e.json}`;
}
