/** `config view`: the merged (or one) kubeconfig, redacted unless --raw/--flatten. */
import type { Command } from 'commander';
import { commandPath, type App } from '../kit.js';
import { write } from '../../context.js';
import { KtlError, UsageError } from '../../errors.js';
import { isKubeObject } from '../../resource/types.js';
import { compactJson } from '../../codec/json.js';
import { encodeKubeconfig, marshalGoJson } from '../../config/codec.js';
import { marshalYaml } from '../../printers/yaml.js';
import type { JsonValue } from '../../config/codec.js';
import { loadKubeconfig, loadKubeconfigFile } from '../../config/loader.js';
import type { Kubeconfig, KubeconfigOrigins } from '../../config/types.js';
import { flattenKubeconfig, minifyKubeconfig, shortenKubeconfig } from '../../config/view.js';
import { flagsOf, goList, parseBoolFlag, pathsOf } from './flags.js';
import { splitOutput } from '../../flags/print.js';

const ALLOWED =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

interface ViewOptions {
  app: App;
  cmd: Command;
  merge: boolean;
  minify: boolean;
  flatten: boolean;
  raw: boolean;
  context?: string;
  output: string;
  /** --template */
  template?: string;
  allowMissingKeys: boolean;
}

export default async function view(app: App, cmd: Command, args: string[]): Promise<number> {
  const flags = flagsOf<{ output: string; template: string }>(app, cmd);
  const o: ViewOptions = {
    app,
    cmd,
    merge: parseBoolFlag(flags.merge, args) ?? true,
    minify: parseBoolFlag(flags.minify, args) ?? false,
    flatten: parseBoolFlag(flags.flatten, args) ?? false,
    raw: parseBoolFlag(flags.raw, args) ?? false,
    allowMissingKeys: parseBoolFlag(flags.allowMissingTemplateKeys, args) ?? true,
    context: flags.context,
    // --template without -o means go-template, as kubectl's print flags take it
    output: flags.output || (flags.template ? 'go-template' : 'yaml'),
    template: flags.template,
  };
  parseBoolFlag(flags.showManagedFields, args);
  // kubectl's UsageErrorf here (no help text, unlike the other config commands)
  if (args.length) throw new UsageError(`unexpected arguments: ${goList(args)}`, commandPath(cmd));
  const printer = await printerFor(o);
  if (!o.merge && !flags.kubeconfig) throw new KtlError('if merge==false a precise file must be specified');
  return run(o, printer);
}

type Printer = (obj: JsonValue) => Promise<string>;

async function printerFor(o: ViewOptions): Promise<Printer> {
  const { format, template: arg } = splitOutput(o.output);
  switch (format) {
    case 'yaml':
      return async (obj) => marshalYaml(obj);
    case 'json':
      return async (obj) => marshalGoJson(obj);
    case 'name':
      return async () => 'config/<unknown>\n';
    case 'jsonpath':
    case 'jsonpath-as-json':
    case 'jsonpath-file':
    case 'go-template':
    case 'go-template-file':
    case 'template':
    case 'templatefile': {
      // kubectl's template printers, as for any object: the template from -o or --template, files read relative to cwd
      const { PrintFlags } = await import('../../flags/print.js');
      const { createPrinter } = await import('../../printers/resource-printer.js');
      const options = new PrintFlags().toOptions({
        output: o.output,
        template: o.template,
        allowMissingTemplateKeys: String(o.allowMissingKeys),
      });
      const printer = await createPrinter(options, { cwd: o.app.ctx.cwd });
      return async (obj) => {
        let text = '';
        try {
          printer.print(isKubeObject(obj) ? obj : {}, (s) => (text += s));
        } catch (e) {
          // what the printer wrote before failing (a template's debugging dump) is kubectl's stdout too;
          // kubectl's raw data there is the Config struct, in its field order, not a map's sorted keys
          const sorted = `\traw data was:\n\t\t${compactJson(obj)}\n`;
          await write(o.app.ctx.io.out, text.replace(sorted, () => `\traw data was:\n\t\t${compactJson(obj, { sortKeys: false })}\n`));
          throw e;
        }
        return text;
      };
    }
    default:
      throw new KtlError(
        `unable to match a printer suitable for the output format ${JSON.stringify(o.output)}, allowed formats are: ${ALLOWED}`,
      );
  }
}

async function run(o: ViewOptions, print: Printer): Promise<number> {
  const paths = pathsOf(o.app, o.cmd);
  let config: Kubeconfig;
  let origins: KubeconfigOrigins;
  if (!o.merge) {
    const file = paths.explicitPath!;
    const cfg = await loadKubeconfigFile(file, paths.cwd);
    if (!cfg) throw new KtlError(`open ${file}: no such file or directory`);
    config = cfg;
    const all = (m: Map<string, unknown>) => new Map([...m.keys()].map((k) => [k, file]));
    origins = { clusters: all(cfg.clusters), users: all(cfg.users), contexts: all(cfg.contexts) };
  } else {
    ({ config, origins } = await loadKubeconfig(paths, { missingExplicitIsEmpty: true }));
  }
  if (o.minify) {
    if (o.context) config.currentContext = o.context;
    minifyKubeconfig(config);
  }
  if (o.flatten) await flattenKubeconfig(config, origins, o.app.ctx.cwd);
  else if (!o.raw) shortenKubeconfig(config);
  await write(o.app.ctx.io.out, await print(encodeKubeconfig(config)));
  return 0;
}
