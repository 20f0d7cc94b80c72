import type { Command } from 'commander';
import { action, Option, withExamples, type App } from '../kit.js';
import type { Context } from '../../context.js';
import { write } from '../../context.js';
import { failIfAny, KtlError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { FilenameFlags } from '../../flags/filename.js';
import { SelectorFlags } from '../../flags/selector.js';
import { parseBoolFlag, parseDurationFlag, parseIntFlag } from '../../mutate/flags.js';
import { targetFlags, type TargetFlags } from './session.js';
import { helpDefaults } from '../../flags/global.js';

export interface RolloutStatusOptions {
  ctx: Context;
  factory: Factory;
  target: TargetFlags;
  watch: boolean;
  revision: number;
  timeoutMs: number;
}

const EXAMPLES = `  # Watch the rollout status of a deployment
  ktl rollout status deployment/nginx`;

export function registerRolloutStatus(parent: Command, app: App): void {
  const cmd = parent
    .command('status')
    .description('Show the status of the rollout.\n\n By default \'rollout status\' will watch the status of the latest rollout until it\'s done. If you don\'t want to wait for the rollout to finish then you can use --watch=false. Note that if a new rollout starts in-between, then \'rollout status\' will continue watching the latest revision. If you want to pin to a specific revision and abort if it is rolled over by another revision, use --revision=N where N is the revision you need to watch for.')
    .summary('Show the status of the rollout')
    .usage('(TYPE NAME | TYPE/NAME) [flags]')
    .argument('[args...]')
    .option('--revision <n>', 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).')
    .option('--timeout <duration>', 'The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).')
    .option('-w, --watch', 'Watch the status of the rollout until it\'s done.')
    // --watch=false arrives as --no-watch (see normalizeArgs in cli.ts)
    .addOption(new Option('--no-watch').hideHelp());
  new FilenameFlags('identifying the resource to get from a server.').addTo(cmd);
  new SelectorFlags({ selector: true }).addTo(cmd);
  helpDefaults(cmd, { '--revision': '0', '--timeout': '0s', '--watch': 'true' });
  cmd.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      const o: RolloutStatusOptions = {
        ctx: app.ctx,
        factory: app.factory(c),
        target: targetFlags(args, opts),
        watch: parseBoolFlag(opts.watch, '--watch', true),
        revision: parseIntFlag(opts.revision, '--revision', 0),
        timeoutMs: parseDurationFlag(opts.timeout, '--timeout', 0),
      };
      if (o.revision < 0) throw new KtlError(`revision must be a positive integer: ${o.revision}`);
      return run(o);
    }),
  );
  withExamples(cmd, EXAMPLES);
}

/** Writes status lines: kubectl's bytes on stdout, or a spinner on a terminal. */
class StatusOutput {
  private spinner?: { text: string; stop(): void; start(): unknown };
  constructor(private readonly ctx: Context) {}

  /** Only on a terminal that has a size: on a 0x0 one a spinner cannot clear its line. */
  private get fancy(): boolean {
    const err = this.ctx.io.errOut;
    const columns = 'columns' in err && typeof err.columns === 'number' ? err.columns : 0;
    return this.ctx.io.isTTY && this.ctx.io.errIsTTY && !this.ctx.env.NO_COLOR && columns > 0;
  }

  async line(message: string, done: boolean, last: boolean): Promise<void> {
    if (!this.fancy || done || last) {
      this.stop();
      await write(this.ctx.io.out, message);
      return;
    }
    if (!this.spinner) {
      const ora = (await import('ora')).default;
      // discardStdin off: ora would put the terminal in raw mode and swallow Ctrl-C
      this.spinner = ora({ stream: this.ctx.io.errOut, text: message.trimEnd(), discardStdin: false }).start();
    } else this.spinner.text = message.trimEnd();
  }

  stop(): void {
    this.spinner?.stop();
    this.spinner = undefined;
  }
}

async function run(o: RolloutStatusOptions): Promise<number> {
  const { openSession } = await import('./session.js');
  const { resourcePath } = await import('../../client/index.js');
  const { rolloutStatus, hasStatusViewer } = await import('../../rollout/status.js');
  const { noStatusViewer } = await import('../../rollout/kinds.js');
  const { watchUntil, deadline } = await import('../../wait/watch-until.js');
  const { clients, resolved, namespace } = await openSession(o.factory, o.target, { allowEmptySelector: true });
  const out = new StatusOutput(o.ctx);
  // as kubectl: a signal while watching ends with status 1 (the spinner cleared first)
  const unregister = o.ctx.exitOnTermination(() => out.stop());
  try {
    if (resolved.infos.length === 0 && resolved.errors.length === 0) {
      await write(o.ctx.io.errOut, `No resources found in ${namespace} namespace.\n`);
      return 0;
    }
    // as kubectl (ContinueOnError): an object that fails does not stop the others; the
    // failures, those of finding the objects in their places, are reported at the end
    const failures = await resolved.visit(async (info) => {
      const { group, kind } = info.mapping;
      if (!hasStatusViewer(group, kind)) throw noStatusViewer(group, kind);
      const collection = resourcePath(info.mapping, { namespace: info.namespace || undefined });
      const limit = deadline(o.timeoutMs);
      try {
        await watchUntil(
          clients.rest,
          collection,
          info.name,
          async (type, obj) => {
            if (type === 'DELETED') throw new KtlError('object has been deleted');
            const st = rolloutStatus(group, kind, obj, o.revision);
            await out.line(st.message, st.done, !o.watch);
            return st.done || !o.watch;
          },
          { signal: limit.signal },
        );
      } finally {
        limit.cancel();
        out.stop();
      }
    });
    // kubectl's aggregate names the server's errors in full ("Error from server (NotFound): ...")
    failIfAny(failures, 'server');
    return 0;
  } finally {
    unregister();
    o.factory.close();
  }
}
