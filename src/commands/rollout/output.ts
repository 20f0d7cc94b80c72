/**
 * The -o choices the workload commands offer (name, json, yaml) and
 * kubectl's "<kind>.<group>/<name> <operation>" success line.
 */
import { KtlError } from '../../errors.js';
import type { KubeObject } from '../../client/rest.js';
import { kindName, type ResourceInfo } from './args.js';

export type DryRun = 'none' | 'client' | 'server';

const ALLOWED = 'json,jsonpath,jsonpath-as-json,jsonpath-file,name,go-template,go-template-file,template,templatefile,yaml';

export function parseOutput(o: string | undefined): '' | 'name' | 'json' | 'yaml' {
  const v = o ?? '';
  if (v === '' || v === 'name' || v === 'json' || v === 'yaml') return v;
  throw new KtlError(`unable to match a printer suitable for the output format "${v}", allowed formats are: ${ALLOWED}`);
}

export function parseDryRun(v: unknown): DryRun {
  if (v === undefined || v === false) return 'none';
  if (v === true || v === '' ) return 'client';
  const s = String(v);
  if (s === 'none' || s === 'client' || s === 'server') return s;
  throw new KtlError(`Invalid dry-run value (${s}). Must be "none", "server", or "client".`);
}

export const dryRunSuffix = (d: DryRun) => (d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '');

/** Prints objects the way kubectl's printers do, keeping count for YAML separators. */
export class ObjectPrinter {
  private count = 0;
  constructor(
    private readonly output: '' | 'name' | 'json' | 'yaml',
    private readonly showManagedFields = false,
  ) {}

  async print(info: Pick<ResourceInfo, 'mapping' | 'name'>, obj: KubeObject | undefined, operation: string): Promise<string> {
    this.count++;
    if (obj?.metadata && 'managedFields' in obj.metadata && !this.showManagedFields) {
      // kubectl hides managedFields in json/yaml unless --show-managed-fields
      obj = { ...obj, metadata: { ...obj.metadata } };
      delete obj.metadata!.managedFields;
    }
    if (this.output === 'name') return `${kindName(info)}\n`;
    if (this.output === 'json') {
      const { printJson } = await import('../../printers/json.js');
      return printJson(obj ?? {});
    }
    if (this.output === 'yaml') {
      const { marshalYaml } = await import('../../printers/yaml.js');
      return (this.count > 1 ? '---\n' : '') + marshalYaml(obj ?? {});
    }
    return `${kindName(info)} ${operation}\n`;
  }
}
