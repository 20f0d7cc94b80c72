/**
 * klog-shaped lines for -v logging, as kubectl 1.33 writes them:
 * `I1128 13:25:19.385644   12345 round_trippers.go:632] "Response" verb="GET" ...`.
 * Structured values follow klog's text form: strings quoted, multi-line values
 * as `key=<\n\tline\n >`.
 */
import type { Writable } from 'node:stream';

export type Severity = 'I' | 'W' | 'E' | 'F';

export interface KlogSink {
  /** -v level */
  verbosity: number;
  out: Writable;
  now: () => Date;
  pid: number;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** "I1128 13:25:19.385644   12345 file.go:12] " (local time, as klog uses) */
export function klogPrefix(sev: Severity, when: Date, pid: number, file: string): string {
  const micros = pad(when.getMilliseconds(), 3) + '000';
  return (
    `${sev}${pad(when.getMonth() + 1)}${pad(when.getDate())} ` +
    `${pad(when.getHours())}:${pad(when.getMinutes())}:${pad(when.getSeconds())}.${micros} ` +
    `${String(pid).padStart(7)} ${file}] `
  );
}

/** A value in a structured log line. Multi-line strings use klog's `<\n\t...\n >` block. */
export type KlogValue = string | number | boolean | { block: string[] };

/** Go's %q for the strings we log (JSON quoting is the same for printable text). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

export function formatKv(msg: string, kv: Array<[string, KlogValue]>): string {
  let line = goQuote(msg);
  for (const [k, v] of kv) {
    if (typeof v === 'object') {
      line += ` ${k}=<\n${v.block.map((l) => `\t${l}\n`).join('')} >`;
    } else if (typeof v === 'string') {
      line += ` ${k}=${goQuote(v)}`;
    } else {
      line += ` ${k}=${v}`;
    }
  }
  return line;
}

export class Klog {
  constructor(readonly sink: KlogSink) {}

  enabled(level: number): boolean {
    return this.sink.verbosity >= level;
  }

  /** Writes one structured line when -v is at least `level`. */
  info(level: number, file: string, msg: string, kv: Array<[string, KlogValue]> = []): void {
    if (!this.enabled(level)) return;
    this.write('I', file, formatKv(msg, kv));
  }

  error(file: string, msg: string, kv: Array<[string, KlogValue]> = []): void {
    this.write('E', file, formatKv(msg, kv));
  }

  warning(file: string, text: string): void {
    this.write('W', file, text);
  }

  /** klog.Fatalf / Exitf's line (the caller then exits 1). */
  fatal(file: string, text: string): void {
    this.write('F', file, text);
  }

  private write(sev: Severity, file: string, text: string): void {
    this.sink.out.write(klogPrefix(sev, this.sink.now(), this.sink.pid, file) + text + '\n');
  }
}

/** The header value as it may appear in a log: credentials never do. */
export function maskHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower !== 'authorization' && lower !== 'proxy-authorization') return value;
  const m = /^(\S+)\s/.exec(value);
  return m ? `${m[1]} <masked>` : '<masked>';
}

/** Headers as `Name: value` lines, sorted by name as client-go logs them, credentials masked. */
export function headerLines(headers: Record<string, string | string[] | number | undefined>): string[] {
  const lines: string[] = [];
  const names = Object.keys(headers).sort((a, b) => cmp(canonicalHeaderName(a), canonicalHeaderName(b)));
  for (const name of names) {
    const v = headers[name];
    if (v === undefined) continue;
    const canonical = canonicalHeaderName(name);
    for (const one of Array.isArray(v) ? v : [String(v)]) lines.push(`${canonical}: ${maskHeaderValue(name, one)}`);
  }
  return lines;
}

/** "content-type" -> "Content-Type", as Go canonicalises header keys. */
export function canonicalHeaderName(name: string): string {
  return name
    .split('-')
    .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p))
    .join('-');
}

/** At -v=8 bodies are cut near 1 KiB; -v=9 shows them whole. */
export const BODY_LOG_LIMIT = 1024;

export function bodyForLog(body: string, verbosity: number): string {
  if (verbosity >= 9 || body.length <= BODY_LOG_LIMIT) return body;
  return `${body.slice(0, BODY_LOG_LIMIT)} [truncated ${body.length - BODY_LOG_LIMIT} chars]`;
}

/** Go's time.Duration.String() for whole milliseconds: 5s, 1m0s, 1h2m3s, 500ms. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  let s = ms / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const sec = Number.isInteger(s) ? String(s) : String(Number(s.toFixed(3)));
  if (h) return `${h}h${m}m${sec}s`;
  if (m) return `${m}m${sec}s`;
  return `${sec}s`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
