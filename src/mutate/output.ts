/**
 * Printing the result of a write command (create, label, annotate, patch,
 * replace): "<kind>.<group>/<name> <operation>[ (dry run)]" by default, or
 * the object through -o. Client-built objects keep their field order in
 * JSON (kubectl prints Go structs); server objects are sorted.
 */
import type { Command } from 'commander';
import { KtlError } from '../errors.js';
import { PrintFlags, type PrintOptions } from '../flags/print.js';
import { printJson } from '../printers/json.js';
import { createPrinter, omitManagedFields } from '../printers/resource-printer.js';
import { marshalYaml } from '../printers/yaml.js';
import type { KubeObject } from '../resource/types.js';
import { dryRunSuffix, type DryRun } from './report.js';

const OBJECT_OUTPUT_HELP =
  'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).';

export function addObjectPrintFlags(cmd: Command): Command {
  return new PrintFlags({ outputHelp: OBJECT_OUTPUT_HELP }).addTo(cmd);
}

export function objectPrintOptions(opts: Record<string, unknown>): PrintOptions {
  const p = new PrintFlags().toOptions(opts);
  if (p.format === 'wide' || p.format === 'custom-columns' || p.format === 'custom-columns-file') {
    throw new KtlError(
      `unable to match a printer suitable for the output format "${p.output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`,
    );
  }
  return p;
}

/** "deployment.apps/web" from the object's own kind and apiVersion. */
export function refOf(obj: KubeObject): string {
  const apiVersion = obj.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${(obj.kind ?? '').toLowerCase()}${group ? `.${group}` : ''}/${obj.metadata?.name ?? ''}`;
}

export class ObjectOutput {
  private yamlCount = 0;
  constructor(
    private readonly p: PrintOptions,
    private readonly cwd: string,
    private readonly dryRun: DryRun,
  ) {}

  /** Text for one object; `clientBuilt` keeps insertion order for -o json. */
  async render(obj: KubeObject, operation: string, clientBuilt: boolean): Promise<string> {
    const f = this.p.format;
    if (f === '') return `${refOf(obj)} ${operation}${dryRunSuffix(this.dryRun)}\n`;
    if (f === 'name') return `${refOf(obj)}\n`;
    const shown = this.p.showManagedFields ? obj : omitManagedFields(obj);
    if (f === 'json') return printJson(shown, { sortKeys: !clientBuilt });
    if (f === 'yaml') return (this.yamlCount++ > 0 ? '---\n' : '') + marshalYaml(shown);
    const printer = await createPrinter(this.p, { cwd: this.cwd, operation });
    let out = '';
    printer.print(shown, (s) => void (out += s));
    return out;
  }
}
