/**
 * PrintFlags: -o and its friends, with kubectl's names, defaults and errors.
 * `toOptions()` parses what Commander collected; `toPrinter()` (in
 * printers/resource-printer.ts) builds the printer for non-table formats.
 */
// type-only: the printers use loadTemplate (below), and the library (src/lib/)
// uses the printers without loading Commander
import type { Command } from 'commander';
import { readFile } from '../fs-async.js';
import path from 'node:path';
import { KtlError, messageOf, errnoCode } from '../errors.js';
import type { Opts } from './opts.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ labelColumns: string[]; output: string; sortBy: string; template: string }>;

export const ALLOWED_FORMATS = [
  'custom-columns',
  'custom-columns-file',
  'go-template',
  'go-template-file',
  'json',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'name',
  'template',
  'templatefile',
  'wide',
  'yaml',
] as const;

export type OutputFormat = '' | (typeof ALLOWED_FORMATS)[number];

/** '' or one of ALLOWED_FORMATS. */
export function isOutputFormat(s: string): s is OutputFormat {
  return s === '' || ALLOWED_FORMATS.some((f) => f === s);
}

export interface PrintOptions {
  /** -o as given */
  output: string;
  /** the format part of -o (before '='); '' for the default table */
  format: OutputFormat;
  /** the template/spec after '=' (or --template); file contents are loaded by loadTemplate() */
  template: string;
  noHeaders: boolean;
  showLabels: boolean;
  showKind: boolean;
  labelColumns: string[];
  sortBy: string;
  showManagedFields: boolean;
  allowMissingTemplateKeys: boolean;
}

const TEMPLATE_FORMATS = new Set<string>([
  'go-template',
  'go-template-file',
  'template',
  'templatefile',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
]);
const FILE_FORMATS = new Set<string>(['go-template-file', 'templatefile', 'jsonpath-file', 'custom-columns-file']);

const collectList = (v: string, prev: string[] = []) => [...prev, ...v.split(',')];

/**
 * -o as cli-runtime's printer families read it: json, yaml and name are
 * compared lowercased and whole (so `-o JSON` is json and `-o json=x` is no
 * format); the template and custom-columns families and wide match exactly,
 * the first two split at the first '='. A result outside ALLOWED_FORMATS
 * (wide=x, JSONPATH=...) is what no printer matched.
 */
export function splitOutput(output: string): { format: string; template: string } {
  const lower = output.toLowerCase();
  if (lower === 'json' || lower === 'yaml' || lower === 'name') return { format: lower, template: '' };
  const eq = output.indexOf('=');
  if (eq < 0) return { format: output, template: '' };
  const format = output.slice(0, eq);
  // only the template and custom-columns families take an argument after '='
  if (!TEMPLATE_FORMATS.has(format) && !format.startsWith('custom-columns')) return { format: output, template: '' };
  return { format, template: output.slice(eq + 1) };
}

/** Which optional flags a command shows. get uses them all; apply/create only the object ones. */
export interface PrintFlagSet {
  /** --no-headers, --show-labels, --show-kind, -L, --sort-by (get's human-readable flags) */
  table?: boolean;
  /** the -o help text's format list */
  outputHelp?: string;
}

export class PrintFlags {
  constructor(private readonly which: PrintFlagSet = {}) {}

  addTo(cmd: Command): Command {
    cmd
      .addOption(
        cmd.createOption(
          '--allow-missing-template-keys',
          'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.',
        ).default(undefined, 'true'), // kubectl's default (help shows it)
      )
      .addOption(cmd.createOption('--no-allow-missing-template-keys').hideHelp())
      .option(
        '-o, --output <format>',
        this.which.outputHelp ??
          'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].',
      )
      .option(
        '--show-managed-fields',
        'If true, keep the managedFields when printing objects in JSON or YAML format.',
      )
      .option(
        '--template <template>',
        'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].',
      );
    if (this.which.table) {
      cmd
        .option('-L, --label-columns <labels>', 'Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...', collectList)
        .option('--no-headers', "When using the default or custom-column output format, don't print headers (default print headers).")
        .option('--show-kind', 'If present, list the resource type for the requested object(s).')
        .option('--show-labels', "When printing, show all labels as the last column (default hide labels column)")
        .option(
          '--sort-by <jsonpath>',
          "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.",
        );
    }
    return cmd;
  }

  /** Parses and validates the flags (no file access). */
  toOptions(opts: Flags): PrintOptions {
    const output = opts.output ?? '';
    const templateFlag = opts.template;
    let { format, template } = splitOutput(output);
    if (format === '' && templateFlag !== undefined && templateFlag !== '') format = 'go-template';
    if (template === '' && templateFlag) template = templateFlag;
    if (!isOutputFormat(format)) {
      throw new KtlError(
        `unable to match a printer suitable for the output format "${output}", allowed formats are: ${ALLOWED_FORMATS.join(',')}`,
      );
    }
    if (TEMPLATE_FORMATS.has(format) && template === '') throw new KtlError('template format specified but no template given');
    if ((format === 'custom-columns' || format === 'custom-columns-file') && template === '') {
      throw new KtlError('custom-columns format specified but no custom columns given');
    }
    const o: PrintOptions = {
      output,
      format,
      template,
      noHeaders: opts.headers === false,
      showLabels: !!opts.showLabels,
      showKind: !!opts.showKind,
      labelColumns: (opts.labelColumns ?? []).flatMap((l) => l.split(',')).filter((l) => l !== ''),
      sortBy: opts.sortBy ?? '',
      showManagedFields: !!opts.showManagedFields,
      allowMissingTemplateKeys: parseBool(opts.allowMissingTemplateKeys, true),
    };
    if (o.showLabels && o.format !== '' && o.format !== 'wide') {
      throw new KtlError(`--show-labels option cannot be used with ${printerName(o.format)} printer`);
    }
    return o;
  }
}

function printerName(format: string): string {
  if (format.startsWith('jsonpath')) return 'jsonpath';
  if (format.startsWith('custom-columns')) return 'custom-columns';
  if (format.includes('template')) return 'go-template';
  return format;
}

function parseBool(v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  return v === true || /^(1|t|true)$/i.test(String(v));
}

/** True for the human-readable table formats ('' and wide). */
export function isTableFormat(format: OutputFormat): boolean {
  return format === '' || format === 'wide';
}

/** For the -file formats, reads the template file (kubectl's error text when it cannot). */
export async function loadTemplate(o: PrintOptions, cwd: string): Promise<string> {
  if (!FILE_FORMATS.has(o.format)) return o.template;
  try {
    return await readFile(path.resolve(cwd, o.template), 'utf8');
  } catch (e) {
    const code = errnoCode(e);
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : messageOf(e);
    const op = code === 'EISDIR' ? 'read' : 'open';
    if (o.format === 'custom-columns-file') {
      // kubectl opens the file and scans it: a folder opens, reads as nothing, and fails as an empty spec does
      if (code === 'EISDIR') return '';
      throw new KtlError(`error reading template ${o.template}, ${op} ${o.template}: ${why}`);
    }
    throw new KtlError(`error reading --template ${o.template}, ${op} ${o.template}: ${why}`);
  }
}
