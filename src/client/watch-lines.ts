/**
 * A watch stream cut into its events: the server writes one JSON document
 * per line. Lines are found in the bytes (a newline byte never occurs inside
 * a UTF-8 sequence) and each is decoded once it is whole, so a character
 * split across two network chunks decodes right, and no line decoder or
 * readline interface is needed per event.
 */

/** Cuts chunks of bytes into lines (without "\n" or a "\r" before it). */
export class LineSplitter {
  /** the start of a line not ended yet, as it arrived */
  private held: Buffer[] = [];

  /** The lines that this chunk ends, in order. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (this.held.length > 0) {
        this.held.push(chunk.subarray(0, nl));
        lines.push(text(Buffer.concat(this.held)));
        this.held = [];
      } else {
        lines.push(text(chunk, start, nl));
      }
      start = nl + 1;
    }
    if (start < chunk.length) this.held.push(start === 0 ? chunk : chunk.subarray(start));
    return lines;
  }

  /** What is left when the stream ends: a last line without its newline, or undefined. */
  end(): string | undefined {
    if (this.held.length === 0) return undefined;
    const last = text(Buffer.concat(this.held));
    this.held = [];
    return last;
  }
}

function text(buf: Buffer, start = 0, end = buf.length): string {
  if (end > start && buf[end - 1] === 13) end--;
  return buf.toString('utf8', start, end);
}

const MANAGED_FIELDS = '"managedFields":[';

/**
 * The event's text without its first `"managedFields":[...]` member, for a
 * caller that reads only the rows and the row objects' name, namespace,
 * labels and resourceVersion of a server-side Table (most of a watch
 * event's bytes are the row's managed fields, which JSON.parse would
 * otherwise build into objects per event). The key is taken only where it
 * opens an array outside any string (in a row's metadata nothing else can:
 * labels and annotations hold strings); anything unexpected leaves the text
 * as it is.
 */
export function withoutManagedFields(line: string): string {
  const at = line.indexOf(MANAGED_FIELDS);
  // `\"managedFields":[` is the end of a key inside a string, not the member
  if (at <= 0 || line.charCodeAt(at - 1) === 92) return line;
  let i = at + MANAGED_FIELDS.length;
  let depth = 1;
  const n = line.length;
  while (i < n && depth > 0) {
    const c = line.charCodeAt(i++);
    if (c === 34) {
      // a string: up to its closing quote, escapes skipped
      for (;;) {
        if (i >= n) return line;
        const d = line.charCodeAt(i++);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) depth--;
  }
  if (depth !== 0) return line;
  // the member and one comma beside it
  if (line.charCodeAt(i) === 44) return line.slice(0, at) + line.slice(i + 1);
  if (line.charCodeAt(at - 1) === 44) return line.slice(0, at - 1) + line.slice(i);
  return line.slice(0, at) + line.slice(i);
}
