/**
 * The readiness wait as write commands use it (ktl extension): the flags,
 * and one call after the writes that watches, reports on stderr and ends
 * with exit 0 (all ready), an error naming what failed or was not ready
 * (exit 1), or the list of what was not ready and exit 1 on a signal (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT: as `rollout status`).
 *
 * Flags, keeping kubectl's meanings intact:
 * - `--wait-ready[=TIMEOUT]` on apply, create, replace, rollout restart and
 *   set image (bare: 5m; 0s: no limit; false: off);
 * - `--wait=TIMEOUT` where kubectl's --wait is a boolean (apply, replace): a
 *   value Go's ParseBool accepts keeps kubectl's meaning (wait for deletions),
 *   a duration such as 5m or 0s means readiness;
 * - `--wait[=TIMEOUT]` where kubectl has no --wait (create, rollout restart,
 *   set image): readiness, bare meaning 5m.
 */
import { Option, type Command } from 'commander';
import type { Context } from '../../context.js';
import { KtlError } from '../../errors.js';
import { formatGoDuration, parseGoDuration } from '../../config/duration.js';
import { parseDurationFlag } from '../../mutate/flags.js';
import type { RestClient } from '../../client/rest.js';
import type { ReadyTarget, Tracked, WaitReadyResult } from './tracker.js';

export type { ReadyTarget } from './tracker.js';

export const DEFAULT_READY_TIMEOUT_MS = 5 * 60_000;

const GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;
const GO_TRUE = /^(1|t|T|TRUE|true|True)$/;

const WAIT_READY_HELP =
  'ktl: after writing, wait until every object is ready by its kind (rollouts complete, pods Ready, Jobs complete, Services with endpoints, PVCs Bound, CRDs Established, Ready/Available conditions), failing fast on image pull errors, crash loops, failed Jobs, unschedulable pods and exceeded progress deadlines; TIMEOUT defaults to 5m, 0s waits without limit.';

/** --wait-ready[=TIMEOUT], and --wait[=TIMEOUT] when kubectl has no --wait on the command. */
export function addWaitReadyFlags(cmd: Command, o: { waitToo: boolean }): void {
  if (o.waitToo) cmd.addOption(new Option('--wait [timeout]', 'ktl: the same as --wait-ready.').default(undefined, "''"));
  cmd.addOption(new Option('--wait-ready [timeout]', WAIT_READY_HELP).default(undefined, "''"));
}

/**
 * The option a command with kubectl's boolean --wait declares (apply,
 * replace). Its help line is kubectl's, byte for byte: that a duration
 * (--wait=5m) means readiness is documented in README, and --wait-ready is
 * the flag its help describes.
 */
export function kubectlWaitOption(description: string): Option {
  return new Option('--wait [bool-or-duration]', description).default(undefined, 'false');
}

export interface WaitFlags {
  /** kubectl's --wait (deletions) */
  kubectlWait: boolean;
  /** the readiness wait's timeout in ms (0: no limit), or undefined when off */
  readyTimeoutMs?: number;
}

function readyValue(value: unknown, flag: string): number | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return DEFAULT_READY_TIMEOUT_MS;
  const s = String(value);
  if (GO_BOOL.test(s)) return GO_TRUE.test(s) ? DEFAULT_READY_TIMEOUT_MS : undefined;
  return parseDurationFlag(s, flag);
}

/**
 * Reads --wait and --wait-ready. `kubectlWait`: the command has kubectl's
 * boolean --wait (a boolean value keeps its meaning, a duration is readiness).
 */
export function waitFlags(opts: Record<string, unknown>, o: { kubectlWait: boolean }): WaitFlags {
  const out: WaitFlags = { kubectlWait: false };
  const w = opts.wait;
  if (o.kubectlWait) {
    if (w === true) out.kubectlWait = true;
    else if (typeof w === 'string') {
      if (GO_BOOL.test(w)) out.kubectlWait = GO_TRUE.test(w);
      else if (parseGoDuration(w) !== undefined) out.readyTimeoutMs = parseDurationFlag(w, '--wait');
      else parseDurationFlag(w, '--wait');
    }
  } else {
    out.readyTimeoutMs = readyValue(w, '--wait');
  }
  const r = readyValue(opts.waitReady, '--wait-ready');
  if (r !== undefined) out.readyTimeoutMs = r;
  return out;
}

/** Watches `targets` until ready; 0 when all are, else throws the summary (or exits 1 on Ctrl-C, as kubectl's interrupt handler in rollout status). */
export async function waitUntilReady(ctx: Context, rest: RestClient, targets: ReadyTarget[], timeoutMs: number): Promise<number> {
  const { waitReady } = await import('./tracker.js');
  const { PlainReporter, LiveReporter } = await import('./view.js');
  const err = ctx.io.errOut;
  const live = ctx.io.errIsTTY && ctx.env.TERM !== 'dumb';
  let reporter;
  if (live) {
    const { spinners } = await import('ora');
    reporter = new LiveReporter(err, {
      color: !ctx.env.NO_COLOR,
      now: () => ctx.now().getTime(),
      frames: spinners.dots.frames,
      intervalMs: spinners.dots.interval,
    });
  } else reporter = new PlainReporter(err);
  // as rollout status: a signal (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT) ends the wait at once, the
  // display closed (cursor shown), the list of what was not ready printed, exit 1
  const unregister = ctx.exitOnTermination(() => {
    reporter.abortNow();
    const text = summary({ outcome: 'interrupted', tracked: reporter.all }, timeoutMs);
    err.write(`${text}\n`);
  });
  let result: WaitReadyResult;
  try {
    result = await waitReady(rest, targets, { timeoutMs, reporter, now: () => ctx.now().getTime() });
  } finally {
    unregister();
  }
  if (result.outcome === 'ready') return 0;
  const text = summary(result, timeoutMs);
  throw new KtlError(text);
}

/** What was not ready: a header, then one line per object that failed or was still awaited. */
export function summary(r: WaitReadyResult, timeoutMs: number): string {
  const failed = r.tracked.filter((t) => t.verdict.state === 'failed');
  const waiting = r.tracked.filter((t) => t.verdict.state === 'waiting');
  const total = r.tracked.length;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  let head: string;
  if (r.outcome === 'timeout') {
    head = `timed out after ${formatGoDuration(timeoutMs)}: ${waiting.length} of ${count(total, 'object')} not ready`;
  } else if (r.outcome === 'interrupted') head = `interrupted: ${waiting.length} of ${count(total, 'object')} not ready`;
  else head = `${count(failed.length, 'object')} failed, ${waiting.length} not ready yet (of ${total})`;
  const line = (t: Tracked) => `  ${t.verdict.state === 'failed' ? `${t.ref} failed: ${t.verdict.message}` : `${t.ref}: ${t.verdict.message}`}`;
  return [head, ...failed.map(line), ...waiting.map(line)].join('\n');
}
