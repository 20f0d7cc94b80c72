import { Option, type Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { ApiError, failIfAny, KtlError } from '../errors.js';
import type { Factory } from '../factory.js';
import type { WaitFor } from '../wait/conditions.js';
import type { KubeObject } from '../resource/types.js';
import type { ResourceMapping } from '../client/mapper.js';
import { FilenameFlags } from '../flags/filename.js';
import { SelectorFlags } from '../flags/selector.js';
import type { PrintOptions } from '../flags/print.js';
import { parseDurationFlag } from '../mutate/flags.js';
import { addObjectPrintFlags, objectPrintOptions } from '../mutate/output.js';
import { targetFlags, type TargetFlags } from './rollout/session.js';
import type { Opts } from '../flags/opts.js';
import { helpDefaults, helpTexts } from '../flags/global.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ for: string }>;

export interface WaitOptions {
  ctx: Context;
  factory: Factory;
  target: TargetFlags;
  forSpec: string;
  timeoutMs: number;
  print: PrintOptions;
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

  # Wait for the secret "busybox1" to be created, with a timeout of 30s
  ktl create secret generic busybox1
  ktl wait --for=create secret/busybox1 --timeout=30s

  # Wait for the pod "busybox1" to be deleted, with a timeout of 60s, after having issued the "delete" command
  ktl delete pod/busybox1
  ktl wait --for=delete pod/busybox1 --timeout=60s`;

export function registerWait(program: Command, app: App): void {
  const cmd = program
    .command('wait')
    .description(`Experimental: Wait for a specific condition on one or many resources.

 The command takes multiple resources and waits until the specified condition is seen in the Status field of every given resource.

 Alternatively, the command can wait for the given set of resources to be created or deleted by providing the "create" or "delete" keyword as the value to the --for flag.

 A successful message will be printed to stdout indicating when the specified condition has been met. You can use -o option to change to output destination.`)
    .summary('Experimental: Wait for a specific condition on one or many resources')
    .usage('([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath=\'{}\'[=value]]')
    .argument('[args...]')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('--for <condition>', 'The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath=\'{JSONPath expression}\'=[JSONPath value]]. The default condition-value is true. Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity.')
    .option('--local', 'If true, annotation will NOT contact api-server but run locally.')
    .option('--timeout <duration>', 'The length of time to wait before giving up. Zero means check once and don\'t wait, negative means wait for a week.');
  new SelectorFlags({ allNamespaces: true, fieldSelector: true }).addTo(cmd);
  // kubectl wait takes no -k
  new FilenameFlags('identifying the resource to wait on', false).addTo(cmd);
  // kubectl's wait reads directories recursively unless -R=false (which arrives as --no-recursive)
  cmd.addOption(new Option('--no-recursive').hideHelp());
  new SelectorFlags({ selector: true }).addTo(cmd);
  addObjectPrintFlags(cmd);
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const timeout = parseDurationFlag(opts.timeout, '--timeout', 30_000);
      return run({
        ctx: app.ctx,
        factory: app.factory(c),
        target: { ...targetFlags(args, opts), recursive: opts.recursive !== false },
        forSpec: opts.for ?? '',
        timeoutMs: timeout < 0 ? ONE_WEEK_MS : timeout,
        print: objectPrintOptions(opts),
      });
    }),
  );
  withExamples(cmd, EXAMPLES);
  helpTexts(cmd, {
    '--filename': 'identifying the resource.',
    '--selector': "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2)",
  });
  helpDefaults(cmd, { '--recursive': 'true', '--timeout': '30s' });
}

async function run(o: WaitOptions): Promise<number> {
  const { parseWaitFor, conditionMet, jsonPathMet } = await import('../wait/conditions.js');
  const cond = parseWaitFor(o.forSpec);
  const { resourcePath } = await import('../client/index.js');
  const { resolveTarget } = await import('./rollout/session.js');
  const { ObjectOutput } = await import('../mutate/output.js');
  const { watchUntil, deadline, WaitTimeoutError } = await import('../wait/watch-until.js');
  const clients = await o.factory.clients();
  const limit = deadline(o.timeoutMs);
  const printer = new ObjectOutput(o.print, o.ctx.cwd, 'none');
  const failures: unknown[] = [];
  try {
    if (cond.kind === 'create') return await waitForCreate(o, clients, limit.signal);
    const { infos, errors } = await resolveTarget(o.factory, o.target, { allowEmptySelector: false });
    const notFound = (e: unknown) => e instanceof ApiError && e.statusCode === 404;
    failures.push(...(cond.kind === 'delete' ? errors.filter((e) => !notFound(e)) : errors));
    if (infos.length === 0 && cond.kind !== 'delete' && failures.length === 0) throw new KtlError('no matching resources found');
    const met = (obj: KubeObject) => (cond.kind === 'condition' ? conditionMet(obj, cond.name, cond.value) : cond.kind === 'jsonpath' ? jsonPathMet(obj, cond) : false);
    for (const info of infos) {
      const onWhat = `${info.mapping.resource}/${info.name}`;
      try {
        let final = info.object;
        if (o.timeoutMs === 0) {
          // check once, from what was just read
          if (cond.kind === 'delete') throw new KtlError(`condition not met for ${onWhat}`);
          if (!met(info.object!)) throw new KtlError(`condition not met for ${onWhat}`);
        } else {
          const collection = resourcePath(info.mapping, { namespace: info.namespace || undefined });
          // kubectl runs its watch for a condition, a jsonpath or a delete inside its interrupt handler:
          // a signal while watching ends the command with exit status 1
          const unregister = o.ctx.exitOnTermination(() => undefined);
          try {
            await watchUntil(
              clients.rest,
              collection,
              info.name,
              (type, obj) => {
                final = obj;
                if (cond.kind === 'delete') return type === 'DELETED';
                return type !== 'DELETED' && met(obj);
              },
              { signal: limit.signal, onMissing: () => cond.kind === 'delete' },
            );
          } catch (err) {
            if (err instanceof WaitTimeoutError) throw new KtlError(`timed out waiting for the condition on ${onWhat}`);
            throw err;
          } finally {
            unregister();
          }
        }
        await write(o.ctx.io.out, await printer.render(typed(info.mapping, final), 'condition met', false));
      } catch (err) {
        failures.push(err);
      }
    }
    failIfAny(failures, 'bare');
    return 0;
  } finally {
    limit.cancel();
    o.factory.close();
  }

  async function waitForCreate(opts: WaitOptions, c: typeof clients, signal?: AbortSignal): Promise<number> {
    // the objects may not exist yet: resolve the names without reading them
    const { resolveResources, MISSING_RESOURCE_MESSAGE } = await import('../resource/args.js');
    const { infos } = await resolveResources(c, opts.target.args, {
      ...opts.target,
      namespace: c.config.namespace,
      allowEmptySelector: false,
      noResourcesMessage: MISSING_RESOURCE_MESSAGE,
      ctx: opts.ctx,
    });
    for (const { mapping, name, namespace: ns } of infos.filter((i) => i.name !== '')) {
      const namespace = ns || undefined;
      let found: KubeObject | undefined;
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
      await write(opts.ctx.io.out, await printer.render(typed(mapping, found), 'condition met', false));
    }
    // a type with -l / --field-selector / --all: wait until it matches something, then name what it matched
    const { abortableSleep } = await import('../wait/watch-until.js');
    for (const { mapping, namespace: ns } of infos.filter((i) => i.name === '')) {
      const query: Record<string, string> = {};
      if (opts.target.selector) query.labelSelector = opts.target.selector;
      if (opts.target.fieldSelector) query.fieldSelector = opts.target.fieldSelector;
      const path = resourcePath(mapping, { namespace: opts.target.allNamespaces ? undefined : ns || undefined });
      for (;;) {
        const items = (await c.rest.list<KubeObject>(path, { query })).items;
        if (items.length) {
          for (const item of items) await write(opts.ctx.io.out, await printer.render(typed(mapping, item), 'condition met', false));
          break;
        }
        if (signal?.aborted || opts.timeoutMs === 0) throw new WaitTimeoutError();
        await abortableSleep(1000, signal);
        if (signal?.aborted) throw new WaitTimeoutError();
      }
    }
    return 0;
  }
}

/** Watched objects can arrive without their type; the printers name objects by it. */
function typed(m: ResourceMapping, obj: KubeObject | undefined): KubeObject {
  return { apiVersion: m.group ? `${m.group}/${m.version}` : m.version, kind: m.kind, ...obj };
}
