/**
 * The edit file's text as kubectl writes and reads it: the comment header
 * (with the failures of the previous attempt), comment stripping, and the
 * "did the user change anything" comparison.
 */
import { compactJson } from '../codec/json.js';
import { loadYaml, splitYamlDocuments } from '../codec/yaml.js';

export interface EditReason {
  head: string;
  other: string[];
}

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

const hashOnLineBreak = (s: string) => s.replaceAll('\n', '\n# ');

/** kubectl's editHeader.writeTo (normal edit mode). */
export function editHeader(reasons: readonly EditReason[]): string {
  let out = HEADER;
  for (const r of reasons) {
    out += r.other.length > 0 ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
    for (const o of r.other) out += `# * ${hashOnLineBreak(o)}\n`;
    out += '#\n';
  }
  return out;
}

/** cmdutil.ManualStrip: drops lines whose first non-blank character is '#' (but not '#!'). */
export function manualStrip(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t.startsWith('#') && !t.startsWith('#!')) return;
    out.push(line + (i < lines.length - 1 ? '\n' : ''));
  });
  return out.join('');
}

/** true when a JSON-like value holds a number JSON cannot write (NaN, ±Inf): Go's json.Marshal fails on it. */
function hasNonFinite(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (v && typeof v === 'object') return Object.values(v).some(hasNonFinite);
  return false;
}

/**
 * cmdutil.StripComments: the text as apimachinery's util/yaml.ToJSON turns it
 * into JSON: text starting with `{` (after white space) is JSON and stays as
 * written, byte for byte; YAML becomes sigs.k8s.io/yaml's compact JSON of its
 * first document (keys sorted); when that fails (bad syntax, excessive
 * aliasing, NaN/Inf), the text with its comment lines dropped.
 */
export function stripComments(text: string): string {
  if (/^\s*\{/.test(text)) return text;
  try {
    const docs = splitYamlDocuments(text);
    // go-yaml reads only the first document; a leading '---' opens it
    const first = docs.length > 1 && manualStrip(docs[0]!).trim() === '' ? docs[1]! : docs[0]!;
    const value = loadYaml(first) ?? null;
    if (hasNonFinite(value)) return manualStrip(text);
    return compactJson(value);
  } catch {
    return manualStrip(text);
  }
}

/** kubectl's "did the user change anything": bytes.Equal of StripComments on both sides (so a JSON file is compared byte for byte). */
export async function sameContent(a: string, b: string): Promise<boolean> {
  return stripComments(a) === stripComments(b);
}
