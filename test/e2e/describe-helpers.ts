/**
 * Helpers for differential describe/events tests: run ktl and kubectl.1.33
 * on the same objects and compare what they print with ages masked (an age
 * may tick between the two runs; so may the width of its column, hence the
 * padding after a masked age is collapsed too).
 */
import { ktl, kubectl, type ProcResult } from './cluster-env.js';

const AGE = /(?<![\w./:-])(?:\d+[smhdy]){1,2}(?![\w./:-])|<unknown>|<invalid>/g;

/** Ages ("5m", "2m30s", "4d5h") become "AGE", with the spaces after them collapsed. */
export function maskAges(text: string): string {
  return text.replace(AGE, 'AGE').replace(/AGE {2,}/g, 'AGE ');
}

export interface Pair {
  ktl: ProcResult;
  kubectl: ProcResult;
}

/** Runs both on the same arguments at the same time. */
export async function runBoth(args: string[], opts: { context?: string } = {}): Promise<Pair> {
  const extra = opts.context ? ['--context', opts.context] : [];
  const [a, b] = await Promise.all([ktl([...extra, ...args]), kubectl([...extra, ...args])]);
  return { ktl: a, kubectl: b };
}

/**
 * Runs both until their masked outputs agree (at most `tries` times: an
 * event may arrive between the two runs), and returns the last pair.
 */
export async function describeBoth(args: string[], opts: { context?: string; tries?: number } = {}): Promise<Pair> {
  let last: Pair | undefined;
  for (let i = 0; i < (opts.tries ?? 3); i++) {
    last = await runBoth(args, opts);
    if (
      maskAges(last.ktl.stdout) === maskAges(last.kubectl.stdout) &&
      last.ktl.stderr === last.kubectl.stderr.replace(/kubectl/g, 'ktl') &&
      last.ktl.code === last.kubectl.code
    ) {
      break;
    }
  }
  return last!;
}

/** What the test compares: masked stdout, stderr (binary name unified) and exit code. */
export function view(r: ProcResult, bin: 'ktl' | 'kubectl'): { stdout: string; stderr: string; code: number | null } {
  return {
    stdout: maskAges(r.stdout),
    stderr: bin === 'kubectl' ? r.stderr.replace(/kubectl/g, 'ktl') : r.stderr,
    code: r.code,
  };
}

/** expect(view(ktl)).toEqual(view(kubectl)) in one call. */
export function views(p: Pair): [ReturnType<typeof view>, ReturnType<typeof view>] {
  return [view(p.ktl, 'ktl'), view(p.kubectl, 'kubectl')];
}
