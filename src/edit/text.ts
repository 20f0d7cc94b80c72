/**
 * The edit file's text as kubectl writes and reads it: the comment header
 * (with the failures of the previous attempt), comment stripping, and the
 * "did the user change anything" comparison.
 */
import type { Json } from '../apply/strategic-merge.js';
import { deepEqual } from '../apply/strategic-merge.js';
import { aliasingWithinLimits } from '../codec/aliases.js';

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

/** The document as data, or undefined when it does not parse (then texts are compared). */
async function parsed(text: string): Promise<{ value: Json } | undefined> {
  const yaml = (await import('js-yaml')).default;
  try {
    const value = (yaml.load(text, { schema: yaml.CORE_SCHEMA }) ?? null) as Json;
    // an alias bomb is not compared (that would never end); reading it later refuses it
    return aliasingWithinLimits(value) ? { value } : undefined;
  } catch {
    return undefined;
  }
}

/** cmdutil.StripComments on both sides, then equal: YAML compared as data, else as stripped text. */
export async function sameContent(a: string, b: string): Promise<boolean> {
  const [pa, pb] = await Promise.all([parsed(a), parsed(b)]);
  if (pa && pb) return deepEqual(pa.value, pb.value);
  return manualStrip(a) === manualStrip(b);
}
