/**
 * Many contexts at once (a ktl extension): runs one command line in every
 * chosen context concurrently, each as an ordinary single-context run with
 * its own streams, then merges what they printed (src/multi/merge.ts).
 * Output that keeps coming (get -w, events -w, logs -f) is merged as it
 * arrives; everything else is printed when all contexts are done, in
 * context order. Exit 1 when any context failed.
 */
import { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Context } from '../context.js';
import { readAll, write } from '../context.js';
import { KtlError, messageOf } from '../errors.js';
import { isKubeObject } from '../resource/types.js';
import { captureTables } from '../printers/table-capture.js';
import {
  contextErrors,
  contextItems,
  JsonDocuments,
  mergedList,
  mergeOutputs,
  StreamMerger,
  type ContextResult,
  type MergeOptions,
} from './merge.js';
import { boolFlag, contextArgs, outputOf, selectContexts, stringFlag, type MultiPlan } from './plan.js';

/** Runs one command line (already past kuberc) in a context and returns its exit code; src/cli.ts supplies it. */
export type RunLine = (args: string[], ctx: Context) => Promise<number>;

const OBJECT_FORMATS = new Set([
  'json',
  'yaml',
  'jsonpath',
  'jsonpath-file',
  'jsonpath-as-json',
  'go-template',
  'go-template-file',
  'template',
  'templatefile',
]);

/** A Writable that hands every chunk, as text, to fn. */
function textSink(fn: (s: string) => void): Writable {
  const decoder = new StringDecoder('utf8');
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _enc, cb) {
      fn(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      cb();
    },
  });
}

/** `-f -` (or --filename=-) somewhere on the line: stdin is read once and given to every context. */
function readsStdin(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return false;
    if ((a === '-f' || a === '--filename') && args[i + 1] === '-') return true;
    if (a === '-f=-' || a === '-f-' || a === '--filename=-') return true;
  }
  return false;
}

export async function runMultiContext(plan: MultiPlan, kind: 'read' | 'write', path: string, ctx: Context, runLine: RunLine): Promise<number> {
  if (kind === 'write' && plan.select.kind !== 'list' && !plan.yes) {
    const flag = plan.select.kind === 'all' ? '--all-contexts' : '--contexts';
    throw new KtlError(`${path} with ${flag} writes to every context it selects: add --yes to confirm, or name the contexts with --context A,B`);
  }
  let names: string[];
  if (plan.select.kind === 'list') {
    names = plan.select.names;
  } else {
    const { loadMergedKubeconfig } = await import('../config/index.js');
    const loaded = await loadMergedKubeconfig(ctx, stringFlag(plan.args, '--kubeconfig'));
    names = selectContexts(plan.select, [...loaded.config.contexts.keys()]);
  }
  const args = plan.args;
  const output = outputOf(args);
  const format = output.split('=')[0]!;
  const objects = OBJECT_FORMATS.has(format);
  const verb = path.split(' ')[0];
  const streaming =
    ((verb === 'get' || verb === 'events') && boolFlag(args, '-w', '--watch', '--watch-only')) ||
    (verb === 'logs' && boolFlag(args, '-f', '--follow'));
  const verbosity = Number(stringFlag(args, '-v') ?? stringFlag(args, '--v') ?? 0) || 0;
  const mo: MergeOptions = { names, noHeaders: boolFlag(args, '--no-headers'), nameFormat: format === 'name' };
  const stdin = readsStdin(args) ? await readAll(ctx.io.in) : undefined;

  // what goes to our stdout, in order
  let chain: Promise<void> = Promise.resolve();
  const emit = (s: string) => {
    if (s) chain = chain.then(() => write(ctx.io.out, s));
  };
  const emitErr = (s: string) => {
    if (s) chain = chain.then(() => write(ctx.io.errOut, s));
  };
  const printer = objects ? await objectPrinter(output, ctx) : undefined;
  const merger = streaming && !objects ? new StreamMerger(mo, emit) : undefined;

  const results = await Promise.all(
    names.map(async (name): Promise<ContextResult> => {
      const r: ContextResult = { name, out: '', err: '', code: 0 };
      const docs = streaming && objects ? new JsonDocuments() : undefined;
      const onOut = (s: string) => {
        if (merger) merger.push(name, s);
        else if (docs) for (const d of docs.push(s)) for (const item of contextItems(d, name)) emit(printer!(item));
        else r.out += s;
      };
      const sub: Context = {
        ...ctx,
        // a deep -f document is refused in each context's run: a worker would write past the capture
        rerunOnLargerStack: undefined,
        io: {
          in: Readable.from(stdin ? [stdin] : []),
          out: textSink(onOut),
          errOut: textSink((s) => (r.err += s)),
          isTTY: false,
          errIsTTY: false,
        },
      };
      try {
        r.code = await captureTables(() => runLine(contextArgs(args, name, objects), sub));
      } catch (e) {
        r.err += `error: ${messageOf(e)}\n`;
        r.code = 1;
      }
      if (merger) {
        merger.end(name);
        emitErr(contextErrors(name, r.err, r.code !== 0, verbosity));
      }
      if (docs) emitErr(contextErrors(name, r.err, r.code !== 0, verbosity));
      return r;
    }),
  );
  if (!streaming) {
    if (objects) {
      const items: unknown[] = [];
      for (const r of results) {
        const docs = new JsonDocuments();
        try {
          for (const d of docs.push(r.out)) items.push(...contextItems(d, r.name));
        } catch {
          r.err += 'error: the output is no JSON\n';
          r.code ||= 1;
        }
      }
      if (results.some((r) => r.code === 0) || items.length > 0) emit(printer!(mergedList(items)));
    } else {
      emit(mergeOutputs(results, mo));
    }
    for (const r of results) emitErr(contextErrors(r.name, r.err, r.code !== 0, verbosity));
  }
  await chain;
  return results.some((r) => r.code !== 0) ? 1 : 0;
}

/** The printer for -o json|yaml|jsonpath|template over merged documents (each call prints one). */
async function objectPrinter(output: string, ctx: Context): Promise<(doc: unknown) => string> {
  const format = output.split('=')[0]!;
  if (format === 'json') {
    const { printJson } = await import('../codec/json.js');
    return (doc) => printJson(doc);
  }
  if (format === 'yaml') {
    const { marshalYaml } = await import('../printers/yaml.js');
    let n = 0;
    return (doc) => (n++ > 0 ? '---\n' : '') + marshalYaml(doc);
  }
  const { createPrinter } = await import('../printers/resource-printer.js');
  const { isOutputFormat } = await import('../flags/print.js');
  if (!isOutputFormat(format)) throw new KtlError(`unable to match a printer suitable for the output format "${output}"`);
  const p = await createPrinter(
    {
      output,
      format,
      template: output.includes('=') ? output.slice(output.indexOf('=') + 1) : '',
      noHeaders: false,
      showLabels: false,
      showKind: false,
      labelColumns: [],
      sortBy: '',
      showManagedFields: true,
      allowMissingTemplateKeys: true,
    },
    { cwd: ctx.cwd },
  );
  return (doc) => {
    const parts: string[] = [];
    // a document is an object (a list, or one of its items); anything else prints nothing
    if (isKubeObject(doc)) p.print(doc, (s) => parts.push(s));
    return parts.join('');
  };
}
