import type { Command } from 'commander';
import { action, withExamples, type App } from '../cli.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { ApiError, KtlError } from '../errors.js';
import type { GlobalFlags } from '../flags/global.js';
import type { WaitFor } from '../wait/conditions.js';
import { addFilenameFlags, addOutputFlags, addSelectorFlag, parseDurationFlag, refuseKustomize } from './rollout/common.js';
import { parseOutput, ObjectPrinter } from './rollout/output.js';
import { targetFlags, type TargetFlags } from './rollout/session.js';

export interface WaitOptions {
  ctx: Context;
  flags: GlobalFlags;
  target: TargetFlags;
  forSpec: string;
  timeoutMs: number;
  output: '' | 'name' | 'json' | 'yaml';
}

const ONE_WEEK_MS = 7 * 24 * 3600 * 1000;

const EXAMPLES = `  # Wait for the pod "busybox1" to contain the status condition of type "Ready"
  ktl wait --for=condition=Ready pod/busybox1

  # The default value of status condition is true; you can wait for other targets after an equal delimiter (compared after Unicode simple case folding, which is a more general form of case-insensitivity)
  ktl wait --for=condition=Ready=false pod/busybox1

  # Wait for the pod "busybox1" to contain the status phase to be "Running"
  ktl wait --for=jsonpath='{.status.phase}'=Running pod/busybox1

  # Wait for pod "busybox1" to be Ready
  ktl wait --for='jsonpath={.status.conditions[?(@.type=="Ready")].status}=True' pod/busybox1

  # Wait for the service "loadbalancer" to have ingress
  ktl wait --for=jsonpath='{.status.loadBalancer.ingress}' service/loadbalancer

  # Wait for the secret "busybox1" to be created, with a timeout of 30 seconds
  ktl create secret generic busybox1
  ktl wait --for=create secret/busybox1 --timeout=30s

  # Wait for the pod "busybox1" to be deleted, with a timeout of 60s, after having issued the "delete" command
  ktl delete pod/busybox1
  ktl wait --for=delete pod/busybox1 --timeout=60s`;

export function registerWait(program: Command, app: App): void {
  const cmd = program
    .command('wait')
    .description('Experimental: Wait for a specific condition on one or many resources.')
    .summary('Experimental: Wait for a specific condition on one or many resources')
    .usage('([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath=\'{}\'[=value]]')
    .argument('[args...]')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.')
    .option('--field-selector <selector>', 'Selector (field query) to filter on, supports \'=\', \'==\', and \'!=\'.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.')
    .option('--for <condition>', 'The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath=\'{JSONPath expression}\'=[JSONPath value]]. The default condition-value is true.  Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity.')
    .option('--local', 'If true, annotation will NOT contact api-server but run locally.')
    .option('--timeout <duration>', 'The length of time to wait before giving up.  Zero means check once and don\'t wait, negative means wait for a week.');
  addFilenameFlags(cmd, 'wait on');
  addSelectorFlag(cmd);
  addOutputFlags(cmd);
  cmd.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      refuseKustomize(opts);
      const timeout = parseDurationFlag('timeout', opts.timeout, 30_000);
      return run({
        ctx: app.ctx,
        flags: app.globals(c),
        target: targetFlags(args, opts),
        forSpec: (opts.for as string | undefined) ?? '',
        timeoutMs: timeout < 0 ? ONE_WEEK_MS : timeout,
        output: parseOutput(opts.output as string | undefined),
      });
    }),
  );
  withExamples(cmd, EXAMPLES);
}

async function run(o: WaitOptions): Promise<number> {
  const { parseWaitFor, conditionMet, jsonPathMet } = await import('../wait/conditions.js');
  const cond = parseWaitFor(o.forSpec);
  const { connect, resourcePath } = await import('../client/index.js');
  const { resolveArgs, kindName } = await import('./rollout/args.js');
  const { finish } = await import('./rollout/report.js');
  const { watchUntil, deadline, WaitTimeoutError } = await import('../wait/watch-until.js');
  const clients = await connect(o.ctx, o.flags, { command: `${o.ctx.binName} wait` });
  const limit = deadline(o.timeoutMs);
  const printer = new ObjectPrinter(o.output);
  const failures: unknown[] = [];
  try {
    if (cond.kind === 'create') return await waitForCreate(o, clients, limit.signal);
    const { infos, errors } = await resolveArgs(clients, o.target.args, {
      namespace: clients.config.namespace,
      allNamespaces: o.target.allNamespaces,
      selector: o.target.selector,
      fieldSelector: o.target.fieldSelector,
      all: o.target.all,
      filenames: o.target.filenames,
      recursive: o.target.recursive,
      latest: true,
      binName: o.ctx.binName,
      cwd: o.ctx.cwd,
    });
    const notFound = (e: unknown) => e instanceof ApiError && e.statusCode === 404;
    failures.push(...(cond.kind === 'delete' ? errors.filter((e) => !notFound(e)) : errors));
    if (infos.length === 0 && cond.kind !== 'delete' && failures.length === 0) throw new KtlError('no matching resources found');
    const met = (obj: never) => (cond.kind === 'condition' ? conditionMet(obj, cond.name, cond.value) : cond.kind === 'jsonpath' ? jsonPathMet(obj, cond) : false);
    for (const info of infos) {
      const onWhat = `${info.mapping.resource}/${info.name}`;
      try {
        let final = info.object;
        if (o.timeoutMs === 0) {
          // check once, from what was just read
          if (cond.kind === 'delete') throw new KtlError(`condition not met for ${onWhat}`);
          if (!met(info.object as never)) throw new KtlError(`condition not met for ${onWhat}`);
        } else {
          const collection = resourcePath(info.mapping, { namespace: info.namespace || undefined });
          try {
            await watchUntil(
              clients.rest,
              collection,
              info.name,
              (type, obj) => {
                final = obj;
                if (cond.kind === 'delete') return type === 'DELETED';
                return type !== 'DELETED' && met(obj as never);
              },
              { signal: limit.signal, onMissing: () => cond.kind === 'delete' },
            );
          } catch (err) {
            if (err instanceof WaitTimeoutError) throw new KtlError(`timed out waiting for the condition on ${onWhat}`);
            throw err;
          }
        }
        await write(o.ctx.io.out, await printer.print(info, final, 'condition met'));
      } catch (err) {
        failures.push(err);
      }
    }
    return finish(o.ctx.io, failures);
  } finally {
    limit.cancel();
    clients.close();
  }

  async function waitForCreate(opts: WaitOptions, c: typeof clients, signal?: AbortSignal): Promise<number> {
    const { checkArgShape } = await import('./rollout/args.js');
    checkArgShape(opts.target.args, { ...opts.target, binName: opts.ctx.binName });
    const pairs: Array<[string, string]> = opts.target.args.every((a) => a.includes('/'))
      ? opts.target.args.map((a) => [a.slice(0, a.indexOf('/')), a.slice(a.indexOf('/') + 1)])
      : opts.target.args.slice(1).map((n) => [opts.target.args[0]!, n]);
    for (const [type, name] of pairs) {
      const mapping = await c.resolve(type);
      const namespace = mapping.namespaced ? c.config.namespace : undefined;
      let found: unknown;
      await watchUntil(
        c.rest,
        resourcePath(mapping, { namespace }),
        name,
        (t, obj) => {
          found = obj;
          return t !== 'DELETED';
        },
        { signal },
      );
      await write(opts.ctx.io.out, await printer.print({ mapping, name }, found as never, 'condition met'));
    }
    return 0;
  }
}
