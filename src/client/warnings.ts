/**
 * Server warnings (the `Warning: 299 - "text"` response headers the API server
 * sends for deprecated APIs, pod security, unknown fields under
 * --validate=warn ...): printed to stderr as "Warning: text", each distinct
 * text once per run, like kubectl. --warnings-as-errors reads the count.
 */
import type { Context } from '../context.js';

export interface ServerWarning {
  code: number;
  agent: string;
  text: string;
}

/**
 * Parses Warning header values (RFC 7234: warn-code SP warn-agent SP
 * quoted warn-text [SP quoted warn-date], comma separated). A value that
 * does not parse is skipped from that point on.
 */
export function parseWarningHeaders(values: readonly string[]): ServerWarning[] {
  const out: ServerWarning[] = [];
  for (const value of values) {
    let i = 0;
    const s = value;
    const skipSpace = () => {
      while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    };
    const quoted = (): string | undefined => {
      if (s[i] !== '"') return undefined;
      let text = '';
      for (i++; i < s.length; i++) {
        const c = s[i]!;
        if (c === '\\' && i + 1 < s.length) text += s[++i];
        else if (c === '"') {
          i++;
          return text;
        } else text += c;
      }
      return undefined;
    };
    while (i < s.length) {
      skipSpace();
      const code = /^\d{3}/.exec(s.slice(i));
      if (!code || s[i + 3] !== ' ') break;
      i += 4;
      const agentEnd = s.indexOf(' ', i);
      if (agentEnd < 0) break;
      const agent = s.slice(i, agentEnd);
      i = agentEnd + 1;
      const text = quoted();
      if (text === undefined) break;
      skipSpace();
      if (s[i] === '"' && quoted() === undefined) break;
      out.push({ code: Number(code[0]), agent, text });
      skipSpace();
      if (s[i] === ',') i++;
      else if (i < s.length) break;
    }
  }
  return out;
}

export class WarningPrinter {
  private readonly seen = new Set<string>();
  /** warnings printed so far (after de-duplication) */
  count = 0;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly color: boolean,
  ) {}

  /** Prints a client-side warning (kubectl's WarningPrinter.Print): not de-duplicated, not counted by --warnings-as-errors. */
  print(text: string): void {
    this.out.write(this.color ? `\u001b[33;1mWarning:\u001b[0m ${text}\n` : `Warning: ${text}\n`);
  }

  /** Prints the 299 warnings among the header values not printed before. */
  handle(values: readonly string[]): void {
    for (const w of parseWarningHeaders(values)) {
      if (w.code !== 299 || w.text === '' || this.seen.has(w.text)) continue;
      this.seen.add(w.text);
      this.count++;
      this.out.write(this.color ? `\u001b[33;1mWarning:\u001b[0m ${w.text}\n` : `Warning: ${w.text}\n`);
    }
  }
}

const printers = new WeakMap<Context, WarningPrinter>();

/** The run's warning printer (one per Context, shared by every client the command opens). */
export function warningPrinterFor(ctx: Context): WarningPrinter {
  let p = printers.get(ctx);
  if (!p) {
    const term = ctx.env.TERM;
    p = new WarningPrinter(ctx.io.errOut, ctx.io.errIsTTY && term !== 'dumb');
    printers.set(ctx, p);
  }
  return p;
}

/** Warnings printed in this run, for --warnings-as-errors (0 when no client was opened). */
export function warningCount(ctx: Context): number {
  return printers.get(ctx)?.count ?? 0;
}
