/** `config view`: the merged (or one) kubeconfig, redacted unless --raw/--flatten. */
import type { Command } from 'commander';
import { commandPath, type App } from '../kit.js';
import { write } from '../../context.js';
import { KtlError, UsageError, messageOf } from '../../errors.js';
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
  allowMissingKeys: boolean;
}

export default async function view(app: App, cmd: Command, args: string[]): Promise<number> {
  const flags = flagsOf<{ output: string }>(app, cmd);
  const o: ViewOptions = {
    app,
    cmd,
    merge: parseBoolFlag(flags.merge, args) ?? true,
    minify: parseBoolFlag(flags.minify, args) ?? false,
    flatten: parseBoolFlag(flags.flatten, args) ?? false,
    raw: parseBoolFlag(flags.raw, args) ?? false,
    allowMissingKeys: parseBoolFlag(flags.allowMissingTemplateKeys, args) ?? true,
    context: flags.context,
    output: flags.output || 'yaml',
  };
  parseBoolFlag(flags.showManagedFields, args);
  // kubectl's UsageErrorf here (no help text, unlike the other config commands)
  if (args.length) throw new UsageError(`unexpected arguments: ${goList(args)}`, commandPath(cmd));
  const printer = printerFor(o);
  if (!o.merge && !flags.kubeconfig) throw new KtlError('if merge==false a precise file must be specified');
  return run(o, printer);
}

type Printer = (obj: JsonValue) => Promise<string>;

function printerFor(o: ViewOptions): Printer {
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
      return async (obj) => {
        const { printJsonPath } = await import('../../printers/jsonpath.js');
        let template = arg;
        if (format === 'jsonpath-file') {
          const { readFile } = await import('node:fs/promises');
          const path = await import('node:path');
          template = await readFile(path.resolve(o.app.ctx.cwd, arg), 'utf8');
        }
        try {
          return printJsonPath(template, obj, { allowMissingKeys: o.allowMissingKeys, outputJson: format === 'jsonpath-as-json' });
        } catch (e) {
          throw new KtlError(messageOf(e).replace(/\n+$/, ''));
        }
      };
    case 'go-template':
    case 'go-template-file':
    case 'template':
    case 'templatefile':
      throw new KtlError(`--output ${format} is not supported by ${o.app.ctx.binName} config view yet`);
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
