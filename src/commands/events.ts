/**
 * `ktl events`: kubectl 1.33's events command (flags, checks, the --for
 * lookup); the listing and watching are in src/events/run.ts.
 */
import { Option, type Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import { ErrorList, KtlError, UnknownResourceError } from '../errors.js';
import { PrintFlags, splitOutput } from '../flags/print.js';
import { parseChunkSize } from './describe.js';
import type { Opts } from '../flags/opts.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ chunkSize: string; for: string; output: string; types: string[] }>;

const EXAMPLES = `  # List recent events in the default namespace
  ktl events

  # List recent events in all namespaces
  ktl events --all-namespaces

  # List recent events for the specified pod, then wait for more events and list them as they arrive
  ktl events --for pod/web-pod-13je7 --watch

  # List recent events in YAML format
  ktl events -oyaml

  # List recent only events of type 'Warning' or 'Normal'
  ktl events --types=Warning,Normal`;

const FORMATS = 'json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file';
const ALLOWED = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

const printFlags = new PrintFlags({
  outputHelp:
    'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
});

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',')];

export function registerEvents(program: Command, app: App): void {
  const bin = app.ctx.binName;
  const cmd = program
    .command('events')
    .description(
      'Display events.\n\n Prints a table of the most important information about events. You can request events for a namespace, for all namespace, or filtered to only those pertaining to a specified resource.',
    )
    .summary('List events')
    .usage(`[(-o|--output=)${FORMATS}] [--for TYPE/NAME] [--watch] [--types=Normal,Warning] [options]`)
    .argument('[args...]');
  cmd.option(
    '-A, --all-namespaces',
    'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
  );
  cmd.addOption(
    new Option('--chunk-size <n>', 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.').default(
      '500',
      '500',
    ),
  );
  cmd.option('--for <resource>', 'Filter events to only those pertaining to the specified resource.');
  cmd.option('--no-headers', "When using the default output format, don't print headers.");
  printFlags.addTo(cmd);
  cmd.addOption(new Option('--types <types>', 'Output only events of given types.').argParser(collect).default(undefined, '[]'));
  cmd.option('-w, --watch', 'After listing the requested events, watch for more events.');
  cmd.action(
    action(async (_args: string[], opts: Flags, c: Command) => {
      const chunkSize = parseChunkSize(opts.chunkSize);
      // events has kubectl's object printers only: anything else is refused with their list
      const output = opts.output ?? '';
      const { format } = splitOutput(output);
      if (format !== '' && !ALLOWED.split(',').includes(format)) {
        throw new KtlError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${ALLOWED}`);
      }
      const print = printFlags.toOptions(opts);
      const f = app.factory(c, { command: `${bin} events` });
      const { namespace } = await f.namespace();
      let forObject: { kind: string; apiVersion: string; name: string } | undefined;
      const forArg = opts.for ?? '';
      if (forArg !== '') {
        if (!forArg.includes('/')) throw new KtlError('--for must be in resource/name form');
        const seg = forArg.split('/');
        if (seg.length !== 2) throw new KtlError('arguments in resource/name form may not have more than one slash');
        // the RESTMapper's refusal of an empty resource (GroupVersionResource's String())
        if (seg[0] === '') throw new KtlError('a resource must be present, got: /, Resource=');
        const clients = await f.clients();
        let m;
        try {
          m = await clients.resolve(seg[0]!.toLowerCase());
        } catch (err) {
          // kubectl reports the unknown type without its "error: " prefix here
          // and names the group it looked in (RESOURCE.GROUP, the part after the first dot)
          if (err instanceof UnknownResourceError) {
            const type = seg[0]!.toLowerCase();
            const dot = type.indexOf('.');
            const named = dot < 0 ? err : new UnknownResourceError(type.slice(0, dot), type.slice(dot + 1) || undefined);
            throw new ErrorList([new KtlError(named.message)], 'bare');
          }
          throw err;
        }
        // TYPE/ with no name: kubectl filters nothing (every event of the namespace)
        if (seg[1] !== '') forObject = { kind: m.kind, apiVersion: m.group ? `${m.group}/${m.version}` : m.version, name: seg[1]! };
      }
      const types = [...new Set(opts.types ?? [])].sort();
      for (const t of types) {
        if (t.toLowerCase() !== 'normal' && t.toLowerCase() !== 'warning') throw new KtlError('valid --types are Normal or Warning');
      }
      const printer = print.format ? await f.printer(print, { sortKeys: false }) : undefined;
      const { runEvents } = await import('../events/run.js');
      return runEvents({
        ctx: app.ctx,
        clients: await f.clients(),
        namespace,
        allNamespaces: !!opts.allNamespaces,
        watch: !!opts.watch,
        noHeaders: opts.headers === false,
        types,
        forObject,
        chunkSize,
        printer,
        outputFormat: print.format,
      });
    }),
  );
  withExamples(cmd, EXAMPLES);
}
