/**
 * Printing the result of a write command (create, scale, rollout, set,
 * label, annotate, patch, replace): "<kind>.<group>/<name> <operation>[ (dry
 * run)]" by default, or the object through -o. Objects kubectl holds as Go
 * structs (client-built, or a typed client's answer) keep their field order
 * in JSON; the others (unstructured maps to kubectl) are sorted.
 */
import type { Command } from 'commander';
import { KtlError } from '../errors.js';
import { ALLOWED_FORMATS, PrintFlags, splitOutput, type PrintOptions } from '../flags/print.js';
import { createPrinter, printedName, qualifiedName, type ResourcePrinter } from '../printers/resource-printer.js';
import type { KubeObject } from '../resource/types.js';
import { dryRunSuffix, type DryRun } from './report.js';

const OBJECT_OUTPUT_HELP =
  'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).';

export function addObjectPrintFlags(cmd: Command): Command {
  return new PrintFlags({ outputHelp: OBJECT_OUTPUT_HELP }).addTo(cmd);
}

/** The formats of kubectl's object printers (genericclioptions.PrintFlags): get's list without the table ones. */
const OBJECT_FORMATS = ALLOWED_FORMATS.filter((f) => f !== 'wide' && !f.startsWith('custom-columns'));

export function objectPrintOptions(opts: Record<string, unknown>): PrintOptions {
  const output = typeof opts.output === 'string' ? opts.output : '';
  const { format } = splitOutput(output);
  if (format !== '' && !OBJECT_FORMATS.some((f) => f === format)) {
    throw new KtlError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${OBJECT_FORMATS.join(',')}`);
  }
  return new PrintFlags().toOptions(opts);
}

/** "deployment.apps/web" from the object's own kind and apiVersion. */
export const refOf = qualifiedName;

export class ObjectOutput {
  /** one printer per key order, so YAML separators count across objects */
  private readonly printers = new Map<boolean, Promise<ResourcePrinter>>();
  constructor(
    private readonly p: PrintOptions,
    private readonly cwd: string,
    private readonly dryRun: DryRun,
  ) {}

  /**
   * Text for one object. `structOrder`: kubectl holds this object as a Go
   * struct (built on the client, or a typed client's answer), so -o json
   * keeps the object's field order; otherwise it is a map and keys are sorted.
   */
  async render(obj: KubeObject, operation: string, structOrder: boolean): Promise<string> {
    if (this.p.format === '') return `${printedName(obj)} ${operation}${dryRunSuffix(this.dryRun)}\n`;
    const sortKeys = this.p.format !== 'json' || !structOrder;
    let printer = this.printers.get(sortKeys);
    if (!printer) {
      printer = createPrinter(this.p, { cwd: this.cwd, sortKeys });
      this.printers.set(sortKeys, printer);
    }
    let out = '';
    (await printer).print(obj, (s) => void (out += s));
    return out;
  }
}
